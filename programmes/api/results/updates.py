"""Progress updates with their values by sex / constituent group and their approval
workflow (submit, approve, return)."""
from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import permissions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import (
    ReadOnlyOnUpdate,
    ScopedModelViewSet,
    VisibleRelatedField,
    read_only_slug,
    route,
)
from programmes.api.results._filters import ProgressUpdateFilter
from programmes.models import (
    DISAGGREGATION_CATEGORIES,
    DisaggregatedValue,
    Indicator,
    ProgressUpdate,
)
from programmes.services import indicators as services


@extend_schema_field({
    "type": "object",
    "description": "Values by category: {\"sex\": {\"women\": 3, \"men\": 4}, \"group\": "
                   "{\"government\": …, \"employers\": …, \"workers\": …, \"other\": …}}. When "
                   "every category of a dimension is filled they must add up to the total.",
    "additionalProperties": {"type": "object",
                             "additionalProperties": {"type": "number", "nullable": True}},
})
class DisaggregationField(serializers.Field):
    """Reads the update's disaggregated values (prefetched) as a nested mapping and checks a
    written one against the known dimensions and categories."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_representation(self, update):
        out: dict[str, dict[str, str]] = {}
        for row in update.disaggregated_values.all():
            out.setdefault(row.dimension, {})[row.category] = str(row.value)
        return out

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError("Give an object of dimensions, e.g. "
                                              "{\"sex\": {\"women\": 3, \"men\": 4}}.")
        number = serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True)
        clean: dict[str, dict] = {}
        for dimension, values in data.items():
            categories = DISAGGREGATION_CATEGORIES.get(dimension)
            if categories is None:
                raise serializers.ValidationError(
                    f"Unknown dimension {dimension!r}; use "
                    f"{', '.join(map(str, DISAGGREGATION_CATEGORIES))}.")
            if not isinstance(values, dict):
                raise serializers.ValidationError(f"Give the values by {dimension} as an "
                                                  "object.")
            unknown = set(values) - set(categories)
            if unknown:
                raise serializers.ValidationError(
                    f"Unknown categories for {dimension}: {', '.join(sorted(unknown))}; use "
                    f"{', '.join(categories)}.")
            clean[str(dimension)] = {
                category: (None if value is None or value == ""
                           else number.to_internal_value(value))
                for category, value in values.items()}
        return {"disaggregation": clean}


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    file = serializers.FileField(read_only=True)


class ProgressUpdateSerializer(ReadOnlyOnUpdate, serializers.ModelSerializer):
    indicator = VisibleRelatedField(queryset=Indicator.objects.all())
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    disaggregation = DisaggregationField()
    evidence = EvidenceSerializer(many=True, read_only=True)
    created_by = read_only_slug("username")
    submitted_by = read_only_slug("username")
    decided_by = read_only_slug("username")
    submit = serializers.BooleanField(write_only=True, required=False, default=False,
                                      help_text="On create: submit for approval at once.")
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True,
                                   max_length=100, help_text="Reason for change (history).")
    read_only_on_update = ("indicator",)

    class Meta:
        model = ProgressUpdate
        fields = ["id", "indicator", "indicator_code", "date", "value", "numerator",
                  "denominator", "reached", "narrative", "source", "disaggregation", "status",
                  "created_by", "submitted_by", "submitted_at", "decided_by", "decided_at",
                  "return_comment", "evidence", "submit", "reason", "created_at", "updated_at"]
        read_only_fields = ["status", "submitted_at", "decided_at", "return_comment",
                            "created_at", "updated_at"]


class ReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(allow_blank=True,
                                    help_text="What needs to change before approval.")


def _update_queryset():
    return (ProgressUpdate.objects
            .select_related("indicator", "created_by", "submitted_by", "decided_by")
            .prefetch_related(Prefetch("disaggregated_values",
                                       queryset=DisaggregatedValue.objects.order_by(
                                           "dimension", "category")), "evidence")
            .order_by("-date", "-id"))


UPDATE_FIELDS = ("date", "value", "numerator", "denominator", "reached", "narrative", "source")


UPDATE_REFUSED = OpenApiExample(
    "Refused: the message under its field", response_only=True, status_codes=["400"],
    value={"detail": "The date cannot be in the future.",
           "date": ["The date cannot be in the future."]})
UPDATE_CHANGE_EXAMPLES = [
    OpenApiExample("Correct the value of a draft or returned update", request_only=True,
                   value={"value": "160", "source": "Employment service register, June",
                          "reason": "Corrected from the register"}),
    UPDATE_REFUSED,
]


@extend_schema_view(
    create=extend_schema(examples=[
        OpenApiExample("A number with its values by sex, submitted at once",
                       request_only=True, value={
                           "indicator": 12, "date": "2024-06-30", "value": "150",
                           "narrative": "Placements rose with the new youth guarantee.",
                           "source": "Employment service register",
                           "disaggregation": {"sex": {"women": 70, "men": 80}},
                           "submit": True}),
        OpenApiExample("A percentage: numerator and denominator", request_only=True,
                       value={"indicator": 13, "date": "2024-06-30", "numerator": "21",
                              "denominator": "50",
                              "disaggregation": {"group": {"government": 7, "employers": 6,
                                                           "workers": 8, "other": 0}}}),
        OpenApiExample("A qualitative indicator: the milestone reached", request_only=True,
                       value={"indicator": 14, "date": "2024-12-31", "reached": True,
                              "narrative": "The labour code amendment was adopted."}),
        UPDATE_REFUSED,
    ]),
    partial_update=extend_schema(examples=UPDATE_CHANGE_EXAMPLES),
    update=extend_schema(examples=UPDATE_CHANGE_EXAMPLES))
@route("progress-updates", "progress-update")
class ProgressUpdateViewSet(ScopedModelViewSet):
    """Progress updates: a value (or numerator and denominator, or for qualitative indicators
    whether the milestone is reached) on a date, with values by sex / constituent group.

    Filters: `country`, `region`, `dwcp`, `cpo`, `indicator`, `biennium` (updates dated in
    it, e.g. 2020-21), `status` (repeatable), `unit`, `date_from`, `date_to`.

    Workflow: draft → `submit` → `approve`, or `return` with a comment → edited → submitted
    again. Only drafts and returned updates can be edited; the approver may not be the
    submitter; updates dated in a closed biennium are locked. Only approved updates count."""

    queryset = ProgressUpdate.objects.all()
    serializer_class = ProgressUpdateSerializer
    filterset_class = ProgressUpdateFilter
    ordering_fields = ["date", "submitted_at"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_base_queryset(self):
        return _update_queryset()

    def get_permissions(self):
        if self.action in ("approve", "return_"):
            # Managers approve although they change no programme data: the service decides
            # who may approve (never the submitter).
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    def _fresh(self, pk: int) -> ProgressUpdate:
        return _update_queryset().get(pk=pk)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        update = services.progress_update_create(
            user=self.request.user, indicator=data["indicator"], date=data.get("date"),
            value=data.get("value"), numerator=data.get("numerator"),
            denominator=data.get("denominator"), reached=data.get("reached"),
            narrative=data.get("narrative", ""), source=data.get("source", ""),
            disaggregation=data.get("disaggregation"), submit=data.get("submit", False))
        serializer.instance = self._fresh(update.pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        update = services.progress_update_update(
            user=self.request.user, update=serializer.instance,
            data={k: v for k, v in data.items() if k in UPDATE_FIELDS},
            disaggregation=data.get("disaggregation"), reason=data.get("reason", ""))
        serializer.instance = self._fresh(update.pk)

    def _act(self, pk, fn, **kwargs):
        update = get_object_or_404(self.get_queryset(), pk=pk)
        update = fn(user=self.request.user, update=update, **kwargs)
        return Response(self.get_serializer(self._fresh(update.pk)).data)

    @extend_schema(request=None, responses=ProgressUpdateSerializer,
                   summary="Submit a draft or returned update for approval")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._act(pk, services.progress_update_submit)

    @extend_schema(request=None, responses=ProgressUpdateSerializer,
                   summary="Approve a submitted update (not by its submitter)")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Managers, administrators and field staff of the country may approve, never the
        person who submitted the update. Its results are recomputed by the worker."""
        return self._act(pk, services.progress_update_approve)

    @extend_schema(request=ReturnSerializer, responses=ProgressUpdateSerializer,
                   summary="Return a submitted update to its author with a comment",
                   examples=[OpenApiExample("What to change", request_only=True, value={
                       "comment": "Add the register extract as evidence and the split by "
                                  "sex."})])
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        serializer = ReturnSerializer(data=request.data,
            context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return self._act(pk, services.progress_update_return,
                         comment=serializer.validated_data["comment"])
