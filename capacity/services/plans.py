"""Writes of capacity development plans and their items (needs → planned interventions).

Rules: a plan's dates are in order and a linked DWCP is of the constituent's country; an item
addresses at least one need, each of the plan's constituent and not declined; its due date
falls within the plan; a linked intervention targets the plan's constituent and is not
cancelled."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from capacity.models import (
    CapacityDevelopmentPlan,
    CapacityNeed,
    Intervention,
    InterventionMethod,
    InterventionStatus,
    NeedStatus,
    PlanItem,
)
from constituents.models import Constituent
from programmes.models import Dwcp

from ._common import (
    Errors,
    check_choice,
    check_dates,
    delete,
    require_change,
    require_create,
    save,
    text,
    unknown_fields,
)

if TYPE_CHECKING:
    from core.models import User

PLAN_FIELDS = ("title", "dwcp", "start_date", "end_date", "status", "notes")
ITEM_FIELDS = ("title", "method", "due_date", "intervention", "order", "notes")


def _check_plan(errors: Errors, constituent: Constituent, values: Mapping[str, Any]) -> None:
    if not text(values.get("title")):
        errors.add("title", _("This field is required."))
    for name in ("start_date", "end_date"):
        if values.get(name) is None:
            errors.add(name, _("This field is required."))
    check_dates(errors, values.get("start_date"), values.get("end_date"))
    check_choice(errors, "status", values.get("status"), CapacityDevelopmentPlan.Status,
                 label=_("status"))
    dwcp: Dwcp | None = values.get("dwcp")
    if dwcp is not None and dwcp.country_id != constituent.country_id:
        errors.add("dwcp", _("Choose a DWCP of %(c)s.") % {"c": constituent.country})


@transaction.atomic
def plan_create(*, user: User | None, constituent: Constituent, title: str, start_date: dt.date,
                end_date: dt.date, dwcp: Dwcp | None = None,
                status: str = CapacityDevelopmentPlan.Status.DRAFT, notes: str = "",
                reason: str = "") -> CapacityDevelopmentPlan:
    require_create(user, CapacityDevelopmentPlan, country_id=constituent.country_id,
                   group=constituent.group, field="constituent",
                   message=_("You may not record plans of %(c)s.") % {"c": constituent.name})
    values = {"title": title, "dwcp": dwcp, "start_date": start_date, "end_date": end_date,
              "status": status, "notes": notes}
    errors = Errors()
    _check_plan(errors, constituent, values)
    errors.raise_if_any(_("The plan could not be saved: check the fields marked."))
    plan = CapacityDevelopmentPlan(constituent=constituent, **{
        **values, "title": text(title), "notes": text(notes)})
    save(plan, user=user, reason=reason)
    return plan


def _check_items_inside(errors: Errors, plan: CapacityDevelopmentPlan, start: dt.date | None,
                        end: dt.date | None) -> None:
    outside = plan.items.exclude(due_date__isnull=True).exclude(
        due_date__gte=start, due_date__lte=end).count() if start and end else 0
    if outside:
        errors.add("start_date", ngettext(
            "%(n)s item of the plan is due outside these dates.",
            "%(n)s items of the plan are due outside these dates.", outside) % {"n": outside})


@transaction.atomic
def plan_update(*, user: User | None, plan: CapacityDevelopmentPlan, data: Mapping[str, Any],
                reason: str = "") -> CapacityDevelopmentPlan:
    unknown_fields(data, PLAN_FIELDS)
    current = (CapacityDevelopmentPlan.objects.select_for_update()
               .select_related("constituent").get(pk=plan.pk))
    require_change(user, current, _("You may not change this plan."))
    values = {n: getattr(current, n) for n in PLAN_FIELDS}
    values.update(data)
    errors = Errors()
    _check_plan(errors, current.constituent, values)
    _check_items_inside(errors, current, values["start_date"], values["end_date"])
    errors.raise_if_any(_("The plan could not be saved: check the fields marked."))
    values["title"], values["notes"] = text(values["title"]), text(values["notes"])
    changed = [n for n in PLAN_FIELDS if getattr(current, n) != values[n]]
    for name in changed:
        setattr(current, name, values[name])
        setattr(plan, name, values[name])
    if changed:
        save(current, user=user, reason=reason, update_fields=changed)
    return current


def _check_item(errors: Errors, plan: CapacityDevelopmentPlan, values: Mapping[str, Any],
                needs: list[CapacityNeed] | None) -> None:
    if not text(values.get("title")):
        errors.add("title", _("Say what intervention is planned."))
    check_choice(errors, "method", values.get("method"), InterventionMethod, required=False,
                 label=_("method"))
    due = values.get("due_date")
    if due is not None and not (plan.start_date <= due <= plan.end_date):
        errors.add("due_date", _("The due date must fall within the plan (%(s)s to %(e)s).")
                   % {"s": plan.start_date.isoformat(), "e": plan.end_date.isoformat()})
    if needs is not None:
        if not needs:
            errors.add("needs", _("Choose the needs this intervention addresses."))
        for need in needs:
            if need.constituent_id != plan.constituent_id:
                errors.add("needs", _("“%(d)s” is a need of another organization.")
                           % {"d": need.description[:60]})
            elif need.status == NeedStatus.DECLINED:
                errors.add("needs", _("“%(d)s” was declined: reopen it before planning it.")
                           % {"d": need.description[:60]})
    intervention: Intervention | None = values.get("intervention")
    if intervention is not None:
        if intervention.status == InterventionStatus.CANCELLED:
            errors.add("intervention", _("This intervention was cancelled."))
        elif not intervention.target_constituents.filter(pk=plan.constituent_id).exists():
            errors.add("intervention", _("Choose an intervention that targets %(c)s.")
                       % {"c": plan.constituent.name})


@transaction.atomic
def plan_item_create(*, user: User | None, plan: CapacityDevelopmentPlan, title: str,
                     needs: Iterable[CapacityNeed], method: str = "",
                     due_date: dt.date | None = None, intervention: Intervention | None = None,
                     order: int = 0, notes: str = "", reason: str = "") -> PlanItem:
    plan = CapacityDevelopmentPlan.objects.select_related("constituent").get(pk=plan.pk)
    require_change(user, plan, _("You may not change this plan."))
    needs = list(needs)
    values = {"title": title, "method": method, "due_date": due_date,
              "intervention": intervention, "order": order, "notes": notes}
    errors = Errors()
    _check_item(errors, plan, values, needs)
    errors.raise_if_any(_("The plan item could not be saved: check the fields marked."))
    item = PlanItem(plan=plan, **{**values, "title": text(title), "method": method or "",
                                  "notes": text(notes)})
    save(item, user=user, reason=reason)
    item.needs.set(needs)
    return item


@transaction.atomic
def plan_item_update(*, user: User | None, item: PlanItem, data: Mapping[str, Any],
                     needs: Iterable[CapacityNeed] | None = None,
                     reason: str = "") -> PlanItem:
    unknown_fields(data, ITEM_FIELDS)
    current = PlanItem.objects.select_for_update().select_related(
        "plan__constituent").get(pk=item.pk)
    require_change(user, current, _("You may not change this plan."))
    values = {n: getattr(current, n) for n in ITEM_FIELDS}
    values.update(data)
    needs = list(needs) if needs is not None else None
    errors = Errors()
    _check_item(errors, current.plan, values, needs)
    errors.raise_if_any(_("The plan item could not be saved: check the fields marked."))
    values["title"], values["notes"] = text(values["title"]), text(values["notes"])
    values["method"] = values["method"] or ""
    changed = [n for n in ITEM_FIELDS if getattr(current, n) != values[n]]
    for name in changed:
        setattr(current, name, values[name])
    if changed:
        save(current, user=user, reason=reason, update_fields=changed)
    if needs is not None:
        current.needs.set(needs)
    return current


@transaction.atomic
def plan_item_delete(*, user: User | None, item: PlanItem, reason: str = "") -> None:
    current = PlanItem.objects.select_related("plan").get(pk=item.pk)
    require_change(user, current, _("You may not change this plan."))
    delete(current, user=user, reason=reason)
