"""API of capacity development: assessment frameworks, assessments with their scores, needs
and their review, plans, interventions, participation (counts and participant lists, with the
CSV import) and the figures the worker computed (current snapshot).

Writes go through :mod:`capacity.services`, so the API applies the same rules and messages as
the pages: a broken rule is a 400 with the message under the field it concerns and nothing
written; a record the caller may not change is refused (403); one the caller may not see is a
404 (the scoped queryset hides it — e.g. specialists see the assessments and needs of their
own constituent group only). Computed figures are read only and say the date they are
computed as of (docs/capacity.md).

The FilterSets live here (the pages have their own): countries by ISO3 code, regions by code,
bienniums by code (e.g. 2014-15), groups, frameworks and dimensions by code.
"""
from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Count, Max, Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from capacity import selectors
from capacity.models import (
    AssessmentDimension,
    AssessmentFramework,
    AssessmentIndex,
    CapacityAssessment,
    CapacityDevelopmentPlan,
    CapacityLevel,
    CapacityNeed,
    DimensionChange,
    DimensionScore,
    Intervention,
    InterventionFigure,
    NeedsCoverage,
    NeedStatus,
    NeedTransition,
    Participant,
    ParticipationCount,
    ParticipationFigure,
    PlanItem,
    ReachFigure,
)
from capacity.services import assessments as assessment_services
from capacity.services import frameworks as framework_services
from capacity.services import interventions as intervention_services
from capacity.services import needs as need_services
from capacity.services import participation as participation_services
from capacity.services import plans as plan_services
from constituents.models import Constituent, Country
from core.api import ScopedModelViewSet, ScopedReadOnlyViewSet
from core.errors import ApplicationError
from core.roles import Role
from programmes.filters.dwcp import YearRangeFilter
from programmes.models import CountryProgrammeOutcome, Dwcp

REASON_HELP = "Reason for the change (kept in the history)."

# --- filters --------------------------------------------------------------------------------


class _Place(django_filters.FilterSet):
    """``country`` (ISO3) and ``region`` (code) through ``country_path``."""

    country_path = "constituent__country"

    country = django_filters.CharFilter(method="filter_country", label="Country (ISO3)")
    region = django_filters.CharFilter(method="filter_region", label="Region code")

    def filter_country(self, queryset, name, value):
        return queryset.filter(**{f"{self.country_path}__iso3__iexact": value})

    def filter_region(self, queryset, name, value):
        return queryset.filter(**{f"{self.country_path}__region__code__iexact": value})


def _choice(field_name: str, choices, label: str) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(field_name=field_name, choices=choices, label=label)


def _group(field_name: str = "constituent__group") -> django_filters.ChoiceFilter:
    from core.roles import ConstituentGroup

    return _choice(field_name, ConstituentGroup.choices, "Constituent group")


def _biennium_of(field_name: str) -> YearRangeFilter:
    return YearRangeFilter(method=f"filter_{field_name}_biennium",
                           label="Biennium (e.g. 2014-15): starting within it")


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


class AssessmentFilter(_Place):
    group = _group()
    framework = django_filters.CharFilter(field_name="framework__code", lookup_expr="iexact",
                                          label="Framework code (any version)")
    round = _choice("round", CapacityAssessment._meta.get_field("round").choices, "Round")
    method = _choice("method", CapacityAssessment._meta.get_field("method").choices,
                     "Assessment method")
    year = django_filters.NumberFilter(field_name="date__year", label="Year of the assessment")

    class Meta:
        model = CapacityAssessment
        fields = ["country", "region", "group", "constituent", "framework", "round", "method",
                  "year", "dwcp", "cpo"]


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


class InterventionFilter(_Place):
    country_path = "country"

    group = _group("target_group")
    level = django_filters.ChoiceFilter(choices=CapacityLevel.choices, method="filter_level",
                                        label="Level addressed")
    biennium = _biennium_of("start")
    constituent = django_filters.NumberFilter(field_name="target_constituents",
                                              distinct=True, label="Target constituent id")
    cpo = django_filters.NumberFilter(field_name="cpos", distinct=True, label="CPO id")
    need = django_filters.NumberFilter(field_name="needs", distinct=True,
                                       label="Id of a need addressed")

    class Meta:
        model = Intervention
        fields = ["country", "region", "group", "method", "provider", "technical_area",
                  "status", "level", "biennium", "constituent", "cpo", "need",
                  "funding_source"]

    def filter_level(self, queryset, name, value):
        # A JSON list of levels, matched as text so that SQLite (the embedded default) works.
        return queryset.filter(levels__icontains=f'"{value}"')

    def filter_start_biennium(self, queryset, name, value):
        first, last = value
        return queryset.filter(start_date__year__gte=first, start_date__year__lte=last)


