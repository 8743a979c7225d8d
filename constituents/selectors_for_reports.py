"""Reads of regions, countries and constituents for the reports (the DWCP, biennial and
capacity reports, their forms' choices and the data fingerprint of a report run).

These selectors are unscoped on purpose: reports are made by managers and administrators,
who see every country, and rendered by the worker, which has no user; a report covers whole
regions rather than one user's scope (``reporting.services`` checks who may ask for one)."""
from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, Q

from .models import Constituent, Country, Region


def region_choices() -> list[tuple[str, str]]:
    """(code, name) of every region, by name, the name in the active language."""
    return [(region.code, region.label) for region in Region.objects.order_by("name")]


def country_by_iso3(*, iso3: str) -> Country | None:
    """The country of an ISO3 code (any case), with its region."""
    return Country.objects.select_related("region").filter(
        iso3=(iso3 or "").strip().upper()).first()


def region_by_code_or_name(*, code: str) -> Region | None:
    """The region of a code or a name (any case)."""
    code = code.strip()
    return Region.objects.filter(Q(code__iexact=code) | Q(name__iexact=code)).first()


def regions_and_countries(*, region: Region | None) -> tuple[dict[int, Region],
                                                             dict[int, Country]]:
    """The region given (every region when None), by name, and their countries with their
    region, each by id. Two queries."""
    regions = {r.pk: r for r in (Region.objects.filter(pk=region.pk) if region
                                 else Region.objects.all()).order_by("name")}
    countries = {c.pk: c for c in Country.objects.filter(region_id__in=regions)
                 .select_related("region")}
    return regions, countries


def constituent_with_country(*, pk: Any) -> Constituent | None:
    """A constituent with its country and region (None when there is none)."""
    return Constituent.objects.select_related("country__region").filter(pk=pk).first()


def constituents_fingerprint() -> dict[str, Any]:
    """Row count and last change of the regions, countries and constituents: a report made
    again after one of them changed must not be taken from the store."""
    out: dict[str, Any] = {}
    for model in (Region, Country, Constituent):
        agg = model.objects.aggregate(n=Count("id"), last=Max("updated_at"))
        out[model.__name__] = [agg["n"], agg["last"].isoformat() if agg["last"] else None]
    return out
