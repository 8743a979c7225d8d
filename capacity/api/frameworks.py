"""Assessment frameworks: versions, dimensions and what each score means."""
from __future__ import annotations

import django_filters
from django.db.models import Count, Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from capacity.api._common import _choice, _group, _reason
from capacity.models import (
    AssessmentDimension,
    AssessmentFramework,
    CapacityLevel,
)
from capacity.services import frameworks as framework_services
from core.api import ScopedModelViewSet, is_single, route


class FrameworkFilter(django_filters.FilterSet):
    group = _group("constituent_group")
    code = django_filters.CharFilter(field_name="code", lookup_expr="iexact",
                                     label="Framework code (e.g. workers)")
    current = django_filters.BooleanFilter(field_name="is_current",
                                           label="Only the current versions")
    level = _choice("dimensions__level", CapacityLevel.choices,
                    "Frameworks with a dimension at this level")
    capacity_type = django_filters.ChoiceFilter(
        field_name="dimensions__capacity_type",
        choices=AssessmentDimension._meta.get_field("capacity_type").choices,
        label="Frameworks with a dimension of this capacity type")

    class Meta:
        model = AssessmentFramework
        fields = ["group", "code", "current", "level", "capacity_type"]

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).distinct()


@extend_schema_field({
    "type": "object", "additionalProperties": {"type": "string"},
    "description": "What each score means: {\"1\": \"…\", …, \"5\": \"…\"}, every score "
                   "from 1 to 5.",
})
class DescriptorsField(serializers.Field):
    """A dimension's descriptors (prefetched) as {score: text}."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, dimension):
        return {str(d.score): d.descriptor for d in dimension.descriptors.all()}

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError("Give the descriptors as an object, e.g. "
                                              "{\"1\": \"Absent\", …, \"5\": \"Strong\"}.")
        return {"descriptors": {str(k): "" if v is None else str(v) for k, v in data.items()}}


class DimensionSerializer(serializers.ModelSerializer):
    code = serializers.CharField(required=False, allow_blank=True, max_length=60,
                                 help_text="Stable across versions; empty: made from the name.")
    descriptors = DescriptorsField()

    class Meta:
        model = AssessmentDimension
        fields = ["id", "code", "name", "description", "level", "capacity_type", "order",
                  "descriptors"]
        read_only_fields = ["id", "order"]
        validators: list = []


class FrameworkSerializer(serializers.ModelSerializer):
    dimensions = DimensionSerializer(many=True,
                                     help_text="The whole list of dimensions, in order.")
    constituent_types = serializers.ListField(
        child=serializers.CharField(), required=False,
        help_text="Types of organization assessed with it; empty: every type of the group.")
    in_use = serializers.BooleanField(source="assessment_count", read_only=True,
                                      help_text="Assessments were scored against this version "
                                                "(a revision then makes a new version).")
    reason = _reason()

    class Meta:
        model = AssessmentFramework
        fields = ["id", "code", "version", "title", "constituent_group", "constituent_types",
                  "description", "source", "is_current", "in_use", "dimensions", "reason",
                  "updated_at"]
        read_only_fields = ["version", "is_current", "updated_at"]
        validators: list = []

    def get_fields(self):
        fields = super().get_fields()
        if is_single(self.instance):
            fields["code"].read_only = True
            fields["constituent_group"].read_only = True
            fields["dimensions"].required = False
        return fields


def _framework_queryset():
    return (AssessmentFramework.objects
            .annotate(assessment_count=Count("assessments", distinct=True))
            .prefetch_related(Prefetch("dimensions", queryset=AssessmentDimension.objects
                                       .prefetch_related("descriptors")))
            .order_by("code", "-version"))


@route("assessment-frameworks", "assessment-framework")
class FrameworkViewSet(ScopedModelViewSet):
    """Assessment frameworks, one row per version: dimensions with their level, capacity type
    and what each score 1–5 means. Everyone reads them; administrators create and revise
    them. Revising a version that assessments use makes a new version (current from then on)
    and leaves the old one as scored. Filters: `group`, `code`, `current`, `level`,
    `capacity_type`."""

    queryset = AssessmentFramework.objects.all()
    serializer_class = FrameworkSerializer
    filterset_class = FrameworkFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_base_queryset(self):
        return _framework_queryset()

    @staticmethod
    def _dimensions(rows):
        return [{**row, "descriptors": row.get("descriptors", {})} for row in rows]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        framework = framework_services.framework_create(
            user=self.request.user, code=data.get("code", ""), title=data.get("title", ""),
            constituent_group=data.get("constituent_group", ""),
            dimensions=self._dimensions(data.get("dimensions", [])),
            constituent_types=data.get("constituent_types", []),
            description=data.get("description", ""), source=data.get("source", ""),
            reason=data.get("reason", ""))
        serializer.instance = _framework_queryset().get(pk=framework.pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        dimensions = data.pop("dimensions", None)
        framework = framework_services.framework_revise(
            user=self.request.user, framework=serializer.instance, data=data,
            dimensions=self._dimensions(dimensions) if dimensions is not None else None,
            reason=reason)
        serializer.instance = _framework_queryset().get(pk=framework.pk)
