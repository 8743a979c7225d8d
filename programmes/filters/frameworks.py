"""FilterSets of UN frameworks and national development plans, shared by the pages and the
API. ``country`` is an ISO3 code, ``region`` a region code, ``year`` a year the framework or
plan covers, ``period`` a span of years ("2012-2016", or one year) it overlaps."""
from __future__ import annotations

import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.filters import IdFilter, YearFilter
from programmes.models import (
    NationalDevelopmentPlan,
    NationalPriority,
    PriorityAlignment,
    UNFramework,
    UNFrameworkOutcome,
)

_PERIOD = re.compile(r"^\s*(\d{4})\s*(?:[-–/]\s*(\d{4})\s*)?$")


class PeriodField(forms.CharField):
    """A period such as 2012-2016 (or 2012–2016, 2012/2016) or a single year, cleaned to a
    pair of years in order."""

    default_error_messages = {
        "invalid": _("Enter a year or a period like 2012-2016."),
        "order": _("The last year cannot be before the first year."),
    }

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = _PERIOD.match(value)
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        start = int(match.group(1))
        end = int(match.group(2) or start)
        if end < start:
            raise forms.ValidationError(self.error_messages["order"], code="order")
        return (start, end)


@extend_schema_field(OpenApiTypes.STR)
class PeriodFilter(django_filters.Filter):
    field_class = PeriodField


class _CountryFilter(django_filters.FilterSet):
    """Country / region / year filters; ``country_path`` leads to the country and
    ``period_path`` to the object carrying start_year / end_year."""

    country_path = "country"
    period_path = ""

    country = django_filters.CharFilter(method="filter_country", label="Country (ISO3)")
    region = django_filters.CharFilter(method="filter_region", label="Region code")
    year = YearFilter(method="filter_year", label="Year covered")
    period = PeriodFilter(method="filter_period",
                          label="Period overlapped (e.g. 2012-2016, or one year)")

    def filter_country(self, queryset, name, value):
        return queryset.filter(**{f"{self.country_path}__iso3__iexact": value})

    def filter_region(self, queryset, name, value):
        return queryset.filter(**{f"{self.country_path}__region__code__iexact": value})

    def filter_year(self, queryset, name, value):
        prefix = f"{self.period_path}__" if self.period_path else ""
        return queryset.filter(**{f"{prefix}start_year__lte": value,
                                  f"{prefix}end_year__gte": value})

    def filter_period(self, queryset, name, value):
        start, end = value
        prefix = f"{self.period_path}__" if self.period_path else ""
        return queryset.filter(**{f"{prefix}start_year__lte": end,
                                  f"{prefix}end_year__gte": start})


class UNFrameworkFilter(_CountryFilter):
    q = django_filters.CharFilter(method="search", label="Search")
    kind = django_filters.ChoiceFilter(choices=UNFramework.Kind.choices)

    class Meta:
        model = UNFramework
        fields = ["kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(country__name__icontains=value)
                               | Q(pk__in=UNFrameworkOutcome.objects.filter(
                                   title__icontains=value).values("framework")))


class UNOutcomeFilter(_CountryFilter):
    country_path = "framework__country"
    period_path = "framework"

    q = django_filters.CharFilter(method="search", label="Search")
    kind = django_filters.ChoiceFilter(field_name="framework__kind",
                                       choices=UNFramework.Kind.choices)

    class Meta:
        model = UNFrameworkOutcome
        fields = ["framework", "ilo_role", "social_partner_participation"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value))


class PriorityAlignmentFilter(_CountryFilter):
    country_path = "un_outcome__framework__country"
    period_path = "un_outcome__framework"

    framework = IdFilter(field_name="un_outcome__framework",
                                            label="UN framework id")
    dwcp = IdFilter(field_name="priority__dwcp", label="DWCP id")

    class Meta:
        model = PriorityAlignment
        fields = ["un_outcome", "priority", "reflection"]


class DevelopmentPlanFilter(_CountryFilter):
    q = django_filters.CharFilter(method="search", label="Search")

    class Meta:
        model = NationalDevelopmentPlan
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(country__name__icontains=value))


class NationalPriorityFilter(_CountryFilter):
    country_path = "plan__country"
    period_path = "plan"

    q = django_filters.CharFilter(method="search", label="Search")

    class Meta:
        model = NationalPriority
        fields = ["plan"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value))
