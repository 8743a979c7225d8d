"""Writes of capacity development interventions.

Rules: dates in order (a completed intervention has an end date, not in the future); at least
one level addressed; cost not negative; target constituents are of the intervention's country
(when it has one) and of its constituent group (when it has one); linked needs belong to
target constituents and are not declined; linked CPOs are of the intervention's country (or,
for a regional activity, of a target constituent's country)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from capacity.models import (
    CapacityLevel,
    CapacityNeed,
    Intervention,
    InterventionMethod,
    InterventionStatus,
    NeedStatus,
    ParticipationCount,
    Provider,
    TechnicalArea,
)
from constituents.models import Constituent, Country
from core.errors import ApplicationError
from core.roles import ConstituentGroup
from programmes.models import CountryProgrammeOutcome, FundingSource

from ._common import (
    Errors,
    check_choice,
    check_dates,
    decimal_or_none,
    delete,
    require_change,
    require_create,
    save,
    text,
    today,
    unknown_fields,
)
from .computed import capacity_recompute_after_commit as _after_commit_recompute

if TYPE_CHECKING:
    from core.models import User

INTERVENTION_FIELDS = ("title", "description", "method", "provider", "technical_area",
                       "country", "target_group", "start_date", "end_date", "status", "levels",
                       "funding_source", "cost")
RELATION_FIELDS = ("target_constituents", "needs", "cpos")


def _check(errors: Errors, values: dict[str, Any], *, targets: list[Constituent],
           needs: list[CapacityNeed], cpos: list[CountryProgrammeOutcome]) -> None:
    if not text(values.get("title")):
        errors.add("title", _("This field is required."))
    check_choice(errors, "method", values.get("method"), InterventionMethod, label=_("method"))
    check_choice(errors, "provider", values.get("provider"), Provider, label=_("provider"))
    check_choice(errors, "technical_area", values.get("technical_area"), TechnicalArea,
                 label=_("technical area"))
    check_choice(errors, "status", values.get("status"), InterventionStatus, label=_("status"))
    check_choice(errors, "target_group", values.get("target_group"), ConstituentGroup,
                 required=False, label=_("constituent group"))
    check_choice(errors, "funding_source", values.get("funding_source"), FundingSource,
                 required=False, label=_("funding source"))
    start, end = values.get("start_date"), values.get("end_date")
    if start is None:
        errors.add("start_date", _("This field is required."))
    check_dates(errors, start, end)
    if values.get("status") == InterventionStatus.COMPLETED:
        if end is None:
            errors.add("end_date", _("A completed intervention has an end date."))
        elif end > today():
            errors.add("end_date", _("An intervention ending in the future is not completed "
                                     "yet."))
    levels = values.get("levels") or []
    if not levels:
        errors.add("levels", _("Choose the levels the intervention addresses."))
    for level in levels:
        if level not in CapacityLevel.values:
            errors.add("levels", _("“%(v)s” is not a level.") % {"v": level})
    values["levels"] = [lv for lv in CapacityLevel.values if lv in levels]
    values["cost"] = decimal_or_none(errors, "cost", values.get("cost"), minimum=Decimal(0))

    country: Country | None = values.get("country")
    group = values.get("target_group") or ""
    for constituent in targets:
        if country is not None and constituent.country_id != country.pk:
            errors.add("target_constituents", _("%(c)s is not an organization of %(k)s.")
                       % {"c": constituent.name, "k": country.name})
        if group and constituent.group != group:
            errors.add("target_constituents", _("%(c)s is not among %(g)s.")
                       % {"c": constituent.name,
                          "g": ConstituentGroup(group).label.lower()
                          if group in ConstituentGroup.values else group})
    target_ids = {c.pk for c in targets}
    for need in needs:
        if need.constituent_id not in target_ids:
            errors.add("needs", _("“%(d)s” is a need of an organization the intervention does "
                                  "not target: add it to the target constituents.")
                       % {"d": need.description[:60]})
        elif need.status == NeedStatus.DECLINED:
            errors.add("needs", _("“%(d)s” was declined.") % {"d": need.description[:60]})
    countries = ({country.pk} if country is not None
                 else {c.country_id for c in targets})
    for cpo in cpos:
        if cpo.dwcp.country_id not in countries:
            errors.add("cpos", _("%(code)s is a CPO of another country.") % {"code": cpo.code})


def _set_relations(intervention: Intervention, *, targets: Iterable[Any] | None,
                   needs: Iterable[Any] | None, cpos: Iterable[Any] | None) -> None:
    if targets is not None:
        intervention.target_constituents.set(targets)
    if needs is not None:
        intervention.needs.set(needs)
    if cpos is not None:
        intervention.cpos.set(cpos)


@transaction.atomic
def intervention_create(*, user: User | None, title: str, method: str, provider: str,
                        technical_area: str,
                        start_date: dt.date, levels: Iterable[str],
                        end_date: dt.date | None = None, country: Country | None = None,
                        target_group: str = "",
                        status: str = InterventionStatus.PLANNED, description: str = "",
                        target_constituents: Iterable[Constituent] = (),
                        needs: Iterable[CapacityNeed] = (),
                        cpos: Iterable[CountryProgrammeOutcome] = (),
                        funding_source: str = "", cost: Decimal | None = None,
                        reason: str = "") -> Intervention:
    """Record an intervention. ``country=None`` is a regional or interregional activity;
    ``target_group=""`` one for several constituent groups."""
    require_create(user, Intervention, country_id=country.pk if country else None,
                   group=target_group or None, field="country",
                   message=_("You may not record interventions for this country and group."))
    targets, needs, cpos = list(target_constituents), list(needs), list(cpos)
    values = {"title": title, "description": description, "method": method,
              "provider": provider, "technical_area": technical_area, "country": country,
              "target_group": target_group or "", "start_date": start_date,
              "end_date": end_date, "status": status, "levels": list(levels or []),
              "funding_source": funding_source or "", "cost": cost}
    errors = Errors()
    _check(errors, values, targets=targets, needs=needs, cpos=cpos)
    errors.raise_if_any(_("The intervention could not be saved: check the fields marked."))
    values["title"], values["description"] = text(title), text(description)
    intervention = Intervention(**values)
    save(intervention, user=user, reason=reason)
    _set_relations(intervention, targets=targets, needs=needs, cpos=cpos)
    _after_commit_recompute()
    return intervention


@transaction.atomic
def intervention_update(*, user: User | None, intervention: Intervention, data: Mapping[str, Any],
                        reason: str = "") -> Intervention:
    """Change the fields and relations (``target_constituents``, ``needs``, ``cpos``: whole
    lists) given in ``data``."""
    unknown_fields(data, INTERVENTION_FIELDS + RELATION_FIELDS)
    current = Intervention.objects.select_for_update().get(pk=intervention.pk)
    require_change(user, current, _("You may not change this intervention."))
    values = {n: getattr(current, n) for n in INTERVENTION_FIELDS}
    values.update({k: v for k, v in data.items() if k in INTERVENTION_FIELDS})
    values["target_group"] = values["target_group"] or ""
    values["funding_source"] = values["funding_source"] or ""
    if ("country" in data or "target_group" in data) and user is not None:
        country = values["country"]
        require_create(user, Intervention, country_id=country.pk if country else None,
                       group=values["target_group"] or None, field="country",
                       message=_("You may not move the intervention to this country and "
                                 "group."))
    targets = (list(data["target_constituents"]) if "target_constituents" in data
               else list(current.target_constituents.all()))
    needs = list(data["needs"]) if "needs" in data else list(
        current.needs.select_related("constituent"))
    cpos = list(data["cpos"]) if "cpos" in data else list(
        current.cpos.select_related("dwcp"))
    errors = Errors()
    _check(errors, values, targets=targets, needs=needs, cpos=cpos)
    if "status" in data and values["status"] in (InterventionStatus.PLANNED,
                                                  InterventionStatus.CANCELLED) \
            and _has_participation(current):
        errors.add("status", _("Participation is recorded: the intervention took place."))
    errors.raise_if_any(_("The intervention could not be saved: check the fields marked."))
    values["title"], values["description"] = text(values["title"]), text(values["description"])
    changed = [n for n in INTERVENTION_FIELDS if getattr(current, n) != values[n]]
    for name in changed:
        setattr(current, name, values[name])
        setattr(intervention, name, values[name])
    if changed:
        save(current, user=user, reason=reason, update_fields=changed)
    _set_relations(current,
                   targets=targets if "target_constituents" in data else None,
                   needs=needs if "needs" in data else None,
                   cpos=cpos if "cpos" in data else None)
    _after_commit_recompute()
    return current


def _has_participation(intervention: Intervention) -> bool:
    return (intervention.participants.exists()
            or ParticipationCount.objects.filter(intervention=intervention).exists())


@transaction.atomic
def intervention_delete(*, user: User | None, intervention: Intervention, reason: str = "") -> None:
    """Delete an intervention recorded by mistake; refused once participation is recorded
    (cancel it instead)."""
    current = Intervention.objects.select_for_update().get(pk=intervention.pk)
    require_change(user, current, _("You may not delete this intervention."))
    if _has_participation(current):
        raise ApplicationError(_("Participation is recorded for this intervention: remove it "
                                 "first, or mark the intervention cancelled."))
    delete(current, user=user, reason=reason)
    _after_commit_recompute()
