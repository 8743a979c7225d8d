"""Evaluations: records, team, lifecycle steps, report files and the history of changes."""
from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import parsers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from core import policy
from core.api import route, split_reason

from .. import selectors
from ..filters import EvaluationFilter
from ..models import (
    Evaluation,
    EvaluationStatusChange,
    Evaluator,
    FollowUpAction,
    GoodPractice,
    Lesson,
    ManagementResponse,
    Rating,
    Recommendation,
)
from ..serializers import (
    EvaluationFilesSerializer,
    EvaluationSerializer,
    EvaluationStatusChangeSerializer,
    EvaluationStepSerializer,
    EvaluatorSerializer,
    HistoryEntrySerializer,
    MapCountrySerializer,
    NextStepSerializer,
)
from ..services import evaluations as evaluation_services
from ._common import (
    SignedIn,
    _caller,
    _EvaluationRecords,
)

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
