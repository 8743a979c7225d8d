"""Recommendations, management responses and follow-up actions."""
from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from core.api import route, split_reason
from core.filters import IdFilter

from .. import selectors
from ..filters import ActionFilter, RecommendationFilter
from ..models import (
    EvaluationStatus,
    FollowUpAction,
    ManagementResponse,
    Recommendation,
    ResponseDecision,
)
from ..serializers import (
    ActionStepSerializer,
    FollowUpActionSerializer,
    ManagementResponseSerializer,
    RecommendationSerializer,
)
from ..services import follow_up as follow_up_services
from ..services.computed import with_implementation
from ._common import (
    _caller,
    _EvaluationRecords,
    _instance,
)

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
        return selectors.with_overdue_actions(with_implementation(
            Recommendation.objects.select_related("evaluation", "response__submitted_by")
            .prefetch_related("addressee_constituents",
                              Prefetch("actions", queryset=selectors.actions_with_owner()))
        )).order_by("evaluation", "number")

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
