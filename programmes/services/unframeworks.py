"""Writes to UN frameworks (UNDAF / Cooperation Framework), their outcomes, the alignment of
those outcomes with DWCP priorities, and national development plans [DOMAIN §2;
seeds/004 ¶6, seeds/000 ¶15].

Atomic and audited like every programme write: ``reason`` becomes the history record's change
reason and ``user`` (optional; inside a request the history middleware supplies it) the
record's author; rule violations raise :class:`core.errors.ApplicationError` with field
errors. Each write checks :mod:`core.policy` (field staff of the country, administrators)
and raises ``PermissionDenied`` for anyone else; ``user=None`` is the system (the demo data
load), which may."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from constituents.models import Country
from core import policy
from core.errors import ApplicationError
from core.history import attribute
from programmes.models import (
    CountryPriority,
    NationalDevelopmentPlan,
    NationalPriority,
    PriorityAlignment,
    UNFramework,
    UNFrameworkOutcome,
)

from .framework._common import clean_code as _clean_code
from .framework._common import clean_title as _clean_title
from .framework._common import delete as _delete
from .framework._common import save as _save

if TYPE_CHECKING:
    from django.db.models import Model

    from core.models import User

__all__ = [
    "development_plan_create", "development_plan_update", "national_priority_create",
    "national_priority_delete", "national_priority_update", "priority_alignment_delete",
    "priority_alignment_set", "un_outcome_create", "un_outcome_delete",
    "un_outcome_set_alignments", "un_outcome_update", "unframework_create",
    "unframework_update",
]


def _require_change(user: User | None, obj: Model) -> None:
    policy.require_change(user, obj, _("You may not change the UN frameworks and development "
                                       "plans of this country."))


def _require_create(user: User | None, model: type[Model], country_id: int) -> None:
    if user is not None and not policy.can_create(user, model, country_id=country_id):
        raise PermissionDenied(_("You may not record UN frameworks and development plans "
                                 "of this country."))


def _refuse(field: str, message: str) -> None:
    raise ApplicationError(message, field_errors={field: [message]})


def _check_choice(field: str, value: str, choices: Any, message: str) -> None:
    if value not in choices.values:
        _refuse(field, message)


def period_check_years(start_year: int, end_year: int) -> None:
    """A UN framework's or development plan's years: 1990–2100, in order (the services and
    the admin's forms check it)."""
    errors = {}
    for field, year in (("start_year", start_year), ("end_year", end_year)):
        if year is None or not 1990 <= int(year) <= 2100:
            errors[field] = [_("Enter a year between 1990 and 2100.")]
    if not errors and end_year < start_year:
        errors["end_year"] = [_("The last year cannot be before the first year.")]
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], field_errors=errors)


# --- UN frameworks -------------------------------------------------------------------------

@transaction.atomic
def unframework_create(*, country: Country, title: str, start_year: int, end_year: int,
                       kind: str = UNFramework.Kind.UNDAF, signed_date: dt.date | None = None,
                       reason: str = "", user: User | None = None) -> UNFramework:
    """Record a UN framework of a country; its years must be in order."""
    _require_create(user, UNFramework, country.pk)
    title = _clean_title(title)
    period_check_years(start_year, end_year)
    _check_choice("kind", kind, UNFramework.Kind,
                  _("Choose an UNDAF or a Cooperation Framework."))
    framework = UNFramework(country=country, kind=kind, title=title, start_year=start_year,
                            end_year=end_year, signed_date=signed_date)
    attribute(framework, user=user)
    _save(framework, reason=reason)
    return framework


@transaction.atomic
def unframework_update(*, framework: UNFramework, title: str, start_year: int, end_year: int,
                       kind: str, signed_date: dt.date | None = None,
                       reason: str = "", user: User | None = None) -> UNFramework:
    """Change a UN framework. Its country does not change (outcomes are aligned with that
    country's DWCP priorities)."""
    _require_change(user, framework)
    title = _clean_title(title)
    period_check_years(start_year, end_year)
    _check_choice("kind", kind, UNFramework.Kind,
                  _("Choose an UNDAF or a Cooperation Framework."))
    framework.title, framework.kind = title, kind
    framework.start_year, framework.end_year = start_year, end_year
    framework.signed_date = signed_date
    attribute(framework, user=user)
    _save(framework, reason=reason,
          update_fields=["title", "kind", "start_year", "end_year", "signed_date"])
    return framework


