"""Writes to UN frameworks (UNDAF / Cooperation Framework), their outcomes, the alignment of
those outcomes with DWCP priorities, and national development plans [DOMAIN §2;
seeds/004 ¶6, seeds/000 ¶15].

Atomic and audited like every programme write: ``reason`` becomes the history record's change
reason; rule violations raise :class:`core.errors.ApplicationError` with field errors."""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from constituents.models import Country
from core.errors import ApplicationError
from programmes.models import (
    CountryPriority,
    NationalDevelopmentPlan,
    NationalPriority,
    PriorityAlignment,
    UNFramework,
    UNFrameworkOutcome,
)

from .framework import _clean_code, _clean_title, _delete, _save

__all__ = [
    "development_plan_create", "development_plan_update", "national_priority_create",
    "national_priority_delete", "national_priority_update", "priority_alignment_delete",
    "priority_alignment_set", "un_outcome_create", "un_outcome_delete", "un_outcome_update",
    "unframework_create", "unframework_update",
]


def _check_years(start_year: int, end_year: int) -> None:
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
                       reason: str = "") -> UNFramework:
    """Record a UN framework of a country; its years must be in order."""
    title = _clean_title(title)
    _check_years(start_year, end_year)
    framework = UNFramework(country=country, kind=kind, title=title, start_year=start_year,
                            end_year=end_year, signed_date=signed_date)
    _save(framework, reason=reason)
    return framework


@transaction.atomic
def unframework_update(*, framework: UNFramework, title: str, start_year: int, end_year: int,
                       kind: str, signed_date: dt.date | None = None,
                       reason: str = "") -> UNFramework:
    """Change a UN framework. Its country does not change (outcomes are aligned with that
    country's DWCP priorities)."""
    title = _clean_title(title)
    _check_years(start_year, end_year)
    framework.title, framework.kind = title, kind
    framework.start_year, framework.end_year = start_year, end_year
    framework.signed_date = signed_date
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
        field, message = _un_code_taken(code)
        raise ApplicationError(message, field_errors={field: [message]})


@transaction.atomic
def un_outcome_create(*, framework: UNFramework, code: str, title: str,
                      ilo_role: str = UNFrameworkOutcome.IloRole.SUPPORT,
                      social_partner_participation: str = UNFrameworkOutcome.Participation.NONE,
                      reason: str = "") -> UNFrameworkOutcome:
    """Add an outcome to a UN framework, with the ILO's role and the social partners'
    participation. The code is unique within the framework."""
    code, title = _clean_code(code), _clean_title(title)
    _check_un_code(framework, code)
    outcome = UNFrameworkOutcome(framework=framework, code=code, title=title,
                                 ilo_role=ilo_role,
                                 social_partner_participation=social_partner_participation)
    _save(outcome, reason=reason, unique_error=_un_code_taken(code))
    return outcome


@transaction.atomic
def un_outcome_update(*, outcome: UNFrameworkOutcome, code: str, title: str, ilo_role: str,
                      social_partner_participation: str,
                      reason: str = "") -> UNFrameworkOutcome:
    code, title = _clean_code(code), _clean_title(title)
    _check_un_code(outcome.framework, code, exclude_pk=outcome.pk)
    outcome.code, outcome.title = code, title
    outcome.ilo_role = ilo_role
    outcome.social_partner_participation = social_partner_participation
    _save(outcome, reason=reason,
          update_fields=["code", "title", "ilo_role", "social_partner_participation"],
          unique_error=_un_code_taken(code))
    return outcome


@transaction.atomic
def un_outcome_delete(*, outcome: UNFrameworkOutcome, reason: str = "") -> None:
    for alignment in outcome.alignments.all():
        _delete(alignment, reason=reason)
    _delete(outcome, reason=reason)


# --- alignment of UN outcomes with DWCP priorities -----------------------------------------

@transaction.atomic
def priority_alignment_set(*, un_outcome: UNFrameworkOutcome, priority: CountryPriority,
                           reflection: str, note: str = "",
                           reason: str = "") -> PriorityAlignment:
    """Record how far the UN outcome reflects a DWCP priority (fully, partly, not). The
    priority must belong to a DWCP of the UN framework's country. Creates or updates."""
    if priority.dwcp.country_id != un_outcome.framework.country_id:
        message = _("Choose a priority of a DWCP of %(country)s, the UN framework's "
                    "country.") % {"country": un_outcome.framework.country.name}
        raise ApplicationError(message, field_errors={"priority": [message]})
    if reflection not in PriorityAlignment.Reflection.values:
        message = _("Choose fully, partly or not reflected.")
        raise ApplicationError(message, field_errors={"reflection": [message]})
    alignment = PriorityAlignment.objects.filter(un_outcome=un_outcome,
                                                 priority=priority).first()
    if alignment is None:
        alignment = PriorityAlignment(un_outcome=un_outcome, priority=priority,
                                      reflection=reflection, note=note or "")
        _save(alignment, reason=reason)
    elif alignment.reflection != reflection or alignment.note != (note or ""):
        alignment.reflection, alignment.note = reflection, note or ""
        _save(alignment, reason=reason, update_fields=["reflection", "note"])
    return alignment


@transaction.atomic
def priority_alignment_delete(*, alignment: PriorityAlignment, reason: str = "") -> None:
    _delete(alignment, reason=reason)


# --- national development plans ------------------------------------------------------------

@transaction.atomic
def development_plan_create(*, country: Country, title: str, start_year: int, end_year: int,
                            reason: str = "") -> NationalDevelopmentPlan:
    title = _clean_title(title)
    _check_years(start_year, end_year)
    plan = NationalDevelopmentPlan(country=country, title=title, start_year=start_year,
                                   end_year=end_year)
    _save(plan, reason=reason)
    return plan


@transaction.atomic
def development_plan_update(*, plan: NationalDevelopmentPlan, title: str, start_year: int,
                            end_year: int, reason: str = "") -> NationalDevelopmentPlan:
    title = _clean_title(title)
    _check_years(start_year, end_year)
    plan.title, plan.start_year, plan.end_year = title, start_year, end_year
    _save(plan, reason=reason, update_fields=["title", "start_year", "end_year"])
    return plan


@transaction.atomic
def national_priority_create(*, plan: NationalDevelopmentPlan, title: str, code: str = "",
                             reason: str = "") -> NationalPriority:
    title = _clean_title(title)
    priority = NationalPriority(plan=plan, code=(code or "").strip(), title=title)
    _save(priority, reason=reason)
    return priority


@transaction.atomic
def national_priority_update(*, priority: NationalPriority, title: str, code: str = "",
                             reason: str = "") -> NationalPriority:
    priority.title, priority.code = _clean_title(title), (code or "").strip()
    _save(priority, reason=reason, update_fields=["title", "code"])
    return priority


@transaction.atomic
def national_priority_delete(*, priority: NationalPriority, reason: str = "") -> None:
    _delete(priority, reason=reason)
