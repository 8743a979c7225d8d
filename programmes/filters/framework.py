"""FilterSets of the results framework (priorities, CPOs, their P&B links, outputs), shared by
the pages and the API. ``country`` is an ISO3 code, ``region`` a region code, ``year`` a year
the DWCP covers."""
from __future__ import annotations

import django_filters
from django.db.models import Q

from core import content
from core.filters import IdFilter, YearFilter
from programmes.filters.dwcp import YearRangeFilter, overlapping
from programmes.models import (
    CountryPriority,
    CountryProgrammeOutcome,
    CpoOutcomeLink,
    DwcpStatus,
    Output,
)


class _ScopeFilter(django_filters.FilterSet):
    """Country / region / year / DWCP status filters for objects under a DWCP
    (``dwcp_path`` leads from the model to its DWCP)."""

    dwcp_path = "dwcp"

    dwcp = IdFilter(method="filter_dwcp", label="DWCP id")
    country = django_filters.CharFilter(method="filter_country", label="Country (ISO3)")
    region = django_filters.CharFilter(method="filter_region", label="Region code")
    year = YearFilter(method="filter_year", label="Year the DWCP covers")
    status = django_filters.MultipleChoiceFilter(method="filter_status",
                                                 choices=DwcpStatus.choices,
                                                 label="DWCP status (repeatable)")
    period = YearRangeFilter(method="filter_period",
                             label="Years the DWCP runs in, e.g. 2012-2016 (overlap)")

    def filter_dwcp(self, queryset, name, value):
        return queryset.filter(**{f"{self.dwcp_path}_id": value})

    def filter_period(self, queryset, name, value):
        return queryset.filter(overlapping(f"{self.dwcp_path}__", value))

    def filter_country(self, queryset, name, value):
        return queryset.filter(**{f"{self.dwcp_path}__country__iso3__iexact": value})

    def filter_region(self, queryset, name, value):
        return queryset.filter(**{f"{self.dwcp_path}__country__region__code__iexact": value})

    def filter_year(self, queryset, name, value):
        return queryset.filter(**{f"{self.dwcp_path}__start_year__lte": value,
                                  f"{self.dwcp_path}__end_year__gte": value})

    def filter_status(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(**{f"{self.dwcp_path}__status__in": value})


def _search(*fields):
    def method(self, queryset, name, value):
        query = Q()
        for field in fields:
            # a title is matched in every language (core.content)
            query |= (content.matches(field, value) if field.endswith("title")
                      else Q(**{f"{field}__icontains": value}))
        return queryset.filter(query)

    return method


class PriorityFilter(_ScopeFilter):
    q = django_filters.CharFilter(method="search", label="Search")
    biennium = YearRangeFilter(method="filter_period",
                               label="Biennium the DWCP spans, e.g. 2014-15")
    search = _search("code", "title")

    class Meta:
        model = CountryPriority
        fields = ["dwcp"]


class CpoFilter(_ScopeFilter):
    q = django_filters.CharFilter(method="search", label="Search")
    biennium = django_filters.CharFilter(field_name="outcome_links__biennium__code",
                                         label="Biennium code (e.g. 2014-15)", distinct=True)
    pb_outcome = IdFilter(field_name="outcome_links__pb_outcome",
                                             label="P&B outcome id", distinct=True)
    pb_indicator = IdFilter(field_name="outcome_links__pb_indicator", distinct=True,
                            label="P&B outcome indicator id")
    un_outcome = IdFilter(field_name="un_outcomes", distinct=True,
                                             label="UN framework outcome id")
    sdg_target = django_filters.CharFilter(field_name="sdg_targets__code", distinct=True,
                                           label="SDG target code (e.g. 8.5)")
    gender_marker = django_filters.NumberFilter(
        field_name="gender_marker", label="Gender equality marker (0–3)")
    gender_marker_min = django_filters.NumberFilter(
        field_name="gender_marker", lookup_expr="gte", label="Gender equality marker at least")
    convention = django_filters.CharFilter(field_name="conventions__code", distinct=True,
                                           label="ILO Convention or Protocol code (e.g. C087)")
    social_dialogue = django_filters.BooleanFilter(label="Social dialogue and tripartism")
    just_transition = django_filters.BooleanFilter(label="Just transition")
    search = _search("code", "title")

    class Meta:
        model = CountryProgrammeOutcome
        fields = ["dwcp", "priority"]


class CpoOutcomeLinkFilter(_ScopeFilter):
    dwcp_path = "cpo__dwcp"

    biennium = django_filters.CharFilter(field_name="biennium__code",
                                         label="Biennium code (e.g. 2014-15)")
    framework = django_filters.CharFilter(field_name="pb_outcome__framework__code",
                                          label="P&B framework code")

    class Meta:
        model = CpoOutcomeLink
        fields = ["cpo", "pb_outcome", "pb_indicator"]


class OutputFilter(_ScopeFilter):
    dwcp_path = "cpo__dwcp"

    q = django_filters.CharFilter(method="search", label="Search")
    biennium = YearRangeFilter(method="filter_period",
                               label="Biennium the DWCP spans, e.g. 2014-15")
    search = _search("code", "title")

    class Meta:
        model = Output
        fields = ["cpo"]
