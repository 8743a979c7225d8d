"""Reads of countries and constituents, always narrowed to what the user may view."""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet
from django.utils.functional import Promise

from core import policy
from core.roles import ConstituentGroup

from .filters import ConstituentFilter, CountryFilter
from .models import (
    Affiliation,
    Constituent,
    ConstituentType,
    Contact,
    Country,
    MembershipFigure,
    Region,
    group_for_type,
)

if TYPE_CHECKING:
    from core.models import User


def country_list(*, user: User | None,
                 filters: Mapping[str, Any] | None = None) -> QuerySet[Country]:
    qs = policy.visible(user, Country.objects.select_related("region"))
    filtered: QuerySet[Any] = CountryFilter(filters or {}, queryset=qs).qs
    return filtered


def region_list(*, user: User | None) -> QuerySet[Region]:
    return policy.visible(user, Region.objects.all())


def constituent_list(*, user: User | None,
                     filters: Mapping[str, Any] | None = None) -> QuerySet[Constituent]:
    qs = policy.visible(user, Constituent.objects.select_related("country__region"))
    filtered: QuerySet[Any] = ConstituentFilter(filters or {}, queryset=qs).qs
    return filtered


def constituent_get(*, pk: int) -> Constituent | None:
    """One constituent with what its page shows (the caller checks the policy)."""
    return (Constituent.objects.select_related("country__region")
            .prefetch_related(
                Prefetch("affiliations", queryset=Affiliation.objects.order_by("organization")),
                Prefetch("membership_figures",
                         queryset=MembershipFigure.objects.order_by("-year")),
                Prefetch("contacts", queryset=Contact.objects.order_by("-is_primary", "name")))
            .filter(pk=pk).first())


def constituent_with_country(*, pk: int) -> Constituent | None:
    """One constituent with its country, for a record about it made in another app (a
    capacity assessment, a need, a plan); the caller checks the policy."""
    return Constituent.objects.select_related("country").filter(pk=pk).first()


def constituents_by_group(*, user: User | None, country: Country) -> dict[str, list[Constituent]]:
    """The country's organizations the user may view, by group (active first, then name)."""
    groups: dict[str, list[Constituent]] = {g.value: [] for g in ConstituentGroup}
    qs = policy.visible(user, Constituent.objects.filter(country=country)
                        .order_by("-active", "name"))
    for constituent in qs:
        groups[constituent.group].append(constituent)
    return groups


def countries_for_new_constituent(*, user: User | None) -> QuerySet[Country]:
    """Countries where the user may add some organization."""
    return policy.countries_for_create(
        user, Constituent, Country.objects.select_related("region").order_by("name"))


def types_for_user(*, user: User) -> list[tuple[str, str | Promise]]:
    """Constituent types the user may create or set (specialists: their group's types)."""
    group = policy.own_group(user)
    return [(value, label) for value, label in ConstituentType.choices
            if group is None or group_for_type(value) == group]
