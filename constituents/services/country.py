"""Writes of a country's context (ILO office, decent work team, UN country team)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction

from ..models import Country
from ._common import assign, clean_fields, require, save

if TYPE_CHECKING:
    from core.models import User


COUNTRY_CONTEXT_FIELDS = ("ilo_office", "decent_work_team", "delivering_as_one_pilot",
                          "ilo_resident_in_unct")


@transaction.atomic
def country_context_update(*, country: Country, data: Mapping[str, Any],
                           reason: str = "", user: User | None = None) -> Country:
    """Change the context of the ILO's presence in a country (office, Decent Work Team,
    Delivering as One pilot, residence in the UN Country Team)."""
    require(user, country)
    changed = assign(country, data, COUNTRY_CONTEXT_FIELDS)
    if changed:
        clean_fields(country, exclude=[f.name for f in Country._meta.fields
                                        if f.name not in COUNTRY_CONTEXT_FIELDS])
        save(country, reason=reason, update_fields=changed)
    return country
