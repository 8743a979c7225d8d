"""What the capacity API modules share: the place filters (country by ISO3, region by code),
the filters of rows under an intervention, the change reason field and ``NO_PUT``.
"""
from __future__ import annotations

import django_filters
from rest_framework import serializers

from capacity.models import (
    Intervention,
)
from core.api import ScopedModelViewSet, ServiceWrites, reason_field
from programmes.filters.dwcp import YearRangeFilter

REASON_HELP = "Reason for the change (kept in the history)."


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


def _reason() -> serializers.CharField:
    return reason_field(REASON_HELP)


NO_PUT = ["get", "post", "patch", "delete", "head", "options"]


# A viewset writing through the capacity services (core.api.ServiceWrites) whose responses
# show the written row as its list reads it (get_base_queryset, with the related rows). No
# docstring: drf-spectacular would show it as the description of every viewset without one.
class _ServiceViewSet(ServiceWrites, ScopedModelViewSet):
    def saved(self, obj):
        return self.get_base_queryset().get(pk=obj.pk)
