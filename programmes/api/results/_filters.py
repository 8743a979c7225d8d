"""FilterSets of the results API (see the package's docstring for their names)."""
from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q

from constituents.models import Country, Region
from core.filters import IdFilter
from programmes.filters.dwcp import YearRangeFilter
from programmes.models import (
    BiennialMilestone,
    CpoOutcomeLink,
    CpoResult,
    Indicator,
    IndicatorResult,
    IndicatorRevision,
    ProgressUpdate,
    ResultRollup,
    ResultStatus,
    Unit,
    UpdateStatus,
)


class _UnderCpo(django_filters.FilterSet):
    """Country / region / DWCP / CPO filters of objects under a CPO (``cpo_path`` leads from
    the model to its CPO)."""

    cpo_path = "cpo"

    country = django_filters.CharFilter(method="filter_country", label="Country (ISO3)")
    region = django_filters.CharFilter(method="filter_region", label="Region code")
    dwcp = IdFilter(method="filter_dwcp", label="DWCP id")
    cpo = IdFilter(method="filter_cpo", label="CPO id")

    def filter_country(self, queryset, name, value):
        return queryset.filter(**{f"{self.cpo_path}__dwcp__country__iso3__iexact": value})

    def filter_region(self, queryset, name, value):
        return queryset.filter(
            **{f"{self.cpo_path}__dwcp__country__region__code__iexact": value})

    def filter_dwcp(self, queryset, name, value):
        return queryset.filter(**{f"{self.cpo_path}__dwcp_id": value})

    def filter_cpo(self, queryset, name, value):
        return queryset.filter(**{f"{self.cpo_path}_id": value})


class IndicatorFilter(_UnderCpo):
    biennium = django_filters.CharFilter(field_name="milestones__biennium__code", distinct=True,
                                         label="Biennium code (e.g. 2020-21): indicators with "
                                               "a milestone in it")
    unit = django_filters.ChoiceFilter(choices=Unit.choices, label="Unit")
    q = django_filters.CharFilter(method="search", label="Code or title")

    class Meta:
        model = Indicator
        fields = ["country", "region", "dwcp", "cpo", "output", "biennium", "unit", "direction",
                  "cumulative", "q"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value))


class MilestoneFilter(_UnderCpo):
    cpo_path = "indicator__cpo"

    biennium = django_filters.CharFilter(field_name="biennium__code",
                                         label="Biennium code (e.g. 2020-21)")
    unit = django_filters.ChoiceFilter(field_name="indicator__unit", choices=Unit.choices,
                                       label="Unit of the indicator")

    class Meta:
        model = BiennialMilestone
        fields = ["country", "region", "dwcp", "cpo", "indicator", "biennium", "unit"]


class ProgressUpdateFilter(_UnderCpo):
    cpo_path = "indicator__cpo"

    biennium = YearRangeFilter(method="filter_biennium",
                               label="Biennium (e.g. 2020-21): updates dated within it")
    status = django_filters.MultipleChoiceFilter(choices=UpdateStatus.choices,
                                                 label="Workflow status (repeatable)")
    unit = django_filters.ChoiceFilter(field_name="indicator__unit", choices=Unit.choices,
                                       label="Unit of the indicator")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte",
                                          label="Dated on or after")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte",
                                        label="Dated on or before")

    class Meta:
        model = ProgressUpdate
        fields = ["country", "region", "dwcp", "cpo", "indicator", "biennium", "status", "unit",
                  "date_from", "date_to"]

    def filter_biennium(self, queryset, name, value):
        first, last = value
        return queryset.filter(date__year__gte=first, date__year__lte=last)


class RevisionFilter(_UnderCpo):
    cpo_path = "indicator__cpo"

    biennium = django_filters.CharFilter(field_name="biennium__code",
                                         label="Biennium code of a revised milestone")
    unit = django_filters.ChoiceFilter(field_name="indicator__unit", choices=Unit.choices,
                                       label="Unit of the indicator")

    class Meta:
        model = IndicatorRevision
        fields = ["country", "region", "dwcp", "cpo", "indicator", "kind", "biennium", "unit"]


class _ByOutcome(_UnderCpo):
    """Computed rows of a biennium whose CPO contributes to a P&B outcome in that biennium
    (its link for the row's biennium)."""

    pb_outcome = IdFilter(method="filter_pb_outcome",
                          label="P&B outcome id: rows of CPOs linked to it in the biennium")

    def filter_pb_outcome(self, queryset, name, value):
        return queryset.filter(Exists(CpoOutcomeLink.objects.filter(
            cpo_id=OuterRef(f"{self.cpo_path}_id"), biennium_id=OuterRef("biennium_id"),
            pb_outcome_id=value)))


class IndicatorResultFilter(_ByOutcome):
    cpo_path = "indicator__cpo"

    biennium = django_filters.CharFilter(field_name="biennium__code",
                                         label="Biennium code (e.g. 2020-21)")
    status = django_filters.MultipleChoiceFilter(choices=ResultStatus.choices,
                                                 label="Status (repeatable)")
    unit = django_filters.ChoiceFilter(field_name="indicator__unit", choices=Unit.choices,
                                       label="Unit of the indicator")

    class Meta:
        model = IndicatorResult
        fields = ["country", "region", "dwcp", "cpo", "indicator", "biennium", "pb_outcome",
                  "status", "unit"]


class CpoResultFilter(_ByOutcome):
    biennium = django_filters.CharFilter(field_name="biennium__code",
                                         label="Biennium code (e.g. 2020-21)")
    status = django_filters.MultipleChoiceFilter(choices=ResultStatus.choices,
                                                 label="Status (repeatable)")

    class Meta:
        model = CpoResult
        fields = ["country", "region", "dwcp", "cpo", "biennium", "pb_outcome", "status"]


class RollupFilter(django_filters.FilterSet):
    biennium = django_filters.CharFilter(field_name="biennium__code",
                                         label="Biennium code (e.g. 2020-21)")
    country = django_filters.CharFilter(method="filter_country",
                                        label="Country (ISO3): its country-level rows")
    region = django_filters.CharFilter(method="filter_region",
                                       label="Region code: its region-level rows")
    pb_outcome = IdFilter(method="filter_pb_outcome",
                          label="P&B outcome id: its outcome-level rows")
    status = django_filters.MultipleChoiceFilter(choices=ResultStatus.choices,
                                                 label="Status (repeatable)")

    class Meta:
        model = ResultRollup
        fields = ["biennium", "level", "subject", "key", "status", "country", "region",
                  "pb_outcome"]

    def filter_pb_outcome(self, queryset, name, value):
        return queryset.filter(level=ResultRollup.Level.PB_OUTCOME, key=value)

    def filter_country(self, queryset, name, value):
        ids = Country.objects.filter(iso3__iexact=value).values("id")
        return queryset.filter(level=ResultRollup.Level.COUNTRY, key__in=ids)

    def filter_region(self, queryset, name, value):
        ids = Region.objects.filter(code__iexact=value).values("id")
        return queryset.filter(level=ResultRollup.Level.REGION, key__in=ids)