class _UnderIntervention(_Place):
    country_path = "intervention__country"

    group = _group("intervention__target_group")
    biennium = _biennium_of("start")
    technical_area = _choice("intervention__technical_area",
                             Intervention._meta.get_field("technical_area").choices,
                             "Technical area of the intervention")
    method = _choice("intervention__method", Intervention._meta.get_field("method").choices,
                     "Method of the intervention")

    def filter_start_biennium(self, queryset, name, value):
        first, last = value
        return queryset.filter(intervention__start_date__year__gte=first,
                               intervention__start_date__year__lte=last)


class ParticipationCountFilter(_UnderIntervention):
    class Meta:
        model = ParticipationCount
        fields = ["country", "region", "group", "intervention", "biennium", "technical_area",
                  "method"]


class ParticipantFilter(_UnderIntervention):
    participant_country = django_filters.CharFilter(
        field_name="country__iso3", lookup_expr="iexact",
        label="Country (ISO3) the participant came from")

    class Meta:
        model = Participant
        fields = ["country", "region", "group", "intervention", "biennium", "technical_area",
                  "method", "participant_group", "sex", "constituent", "participant_country"]


class IndexFilter(_Place):
    country_path = "assessment__constituent__country"

    group = _group("assessment__constituent__group")
    constituent = django_filters.NumberFilter(field_name="assessment__constituent_id",
                                              label="Constituent id")
    framework = django_filters.CharFilter(field_name="assessment__framework__code",
                                          lookup_expr="iexact", label="Framework code")
    round = _choice("assessment__round", CapacityAssessment._meta.get_field("round").choices,
                    "Round of the assessment")
    method = _choice("assessment__method",
                     CapacityAssessment._meta.get_field("method").choices,
                     "Method of the assessment")
    level = _choice("key", CapacityLevel.choices, "Index of this level")
    capacity_type = django_filters.ChoiceFilter(
        field_name="key", choices=AssessmentDimension._meta.get_field("capacity_type").choices,
        label="Index of this capacity type")

    class Meta:
        model = AssessmentIndex
        fields = ["country", "region", "group", "constituent", "assessment", "framework",
                  "round", "method", "axis", "level", "capacity_type"]


class ChangeFilter(_Place):
    group = _group()
    framework = django_filters.CharFilter(field_name="framework_code", lookup_expr="iexact",
                                          label="Framework code")
    dimension = django_filters.CharFilter(field_name="dimension_code", lookup_expr="iexact",
                                          label="Dimension code")
    level = _choice("dimension__level", CapacityLevel.choices, "Level of the dimension")
    capacity_type = django_filters.ChoiceFilter(
        field_name="dimension__capacity_type",
        choices=AssessmentDimension._meta.get_field("capacity_type").choices,
        label="Capacity type of the dimension")

    class Meta:
        model = DimensionChange
        fields = ["country", "region", "group", "constituent", "framework", "dimension",
                  "level", "capacity_type"]


class CoverageFilter(_Place):
    country_path = "country"

    group = _group("constituent_group")

    class Meta:
        model = NeedsCoverage
        fields = ["country", "region", "group"]


class _FigureByBiennium(_Place):
    country_path = "country"

    biennium = django_filters.CharFilter(field_name="biennium__code",
                                         label="Biennium code (e.g. 2014-15)")
    regional = django_filters.BooleanFilter(field_name="country", lookup_expr="isnull",
                                            label="Only regional and interregional activities "
                                                  "(no country)")


class ParticipationFigureFilter(_FigureByBiennium):
    class Meta:
        model = ParticipationFigure
        fields = ["country", "region", "regional", "biennium", "participant_group"]


class ReachFilter(_FigureByBiennium):
    class Meta:
        model = ReachFigure
        fields = ["country", "region", "regional", "biennium"]


class InterventionFigureFilter(_UnderIntervention):
    class Meta:
        model = InterventionFigure
        fields = ["country", "region", "group", "intervention", "biennium", "technical_area",
                  "method"]


# --- serializers ----------------------------------------------------------------------------

def _reason() -> serializers.CharField:
    return serializers.CharField(write_only=True, required=False, allow_blank=True,
                                 max_length=100, help_text=REASON_HELP)


def _is_single(instance) -> bool:
    return instance is not None and not isinstance(instance, list | tuple)


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
        if _is_single(self.instance):
            fields["code"].read_only = True
            fields["constituent_group"].read_only = True
            fields["dimensions"].required = False
        return fields


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