# --- UN framework outcomes -----------------------------------------------------------------

def _un_code_taken(code: str) -> tuple[str, str]:
    return ("code", _("This UN framework already has an outcome with code %(code)s.")
            % {"code": code})


def _check_un_code(framework: UNFramework, code: str, exclude_pk: int | None = None) -> None:
    qs = UNFrameworkOutcome.objects.filter(framework=framework, code__iexact=code)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        _refuse(*_un_code_taken(code))


def _check_roles(ilo_role: str, social_partner_participation: str) -> None:
    _check_choice("ilo_role", ilo_role, UNFrameworkOutcome.IloRole,
                  _("Choose lead, shared, support or not involved."))
    _check_choice("social_partner_participation", social_partner_participation,
                  UNFrameworkOutcome.Participation, _("Choose direct, minimal or none."))


@transaction.atomic
def un_outcome_create(*, framework: UNFramework, code: str, title: str,
                      ilo_role: str = UNFrameworkOutcome.IloRole.SUPPORT,
                      social_partner_participation: str = UNFrameworkOutcome.Participation.NONE,
                      reason: str = "", user: User | None = None) -> UNFrameworkOutcome:
    """Add an outcome to a UN framework, with the ILO's role and the social partners'
    participation. The code is unique within the framework."""
    _require_change(user, framework)
    code, title = _clean_code(code), _clean_title(title)
    _check_roles(ilo_role, social_partner_participation)
    _check_un_code(framework, code)
    outcome = UNFrameworkOutcome(framework=framework, code=code, title=title,
                                 ilo_role=ilo_role,
                                 social_partner_participation=social_partner_participation)
    attribute(outcome, user=user)
    _save(outcome, reason=reason, unique_error=_un_code_taken(code))
    return outcome


@transaction.atomic
def un_outcome_update(*, outcome: UNFrameworkOutcome, code: str, title: str, ilo_role: str,
                      social_partner_participation: str,
                      reason: str = "", user: User | None = None) -> UNFrameworkOutcome:
    _require_change(user, outcome)
    code, title = _clean_code(code), _clean_title(title)
    _check_roles(ilo_role, social_partner_participation)
    _check_un_code(outcome.framework, code, exclude_pk=outcome.pk)
    outcome.code, outcome.title = code, title
    outcome.ilo_role = ilo_role
    outcome.social_partner_participation = social_partner_participation
    attribute(outcome, user=user)
    _save(outcome, reason=reason,
          update_fields=["code", "title", "ilo_role", "social_partner_participation"],
          unique_error=_un_code_taken(code))
    return outcome


@transaction.atomic
def un_outcome_delete(*, outcome: UNFrameworkOutcome, reason: str = "",
                      user: User | None = None) -> None:
    """Delete the outcome with its alignments (each deletion recorded in the history)."""
    _require_change(user, outcome)
    for alignment in outcome.alignments.all():
        attribute(alignment, user=user)
        _delete(alignment, reason=reason)
    attribute(outcome, user=user)
    _delete(outcome, reason=reason)


# --- alignment of UN outcomes with DWCP priorities -----------------------------------------

