"""Capacity needs and their review (one need or several at once), development plans and
their items.
"""
from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from capacity import selectors
from capacity.api._common import NO_PUT, _group, _Place, _reason, _ServiceViewSet
from capacity.models import (
    AssessmentDimension,
    CapacityAssessment,
    CapacityDevelopmentPlan,
    CapacityNeed,
    Intervention,
    NeedStatus,
    NeedTransition,
    PlanItem,
)
from capacity.services import needs as need_services
from capacity.services import plans as plan_services
from constituents.models import Constituent
from core.api import ReadOnlyOnUpdate, VisibleRelatedField, is_single, read_only_slug, route
from core.errors import ApplicationError
from programmes.models import Dwcp


class NeedFilter(_Place):
    group = _group()
    framework = django_filters.CharFilter(field_name="dimension__framework__code",
                                          lookup_expr="iexact",
                                          label="Framework code of the need's dimension")
    status = django_filters.MultipleChoiceFilter(choices=NeedStatus.choices,
                                                 label="Review state (repeatable)")
    review_queue = django_filters.BooleanFilter(
        method="filter_queue", label="Only the needs waiting for the caller's bureau to "
                                     "review or plan (the review queue)")

    class Meta:
        model = CapacityNeed
        fields = ["country", "region", "group", "constituent", "assessment", "framework",
                  "level", "capacity_type", "technical_area", "priority", "status",
                  "review_queue"]

    def filter_queue(self, queryset, name, value):
        if not value:
            return queryset
        queue = selectors.need_review_queue(user=self.request.user).values("pk")
        return queryset.filter(pk__in=queue)


class PlanFilter(_Place):
    group = _group()

    class Meta:
        model = CapacityDevelopmentPlan
        fields = ["country", "region", "group", "constituent", "dwcp", "status"]


class NeedTransitionSerializer(serializers.ModelSerializer):
    changed_by = read_only_slug("username")

    class Meta:
        model = NeedTransition
        fields = ["id", "need", "from_status", "to_status", "effective_date", "note",
                  "changed_by", "recorded_at"]
        read_only_fields = fields


class NeedSerializer(ReadOnlyOnUpdate, serializers.ModelSerializer):
    constituent = VisibleRelatedField(
        queryset=Constituent.objects.select_related("country"))
    constituent_name = serializers.CharField(source="constituent.name", read_only=True)
    country = serializers.CharField(source="constituent.country.iso3", read_only=True)
    group = serializers.CharField(source="constituent.group", read_only=True)
    assessment = VisibleRelatedField(
        queryset=CapacityAssessment.objects.all(), required=False, allow_null=True)
    dimension = VisibleRelatedField(
        queryset=AssessmentDimension.objects.select_related("framework"), required=False,
        allow_null=True)
    reason = _reason()
    read_only_on_update = ("constituent",)

    class Meta:
        model = CapacityNeed
        fields = ["id", "constituent", "constituent_name", "country", "group", "assessment",
                  "dimension", "description", "level", "capacity_type", "technical_area",
                  "priority", "status", "status_changed_on", "decline_reason", "reason",
                  "created_at", "updated_at"]
        read_only_fields = ["status", "status_changed_on", "decline_reason", "created_at",
                            "updated_at"]


class NeedStepSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=NeedStatus.choices,
                                        help_text="The state the need moves to.")
    effective_date = serializers.DateField(required=False, allow_null=True,
                                           help_text="When it happened (default today).")
    note = serializers.CharField(required=False, allow_blank=True, default="",
                                 help_text="Why; required to decline, reopen or take a need "
                                           "out of the plan.")


class NeedBulkStepSerializer(NeedStepSerializer):
    needs = serializers.ListField(child=serializers.IntegerField(min_value=1), allow_empty=False,
                                  max_length=500, help_text="Ids of the needs to move.")


class PlanItemSerializer(serializers.ModelSerializer):
    plan = VisibleRelatedField(
        queryset=CapacityDevelopmentPlan.objects.select_related("constituent"))
    needs = VisibleRelatedField(
        queryset=CapacityNeed.objects.all(), many=True,
        help_text="Ids of the needs of the plan's constituent it addresses.")
    intervention = VisibleRelatedField(
        queryset=Intervention.objects.all(), required=False, allow_null=True)
    reason = _reason()

    class Meta:
        model = PlanItem
        fields = ["id", "plan", "title", "method", "due_date", "needs", "intervention", "order",
                  "notes", "reason"]

    def get_fields(self):
        fields = super().get_fields()
        if is_single(self.instance):
            fields["plan"].read_only = True
            fields["needs"].required = False
        return fields


