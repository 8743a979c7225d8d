"""The figures the worker computed, read only, from the current snapshot; each row says the
date it is computed as of (docs/capacity.md).
"""
from __future__ import annotations

import django_filters
from rest_framework import serializers

from capacity.api._common import _choice, _group, _Place, _UnderIntervention
from capacity.models import (
    AssessmentDimension,
    AssessmentIndex,
    CapacityAssessment,
    CapacityLevel,
    DimensionChange,
    Intervention,
    InterventionFigure,
    NeedsCoverage,
    ParticipationFigure,
    ReachFigure,
)
from core.api import ScopedReadOnlyViewSet, read_only_slug, route, snapshot_as_of
from core.filters import IdFilter


class IndexFilter(_Place):
    country_path = "assessment__constituent__country"

    group = _group("assessment__constituent__group")
    constituent = IdFilter(field_name="assessment__constituent_id",
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
    pb_outcome = IdFilter(method="filter_pb_outcome",
                          label="P&B outcome id: interventions for CPOs linked to it")

    class Meta:
        model = InterventionFigure
        fields = ["country", "region", "group", "intervention", "biennium", "technical_area",
                  "method", "pb_outcome"]

    def filter_pb_outcome(self, queryset, name, value):
        return queryset.filter(intervention__in=Intervention.objects.filter(
            cpos__outcome_links__pb_outcome_id=value).values("pk"))


class IndexSerializer(serializers.ModelSerializer):
    as_of = snapshot_as_of()
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
    as_of = snapshot_as_of()
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
    as_of = snapshot_as_of()
    country = serializers.CharField(source="country.iso3", read_only=True)

    class Meta:
        model = NeedsCoverage
        fields = ["id", "as_of", "country", "constituent_group", "high_priority", "covered",
                  "share"]
        read_only_fields = fields


class ParticipationFigureSerializer(serializers.ModelSerializer):
    as_of = snapshot_as_of()
    biennium = read_only_slug("code")
    country = read_only_slug("iso3", help_text="Empty: regional and interregional.")

    class Meta:
        model = ParticipationFigure
        fields = ["id", "as_of", "biennium", "country", "participant_group", "participants",
                  "women", "men", "sex_not_recorded", "women_share"]
        read_only_fields = fields


class InterventionFigureSerializer(serializers.ModelSerializer):
    as_of = snapshot_as_of()
    title = serializers.CharField(source="intervention.title", read_only=True)
    country = serializers.CharField(source="intervention.country.iso3", read_only=True,
                                    allow_null=True, default=None)

    class Meta:
        model = InterventionFigure
        fields = ["id", "as_of", "intervention", "title", "country", "participants", "women",
                  "women_share", "organizations", "cost_per_participant"]
        read_only_fields = fields


class ReachSerializer(serializers.ModelSerializer):
    as_of = snapshot_as_of()
    biennium = read_only_slug("code")
    country = read_only_slug("iso3", help_text="Empty: regional and interregional.")

    class Meta:
        model = ReachFigure
        fields = ["id", "as_of", "biennium", "country", "interventions", "participants",
                  "organizations", "cost", "cost_per_participant"]
        read_only_fields = fields


class _CurrentFigures(ScopedReadOnlyViewSet):
    related: tuple[str, ...] = ()
    order: tuple[str, ...] = ("id",)

    def get_base_queryset(self):
        return (self.queryset.model.objects.filter(snapshot__is_current=True)
                .select_related("snapshot", *self.related).order_by(*self.order))


@route("capacity-indices", "capacity-index")
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


@route("capacity-changes", "capacity-change")
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


@route("needs-coverage", "needs-coverage")
class CoverageViewSet(_CurrentFigures):
    """Needs coverage per country and constituent group: high-priority needs not declined,
    how many have a planned or delivered intervention, and the share in per cent. Filters:
    `country`, `region`, `group`."""

    queryset = NeedsCoverage.objects.all()
    serializer_class = CoverageSerializer
    filterset_class = CoverageFilter
    related = ("country",)
    order = ("country__name", "constituent_group")


@route("participation-figures", "participation-figure")
class ParticipationFigureViewSet(_CurrentFigures):
    """Participants per biennium (of the interventions' start), country (empty: regional)
    and constituent group, by sex, with women's share among those whose sex is recorded.
    Filters: `country`, `region`, `regional`, `biennium`, `participant_group`."""

    queryset = ParticipationFigure.objects.all()
    serializer_class = ParticipationFigureSerializer
    filterset_class = ParticipationFigureFilter
    related = ("biennium", "country")
    order = ("biennium__start_year", "country__name", "participant_group")


@route("intervention-figures", "intervention-figure")
class InterventionFigureViewSet(_CurrentFigures):
    """Per intervention that took place: participants, women and women's share,
    organizations reached and cost per participant. Filters: `country`, `region`, `group`,
    `intervention`, `biennium`, `technical_area`, `method`."""

    queryset = InterventionFigure.objects.all()
    serializer_class = InterventionFigureSerializer
    filterset_class = InterventionFigureFilter
    related = ("intervention__country",)
    order = ("-intervention__start_date", "intervention_id")


@route("reach-figures", "reach-figure")
class ReachViewSet(_CurrentFigures):
    """Reach per biennium and country (empty: regional): interventions, participants,
    distinct organizations reached, known cost (US$) and cost per participant. Filters:
    `country`, `region`, `regional`, `biennium`."""

    queryset = ReachFigure.objects.all()
    serializer_class = ReachSerializer
    filterset_class = ReachFilter
    related = ("biennium", "country")
    order = ("biennium__start_year", "country__name")