class AssessmentSerializer(serializers.ModelSerializer):
    constituent = serializers.PrimaryKeyRelatedField(
        queryset=Constituent.objects.select_related("country"))
    constituent_name = serializers.CharField(source="constituent.name", read_only=True)
    country = serializers.CharField(source="constituent.country.iso3", read_only=True)
    group = serializers.CharField(source="constituent.group", read_only=True)
    framework = serializers.PrimaryKeyRelatedField(queryset=AssessmentFramework.objects.all(),
                                                   help_text="Id of the framework version.")
    framework_code = serializers.CharField(source="framework.code", read_only=True)
    dwcp = serializers.PrimaryKeyRelatedField(queryset=Dwcp.objects.all(), required=False,
                                              allow_null=True)
    cpo = serializers.PrimaryKeyRelatedField(
        queryset=CountryProgrammeOutcome.objects.select_related("dwcp"), required=False,
        allow_null=True)
    scores = ScoreSerializer(many=True, required=False,
                             help_text="A score (and evidence) per dimension; on create every "
                                       "dimension of the framework, on update those changed.")
    reason = _reason()

    class Meta:
        model = CapacityAssessment
        fields = ["id", "constituent", "constituent_name", "country", "group", "framework",
                  "framework_code", "date", "method", "round", "assessors", "dwcp", "cpo",
                  "summary", "scores", "reason", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        if _is_single(self.instance):
            fields["constituent"].read_only = True
            fields["framework"].read_only = True
        return fields

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


class NeedTransitionSerializer(serializers.ModelSerializer):
    changed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = NeedTransition
        fields = ["id", "need", "from_status", "to_status", "effective_date", "note",
                  "changed_by", "recorded_at"]
        read_only_fields = fields


class NeedSerializer(serializers.ModelSerializer):
    constituent = serializers.PrimaryKeyRelatedField(
        queryset=Constituent.objects.select_related("country"))
    constituent_name = serializers.CharField(source="constituent.name", read_only=True)
    country = serializers.CharField(source="constituent.country.iso3", read_only=True)
    group = serializers.CharField(source="constituent.group", read_only=True)
    assessment = serializers.PrimaryKeyRelatedField(
        queryset=CapacityAssessment.objects.all(), required=False, allow_null=True)
    dimension = serializers.PrimaryKeyRelatedField(
        queryset=AssessmentDimension.objects.select_related("framework"), required=False,
        allow_null=True)
    reason = _reason()

    class Meta:
        model = CapacityNeed
        fields = ["id", "constituent", "constituent_name", "country", "group", "assessment",
                  "dimension", "description", "level", "capacity_type", "technical_area",
                  "priority", "status", "status_changed_on", "decline_reason", "reason",
                  "created_at", "updated_at"]
        read_only_fields = ["status", "status_changed_on", "decline_reason", "created_at",
                            "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        if _is_single(self.instance):
            fields["constituent"].read_only = True
        return fields


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
    plan = serializers.PrimaryKeyRelatedField(
        queryset=CapacityDevelopmentPlan.objects.select_related("constituent"))
    needs = serializers.PrimaryKeyRelatedField(
        queryset=CapacityNeed.objects.all(), many=True,
        help_text="Ids of the needs of the plan's constituent it addresses.")
    intervention = serializers.PrimaryKeyRelatedField(
        queryset=Intervention.objects.all(), required=False, allow_null=True)
    reason = _reason()

    class Meta:
        model = PlanItem
        fields = ["id", "plan", "title", "method", "due_date", "needs", "intervention", "order",
                  "notes", "reason"]

    def get_fields(self):
        fields = super().get_fields()
        if _is_single(self.instance):
            fields["plan"].read_only = True
            fields["needs"].required = False
        return fields


class PlanSerializer(serializers.ModelSerializer):
    constituent = serializers.PrimaryKeyRelatedField(
        queryset=Constituent.objects.select_related("country"))
    constituent_name = serializers.CharField(source="constituent.name", read_only=True)
    country = serializers.CharField(source="constituent.country.iso3", read_only=True)
    dwcp = serializers.PrimaryKeyRelatedField(queryset=Dwcp.objects.all(), required=False,
                                              allow_null=True)
    items = PlanItemSerializer(many=True, read_only=True)
    reason = _reason()

    class Meta:
        model = CapacityDevelopmentPlan
        fields = ["id", "constituent", "constituent_name", "country", "title", "dwcp",
                  "start_date", "end_date", "status", "notes", "items", "reason",
                  "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        if _is_single(self.instance):
            fields["constituent"].read_only = True
        return fields


class InterventionSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(
        slug_field="iso3", queryset=Country.objects.all(), required=False, allow_null=True,
        help_text="ISO3 code; empty for a regional or interregional activity.")
    levels = serializers.ListField(child=serializers.ChoiceField(choices=CapacityLevel.choices),
                                   help_text="Levels addressed (at least one).")
    target_constituents = serializers.PrimaryKeyRelatedField(
        queryset=Constituent.objects.select_related("country"), many=True, required=False)
    needs = serializers.PrimaryKeyRelatedField(
        queryset=CapacityNeed.objects.all(), many=True, required=False,
        help_text="Ids of the needs it addresses (of target constituents).")
    cpos = serializers.PrimaryKeyRelatedField(
        queryset=CountryProgrammeOutcome.objects.select_related("dwcp"), many=True,
        required=False)
    participants = serializers.SerializerMethodField(
        help_text="People taking part: the list, else the counts' total.")
    participation_recorded_as = serializers.SerializerMethodField()
    reason = _reason()

    class Meta:
        model = Intervention
        fields = ["id", "title", "description", "method", "provider", "technical_area",
                  "country", "target_group", "start_date", "end_date", "status", "levels",
                  "target_constituents", "needs", "cpos", "funding_source", "cost",
                  "participants", "participation_recorded_as", "reason", "created_at",
                  "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def get_participants(self, obj) -> int | None:
        return getattr(obj, "participant_count", 0) or getattr(obj, "count_total", None)

    def get_participation_recorded_as(self, obj) -> str:
        """``list``, ``counts`` or empty."""
        if getattr(obj, "participant_count", 0):
            return "list"
        if getattr(obj, "count_total", None) is not None:
            return "counts"
        return ""


class ParticipationCountSerializer(serializers.ModelSerializer):
    intervention = serializers.PrimaryKeyRelatedField(queryset=Intervention.objects.all())
    reason = _reason()

    class Meta:
        model = ParticipationCount
        fields = ["id", "intervention", "total", "women", "men", "sex_not_recorded",
                  "employers", "workers", "labour_ministry", "other_government", "other",
                  "pre_test_average", "post_test_average", "reason", "updated_at"]
        read_only_fields = ["updated_at"]
        # The sums are the service's rules (with messages under the fields).
        validators: list = []

    def get_fields(self):
        fields = super().get_fields()
        if _is_single(self.instance):
            fields["intervention"].read_only = True
        return fields


class ParticipantSerializer(serializers.ModelSerializer):
    intervention = serializers.PrimaryKeyRelatedField(queryset=Intervention.objects.all())
    country = serializers.SlugRelatedField(slug_field="iso3", queryset=Country.objects.all(),
                                           help_text="ISO3 code of the participant's country.")
    constituent = serializers.PrimaryKeyRelatedField(
        queryset=Constituent.objects.all(), required=False, allow_null=True,
        help_text="The organization, when it is a recorded constituent.")
    reason = _reason()

    class Meta:
        model = Participant
        fields = ["id", "intervention", "name", "sex", "organization", "constituent",
                  "participant_group", "country", "pre_test_score", "post_test_score",
                  "reason", "created_at"]
        read_only_fields = ["created_at"]
        validators: list = []


class ParticipantImportSerializer(serializers.Serializer):
    intervention = serializers.PrimaryKeyRelatedField(queryset=Intervention.objects.all())
    file = serializers.FileField(
        help_text="CSV in UTF-8 with a header: name, sex, organization, constituent_group, "
                  "country, optionally pre_test_score and post_test_score.")


class ImportResultSerializer(serializers.Serializer):
    imported = serializers.IntegerField()
    participants = ParticipantSerializer(many=True)


def _as_of_field() -> serializers.DateField:
    return serializers.DateField(source="snapshot.as_of", read_only=True,
                                 help_text="The date these figures are computed as of.")


class IndexSerializer(serializers.ModelSerializer):
    as_of = _as_of_field()
    constituent = serializers.IntegerField(source="assessment.constituent_id", read_only=True)
    country = serializers.CharField(source="assessment.constituent.country.iso3",
                                    read_only=True)
    date = serializers.DateField(source="assessment.date", read_only=True)
    round = serializers.CharField(source="assessment.round", read_only=True)
    framework = serializers.CharField(source="assessment.framework.code", read_only=True)

    class Meta:
        model = AssessmentIndex
        fields = ["id", "as_of", "assessment", "constituent", "country", "framework", "date",
                  "round", "axis", "key", "index", "dimensions"]
        read_only_fields = fields


class ChangeSerializer(serializers.ModelSerializer):
    as_of = _as_of_field()
    country = serializers.CharField(source="constituent.country.iso3", read_only=True)
    dimension_name = serializers.CharField(source="dimension.name", read_only=True)
    level = serializers.CharField(source="dimension.level", read_only=True)
    capacity_type = serializers.CharField(source="dimension.capacity_type", read_only=True)
    baseline_date = serializers.DateField(source="baseline.date", read_only=True)
    follow_up_date = serializers.DateField(source="follow_up.date", read_only=True)

    class Meta:
        model = DimensionChange
        fields = ["id", "as_of", "constituent", "country", "framework_code", "dimension_code",
                  "dimension", "dimension_name", "level", "capacity_type", "baseline",
                  "baseline_date", "follow_up", "follow_up_date", "baseline_score",
                  "latest_score", "change"]
        read_only_fields = fields


class CoverageSerializer(serializers.ModelSerializer):
    as_of = _as_of_field()
    country = serializers.CharField(source="country.iso3", read_only=True)

    class Meta:
        model = NeedsCoverage
        fields = ["id", "as_of", "country", "constituent_group", "high_priority", "covered",
                  "share"]
        read_only_fields = fields


class ParticipationFigureSerializer(serializers.ModelSerializer):
    as_of = _as_of_field()
    biennium = serializers.SlugRelatedField(slug_field="code", read_only=True)
    country = serializers.SlugRelatedField(slug_field="iso3", read_only=True,
                                           help_text="Empty: regional and interregional.")

    class Meta:
        model = ParticipationFigure
        fields = ["id", "as_of", "biennium", "country", "participant_group", "participants",
                  "women", "men", "sex_not_recorded", "women_share"]
        read_only_fields = fields


class InterventionFigureSerializer(serializers.ModelSerializer):
    as_of = _as_of_field()
    title = serializers.CharField(source="intervention.title", read_only=True)
    country = serializers.CharField(source="intervention.country.iso3", read_only=True,
                                    allow_null=True, default=None)

    class Meta:
        model = InterventionFigure
        fields = ["id", "as_of", "intervention", "title", "country", "participants", "women",
                  "women_share", "organizations", "cost_per_participant"]
        read_only_fields = fields


class ReachSerializer(serializers.ModelSerializer):
    as_of = _as_of_field()
    biennium = serializers.SlugRelatedField(slug_field="code", read_only=True)
    country = serializers.SlugRelatedField(slug_field="iso3", read_only=True,
                                           help_text="Empty: regional and interregional.")

    class Meta:
        model = ReachFigure
        fields = ["id", "as_of", "biennium", "country", "interventions", "participants",
                  "organizations", "cost", "cost_per_participant"]
        read_only_fields = fields


# --- viewsets -------------------------------------------------------------------------------

NO_PUT = ["get", "post", "patch", "delete", "head", "options"]


def _framework_queryset():
    return (AssessmentFramework.objects
            .annotate(assessment_count=Count("assessments", distinct=True))
            .prefetch_related(Prefetch("dimensions", queryset=AssessmentDimension.objects
                                       .prefetch_related("descriptors")))
            .order_by("code", "-version"))


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


def _assessment_queryset():
    return (CapacityAssessment.objects
            .select_related("constituent__country", "framework")
            .prefetch_related(Prefetch("scores", queryset=DimensionScore.objects
                                       .select_related("dimension")
                                       .order_by("dimension__order", "dimension_id")))
            .order_by("-date", "-id"))


class AssessmentViewSet(ScopedModelViewSet):
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
        serializer.instance = _assessment_queryset().get(pk=assessment.pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        scores = data.pop("scores", None)
        assessment = assessment_services.assessment_update(
            user=self.request.user, assessment=serializer.instance, data=data,
            scores=scores, reason=reason)
        serializer.instance = _assessment_queryset().get(pk=assessment.pk)

    def perform_destroy(self, instance):
        assessment_services.assessment_delete(user=self.request.user, assessment=instance)


def _need_queryset():
    return (CapacityNeed.objects.select_related("constituent__country")
            .order_by(selectors.PRIORITY_RANK, "constituent__country__name", "id"))


class NeedViewSet(ScopedModelViewSet):
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
        serializer.instance = _need_queryset().get(pk=need.pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        need = need_services.need_update(user=self.request.user, need=serializer.instance,
                                         data=data, reason=reason)
        serializer.instance = _need_queryset().get(pk=need.pk)

    def perform_destroy(self, instance):
        need_services.need_delete(user=self.request.user, need=instance)

    @extend_schema(request=NeedStepSerializer, responses={201: NeedTransitionSerializer},
                   summary="Move a need to another review state")
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        need = get_object_or_404(self.get_queryset(), pk=pk)
        serializer = NeedStepSerializer(data=request.data)
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
        serializer = NeedBulkStepSerializer(data=request.data)
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
    @action(detail=True, methods=["get"])
    def transitions(self, request, pk=None):
        need = get_object_or_404(self.get_queryset(), pk=pk)
        steps = need.transitions.select_related("changed_by")
        return Response(NeedTransitionSerializer(steps, many=True).data)


def _plan_queryset():
    return (CapacityDevelopmentPlan.objects.select_related("constituent__country")
            .prefetch_related(Prefetch("items", queryset=PlanItem.objects
                                       .prefetch_related("needs")))
            .order_by("constituent__name", "-start_date", "id"))


class PlanViewSet(ScopedModelViewSet):
    """Capacity development plans of constituents with their items (planned interventions
    against needs; add and change items through `/capacity-plan-items/`). Filters: `country`,
    `region`, `group`, `constituent`, `dwcp`, `status`."""

    queryset = CapacityDevelopmentPlan.objects.all()
    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

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
        serializer.instance = _plan_queryset().get(pk=plan.pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        plan = plan_services.plan_update(user=self.request.user, plan=serializer.instance,
                                         data=data, reason=reason)
        serializer.instance = _plan_queryset().get(pk=plan.pk)


class PlanItemViewSet(ScopedModelViewSet):
    """Items of capacity development plans: a planned intervention against needs of the
    plan's constituent, due within the plan, linked to the intervention once recorded.
    Filters: `plan`."""

    queryset = PlanItem.objects.all()
    serializer_class = PlanItemSerializer
    filterset_fields = ["plan", "intervention"]
    http_method_names = NO_PUT

    def get_base_queryset(self):
        return PlanItem.objects.prefetch_related("needs").order_by("plan", "order", "id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("reason", None)
        item = plan_services.plan_item_create(user=self.request.user, **data)
        serializer.instance = self.get_base_queryset().get(pk=item.pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        needs = data.pop("needs", None)
        item = plan_services.plan_item_update(user=self.request.user, item=serializer.instance,
                                              data=data, needs=needs, reason=reason)
        serializer.instance = self.get_base_queryset().get(pk=item.pk)

    def perform_destroy(self, instance):
        plan_services.plan_item_delete(user=self.request.user, item=instance)


def _intervention_queryset():
    return (Intervention.objects.select_related("country")
            .prefetch_related("target_constituents", "needs", "cpos")
            .annotate(participant_count=Count("participants", distinct=True),
                      count_total=Max("participation_count__total"))
            .order_by("-start_date", "title"))


class InterventionViewSet(ScopedModelViewSet):
    """Capacity development interventions: method, provider, technical area, country (empty:
    regional), constituent group (empty: several), dates, status, levels addressed, target
    constituents, needs addressed, CPOs, funding source and cost. Field staff record those of
    their countries, specialists those of their group. Participation: `/participation-counts/`
    or `/participants/` (with the CSV import). Filters: `country`, `region`, `group`,
    `method`, `provider`, `technical_area`, `status`, `level`, `biennium`, `constituent`,
    `cpo`, `need`, `funding_source`."""

    queryset = Intervention.objects.all()
    serializer_class = InterventionSerializer
    filterset_class = InterventionFilter
    search_fields = ["title", "description"]
    ordering_fields = ["start_date", "title", "cost"]
    http_method_names = NO_PUT

    def get_base_queryset(self):
        return _intervention_queryset()

    def _fresh(self, pk: int) -> Intervention:
        return _intervention_queryset().get(pk=pk)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("reason", None)
        intervention = intervention_services.intervention_create(user=self.request.user,
                                                                 **data)
        serializer.instance = self._fresh(intervention.pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        intervention = intervention_services.intervention_update(
            user=self.request.user, intervention=serializer.instance, data=data, reason=reason)
        serializer.instance = self._fresh(intervention.pk)

    def perform_destroy(self, instance):
        intervention_services.intervention_delete(user=self.request.user,
                                                  intervention=instance)


COUNT_FIELDS = ("total", "women", "men", "sex_not_recorded", *ParticipationCount.GROUP_FIELDS,
                "pre_test_average", "post_test_average")


class ParticipationCountViewSet(ScopedModelViewSet):
    """Participation in an intervention as counts (when no participant list is kept): by sex
    and by constituent group, each adding up to the total; optional average test scores
    (0–100). POST records them (or replaces those recorded), PATCH changes them. Filters:
    `country`, `region`, `group`, `intervention`, `biennium`, `technical_area`, `method`."""

    queryset = ParticipationCount.objects.all()
    serializer_class = ParticipationCountSerializer
    filterset_class = ParticipationCountFilter
    http_method_names = NO_PUT

    def get_base_queryset(self):
        return ParticipationCount.objects.select_related("intervention").order_by(
            "-intervention__start_date", "id")

    def _set(self, intervention, values: dict, reason: str):
        row = participation_services.participation_counts_set(
            user=self.request.user, intervention=intervention, reason=reason,
            **{k: v for k, v in values.items() if k in COUNT_FIELDS})
        return self.get_base_queryset().get(pk=row.pk)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        intervention = data.pop("intervention")
        serializer.instance = self._set(intervention, data, data.get("reason", ""))

    def perform_update(self, serializer):
        current = serializer.instance
        values = {name: getattr(current, name) for name in COUNT_FIELDS}
        values.update(serializer.validated_data)
        serializer.instance = self._set(current.intervention, values,
                                        serializer.validated_data.get("reason", ""))

    def perform_destroy(self, instance):
        participation_services.participation_counts_delete(
            user=self.request.user, intervention=instance.intervention)


class ParticipantViewSet(ScopedModelViewSet):
    """People on the participant lists of interventions: name, sex, organization (linked to
    a constituent when it is one), constituent group, country, optional pre/post test scores
    (0–100). Add one with POST or many with `import-csv` (all or nothing: a refused file comes
    back as 400 listing each problem as "Row N, column: message" under `file`). Filters:
    `country` (of the intervention), `region`, `group`, `intervention`, `biennium`,
    `technical_area`, `method`, `participant_group`, `sex`, `constituent`,
    `participant_country`."""

    queryset = Participant.objects.all()
    serializer_class = ParticipantSerializer
    filterset_class = ParticipantFilter
    search_fields = ["name", "organization"]
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_base_queryset(self):
        return (Participant.objects.select_related("country", "intervention")
                .order_by("intervention", "name", "id"))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("reason", None)
        person = participation_services.participant_create(user=self.request.user, **data)
        serializer.instance = self.get_base_queryset().get(pk=person.pk)

    def perform_destroy(self, instance):
        participation_services.participant_delete(user=self.request.user,
                                                  participant=instance)

    @extend_schema(request={"multipart/form-data": ParticipantImportSerializer},
                   responses={201: ImportResultSerializer},
                   summary="Import a participant list from CSV (all or nothing)")
    @action(detail=False, methods=["post"], url_path="import-csv",
            parser_classes=[MultiPartParser, FormParser])
    def import_csv(self, request):
        serializer = ParticipantImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        intervention = serializer.validated_data["intervention"]
        from core import policy

        if not policy.can_view(request.user, intervention):
            raise ApplicationError("Choose an intervention you can see.", field_errors={
                "intervention": [f"Invalid pk \"{intervention.pk}\" - object does not exist."]})
        created = participation_services.participants_import_csv(
            user=request.user, intervention=intervention,
            file=serializer.validated_data["file"])
        rows = self.get_base_queryset().filter(pk__in=[p.pk for p in created])
        return Response({"imported": len(created),
                         "participants": ParticipantSerializer(rows, many=True).data},
                        status=status.HTTP_201_CREATED)


# --- computed figures (read only) -------------------------------------------------------------

class _CurrentFigures(ScopedReadOnlyViewSet):
    related: tuple[str, ...] = ()
    order: tuple[str, ...] = ("id",)

    def get_base_queryset(self):
        return (self.queryset.model.objects.filter(snapshot__is_current=True)
                .select_related("snapshot", *self.related).order_by(*self.order))


class IndexViewSet(_CurrentFigures):
    """Capacity index (0–100) of each assessment: overall (`axis` overall), per level and per
    capacity type (`key`), the mean of the scores rescaled as (score − 1) / 4 × 100, with the
    number of dimensions behind it. Current snapshot; `as_of` is its date. Filters:
    `country`, `region`, `group`, `constituent`, `assessment`, `framework`, `round`, `method`,
    `axis`, `level`, `capacity_type`."""

    queryset = AssessmentIndex.objects.all()
    serializer_class = IndexSerializer
    filterset_class = IndexFilter
    related = ("assessment__constituent__country", "assessment__framework")
    order = ("assessment__constituent_id", "assessment__date", "assessment_id", "axis", "key")


class ChangeViewSet(_CurrentFigures):
    """Change per constituent and dimension between the latest follow-up and the latest
    baseline before it (dimensions matched by code across framework versions). Filters:
    `country`, `region`, `group`, `constituent`, `framework`, `dimension`, `level`,
    `capacity_type`."""

    queryset = DimensionChange.objects.all()
    serializer_class = ChangeSerializer
    filterset_class = ChangeFilter
    related = ("constituent__country", "dimension", "baseline", "follow_up")
    order = ("constituent_id", "framework_code", "dimension__order", "dimension_code")


class CoverageViewSet(_CurrentFigures):
    """Needs coverage per country and constituent group: high-priority needs not declined,
    how many have a planned or delivered intervention, and the share in per cent. Filters:
    `country`, `region`, `group`."""

    queryset = NeedsCoverage.objects.all()
    serializer_class = CoverageSerializer
    filterset_class = CoverageFilter
    related = ("country",)
    order = ("country__name", "constituent_group")


class ParticipationFigureViewSet(_CurrentFigures):
    """Participants per biennium (of the interventions' start), country (empty: regional)
    and constituent group, by sex, with women's share among those whose sex is recorded.
    Filters: `country`, `region`, `regional`, `biennium`, `participant_group`."""

    queryset = ParticipationFigure.objects.all()
    serializer_class = ParticipationFigureSerializer
    filterset_class = ParticipationFigureFilter
    related = ("biennium", "country")
    order = ("biennium__start_year", "country__name", "participant_group")


class InterventionFigureViewSet(_CurrentFigures):
    """Per intervention that took place: participants, women and women's share,
    organizations reached and cost per participant. Filters: `country`, `region`, `group`,
    `intervention`, `biennium`, `technical_area`, `method`."""

    queryset = InterventionFigure.objects.all()
    serializer_class = InterventionFigureSerializer
    filterset_class = InterventionFigureFilter
    related = ("intervention__country",)
    order = ("-intervention__start_date", "intervention_id")


class ReachViewSet(_CurrentFigures):
    """Reach per biennium and country (empty: regional): interventions, participants,
    distinct organizations reached, known cost (US$) and cost per participant. Filters:
    `country`, `region`, `regional`, `biennium`."""

    queryset = ReachFigure.objects.all()
    serializer_class = ReachSerializer
    filterset_class = ReachFilter
    related = ("biennium", "country")
    order = ("biennium__start_year", "country__name")


class RepeatTraineeQuerySerializer(serializers.Serializer):
    start = serializers.DateField(required=False, help_text="first start date (default: four "
                                                            "years ago, 1 January)")
    end = serializers.DateField(required=False, help_text="last start date (default today)")
    min_areas = serializers.IntegerField(required=False, min_value=2, max_value=10, default=2,
                                         help_text="different technical areas at least")

    def validate(self, attrs):
        today = timezone.localdate()
        attrs.setdefault("start", dt.date(today.year - 4, 1, 1))
        attrs.setdefault("end", today)
        if attrs["start"] > attrs["end"]:
            raise serializers.ValidationError({"end": "The end comes after the start."})
        return attrs


class RepeatTraineeSerializer(serializers.Serializer):
    name = serializers.CharField()
    country = serializers.CharField(help_text="ISO 3166 alpha-3 of the person's country")
    technical_areas = serializers.ListField(child=serializers.CharField())
    interventions = serializers.SerializerMethodField()

    def get_interventions(self, row) -> list[dict]:
        return [{"id": i.pk, "title": i.title, "start_date": i.start_date,
                 "technical_area": i.technical_area} for i in row.interventions]


class RepeatTraineeViewSet(viewsets.ViewSet):
    """People on the participant lists of several interventions on unrelated subjects
    (seeds/000 ¶17(b)): for field staff (their countries), managers and administrators."""

    @extend_schema(parameters=[RepeatTraineeQuerySerializer],
                   responses=RepeatTraineeSerializer(many=True))
    def list(self, request):
        user = request.user
        if not (user.is_administrator or user.role in (Role.FIELD_STAFF, Role.MANAGER)):
            raise exceptions.PermissionDenied("Only field staff and managers see this list.")
        query = RepeatTraineeQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = selectors.repeat_trainees(user=user, **query.validated_data)
        return Response(RepeatTraineeSerializer(rows, many=True).data)


def register(router) -> None:
    router.register("assessment-frameworks", FrameworkViewSet, basename="assessment-framework")
    router.register("capacity-assessments", AssessmentViewSet, basename="capacity-assessment")
    router.register("capacity-needs", NeedViewSet, basename="capacity-need")
    router.register("capacity-plans", PlanViewSet, basename="capacity-plan")
    router.register("capacity-plan-items", PlanItemViewSet, basename="capacity-plan-item")
    router.register("capacity-interventions", InterventionViewSet,
                    basename="capacity-intervention")
    router.register("participation-counts", ParticipationCountViewSet,
                    basename="participation-count")
    router.register("participants", ParticipantViewSet, basename="participant")
    router.register("capacity-indices", IndexViewSet, basename="capacity-index")
    router.register("capacity-changes", ChangeViewSet, basename="capacity-change")
    router.register("needs-coverage", CoverageViewSet, basename="needs-coverage")
    router.register("participation-figures", ParticipationFigureViewSet,
                    basename="participation-figure")
    router.register("intervention-figures", InterventionFigureViewSet,
                    basename="intervention-figure")
    router.register("reach-figures", ReachViewSet, basename="reach-figure")
    router.register("repeat-trainees", RepeatTraineeViewSet, basename="repeat-trainee")