class PlanSerializer(ReadOnlyOnUpdate, serializers.ModelSerializer):
    constituent = VisibleRelatedField(
        queryset=Constituent.objects.select_related("country"))
    constituent_name = serializers.CharField(source="constituent.name", read_only=True)
    country = serializers.CharField(source="constituent.country.iso3", read_only=True)
    dwcp = VisibleRelatedField(queryset=Dwcp.objects.all(), required=False,
                                              allow_null=True)
    items = PlanItemSerializer(many=True, read_only=True)
    reason = _reason()
    read_only_on_update = ("constituent",)

    class Meta:
        model = CapacityDevelopmentPlan
        fields = ["id", "constituent", "constituent_name", "country", "title", "dwcp",
                  "start_date", "end_date", "status", "notes", "items", "reason",
                  "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


def _need_queryset():
    return (CapacityNeed.objects.select_related("constituent__country")
            .order_by(selectors.PRIORITY_RANK, "constituent__country__name", "id"))


@route("capacity-needs", "capacity-need")
class NeedViewSet(_ServiceViewSet):
    """Capacity needs of constituents and their review: new → reviewed → planned →
    addressed, or declined with a reason (reopened with a note). The bureau that owns the
    group reviews (ACT/EMP for employers', ACTRAV for workers', field staff for government
    institutions); planning and addressing also by field staff of the country; the states
    change only through `transition` (one need) and `bulk-transition` (several, all or none).
    Specialists see their own group's needs only. Filters: `country`, `region`, `group`,
    `constituent`, `assessment`, `framework`, `level`, `capacity_type`, `technical_area`,
    `priority`, `status` (repeatable), `review_queue`."""

    queryset = CapacityNeed.objects.all()
    serializer_class = NeedSerializer
    filterset_class = NeedFilter
    search_fields = ["description", "constituent__name"]
    http_method_names = NO_PUT

    service_module = need_services
    entity = "need"

    def get_base_queryset(self):
        return _need_queryset()

    def get_permissions(self):
        if self.action in ("transition", "bulk_transition", "transitions"):
            # The service decides who may make which step (e.g. field staff plan needs of
            # employers' organizations they do not own).
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        need = need_services.need_create(
            user=self.request.user, constituent=data["constituent"],
            description=data.get("description", ""), level=data.get("level"),
            capacity_type=data.get("capacity_type"), technical_area=data.get("technical_area"),
            priority=data.get("priority", "medium"), assessment=data.get("assessment"),
            dimension=data.get("dimension"), reason=data.get("reason", ""))
        serializer.instance = self.saved(need)

    @extend_schema(request=NeedStepSerializer, responses={201: NeedTransitionSerializer},
                   summary="Move a need to another review state")
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        need = get_object_or_404(self.get_queryset(), pk=pk)
        serializer = NeedStepSerializer(data=request.data,
            context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        step = need_services.need_transition(user=request.user, need=need,
                                             **serializer.validated_data)
        return Response(NeedTransitionSerializer(step).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=NeedBulkStepSerializer,
                   responses={201: NeedTransitionSerializer(many=True)},
                   summary="Move several needs at once (all or none)")
    @action(detail=False, methods=["post"], url_path="bulk-transition")
    def bulk_transition(self, request):
        """If any need may not move, none does and the 400 lists each refusal under
        `needs`."""
        serializer = NeedBulkStepSerializer(data=request.data,
            context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        ids = sorted(set(data.pop("needs")))
        needs = list(self.get_queryset().filter(pk__in=ids))
        missing = sorted(set(ids) - {n.pk for n in needs})
        if missing:
            raise ApplicationError(
                "No need was changed: some needs were not found.",
                field_errors={"needs": [f"Need #{pk} does not exist or is not visible to you."
                                        for pk in missing]})
        steps = need_services.needs_transition_bulk(user=request.user, needs=needs, **data)
        return Response(NeedTransitionSerializer(steps, many=True).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(responses=NeedTransitionSerializer(many=True),
                   summary="The dated review steps of a need, newest first")
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def transitions(self, request, pk=None):
        need = get_object_or_404(self.get_queryset(), pk=pk)
        steps = need.transitions.select_related("changed_by")
        return Response(NeedTransitionSerializer(steps, many=True).data)


def _plan_queryset():
    return (CapacityDevelopmentPlan.objects.select_related("constituent__country")
            .prefetch_related(Prefetch("items", queryset=PlanItem.objects
                                       .prefetch_related("needs")))
            .order_by("constituent__name", "-start_date", "id"))


@route("capacity-plans", "capacity-plan")
class PlanViewSet(_ServiceViewSet):
    """Capacity development plans of constituents with their items (planned interventions
    against needs; add and change items through `/capacity-plan-items/`). Filters: `country`,
    `region`, `group`, `constituent`, `dwcp`, `status`."""

    queryset = CapacityDevelopmentPlan.objects.all()
    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    service_module = plan_services
    entity = "plan"

    def get_base_queryset(self):
        return _plan_queryset()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        plan = plan_services.plan_create(
            user=self.request.user, constituent=data["constituent"],
            title=data.get("title", ""), start_date=data.get("start_date"),
            end_date=data.get("end_date"), dwcp=data.get("dwcp"),
            status=data.get("status", CapacityDevelopmentPlan.Status.DRAFT),
            notes=data.get("notes", ""), reason=data.get("reason", ""))
        serializer.instance = self.saved(plan)


@route("capacity-plan-items", "capacity-plan-item")
class PlanItemViewSet(_ServiceViewSet):
    """Items of capacity development plans: a planned intervention against needs of the
    plan's constituent, due within the plan, linked to the intervention once recorded.
    Filters: `plan`."""

    queryset = PlanItem.objects.all()
    serializer_class = PlanItemSerializer
    filterset_fields = ["plan", "intervention"]
    http_method_names = NO_PUT

    service_module = plan_services
    entity = "plan_item"
    instance_kw = "item"

    def get_base_queryset(self):
        return PlanItem.objects.prefetch_related("needs").order_by("plan", "order", "id")

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        needs = data.pop("needs", None)
        item = plan_services.plan_item_update(user=self.request.user, item=serializer.instance,
                                              data=data, needs=needs, reason=reason)
        serializer.instance = self.saved(item)
