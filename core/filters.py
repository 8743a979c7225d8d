"""Filters every app's FilterSets share: a country chosen by its ISO 3166 alpha-3 code and a
region by its code, in any case, along the path from the filtered model to the country
(``country``, ``dwcp__country``, ``constituent__country`` …), so an address reads
``?country=ALB&region=ECA``."""
from __future__ import annotations

from typing import Any

import django_filters
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

COUNTRY_LABEL = _("Country (ISO3)")
REGION_LABEL = _("Region code")


def country_filter(path: str = "country", *, label: str | Promise = COUNTRY_LABEL,
                   **kwargs: Any) -> django_filters.CharFilter:
    """The objects whose country (at ``path``) has this ISO3 code."""
    return django_filters.CharFilter(field_name=f"{path}__iso3", lookup_expr="iexact",
                                     label=label, **kwargs)


def region_filter(path: str = "country", *, label: str | Promise = REGION_LABEL,
                  **kwargs: Any) -> django_filters.CharFilter:
    """The objects whose country (at ``path``; the region itself with ``path=""``) is in the
    region of this code."""
    field_name = f"{path}__region__code" if path else "region__code"
    return django_filters.CharFilter(field_name=field_name, lookup_expr="iexact", label=label,
                                     **kwargs)


# The years a filter accepts: a calendar year the data can have. Beyond them (``1e20``) the
# filter form says so instead of the database overflowing.
FIRST_YEAR, LAST_YEAR = 1900, 2200


# The largest object id a filter accepts (a PostgreSQL bigint holds 19 digits).
MAX_ID = 10**18 - 1


class YearFilter(django_filters.NumberFilter):  # type: ignore[misc]  # django-filter ships no types
    """A year, whole and between :data:`FIRST_YEAR` and :data:`LAST_YEAR`: anything else
    (``1e20``, ``2020.5``) is a form error (400 on the API), never a failed query."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        kwargs.setdefault("decimal_places", 0)
        super().__init__(*args, **kwargs)


class IdFilter(django_filters.NumberFilter):  # type: ignore[misc]  # django-filter ships no types
    """An object's id: a whole number from 1 to :data:`MAX_ID` (``1e30`` or
    ``18446744073709551616`` is a form error, not an overflow in the database)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        kwargs.setdefault("decimal_places", 0)
        super().__init__(*args, **kwargs)


def year_filter(*, label: str | Promise, **kwargs: Any) -> django_filters.NumberFilter:
    """A :class:`YearFilter` labelled ``label``."""
    return YearFilter(label=label, **kwargs)
