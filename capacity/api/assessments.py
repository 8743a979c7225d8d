"""Capacity assessments of constituents with a score and evidence note per dimension."""
from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from rest_framework import serializers

from capacity.api._common import _choice, _group, _Place, _reason, _ServiceViewSet
from capacity.models import (
    AssessmentFramework,
    CapacityAssessment,
    DimensionScore,
)
from capacity.services import assessments as assessment_services
from constituents.models import Constituent
from core.api import ReadOnlyOnUpdate, VisibleRelatedField, route
from core.filters import YearFilter
from programmes.models import CountryProgrammeOutcome, Dwcp


class AssessmentFilter(_Place):
    group = _group()
    framework = django_filters.CharFilter(field_name="framework__code", lookup_expr="iexact",
                                          label="Framework code (any version)")
    round = _choice("round", CapacityAssessment._meta.get_field("round").choices, "Round")
    method = _choice("method", CapacityAssessment._meta.get_field("method").choices,
                     "Assessment method")
    year = YearFilter(field_name="date__year", label="Year of the assessment")

    class Meta:
        model = CapacityAssessment
        fields = ["country", "region", "group", "constituent", "framework", "round", "method",
                  "year", "dwcp", "cpo"]


class ScoreSerializer(serializers.ModelSerializer):
    dimension = serializers.CharField(source="dimension.code",
                                      help_text="Dimension code of the framework.")
    dimension_name = serializers.CharField(source="dimension.name", read_only=True)
    level = serializers.CharField(source="dimension.level", read_only=True)
    capacity_type = serializers.CharField(source="dimension.capacity_type", read_only=True)
    score = serializers.IntegerField(help_text="1 to 5.")

    class Meta:
        model = DimensionScore
        fields = ["dimension", "dimension_name", "level", "capacity_type", "score", "evidence"]


class AssessmentSerializer(ReadOnlyOnUpdate, serializers.ModelSerializer):
    constituent = VisibleRelatedField(
        queryset=Constituent.objects.select_related("country"))
    constituent_name = serializers.CharField(source="constituent.name", read_only=True)
    country = serializers.CharField(source="constituent.country.iso3", read_only=True)
    group = serializers.CharField(source="constituent.group", read_only=True)
    framework = VisibleRelatedField(queryset=AssessmentFramework.objects.all(),
                                                   help_text="Id of the framework version.")
    framework_code = serializers.CharField(source="framework.code", read_only=True)
    dwcp = VisibleRelatedField(queryset=Dwcp.objects.all(), required=False,
                                              allow_null=True)
    cpo = VisibleRelatedField(
        queryset=CountryProgrammeOutcome.objects.select_related("dwcp"), required=False,
        allow_null=True)
    scores = ScoreSerializer(many=True, required=False,
                             help_text="A score (and evidence) per dimension; on create every "
                                       "dimension of the framework, on update those changed.")
    reason = _reason()
    read_only_on_update = ("constituent", "framework")

    class Meta:
        model = CapacityAssessment
        fields = ["id", "constituent", "constituent_name", "country", "group", "framework",
                  "framework_code", "date", "method", "round", "assessors", "dwcp", "cpo",
                  "summary", "scores", "reason", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate_scores(self, value):
        scores, duplicates = {}, []
        for item in value:
            code = item["dimension"]["code"]
            if code in scores:
                duplicates.append(code)
            scores[code] = {"score": item["score"], "evidence": item.get("evidence", "")}
        if duplicates:
            raise serializers.ValidationError(
                f"Score each dimension once; given twice: {', '.join(sorted(duplicates))}.")
        return scores


def _assessment_queryset():
    return (CapacityAssessment.objects
            .select_related("constituent__country", "framework")
            .prefetch_related(Prefetch("scores", queryset=DimensionScore.objects
                                       .select_related("dimension")
                                       .order_by("dimension__order", "dimension_id")))
            .order_by("-date", "-id"))


@route("capacity-assessments", "capacity-assessment")
class AssessmentViewSet(_ServiceViewSet):
    """Capacity assessments of constituents with a score and evidence note per dimension.
    Specialists see and record those of their own constituent group (every country), field
    staff those of their countries; managers read. Rules (docs/capacity.md): the framework
    fits the constituent's type, a bureau's method fits its group, every dimension scored 1–5,
    the date not in the future, a follow-up needs an earlier baseline. Filters: `country`,
    `region`, `group`, `constituent`, `framework` (code), `round`, `method`, `year`, `dwcp`,
    `cpo`."""

    queryset = CapacityAssessment.objects.all()
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter
    ordering_fields = ["date"]

    service_module = assessment_services
    entity = "assessment"

    def get_base_queryset(self):
        return _assessment_queryset()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        assessment = assessment_services.assessment_create(
            user=self.request.user, constituent=data["constituent"],
            framework=data["framework"], date=data.get("date"), method=data.get("method"),
            round=data.get("round"), assessors=data.get("assessors", ""),
            scores=data.get("scores", {}), dwcp=data.get("dwcp"), cpo=data.get("cpo"),
            summary=data.get("summary", ""), reason=data.get("reason", ""))
        serializer.instance = self.saved(assessment)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        scores = data.pop("scores", None)
        assessment = assessment_services.assessment_update(
            user=self.request.user, assessment=serializer.instance, data=data,
            scores=scores, reason=reason)
        serializer.instance = self.saved(assessment)