@transaction.atomic
def priority_alignment_set(*, un_outcome: UNFrameworkOutcome, priority: CountryPriority,
                           reflection: str, note: str = "",
                           reason: str = "", user: User | None = None) -> PriorityAlignment:
    """Record how far the UN outcome reflects a DWCP priority (fully, partly, not). The
    priority must belong to a DWCP of the UN framework's country. Creates or updates."""
    _require_change(user, un_outcome)
    if priority.dwcp.country_id != un_outcome.framework.country_id:
        _refuse("priority", _("Choose a priority of a DWCP of %(country)s, the UN framework's "
                              "country.") % {"country": un_outcome.framework.country.name})
    _check_choice("reflection", reflection, PriorityAlignment.Reflection,
                  _("Choose fully, partly or not reflected."))
    note = (note or "").strip()
    alignment = PriorityAlignment.objects.filter(un_outcome=un_outcome,
                                                 priority=priority).first()
    if alignment is None:
        alignment = PriorityAlignment(un_outcome=un_outcome, priority=priority,
                                      reflection=reflection, note=note)
        attribute(alignment, user=user)
        _save(alignment, reason=reason)
    elif alignment.reflection != reflection or alignment.note != note:
        alignment.reflection, alignment.note = reflection, note
        attribute(alignment, user=user)
        _save(alignment, reason=reason, update_fields=["reflection", "note"])
    return alignment


@transaction.atomic
def priority_alignment_delete(*, alignment: PriorityAlignment, reason: str = "",
                              user: User | None = None) -> None:
    _require_change(user, alignment)
    attribute(alignment, user=user)
    _delete(alignment, reason=reason)


@transaction.atomic
def un_outcome_set_alignments(
        *, un_outcome: UNFrameworkOutcome,
        reflections: Mapping[CountryPriority, tuple[str, str] | None],
        reason: str = "", user: User | None = None) -> list[PriorityAlignment]:
    """Set the outcome's alignment with several DWCP priorities at once: for each priority a
    ``(reflection, note)`` pair, or ``None`` to remove the assessment. All or nothing: one
    refused priority leaves every alignment as it was."""
    _require_change(user, un_outcome)
    existing = {a.priority_id: a for a in un_outcome.alignments.all()}
    kept = []
    for priority, value in reflections.items():
        if value is None:
            if priority.pk in existing:
                priority_alignment_delete(alignment=existing[priority.pk], reason=reason,
                                          user=user)
            continue
        reflection, note = value
        kept.append(priority_alignment_set(un_outcome=un_outcome, priority=priority,
                                           reflection=reflection, note=note, reason=reason,
                                           user=user))
    return kept


# --- national development plans ------------------------------------------------------------

@transaction.atomic
def development_plan_create(*, country: Country, title: str, start_year: int, end_year: int,
                            reason: str = "", user: User | None = None) -> NationalDevelopmentPlan:
    _require_create(user, NationalDevelopmentPlan, country.pk)
    title = _clean_title(title)
    period_check_years(start_year, end_year)
    plan = NationalDevelopmentPlan(country=country, title=title, start_year=start_year,
                                   end_year=end_year)
    attribute(plan, user=user)
    _save(plan, reason=reason)
    return plan


@transaction.atomic
def development_plan_update(*, plan: NationalDevelopmentPlan, title: str, start_year: int,
                            end_year: int, reason: str = "",
                            user: User | None = None) -> NationalDevelopmentPlan:
    _require_change(user, plan)
    title = _clean_title(title)
    period_check_years(start_year, end_year)
    plan.title, plan.start_year, plan.end_year = title, start_year, end_year
    attribute(plan, user=user)
    _save(plan, reason=reason, update_fields=["title", "start_year", "end_year"])
    return plan


@transaction.atomic
def national_priority_create(*, plan: NationalDevelopmentPlan, title: str, code: str = "",
                             reason: str = "", user: User | None = None) -> NationalPriority:
    _require_change(user, plan)
    title = _clean_title(title)
    priority = NationalPriority(plan=plan, code=(code or "").strip(), title=title)
    attribute(priority, user=user)
    _save(priority, reason=reason)
    return priority


@transaction.atomic
def national_priority_update(*, priority: NationalPriority, title: str, code: str = "",
                             reason: str = "", user: User | None = None) -> NationalPriority:
    _require_change(user, priority)
    priority.title, priority.code = _clean_title(title), (code or "").strip()
    attribute(priority, user=user)
    _save(priority, reason=reason, update_fields=["title", "code"])
    return priority


@transaction.atomic
def national_priority_delete(*, priority: NationalPriority, reason: str = "",
                             user: User | None = None) -> None:
    _require_change(user, priority)
    attribute(priority, user=user)
    _delete(priority, reason=reason)
