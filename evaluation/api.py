"""API of evaluations (issue 12, point 7): evaluations with their team, lifecycle steps,
report files and history of changes; ratings, lessons learned and emerging good practices
(searched: full-text on PostgreSQL); recommendations, management responses and follow-up
actions; the coverage rules and flags; and the figures the worker computed (current
snapshot: implementation of recommendations, average ratings, coverage by region and year).

Reads see what :data:`core.policy.READ_EVALUATION` lets the caller read (field staff their
countries' evaluations, specialists those touching their constituent group, managers all):
anything else is a 404. Writes go through :mod:`evaluation.services`, which decide who may
(``evaluation.manage``, ``evaluation.approve``, ``recommendation.respond``,
``follow_up_action.update``: a 403 with the reason) and apply every rule (a 400 with the
message under the field it concerns, nothing written). The computed figures are read only,
for those who monitor evaluations (``evaluation.monitor``), and say the date they are
computed as of (docs/evaluation.md)."""
from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import parsers, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from core import policy
from core.api import ServiceWrites, registrar, route, split_reason
from core.filters import IdFilter

from . import selectors
from .filters import ActionFilter, EvaluationFilter, LearningFilter, RecommendationFilter
from .models import (
    CoverageFigure,
    CoverageFlag,
    CoverageRule,
    CoverageStatus,
    Criterion,
    Evaluation,
    EvaluationStatus,
    EvaluationStatusChange,
    Evaluator,
    FollowUpAction,
    GoodPractice,
    ImplementationFigure,
    Lesson,
    ManagementResponse,
    Rating,
    RatingAverage,
    Recommendation,
    ResponseDecision,
)
from .models.computed import Dimension
from .serializers import (
    ActionStepSerializer,
    CoverageFigureSerializer,
    CoverageFlagSerializer,
    CoverageRuleSerializer,
    EvaluationFilesSerializer,
    EvaluationSerializer,
    EvaluationStatusChangeSerializer,
    EvaluationStepSerializer,
    EvaluatorSerializer,
    FollowUpActionSerializer,
    GoodPracticeSerializer,
    HistoryEntrySerializer,
    ImplementationFigureSerializer,
    LessonSerializer,
    ManagementResponseSerializer,
    MapCountrySerializer,
    NextStepSerializer,
    RatingAverageSerializer,
    RatingSerializer,
    RecommendationSerializer,
)
from .services import evaluations as evaluation_services
from .services import findings as finding_services
from .services import follow_up as follow_up_services
from .services.computed import with_implementation

NO_PUT = ["get", "post", "patch", "delete", "head", "options"]


def _caller(request: Request) -> Any:
    """The signed-in user making the request (:class:`SignedIn` let only them through)."""
    return request.user


def _instance(serializer: BaseSerializer[Any]) -> Any:
    return serializer.instance


