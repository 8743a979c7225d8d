"""Writes of the DWCP itself: creation, edits of its description, period and UN links, and
deletion while in preparation; the period rules (2–6 years, no overlap in force, P&B links
inside)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import content, policy
from core.errors import ApplicationError, validate_model
from core.history import attribute
from core.writes import delete
from programmes.models import IN_FORCE, Dwcp, DwcpStatus, UNFramework, UNFrameworkOutcome
from programmes.models.dwcp import MAX_YEARS, MIN_YEARS
from programmes.services import pb

from ._common import apply, require_change

if TYPE_CHECKING:
    from core.models import User

FIRST_YEAR, LAST_YEAR = 1990, 2100


def validate_period(start_year: int | None, end_year: int | None) -> None:
    """Refuse (an ApplicationError on the fields) a period that is not 2–6 years in order."""
    errors: dict[str, list[str]] = {}
    for name, value in (("start_year", start_year), ("end_year", end_year)):
        if value is not None and not FIRST_YEAR <= value <= LAST_YEAR:
            errors[name] = [_("Enter a year between %(first)d and %(last)d.")
                            % {"first": FIRST_YEAR, "last": LAST_YEAR}]
    if errors or start_year is None or end_year is None:
        if errors:
            raise ApplicationError(field_errors=errors)
        return
    years = end_year - start_year + 1
    if end_year < start_year:
        errors["end_year"] = [_("The last year must not be before the first year.")]
    elif not MIN_YEARS <= years <= MAX_YEARS:
        errors["end_year"] = [
            ngettext("A DWCP runs for %(min)d to %(max)d years; %(start)d–%(end)d is %(n)d year.",
                     "A DWCP runs for %(min)d to %(max)d years; %(start)d–%(end)d is %(n)d "
                     "years.", years)
            % {"min": MIN_YEARS, "max": MAX_YEARS, "start": start_year, "end": end_year,
               "n": years}]
    if errors:
        raise ApplicationError(field_errors=errors)


def lock_country(country_id: int) -> dict[int, Dwcp]:
    """Lock every DWCP of a country (in id order, so concurrent writers cannot deadlock)."""
    rows = Dwcp.objects.select_for_update().filter(country_id=country_id).order_by("pk")
    return {row.pk: row for row in rows}


def check_no_overlap(dwcp: Dwcp, others: Iterable[Dwcp]) -> None:
    """Refuse a DWCP in force whose years overlap another in force of its country."""
    for other in others:
        if (other.pk != dwcp.pk and other.status in IN_FORCE
                and other.start_year <= dwcp.end_year and other.end_year >= dwcp.start_year):
            raise ApplicationError(
                _("%(country)s already has a DWCP in force for %(period)s (“%(title)s”); two "
                  "DWCPs of one country may not be in force for overlapping years. Complete "
                  "that one first or change the period.")
                % {"country": dwcp.country.name, "period": other.period, "title": other.title},
                field_errors={"end_year": [_("Overlaps with the DWCP in force %(period)s.")
                                           % {"period": other.period}]})


def _check_un_links(*, country_id: int, un_framework: UNFramework | None,
                    un_outcomes: Iterable[UNFrameworkOutcome]) -> None:
    if un_framework is not None and un_framework.country_id != country_id:
        raise ApplicationError(field_errors={"un_framework": [
            _("Choose a UN framework of the DWCP's country.")]})
    wrong = [o for o in un_outcomes if o.framework.country_id != country_id
             or (un_framework is not None and o.framework_id != un_framework.pk)]
    if wrong:
        if un_framework is not None:
            msg = _("These outcomes are not outcomes of the chosen UN framework: %(codes)s.")
        else:
            msg = _("These outcomes belong to another country's UN framework: %(codes)s.")
        raise ApplicationError(field_errors={
            "un_outcomes": [msg % {"codes": ", ".join(o.code for o in wrong)}]})


def _check_links_in_period(dwcp: Dwcp) -> None:
    """A new period must still contain every biennium a CPO is linked to a P&B outcome in."""
    from programmes.models import CpoOutcomeLink

    links = (CpoOutcomeLink.objects.filter(cpo__dwcp_id=dwcp.pk)
             .select_related("biennium", "cpo").order_by("biennium__start_year"))
    before = [x for x in links if x.biennium.end_year < dwcp.start_year]
    after = [x for x in links if x.biennium.start_year > dwcp.end_year]
    errors: dict[str, list[str]] = {}
    for field, outside in (("start_year", before), ("end_year", after)):
        if outside:
            errors[field] = [
                _("Outcome %(cpo)s is linked to a P&B outcome in %(b)s, which this period "
                  "leaves out; change that link first.")
                % {"cpo": outside[0].cpo.code, "b": outside[0].biennium.code}]
    if errors:
        raise ApplicationError(field_errors=errors)


def dwcp_check_period(*, dwcp: Dwcp) -> None:
    """The period rules for a DWCP as it stands (unsaved changes included): 2–6 years in
    order, no overlap with another DWCP of the country in force (when this one is), every
    P&B link of its CPOs inside. Raises an ``ApplicationError`` on the year fields; writes
    nothing (the admin's form uses it)."""
    validate_period(dwcp.start_year, dwcp.end_year)
    if dwcp.status in IN_FORCE:
        others = Dwcp.objects.filter(country_id=dwcp.country_id).exclude(pk=dwcp.pk)
        try:
            check_no_overlap(dwcp, others)
        except ApplicationError as exc:
            raise ApplicationError(field_errors=exc.field_errors) from exc
    if dwcp.pk:
        _check_links_in_period(dwcp)


@transaction.atomic
def dwcp_create(*, user: User | None, country: Any, title: str, start_year: int, end_year: int,
                summary: str = "", document_url: str = "",
                signed_date: dt.date | None = None,
                un_framework: UNFramework | None = None,
                un_outcomes: Iterable[UNFrameworkOutcome] = (),
                **translations: str | None) -> Dwcp:
    """Create a DWCP in preparation for ``country``; ``translations`` its title in other
    languages (``title_fr=...``)."""
    unknown = set(translations) - set(content.translation_columns())
    if unknown:
        raise TypeError(f"unknown DWCP fields: {sorted(unknown)}")
    if not policy.can_create(user, Dwcp, country_id=country.pk):
        raise PermissionDenied(_("You may not create a DWCP for this country."))
    validate_period(start_year, end_year)
    un_outcomes = list(un_outcomes)
    _check_un_links(country_id=country.pk, un_framework=un_framework, un_outcomes=un_outcomes)
    pb.biennia_ensure(through_year=end_year)  # a programme may run past the last biennium
    dwcp = Dwcp(country=country, title=title, start_year=start_year, end_year=end_year,
                summary=summary, document_url=document_url, un_framework=un_framework,
                signed_date=signed_date, status=DwcpStatus.IN_PREPARATION)
    content.set_translations(dwcp, translations)
    validate_model(dwcp)
    attribute(dwcp, user=user, reason=_("Created"))
    dwcp.save()
    if un_outcomes:
        dwcp.un_outcomes.set(un_outcomes)
    return dwcp


DWCP_EDITABLE = ("title", *content.translation_columns(), "start_year", "end_year", "summary",
                 "document_url", "un_framework", "signed_date")


@transaction.atomic
def dwcp_update(*, dwcp: Dwcp, user: User | None, data: dict[str, Any], reason: str = "") -> Dwcp:
    """Change a DWCP's description, period or UN links (not its country or status: statuses
    change through :func:`dwcp_transition`)."""
    require_change(user, dwcp)
    locked = lock_country(dwcp.country_id)
    current = locked[dwcp.pk]
    data = dict(data)
    content.empty_as_none(data)
    with translation.override(content.source_language()):  # title: the original
        changed = apply(current, data, DWCP_EDITABLE)
    validate_period(current.start_year, current.end_year)
    if {"start_year", "end_year"} & set(changed):
        pb.biennia_ensure(through_year=current.end_year)
        if current.status in IN_FORCE:
            check_no_overlap(current, locked.values())
        _check_links_in_period(current)
    outcomes = list(data["un_outcomes"]) if "un_outcomes" in data else None
    _check_un_links(country_id=current.country_id, un_framework=current.un_framework,
                    un_outcomes=outcomes if outcomes is not None else
                    current.un_outcomes.select_related("framework"))
    validate_model(current)
    outcomes_changed = (outcomes is not None and
                        {o.pk for o in outcomes} != set(current.un_outcomes.values_list(
                            "pk", flat=True)))
    if changed or outcomes_changed:
        attribute(current, user=user, reason=reason)
        if outcomes_changed:
            current.un_outcomes.set(outcomes)  # type: ignore[arg-type]  # changed: not None
        # The history row records who and why, also when only the UN outcome links changed.
        current.save(update_fields=[*changed, "updated_at"])
    return current


@transaction.atomic
def dwcp_delete(*, dwcp: Dwcp, user: User | None) -> None:
    """Delete a DWCP still in preparation (later ones are part of the record)."""
    require_change(user, dwcp)
    if dwcp.status != DwcpStatus.IN_PREPARATION:
        raise ApplicationError(_("Only a DWCP in preparation can be deleted; this one is %(s)s.")
                               % {"s": dwcp.get_status_display()})
    delete(dwcp, user=user)
