"""Filters of development cooperation resources, shared by the browser lists and the API."""
from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter, YearFilter, country_filter, region_filter
from programmes.models import (
    CountryProgrammeOutcome,
    FundingSource,
    Project,
    ProjectFunding,
    ProjectOutcomeLink,
    ProjectStage,
)


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"),
                                  help_text=_("Project code, title or funding partner."))
    country = country_filter()
    region = region_filter()
    funding_source = django_filters.ChoiceFilter(choices=FundingSource.choices,
                                                 label=_("Funding source"))
    status = django_filters.ChoiceFilter(choices=ProjectStage.choices, label=_("Status"))
    year = YearFilter(method="active_in", label=_("Active in year"),
                                       help_text=_("Projects running at some point of it."))
    cpo = IdFilter(field_name="cpo_links__cpo", label=_("Contributes to CPO"),
                                      distinct=True)

    class Meta:
        model = Project
        fields = ["q", "country", "region", "funding_source", "status", "year", "cpo"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value) |
                               Q(funding_partner__icontains=value))

    def active_in(self, queryset, name, value):
        year = int(value)
        return queryset.filter(start_date__year__lte=year, end_date__year__gte=year)


class ProjectFundingFilter(django_filters.FilterSet):
    project = IdFilter(field_name="project")
    country = country_filter("project__country")
    region = region_filter("project__country")
    funding_source = django_filters.ChoiceFilter(field_name="project__funding_source",
                                                 choices=FundingSource.choices,
                                                 label=_("Funding source"))
    status = django_filters.ChoiceFilter(field_name="project__status",
                                         choices=ProjectStage.choices,
                                         label=_("Project status"))
    year = YearFilter(field_name="year")

    class Meta:
        model = ProjectFunding
        fields = ["project", "country", "region", "funding_source", "status", "year"]


class ProjectOutcomeLinkFilter(django_filters.FilterSet):
    project = IdFilter(field_name="project")
    cpo = IdFilter(field_name="cpo")
    dwcp = IdFilter(field_name="cpo__dwcp")
    country = country_filter("project__country")
    region = region_filter("project__country")
    funding_source = django_filters.ChoiceFilter(field_name="project__funding_source",
                                                 choices=FundingSource.choices,
                                                 label=_("Funding source"))

    class Meta:
        model = ProjectOutcomeLink
        fields = ["project", "cpo", "dwcp", "country", "region", "funding_source"]


class CpoResourcesFilter(django_filters.FilterSet):
    dwcp = IdFilter(field_name="dwcp")
    country = country_filter("dwcp__country")
    region = region_filter("dwcp__country")
    status = django_filters.CharFilter(field_name="dwcp__status", label=_("DWCP status"))
    year = YearFilter(method="dwcp_in_year", label=_("DWCP running in year"))

    class Meta:
        model = CountryProgrammeOutcome
        fields = ["dwcp", "country", "region", "status", "year"]

    def dwcp_in_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(dwcp__start_year__lte=year, dwcp__end_year__gte=year)
