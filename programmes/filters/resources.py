"""Filters of development cooperation resources, shared by the browser lists and the API."""
from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter, YearFilter, country_filter, region_filter
from programmes.models import (
    AssistanceType,
    CountryProgrammeOutcome,
    DonorCategory,
    FundingSource,
    GenderMarker,
    Project,
    ProjectFunding,
    ProjectOutcomeLink,
    ProjectScope,
    ProjectStage,
)


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"),
                                  help_text=_("Project code, title or funding partner."))
    country = country_filter()
    region = django_filters.CharFilter(method="in_region", label=_("Region code"),
                                       help_text=_("Country projects of the region's countries "
                                                   "and the region's regional projects."))
    funding_source = django_filters.ChoiceFilter(choices=FundingSource.choices,
                                                 label=_("Funding source"))
    status = django_filters.ChoiceFilter(choices=ProjectStage.choices, label=_("Stage"))
    year = YearFilter(method="active_in", label=_("Active in year"),
                                       help_text=_("Projects running at some point of it."))
    cpo = IdFilter(field_name="cpo_links__cpo", label=_("Contributes to CPO"),
                                      distinct=True)
    scope = django_filters.ChoiceFilter(choices=ProjectScope.choices, label=_("Scope"))
    donor_category = django_filters.ChoiceFilter(
        method="funded_by_category", choices=DonorCategory.choices, label=_("Donor category"),
        help_text=_("Projects with a funding agreement of a donor of this category."))
    donor = IdFilter(method="funded_by_donor", label=_("Donor"))
    assistance_type = django_filters.ChoiceFilter(choices=AssistanceType.choices,
                                                  label=_("Type of assistance"))
    gender_marker = django_filters.TypedChoiceFilter(
        choices=GenderMarker.choices, coerce=int, label=_("Gender equality marker"))
    convention = django_filters.CharFilter(method="concerns_convention",
                                           label=_("Convention (code)"),
                                           help_text=_("e.g. C087 or P029."))
    pb_outcome = IdFilter(field_name="pb_links__pb_outcome", label=_("Serves P&B outcome"),
                          distinct=True)
    office = django_filters.CharFilter(lookup_expr="iexact", label=_("Office or unit"))

    class Meta:
        model = Project
        fields = ["q", "country", "region", "funding_source", "status", "year", "cpo",
                  "scope", "donor_category", "donor", "assistance_type", "gender_marker",
                  "convention", "pb_outcome", "office"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value) |
                               Q(funding_partner__icontains=value))

    # Filters through a to-many relation select by id (a subquery), so the list's rows are
    # never repeated and its annotations never multiplied.
    def funded_by_category(self, queryset, name, value):
        return queryset.filter(pk__in=Project.objects.filter(
            agreements__donor__category=value).values("pk"))

    def funded_by_donor(self, queryset, name, value):
        return queryset.filter(pk__in=Project.objects.filter(
            agreements__donor=value).values("pk"))

    def concerns_convention(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(pk__in=Project.objects.filter(
            conventions__code__iexact=value).values("pk"))

    def active_in(self, queryset, name, value):
        year = int(value)
        return queryset.filter(start_date__year__lte=year, end_date__year__gte=year)

    def in_region(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(country__region__code__iexact=value)
                               | Q(region__code__iexact=value))


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
