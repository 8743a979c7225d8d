"""Filters of the development cooperation portfolio (donors, funding agreements, UN rates of
exchange), shared by the pages and the API."""
from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter, YearFilter, country_filter
from programmes.models import Donor, DonorCategory, Earmarking, ExchangeRate, FundingAgreement


class DonorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"),
                                  help_text=_("Name or short name."))
    category = django_filters.ChoiceFilter(choices=DonorCategory.choices, label=_("Category"))
    country = country_filter(label=_("Donor country (ISO3)"))

    class Meta:
        model = Donor
        fields = ["q", "category", "country"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(acronym__icontains=value))


class FundingAgreementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"),
                                  help_text=_("Reference, title or donor."))
    donor = IdFilter(field_name="donor", label=_("Donor"))
    category = django_filters.ChoiceFilter(field_name="donor__category",
                                           choices=DonorCategory.choices,
                                           label=_("Donor category"))
    year = YearFilter(field_name="approval_date__year", label=_("Approved in year"))
    earmarking = django_filters.ChoiceFilter(choices=Earmarking.choices, label=_("Earmarking"))
    locally_mobilized = django_filters.BooleanFilter(label=_("Mobilized locally"))
    project = IdFilter(field_name="project", label=_("Project"))
    thematic = django_filters.BooleanFilter(field_name="project", lookup_expr="isnull",
                                            label=_("Without a project (thematic or core)"))
    currency = django_filters.CharFilter(lookup_expr="iexact", label=_("Currency"))

    class Meta:
        model = FundingAgreement
        fields = ["q", "donor", "category", "year", "earmarking", "locally_mobilized",
                  "project", "thematic", "currency"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(reference__icontains=value) | Q(title__icontains=value)
                               | Q(donor__name__icontains=value))


class ExchangeRateFilter(django_filters.FilterSet):
    currency = django_filters.CharFilter(lookup_expr="iexact", label=_("Currency"))
    year = YearFilter(field_name="month__year", label=_("Year"))
    month = django_filters.NumberFilter(field_name="month__month", min_value=1, max_value=12,
                                        decimal_places=0, label=_("Month (1–12)"))

    class Meta:
        model = ExchangeRate
        fields = ["currency", "year", "month"]
