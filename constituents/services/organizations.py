"""Writes of constituent organizations and their affiliations (e.g. to an international
confederation)."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError

from ..models import Affiliation, Constituent, ConstituentType, Country, group_for_type
from ._common import assign, clean_fields, delete, plausible_year_error, require, save

if TYPE_CHECKING:
    from core.models import User


CONSTITUENT_FIELDS = ("name", "acronym", "type", "level", "sector", "website", "address", "notes",
                      "active")
AFFILIATION_FIELDS = ("organization", "since_year")


# --- constituents -------------------------------------------------------------------------

def _check_constituent_name(constituent: Constituent) -> None:
    clash = (Constituent.objects.filter(country_id=constituent.country_id,
                                        name__iexact=constituent.name)
             .exclude(pk=constituent.pk).first())
    if clash is not None:
        raise ApplicationError(
            _("An organization with this name already exists in %(country)s.")
            % {"country": constituent.country},
            field_errors={"name": [_("%(country)s already has an organization named "
                                     "“%(name)s”.") % {"country": constituent.country,
                                                        "name": clash.name}]})


def _name_conflict(constituent: Constituent) -> ApplicationError:
    return ApplicationError(
        _("An organization with this name already exists in this country."),
        field_errors={"name": [_("This country already has an organization of this name.")]})


@transaction.atomic
def constituent_create(*, country: Country, name: str, type: str, acronym: str = "",
                       level: str = Constituent.Level.NATIONAL, sector: str = "",
                       website: str = "", address: str = "", notes: str = "",
                       active: bool = True, reason: str = "",
                       user: User | None = None) -> Constituent:
    """Create an organization of ``country``; its group follows from its type."""
    constituent = Constituent(country=country)
    assign(constituent, {"name": name, "acronym": acronym, "type": type, "level": level,
                          "sector": sector, "website": website, "address": address,
                          "notes": notes, "active": active}, CONSTITUENT_FIELDS)
    clean_fields(constituent, exclude=["group"])
    constituent.group = group_for_type(constituent.type)
    require(user, constituent)
    _check_constituent_name(constituent)
    save(constituent, reason=reason, conflict=_name_conflict(constituent), user=user)
    return constituent


@transaction.atomic
def constituent_update(*, constituent: Constituent, data: Mapping[str, Any],
                       reason: str = "", user: User | None = None) -> Constituent:
    """Change the fields in ``data``. A new type re-derives the constituent group (which the
    user must also be allowed to change)."""
    require(user, constituent)
    changed = assign(constituent, data, CONSTITUENT_FIELDS)
    if not changed:
        return constituent
    clean_fields(constituent, exclude=["group"])
    if "type" in changed:
        group = group_for_type(constituent.type)
        if group != constituent.group:
            constituent.group = group
            changed.append("group")
            require(user, constituent)
    if "name" in changed:
        _check_constituent_name(constituent)
    save(constituent, reason=reason, update_fields=changed,
         conflict=_name_conflict(constituent), user=user)
    return constituent


@transaction.atomic
def constituent_set_active(*, constituent: Constituent, active: bool,
                           reason: str = "", user: User | None = None) -> Constituent:
    """Deactivate (the organization no longer exists or no longer works with the ILO) or
    reactivate. History is kept either way."""
    require(user, constituent)
    if constituent.active == active:
        return constituent
    constituent.active = active
    save(constituent, reason=reason, update_fields=["active"])
    return constituent


def constituent_check_type(*, constituent: Constituent, groups: Iterable[str] = (),
                           types: Iterable[str] = (), field: str = "constituent") -> None:
    """For other apps: refuse ``constituent`` where only some groups or types fit (e.g. an
    employers' needs assessment needs an employers' organization)."""
    groups, types = set(groups), set(types)
    if (groups and constituent.group in groups) or (types and constituent.type in types):
        return
    if not groups and not types:
        return
    wanted = sorted({str(dict(ConstituentType.choices).get(t, t)) for t in types} |
                    {str(dict(Constituent._meta.get_field("group").choices  # type: ignore[arg-type]
                              ).get(g, g))
                     for g in groups})
    message = _("%(org)s is a %(kind)s; here it must be: %(wanted)s.") % {
        "org": constituent, "kind": constituent.get_type_display(),
        "wanted": ", ".join(wanted)}
    raise ApplicationError(message, field_errors={field: [message]})


# --- affiliations -------------------------------------------------------------------------

def _validate_affiliation(affiliation: Affiliation) -> None:
    clean_fields(affiliation, exclude=["constituent"])
    error = plausible_year_error(affiliation.since_year, latest=timezone.now().year)
    if error:
        raise ApplicationError(field_errors={"since_year": [error]})
    clash = (Affiliation.objects.filter(constituent_id=affiliation.constituent_id,
                                        organization__iexact=affiliation.organization)
             .exclude(pk=affiliation.pk).exists())
    if clash:
        raise ApplicationError(
            _("This affiliation is already recorded."),
            field_errors={"organization": [_("%(org)s is already recorded as affiliated to "
                                             "this organization.")
                                           % {"org": affiliation.constituent}]})


def _affiliation_conflict() -> ApplicationError:
    return ApplicationError(_("This affiliation is already recorded."),
                            field_errors={"organization": [_("Already recorded.")]})


@transaction.atomic
def affiliation_create(*, constituent: Constituent, organization: str,
                       since_year: int | None = None, reason: str = "",
                       user: User | None = None) -> Affiliation:
    require(user, constituent)
    affiliation = Affiliation(constituent=constituent)
    assign(affiliation, {"organization": organization, "since_year": since_year},
            AFFILIATION_FIELDS)
    _validate_affiliation(affiliation)
    save(affiliation, reason=reason, conflict=_affiliation_conflict())
    return affiliation


@transaction.atomic
def affiliation_update(*, affiliation: Affiliation, data: Mapping[str, Any],
                       reason: str = "", user: User | None = None) -> Affiliation:
    require(user, affiliation)
    changed = assign(affiliation, data, AFFILIATION_FIELDS)
    if changed:
        _validate_affiliation(affiliation)
        save(affiliation, reason=reason, update_fields=changed,
              conflict=_affiliation_conflict())
    return affiliation


@transaction.atomic
def affiliation_delete(*, affiliation: Affiliation, reason: str = "",
                       user: User | None = None) -> None:
    require(user, affiliation)
    delete(affiliation, reason=reason)
