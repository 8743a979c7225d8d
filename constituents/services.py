"""Writes to constituents and country context.

Every function is keyword-only and atomic: it validates the whole change, then writes it, so a
refused change leaves nothing behind. Field problems and business rules raise
:class:`core.errors.ApplicationError`, with ``field_errors`` where a rule concerns a field.
Each write checks :mod:`core.policy` for ``user`` (``PermissionDenied`` when the user may not
change the record: field staff of the country, specialists for their group's organizations,
administrators); ``user=None`` is the system (data loads), which may.
``reason`` is stored in the change history (django-simple-history)."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from core import policy
from core.errors import ApplicationError, validate_model
from core.history import attribute

from .models import (
    Affiliation,
    Constituent,
    ConstituentType,
    Contact,
    Country,
    MembershipFigure,
    group_for_type,
)

if TYPE_CHECKING:
    from core.models import User

MIN_YEAR = 1900

CONSTITUENT_FIELDS = ("name", "acronym", "type", "level", "sector", "website", "address", "notes",
                      "active")
AFFILIATION_FIELDS = ("organization", "since_year")
MEMBERSHIP_FIELDS = ("year", "total", "women", "men", "member_kind", "source")
CONTACT_FIELDS = ("name", "position", "email", "phone", "is_primary")
COUNTRY_CONTEXT_FIELDS = ("ilo_office", "decent_work_team", "delivering_as_one_pilot",
                          "ilo_resident_in_unct")


# --- helpers ------------------------------------------------------------------------------

def _require(user: User | None, obj: Model) -> None:
    policy.require_change(user, obj, _("You may not change this organization's records."))


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _assign(obj: Model, data: Mapping[str, Any], allowed: Iterable[str]) -> list[str]:
    """Set the allowed fields present in ``data`` on ``obj``; return the names that changed."""
    allowed = tuple(allowed)
    unknown = set(data) - set(allowed)
    if unknown:
        raise ApplicationError(field_errors={name: [_("This field cannot be changed here.")]
                                             for name in sorted(unknown)})
    changed = []
    for name, value in data.items():
        value = _strip(value)
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def _clean_fields(obj: Model, *, exclude: Iterable[str] = ()) -> None:
    """Field-level validation (required, lengths, choices, URLs, e-mails)."""
    validate_model(obj, exclude=exclude, unique=False, constraints=False)


def _save(obj: Model, *, reason: str, update_fields: list[str] | None = None,
          conflict: ApplicationError | None = None) -> None:
    """Save with the change reason recorded in history. A unique constraint hit by a
    concurrent write becomes ``conflict`` instead of a server error."""
    attribute(obj, reason=reason or "")
    if update_fields is not None and "updated_at" not in update_fields:
        update_fields = [*update_fields, "updated_at"]
    try:
        with transaction.atomic():
            obj.save(update_fields=update_fields)
    except IntegrityError:
        if conflict is None:
            raise
        raise conflict from None


def _delete(obj: Model, *, reason: str) -> None:
    attribute(obj, reason=reason or "")
    obj.delete()


def plausible_year_error(year: int | None, *, latest: int | None = None) -> str | None:
    """A message if ``year`` is outside 1900..``latest`` (default: next year), else None."""
    if year is None:
        return None
    latest = latest if latest is not None else timezone.now().year + 1
    if year < MIN_YEAR or year > latest:
        return _("Enter a year between %(first)s and %(last)s.") % {"first": MIN_YEAR,
                                                                     "last": latest}
    return None


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
    _assign(constituent, {"name": name, "acronym": acronym, "type": type, "level": level,
                          "sector": sector, "website": website, "address": address,
                          "notes": notes, "active": active}, CONSTITUENT_FIELDS)
    _clean_fields(constituent, exclude=["group"])
    constituent.group = group_for_type(constituent.type)
    _require(user, constituent)
    _check_constituent_name(constituent)
    _save(constituent, reason=reason, conflict=_name_conflict(constituent))
    return constituent


@transaction.atomic
def constituent_update(*, constituent: Constituent, data: Mapping[str, Any],
                       reason: str = "", user: User | None = None) -> Constituent:
    """Change the fields in ``data``. A new type re-derives the constituent group (which the
    user must also be allowed to change)."""
    _require(user, constituent)
    changed = _assign(constituent, data, CONSTITUENT_FIELDS)
    if not changed:
        return constituent
    _clean_fields(constituent, exclude=["group"])
    if "type" in changed:
        group = group_for_type(constituent.type)
        if group != constituent.group:
            constituent.group = group
            changed.append("group")
            _require(user, constituent)
    if "name" in changed:
        _check_constituent_name(constituent)
    _save(constituent, reason=reason, update_fields=changed,
          conflict=_name_conflict(constituent))
    return constituent


@transaction.atomic
def constituent_set_active(*, constituent: Constituent, active: bool,
                           reason: str = "", user: User | None = None) -> Constituent:
    """Deactivate (the organization no longer exists or no longer works with the ILO) or
    reactivate. History is kept either way."""
    _require(user, constituent)
    if constituent.active == active:
        return constituent
    constituent.active = active
    _save(constituent, reason=reason, update_fields=["active"])
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
    _clean_fields(affiliation, exclude=["constituent"])
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
    _require(user, constituent)
    affiliation = Affiliation(constituent=constituent)
    _assign(affiliation, {"organization": organization, "since_year": since_year},
            AFFILIATION_FIELDS)
    _validate_affiliation(affiliation)
    _save(affiliation, reason=reason, conflict=_affiliation_conflict())
    return affiliation


@transaction.atomic
def affiliation_update(*, affiliation: Affiliation, data: Mapping[str, Any],
                       reason: str = "", user: User | None = None) -> Affiliation:
    _require(user, affiliation)
    changed = _assign(affiliation, data, AFFILIATION_FIELDS)
    if changed:
        _validate_affiliation(affiliation)
        _save(affiliation, reason=reason, update_fields=changed,
              conflict=_affiliation_conflict())
    return affiliation


@transaction.atomic
def affiliation_delete(*, affiliation: Affiliation, reason: str = "",
                       user: User | None = None) -> None:
    _require(user, affiliation)
    _delete(affiliation, reason=reason)


# --- membership figures -------------------------------------------------------------------

def membership_figure_errors(*, year: int | None, total: int | None, women: int | None,
                             men: int | None) -> dict[str, list[str]]:
    """The rules a membership figure must follow, as field errors (empty when it is fine):
    a plausible year; women and men each at most the total; both given -> they add up."""
    errors: dict[str, list[str]] = {}
    year_error = plausible_year_error(year)
    if year_error:
        errors["year"] = [year_error]
    for name, value in (("total", total), ("women", women), ("men", men)):
        if value is not None and value < 0:
            errors[name] = [_("Enter zero or a positive number.")]
    if errors or total is None:
        return errors
    if women is not None and women > total:
        errors["women"] = [_("Women (%(women)s) cannot be more than the total (%(total)s).")
                           % {"women": women, "total": total}]
    if men is not None and men > total:
        errors["men"] = [_("Men (%(men)s) cannot be more than the total (%(total)s).")
                         % {"men": men, "total": total}]
    if not errors and women is not None and men is not None and women + men != total:
        errors["total"] = [_("Women (%(women)s) and men (%(men)s) add up to %(sum)s, not to the "
                             "total of %(total)s. Correct the figures, or leave women or men "
                             "empty if the split is not known.")
                           % {"women": women, "men": men, "sum": women + men, "total": total}]
    return errors


def _validate_membership(figure: MembershipFigure) -> None:
    errors = membership_figure_errors(year=figure.year, total=figure.total, women=figure.women,
                                      men=figure.men)
    if errors:
        raise ApplicationError(field_errors=errors)
    _clean_fields(figure, exclude=["constituent"])
    clash = (MembershipFigure.objects.filter(constituent_id=figure.constituent_id,
                                             year=figure.year)
             .exclude(pk=figure.pk).exists())
    if clash:
        raise _membership_conflict(figure.year)


def _membership_conflict(year: int) -> ApplicationError:
    return ApplicationError(
        _("A membership figure for %(year)s is already recorded.") % {"year": year},
        field_errors={"year": [_("%(year)s already has a figure: edit that one instead.")
                               % {"year": year}]})


@transaction.atomic
def membership_figure_create(*, constituent: Constituent, year: int, total: int,
                             women: int | None = None, men: int | None = None,
                             member_kind: str = "", source: str = "",
                             reason: str = "", user: User | None = None) -> MembershipFigure:
    _require(user, constituent)
    figure = MembershipFigure(constituent=constituent)
    _assign(figure, {"year": year, "total": total, "women": women, "men": men,
                     "member_kind": member_kind, "source": source}, MEMBERSHIP_FIELDS)
    _validate_membership(figure)
    _save(figure, reason=reason, conflict=_membership_conflict(year))
    return figure


@transaction.atomic
def membership_figure_update(*, figure: MembershipFigure, data: Mapping[str, Any],
                             reason: str = "", user: User | None = None) -> MembershipFigure:
    _require(user, figure)
    changed = _assign(figure, data, MEMBERSHIP_FIELDS)
    if changed:
        _validate_membership(figure)
        _save(figure, reason=reason, update_fields=changed,
              conflict=_membership_conflict(figure.year))
    return figure


@transaction.atomic
def membership_figure_delete(*, figure: MembershipFigure, reason: str = "",
                             user: User | None = None) -> None:
    _require(user, figure)
    _delete(figure, reason=reason)


# --- contacts -----------------------------------------------------------------------------

def _primary_conflict() -> ApplicationError:
    return ApplicationError(
        _("An organization has one primary contact."),
        field_errors={"is_primary": [_("Another contact is already the primary contact.")]})


def _validate_contact(contact: Contact) -> None:
    _clean_fields(contact, exclude=["constituent"])
    if contact.is_primary:
        other = (Contact.objects.filter(constituent_id=contact.constituent_id, is_primary=True)
                 .exclude(pk=contact.pk).first())
        if other is not None:
            raise ApplicationError(
                _("An organization has one primary contact."),
                field_errors={"is_primary": [
                    _("%(name)s is already the primary contact. Untick “primary” there "
                      "first.") % {"name": other.name}]})


@transaction.atomic
def contact_create(*, constituent: Constituent, name: str, position: str = "",
                   email: str = "", phone: str = "", is_primary: bool = False,
                   reason: str = "", user: User | None = None) -> Contact:
    _require(user, constituent)
    contact = Contact(constituent=constituent)
    _assign(contact, {"name": name, "position": position, "email": email, "phone": phone,
                      "is_primary": is_primary}, CONTACT_FIELDS)
    _validate_contact(contact)
    _save(contact, reason=reason, conflict=_primary_conflict())
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, data: Mapping[str, Any], reason: str = "",
                   user: User | None = None) -> Contact:
    _require(user, contact)
    changed = _assign(contact, data, CONTACT_FIELDS)
    if changed:
        _validate_contact(contact)
        _save(contact, reason=reason, update_fields=changed, conflict=_primary_conflict())
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact, reason: str = "", user: User | None = None) -> None:
    _require(user, contact)
    _delete(contact, reason=reason)


# --- country context ----------------------------------------------------------------------

@transaction.atomic
def country_context_update(*, country: Country, data: Mapping[str, Any],
                           reason: str = "", user: User | None = None) -> Country:
    """Change the context of the ILO's presence in a country (office, Decent Work Team,
    Delivering as One pilot, residence in the UN Country Team)."""
    _require(user, country)
    changed = _assign(country, data, COUNTRY_CONTEXT_FIELDS)
    if changed:
        _clean_fields(country, exclude=[f.name for f in Country._meta.fields
                                        if f.name not in COUNTRY_CONTEXT_FIELDS])
        _save(country, reason=reason, update_fields=changed)
    return country