class SignedIn(permissions.BasePermission):
    """Signed-in, active users; what each may write is the services' to decide (by
    capability), what each may read the querysets'."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated
                    and request.user.is_active)


class MonitorsEvaluations(SignedIn):
    """The computed figures: for those holding ``evaluation.monitor``."""

    message = gettext_lazy("Only managers and administrators see the evaluation figures.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return (super().has_permission(request, view)
                and policy.MONITOR_EVALUATIONS.allows(request.user))


# A viewset of evaluation records: the caller's readable rows (READ_EVALUATION, queryset
# form), written through the services (core.api.ServiceWrites), the written row shown as the
# list reads it. No docstring: drf-spectacular would show it on every viewset without one.
class _EvaluationRecords(ServiceWrites, viewsets.ModelViewSet):  # type: ignore[type-arg]
    permission_classes = [SignedIn]
    http_method_names = NO_PUT
    service_module = finding_services
    reason_on_delete = True

    queryset: QuerySet[Any]

    def get_base_queryset(self) -> QuerySet[Any]:
        return self.queryset.all()

    def get_queryset(self) -> QuerySet[Any]:
        return policy.READ_EVALUATION.filter(_caller(self.request), self.get_base_queryset())

    def saved(self, obj: Any) -> Any:
        return self.get_base_queryset().get(pk=obj.pk)


_REASON_QUERY = "Deleting: `?reason=` says why (required once the evaluation is published)."


# --- evaluations ------------------------------------------------------------------------------

def _evaluation_queryset(user: Any) -> QuerySet[Evaluation]:
    return (selectors.evaluation_list(user=user)
            .prefetch_related("countries", "regions", "pb_outcomes", "cpos", "sdg_targets",
                              "evaluators")
            .order_by("-planned_end", "title", "pk"))


@route("evaluations", "evaluation")
class EvaluationViewSet(_EvaluationRecords):
    """Evaluations of DWCPs, projects, CPOs, capacity development interventions and themes,
    with their counts of ratings, lessons, good practices and recommendations. The status
    moves only through `transition` (planned → in progress → report submitted → approved →
    published; or cancelled with a reason, and reinstated); `next-steps` says which steps the
    caller may take; `files` uploads the report and its summary; `history` lists every change
    of the evaluation and of what it found and recommended. Filters: `country`, `region`
    (managing or covered), `type`, `timing`, `subject`, `status`, `theme`, `year` (of
    completion)."""

    queryset = Evaluation.objects.all()
    serializer_class = EvaluationSerializer
    filterset_class = EvaluationFilter
    search_fields = ["title", "theme_title"]
    service_module = evaluation_services
    entity = "evaluation"

    def get_queryset(self) -> QuerySet[Any]:
        return _evaluation_queryset(_caller(self.request))

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        data, reason = split_reason(serializer)
        evaluation = evaluation_services.evaluation_create(user=_caller(self.request), data=data,
                                                           reason=reason)
        serializer.instance = self.saved(evaluation)

    def saved(self, obj: Any) -> Any:
        return self.get_queryset().get(pk=obj.pk)

    def _evaluation(self, pk: Any) -> Evaluation:
        return get_object_or_404(policy.READ_EVALUATION.filter(
            _caller(self.request), Evaluation.objects.all()), pk=pk)

    @extend_schema(request=EvaluationStepSerializer,
                   responses={201: EvaluationStatusChangeSerializer},
                   summary="Move an evaluation to another status")
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: Any = None) -> Response:
        """A step out of order is refused saying what the next steps are; a step someone
        else takes saying who (400)."""
        evaluation = self._evaluation(pk)
        serializer = EvaluationStepSerializer(data=request.data,
            context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        change = evaluation_services.evaluation_transition(
            user=_caller(request), evaluation=evaluation, **serializer.validated_data)
        return Response(EvaluationStatusChangeSerializer(change).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(responses=EvaluationStatusChangeSerializer(many=True),
                   summary="The dated status changes of an evaluation, oldest first")
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def transitions(self, request: Request, pk: Any = None) -> Response:
        evaluation = self._evaluation(pk)
        steps = evaluation.status_changes.select_related("changed_by")
        return Response(EvaluationStatusChangeSerializer(steps, many=True).data)

    @extend_schema(responses=NextStepSerializer(many=True),
                   summary="The steps the caller may take from the evaluation's status now")
    @action(detail=True, methods=["get"], url_path="next-steps", filter_backends=[],
            pagination_class=None)
    def next_steps(self, request: Request, pk: Any = None) -> Response:
        evaluation = self._evaluation(pk)
        steps = evaluation_services.evaluation_next_steps(evaluation=evaluation,
                                                          user=_caller(request))
        return Response(NextStepSerializer(
            [{"to_status": t.to_status, "step": str(t.label), "note_required": t.note_required}
             for t in steps], many=True).data)

    @extend_schema(request={"multipart/form-data": EvaluationFilesSerializer},
                   responses=EvaluationSerializer,
                   summary="Upload the report and / or its summary (PDF or DOCX)")
    @action(detail=True, methods=["post"],
            parser_classes=[parsers.MultiPartParser, parsers.FormParser])
    def files(self, request: Request, pk: Any = None) -> Response:
        """Checked by their content (a PDF, or a Word document), not empty, at most 20 MB;
        not once the evaluation is published or cancelled."""
        evaluation = self._evaluation(pk)
        serializer = EvaluationFilesSerializer(data=request.data,
            context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data, reason = split_reason(serializer)
        evaluation_services.evaluation_attach_files(user=_caller(request), evaluation=evaluation,
                                                    reason=reason, **data)
        return Response(EvaluationSerializer(self.saved(evaluation),
                                             context=self.get_serializer_context()).data)

    @extend_schema(responses=MapCountrySerializer(many=True),
                   summary="Evaluations by country covered (the map's data)")
    @action(detail=False, methods=["get"], url_path="map", pagination_class=None)
    def map(self, request: Request) -> Response:
        """Per country covered by the evaluations the caller may read (with the list's
        filters): its ISO3 and numeric codes, name and number of evaluations, counted in
        SQL."""
        rows = selectors.evaluation_map(user=_caller(request), filters=request.query_params)
        return Response(MapCountrySerializer(rows, many=True).data)

    @extend_schema(responses=HistoryEntrySerializer(many=True),
                   summary="Every change of the evaluation and of the records under it, "
                           "newest first")
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request: Request, pk: Any = None) -> Response:
        """Who changed what, when and why: the evaluation, its team, ratings, lessons, good
        practices, recommendations, management responses and follow-up actions (deleted ones
        included). Paginated like the lists."""
        evaluation = self._evaluation(pk)
        entries = evaluation_history(evaluation)
        page = self.paginate_queryset(entries)  # type: ignore[arg-type]
        if page is not None:
            return self.get_paginated_response(HistoryEntrySerializer(page, many=True).data)
        return Response(HistoryEntrySerializer(entries, many=True).data)


def _fmt(value: object) -> str:
    return "—" if value is None or value == "" else str(value)


def _entries(model: type[Any], records: QuerySet[Any]) -> list[dict[str, Any]]:
    """The history records of one model, each with its differences from the record before
    it of the same object (one query: the records in object order)."""
    labels = {f.name: str(f.verbose_name) for f in model._meta.fields}
    kinds = {"+": "created", "~": "changed", "-": "deleted"}
    name = str(model._meta.verbose_name)
    rows: list[dict[str, Any]] = []
    previous: Any = None
    for record in records.select_related("history_user").order_by("id", "history_date",
                                                                   "history_id"):
        changes = []
        if record.history_type == "~" and previous is not None and previous.id == record.id:
            changes = [{"field": labels.get(c.field, c.field), "old": _fmt(c.old),
                        "new": _fmt(c.new)}
                       for c in record.diff_against(previous).changes
                       if c.field != "updated_at"]
        previous = record
        user = record.history_user
        rows.append({"record": name, "object_id": record.id, "object": str(record.instance),
                     "kind": kinds.get(record.history_type, record.history_type),
                     "at": record.history_date, "user": user.username if user else None,
                     "reason": record.history_change_reason, "changes": changes})
    return rows


def evaluation_history(evaluation: Evaluation) -> list[dict[str, Any]]:
    """The changes of ``evaluation`` and of every record under it, newest first: one query
    per kind of record, whatever their number."""
    pk = evaluation.pk
    recommendations = (Recommendation.history.filter(evaluation_id=pk)
                       .values("id").distinct())
    rows = _entries(Evaluation, Evaluation.history.filter(id=pk))
    under_evaluation: tuple[Any, ...] = (Evaluator, Rating, Lesson, GoodPractice,
                                         Recommendation)
    for model in under_evaluation:
        rows += _entries(model, model.history.filter(evaluation_id=pk))
    under_recommendation: tuple[Any, ...] = (ManagementResponse, FollowUpAction)
    for model in under_recommendation:
        rows += _entries(model, model.history.filter(recommendation_id__in=recommendations))
    rows.sort(key=lambda row: row["at"], reverse=True)
    return rows


@route("evaluation-status-changes", "evaluation-status-change")
class EvaluationStatusChangeViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """The dated status changes of the evaluations the caller may read (who, when, why).
    Filters: `evaluation`, `to_status`."""

    queryset = EvaluationStatusChange.objects.all()
    serializer_class = EvaluationStatusChangeSerializer
    permission_classes = [SignedIn]
    filterset_fields = ["evaluation", "to_status"]

    def get_queryset(self) -> QuerySet[Any]:
        return policy.READ_EVALUATION.filter(
            _caller(self.request), EvaluationStatusChange.objects.select_related("changed_by")
        ).order_by("-changed_at", "-pk")


@route("evaluation-evaluators", "evaluation-evaluator")
class EvaluatorViewSet(_EvaluationRecords):
    """The members of evaluation teams (internal or external, organization, team leader),
    recorded by whoever manages the evaluation. Filters: `evaluation`, `kind`. """

    queryset = Evaluator.objects.order_by("evaluation", "-team_leader", "name", "pk")
    serializer_class = EvaluatorSerializer
    filterset_fields = ["evaluation", "kind"]
    service_module = evaluation_services
    entity = "evaluator"

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        data, reason = split_reason(serializer)
        serializer.instance = self.saved(evaluation_services.evaluator_add(
            user=_caller(self.request), reason=reason, **data))

    def perform_destroy(self, instance: Any) -> None:
        evaluation_services.evaluator_remove(user=_caller(self.request), evaluator=instance,
                                             reason=self.request.query_params.get("reason", ""))


# --- findings ---------------------------------------------------------------------------------

class RatingFilter(django_filters.FilterSet):
    class Meta:
        model = Rating
        fields = ["evaluation", "criterion", "score"]


@route("evaluation-ratings", "evaluation-rating")
class RatingViewSet(_EvaluationRecords):
    """Ratings on the OECD DAC criteria and the ILO's cross-cutting concerns, on the
    six-point scale (1 highly unsatisfactory … 6 highly satisfactory), each with its
    justification; one per criterion (recording a rated criterion again changes it). Once
    the evaluation has started and not once cancelled; once published, with a `reason`.
    Filters: `evaluation`, `criterion`, `score`."""

    queryset = Rating.objects.order_by("evaluation", "criterion", "pk")
    serializer_class = RatingSerializer
    filterset_class = RatingFilter
    entity = "rating"

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        data, reason = split_reason(serializer)
        serializer.instance = self.saved(finding_services.rating_set(
            user=_caller(self.request), evaluation=data["evaluation"],
            criterion=data["criterion"], score=data["score"],
            justification=data["justification"], reason=reason))

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        data, reason = split_reason(serializer)
        rating: Any = serializer.instance
        serializer.instance = self.saved(finding_services.rating_set(
            user=_caller(self.request), evaluation=rating.evaluation, criterion=rating.criterion,
            score=data.get("score", rating.score),
            justification=data.get("justification", rating.justification), reason=reason))


class LessonApiFilter(LearningFilter):
    q = django_filters.CharFilter(
        method="search", label="Search: words, \"phrases\", `or`, `-word` (full-text search, "
                               "ranked, on PostgreSQL)")
    evaluation = IdFilter(field_name="evaluation_id", label="Evaluation id")

    class Meta(LearningFilter.Meta):
        model = Lesson
        fields = ["q", "evaluation", *LearningFilter.Meta.fields]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset  # the viewset searches (selectors.learning_search)


class GoodPracticeApiFilter(LessonApiFilter):
    class Meta(LessonApiFilter.Meta):
        model = GoodPractice  # type: ignore[assignment]


class _Learning(_EvaluationRecords):
    model: type[Lesson] | type[GoodPractice]

    def get_base_queryset(self) -> QuerySet[Any]:
        return self.model.objects.select_related("evaluation", "country", "region",
                                                 "pb_outcome").order_by("evaluation", "pk")

    def get_queryset(self) -> QuerySet[Any]:
        if self.action == "list":
            return selectors.learning_search(user=_caller(self.request), model=self.model,
                                             query=self.request.query_params.get("q", ""))
        return super().get_queryset()

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        data, reason = split_reason(serializer)
        evaluation = data.pop("evaluation")
        serializer.instance = self.saved(self.service("create")(
            user=_caller(self.request), evaluation=evaluation, data=data, reason=reason))


@route("evaluation-lessons", "evaluation-lesson")
class LessonViewSet(_Learning):
    """Lessons learned, across every evaluation the caller may read (cancelled ones left
    out of the list). `q` searches them: on PostgreSQL by full-text search (stemmed words,
    "phrases", `or`, `-word`), ranked (`rank`), with `snippet`, the matched words in context;
    elsewhere a plain search. Recorded by whoever manages the evaluation, once it has
    started. Filters: `q`, `evaluation`, `theme`, `constituent_group`, `capacity_level`,
    `country`, `region`, `type` (of the evaluation), `year` (of its completion)."""

    queryset = Lesson.objects.all()
    model = Lesson
    serializer_class = LessonSerializer
    filterset_class = LessonApiFilter
    entity = "lesson"


@route("evaluation-good-practices", "evaluation-good-practice")
class GoodPracticeViewSet(_Learning):
    """Emerging good practices, with their potential for replication; searched and
    filtered as the lessons (`q`, `evaluation`, `theme`, `constituent_group`,
    `capacity_level`, `country`, `region`, `type`, `year`)."""

    queryset = GoodPractice.objects.all()
    model = GoodPractice
    serializer_class = GoodPracticeSerializer
    filterset_class = GoodPracticeApiFilter
    entity = "good_practice"
    instance_kw = "practice"


# --- recommendations and follow-up ------------------------------------------------------------

class RecommendationApiFilter(RecommendationFilter):
    evaluation = IdFilter(field_name="evaluation_id", label="Evaluation id")
    to_respond = django_filters.BooleanFilter(
        method="filter_to_respond",
        label="Only those addressed to the caller still without a submitted response")

    class Meta(RecommendationFilter.Meta):
        fields = ["evaluation", *RecommendationFilter.Meta.fields, "to_respond"]

    def filter_to_respond(self, queryset: QuerySet[Any], name: str, value: Any
                          ) -> QuerySet[Any]:
        if not value:
            return queryset
        mine = selectors.recommendations_to_respond(user=_caller(self.request))
        return queryset.filter(pk__in=mine.values("pk"))


@route("evaluation-recommendations", "evaluation-recommendation")
class RecommendationViewSet(_EvaluationRecords):
    """Recommendations with their addressee, priority, resource implication, management
    response, follow-up actions, `implementation` (completed, partially, not implemented)
    and count of overdue actions. Recorded by whoever manages the evaluation; one with a
    submitted response cannot be deleted. Filters: `evaluation`, `country`, `region`, `unit`
    (addressee), `priority`, `response` (decision), `type`, `year`, `to_respond`."""

    queryset = Recommendation.objects.all()
    serializer_class = RecommendationSerializer
    filterset_class = RecommendationApiFilter
    service_module = follow_up_services
    entity = "recommendation"

    def get_queryset(self) -> QuerySet[Any]:
        if self.action == "list":
            return selectors.recommendation_list(user=_caller(self.request)).prefetch_related(
                "addressee_constituents").select_related("response__submitted_by")
        return super().get_queryset()

    def get_base_queryset(self) -> QuerySet[Any]:
        return with_implementation(
            Recommendation.objects.select_related("evaluation", "response__submitted_by")
            .prefetch_related("addressee_constituents",
                              Prefetch("actions", queryset=selectors.actions_with_owner()))
        ).order_by("evaluation", "number")

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        data, reason = split_reason(serializer)
        evaluation = data.pop("evaluation")
        constituents = data.pop("addressee_constituents", [])
        serializer.instance = self.saved(follow_up_services.recommendation_create(
            user=_caller(self.request), evaluation=evaluation, data=data,
            addressee_constituents=constituents, reason=reason))

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        data, reason = split_reason(serializer)
        constituents = data.pop("addressee_constituents", None)
        serializer.instance = self.saved(follow_up_services.recommendation_update(
            user=_caller(self.request), recommendation=_instance(serializer), data=data,
            addressee_constituents=constituents, reason=reason))


class ResponseFilter(django_filters.FilterSet):
    evaluation = IdFilter(field_name="recommendation__evaluation_id",
                                             label="Evaluation id")
    decision = django_filters.ChoiceFilter(choices=ResponseDecision.choices)
    submitted = django_filters.BooleanFilter(field_name="submitted_at", lookup_expr="isnull",
                                             exclude=True, label="Submitted (true) or draft")

    class Meta:
        model = ManagementResponse
        fields = ["recommendation", "evaluation", "decision", "submitted"]


@route("evaluation-responses", "evaluation-response")
class ManagementResponseViewSet(_EvaluationRecords):
    """Management responses to recommendations: accepted, partially accepted or rejected
    (these two with their rationale), recorded by the recommendation's addressee. Recording
    a response to a recommendation that has one changes it. A draft until submitted (`submit`
    on the record, or the `submit` step); once submitted it changes only with a `reason`,
    kept in its history. Filters: `recommendation`, `evaluation`, `decision`, `submitted`."""

    queryset = ManagementResponse.objects.select_related("submitted_by").order_by(
        "recommendation__evaluation", "recommendation__number", "pk")
    serializer_class = ManagementResponseSerializer
    filterset_class = ResponseFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
    service_module = follow_up_services
    entity = "response"

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        data, reason = split_reason(serializer)
        serializer.instance = self.saved(follow_up_services.response_record(
            user=_caller(self.request), recommendation=data["recommendation"],
            decision=data["decision"], rationale=data.get("rationale", ""),
            responded_on=data.get("responded_on"), submit=data.get("submit", False),
            reason=reason))

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        data, reason = split_reason(serializer)
        response: Any = serializer.instance
        serializer.instance = self.saved(follow_up_services.response_record(
            user=_caller(self.request), recommendation=response.recommendation,
            decision=data.get("decision", response.decision),
            rationale=data.get("rationale", response.rationale),
            responded_on=data.get("responded_on", response.responded_on),
            submit=data.get("submit", False), reason=reason))

    @extend_schema(request=None, responses=ManagementResponseSerializer,
                   summary="Submit a draft management response")
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        response = get_object_or_404(self.get_queryset(), pk=pk)
        follow_up_services.response_submit(user=_caller(request), response=response)
        return Response(self.get_serializer(self.saved(response)).data)


class ActionApiFilter(ActionFilter):
    recommendation = IdFilter(field_name="recommendation_id",
                                                 label="Recommendation id")
    evaluation = IdFilter(field_name="recommendation__evaluation_id",
                                             label="Evaluation id")
    owner = django_filters.CharFilter(field_name="owner__username", label="Owner (username)")

    class Meta(ActionFilter.Meta):
        fields = ["recommendation", "evaluation", "owner", *ActionFilter.Meta.fields]


@route("evaluation-actions", "evaluation-action")
class FollowUpActionViewSet(_EvaluationRecords):
    """Follow-up actions of accepted and partially accepted recommendations whose response
    is submitted, due first, with `is_overdue` (still open past the due date): the
    follow-up board. The addressee records them (moving a due date needs a `reason`); the
    addressee or the owner moves the status through the `status` step (dated; "not possible"
    says why). Filters: `recommendation`, `evaluation`, `owner`, `status`, `overdue`, `unit`,
    `region`, `country`."""

    queryset = FollowUpAction.objects.all()
    serializer_class = FollowUpActionSerializer
    filterset_class = ActionApiFilter
    service_module = follow_up_services
    entity = "action"

    def get_queryset(self) -> QuerySet[Any]:
        # The owner of an action sees it (and moves its status) whoever manages the
        # evaluation: it is on their home page.
        user = _caller(self.request)
        if not user.is_authenticated:
            return FollowUpAction.objects.none()
        own = self.get_base_queryset().filter(owner=user)
        if self.action == "list":
            return selectors.follow_up_board(user=user) | own.exclude(
                recommendation__evaluation__status=EvaluationStatus.CANCELLED)
        return super().get_queryset() | own

    def get_base_queryset(self) -> QuerySet[Any]:
        return (selectors.with_overdue(FollowUpAction.objects.select_related(
                    "owner", "recommendation__evaluation")).order_by("due_date", "pk"))

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        data, reason = split_reason(serializer)
        recommendation = data.pop("recommendation")
        serializer.instance = self.saved(follow_up_services.action_create(
            user=_caller(self.request), recommendation=recommendation, data=data, reason=reason))

    @extend_schema(request=ActionStepSerializer, responses=FollowUpActionSerializer,
                   summary="Move a follow-up action to another status")
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, pk: Any = None) -> Response:
        follow_up = get_object_or_404(self.get_queryset(), pk=pk)
        serializer = ActionStepSerializer(data=request.data,
            context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        follow_up_services.action_set_status(user=_caller(request), action=follow_up,
                                             **serializer.validated_data)
        return Response(FollowUpActionSerializer(self.saved(follow_up),
                                                 context=self.get_serializer_context()).data)


# --- coverage rules and flags -----------------------------------------------------------------

@route("evaluation-coverage-rules", "evaluation-coverage-rule")
class CoverageRuleViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """The rules of the evaluation plan, held as data (administrators change them in the
    admin site): which projects and DWCPs need which evaluation, and when it is due.
    Filters: `subject_kind`, `is_active`."""

    queryset = CoverageRule.objects.order_by("subject_kind", "code")
    serializer_class = CoverageRuleSerializer
    permission_classes = [SignedIn]
    filterset_fields = ["subject_kind", "is_active"]


class CoverageFlagFilter(django_filters.FilterSet):
    country = django_filters.CharFilter(field_name="country__iso3", lookup_expr="iexact",
                                        label="Country (ISO3)")
    region = django_filters.CharFilter(field_name="region__code", lookup_expr="iexact",
                                       label="Region code")
    rule = django_filters.CharFilter(field_name="rule__code", label="Rule code")
    status = django_filters.MultipleChoiceFilter(choices=CoverageStatus.choices,
                                                 label="Status (repeatable)")
    subject_kind = django_filters.ChoiceFilter(
        choices=[(k.value, k.label) for k in CoverageRule.SUBJECTS])

    class Meta:
        model = CoverageFlag
        fields = ["country", "region", "year", "status", "rule", "subject_kind", "project",
                  "dwcp"]


@route("evaluation-coverage-flags", "evaluation-coverage-flag")
class CoverageFlagViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """The required evaluations (a rule applied to a project or DWCP) of the current
    snapshot and where each stands: done, overdue, due, missing, scheduled or upcoming, with
    the evaluation that meets it. Field staff see their countries'. Filters: `country`,
    `region`, `year` (due), `status` (repeatable), `rule`, `subject_kind`, `project`,
    `dwcp`."""

    queryset = CoverageFlag.objects.all()
    serializer_class = CoverageFlagSerializer
    permission_classes = [SignedIn]
    filterset_class = CoverageFlagFilter

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.coverage_flags(user=_caller(self.request)).select_related("snapshot")


# --- the computed figures ---------------------------------------------------------------------

class _CurrentFigures(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    permission_classes = [MonitorsEvaluations]
    related: tuple[str, ...] = ()
    order: tuple[str, ...] = ("pk",)

    def get_queryset(self) -> QuerySet[Any]:
        model: Any = self.queryset.model  # type: ignore[union-attr]
        return (model.objects.filter(snapshot__is_current=True)
                .select_related("snapshot", *self.related).order_by(*self.order))


class CoverageFigureFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(method="filter_region",
                                       label="Region code; `all` for all regions together")

    class Meta:
        model = CoverageFigure
        fields = ["region", "year"]

    def filter_region(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value.lower() == "all":
            return queryset.filter(region__isnull=True)
        return queryset.filter(region__code__iexact=value)


@route("evaluation-coverage", "evaluation-coverage")
class CoverageFigureViewSet(_CurrentFigures):
    """Evaluation coverage by region (empty: all regions) and year due: required
    evaluations, how many are done, and the count of each status, with the share done (per
    cent). Current snapshot; `as_of` is its date. Filters: `region` (`all`: all regions
    together), `year`."""

    queryset = CoverageFigure.objects.all()
    order = ("year", "region__name", "pk")
    serializer_class = CoverageFigureSerializer
    filterset_class = CoverageFigureFilter
    related = ("region",)


class _ByDimension(django_filters.FilterSet):
    dimension = django_filters.ChoiceFilter(choices=Dimension.choices,
                                            label="What the figure is broken down by")
    key = django_filters.CharFilter(label="The dimension's value (region code, addressee "
                                          "unit, evaluation type, year, biennium code; "
                                          "empty for all)")


class ImplementationFilter(_ByDimension):
    class Meta:
        model = ImplementationFigure
        fields = ["dimension", "key"]


class RatingAverageFilter(_ByDimension):
    criterion = django_filters.ChoiceFilter(choices=Criterion.choices)

    class Meta:
        model = RatingAverage
        fields = ["dimension", "key", "criterion"]


@route("evaluation-implementation", "evaluation-implementation")
class ImplementationFigureViewSet(_CurrentFigures):
    """Implementation of recommendations with a submitted management response (evaluations
    not cancelled), overall (`dimension` all) and by addressee unit, region, evaluation type
    and year of completion: responses by decision, recommendations to implement (accepted and
    partially accepted), completed / partially / not implemented, and the `rate` (completed
    share of those to implement, per cent). Current snapshot. Filters: `dimension`, `key`."""

    queryset = ImplementationFigure.objects.all()
    order = ("dimension", "key", "pk")
    serializer_class = ImplementationFigureSerializer
    filterset_class = ImplementationFilter


@route("evaluation-rating-averages", "evaluation-rating-average")
class RatingAverageViewSet(_CurrentFigures):
    """Average rating per criterion over approved and published evaluations, overall
    (`dimension` all) and by region, evaluation type and biennium of completion, with the
    number of ratings behind it. Current snapshot. Filters: `dimension`, `key`,
    `criterion`."""

    queryset = RatingAverage.objects.all()
    order = ("dimension", "key", "criterion", "pk")
    serializer_class = RatingAverageSerializer
    filterset_class = RatingAverageFilter


__all__ = ["evaluation_history", "register"]

register = registrar(
    EvaluationViewSet, EvaluationStatusChangeViewSet, EvaluatorViewSet, RatingViewSet,
    LessonViewSet, GoodPracticeViewSet, RecommendationViewSet, ManagementResponseViewSet,
    FollowUpActionViewSet, CoverageRuleViewSet, CoverageFlagViewSet, CoverageFigureViewSet,
    ImplementationFigureViewSet, RatingAverageViewSet)
