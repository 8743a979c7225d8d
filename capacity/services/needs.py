"""Writes of capacity needs and their review.

Review states: new → reviewed → planned → addressed, or declined with a reason. Who may move a
need follows the bureau that owns its constituent group [issue 5 item 3; seeds/002 ¶16]:

* **review** (new → reviewed) and **decline** (new/reviewed → declined), and reopening a
  declined need (→ new): ACT/EMP specialists for employers' organizations, ACTRAV specialists
  for workers' organizations, field staff of the country for government (and other)
  institutions; administrators always;
* **plan** (reviewed → planned), **address** (planned → addressed) and taking a need back out
  of the plan (planned → reviewed): the owner as above, or field staff of the country, who
  implement the interventions.

Managers only read. A need is planned only once a plan item or an intervention addresses it,
and addressed only once a completed intervention does. Each move is dated (not in the future,
not before the previous move) and recorded in :class:`NeedTransition` and in the history."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from capacity.models import (
    AssessmentDimension,
    CapacityAssessment,
    CapacityLevel,
    CapacityNeed,
    CapacityType,
    InterventionStatus,
    NeedStatus,
    NeedTransition,
    Priority,
    TechnicalArea,
)
from capacity.notifications import KIND_OF_STATUS
from constituents.models import Constituent
from core import notifications, policy
from core.errors import ApplicationError
from core.roles import ConstituentGroup

from ._common import (
    Errors,
    check_choice,
    delete,
    error,
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

NEED_FIELDS = ("description", "level", "capacity_type", "technical_area", "priority",
               "assessment", "dimension")

# Who may make a step: the bureau owning the need (policy.REVIEW_NEED), or that bureau or
# field staff of the country (policy.PLAN_NEED).
OWNER, OWNER_OR_FIELD = policy.REVIEW_NEED, policy.PLAN_NEED


@dataclass(frozen=True)
class Step:
    from_status: str
    to_status: str
    who: policy.Capability
    label: Any
    note_required: bool = False


STEPS = (
    Step(NeedStatus.NEW, NeedStatus.REVIEWED, OWNER, gettext_lazy("Mark reviewed")),
    Step(NeedStatus.NEW, NeedStatus.DECLINED, OWNER, gettext_lazy("Decline"), True),
    Step(NeedStatus.REVIEWED, NeedStatus.DECLINED, OWNER, gettext_lazy("Decline"), True),
    Step(NeedStatus.REVIEWED, NeedStatus.PLANNED, OWNER_OR_FIELD, gettext_lazy("Mark planned")),
    Step(NeedStatus.PLANNED, NeedStatus.ADDRESSED, OWNER_OR_FIELD,
         gettext_lazy("Mark addressed")),
    Step(NeedStatus.PLANNED, NeedStatus.REVIEWED, OWNER_OR_FIELD,
         gettext_lazy("Take out of the plan"), True),
    Step(NeedStatus.DECLINED, NeedStatus.NEW, OWNER, gettext_lazy("Reopen"), True),
)

OWNER_LABELS: dict[str, Promise] = {
    ConstituentGroup.EMPLOYERS: gettext_lazy("ACT/EMP specialists"),
    ConstituentGroup.WORKERS: gettext_lazy("ACTRAV specialists"),
}


def _active(user: User | None) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _may(user: User | None, need: CapacityNeed, step: Step) -> bool:
    """``user=None`` is the system (data loads), which may make any step."""
    return user is None or step.who.allows(user, need)


def owner_label(need: CapacityNeed) -> str:
    return str(OWNER_LABELS.get(need.constituent.group,
                                gettext_lazy("field staff of the country")))


def need_next_steps(*, user: User | None, need: CapacityNeed) -> list[Step]:
    """The moves ``user`` may make from the need's current state (for the buttons)."""
    return [s for s in STEPS if s.from_status == need.status and _may(user, need, s)]


# --- needs --------------------------------------------------------------------------------

def _check_need(errors: Errors, *, constituent: Constituent, values: Mapping[str, Any]) -> None:
    if not text(values.get("description")):
        errors.add("description", _("Describe the need."))
    check_choice(errors, "level", values.get("level"), CapacityLevel, label=_("level"))
    check_choice(errors, "capacity_type", values.get("capacity_type"), CapacityType,
                 label=_("capacity type"))
    check_choice(errors, "technical_area", values.get("technical_area"), TechnicalArea,
                 label=_("technical area"))
    check_choice(errors, "priority", values.get("priority"), Priority, label=_("priority"))
    assessment: CapacityAssessment | None = values.get("assessment")
    dimension: AssessmentDimension | None = values.get("dimension")
    if assessment is not None and assessment.constituent_id != constituent.pk:
        errors.add("assessment", _("Choose an assessment of %(c)s.") % {"c": constituent.name})
    if dimension is not None:
        if assessment is not None and dimension.framework_id != assessment.framework_id:
            errors.add("dimension", _("Choose a dimension of the assessment's framework."))
        elif assessment is None and not dimension.framework.fits_type(constituent.type):
            errors.add("dimension", _("Choose a dimension of a framework for %(c)s.")
                       % {"c": constituent.name})


@transaction.atomic
def need_create(*, user: User | None, constituent: Constituent, description: str, level: str,
                capacity_type: str, technical_area: str, priority: str = Priority.MEDIUM,
                assessment: CapacityAssessment | None = None,
                dimension: AssessmentDimension | None = None,
                identified_on: dt.date | None = None, reason: str = "") -> CapacityNeed:
    """Record a need of ``constituent`` (state: new since ``identified_on``, default today),
    found by ``assessment`` if given."""
    require_create(user, CapacityNeed, country_id=constituent.country_id,
                   group=constituent.group, field="constituent",
                   message=_("You may not record needs of %(c)s.") % {"c": constituent.name})
    values = {"description": description, "level": level, "capacity_type": capacity_type,
              "technical_area": technical_area, "priority": priority,
              "assessment": assessment, "dimension": dimension}
    errors = Errors()
    _check_need(errors, constituent=constituent, values=values)
    identified_on = identified_on or today()
    if identified_on > today():
        errors.add("identified_on", _("The date cannot be in the future."))
    if assessment is not None and identified_on < assessment.date:
        errors.add("identified_on", _("A need is identified on or after the assessment that "
                                      "found it (%(d)s).") % {"d": assessment.date})
    errors.raise_if_any(_("The need could not be saved: check the fields marked."))
    need = CapacityNeed(constituent=constituent, status=NeedStatus.NEW,
                        status_changed_on=identified_on, **{**values,
                                                      "description": text(description)})
    save(need, user=user, reason=reason)
    _after_commit_recompute()
    return need


@transaction.atomic
def need_update(*, user: User | None, need: CapacityNeed, data: Mapping[str, Any],
                reason: str = "") -> CapacityNeed:
    """Change a need's description, classification or priority (not its state: see
    :func:`need_transition`). Addressed and declined needs are closed to edits."""
    unknown_fields(data, NEED_FIELDS)
    current = (CapacityNeed.objects.select_for_update().select_related("constituent")
               .get(pk=need.pk))
    require_change(user, current, _("You may not change this need."))
    if current.status in (NeedStatus.ADDRESSED, NeedStatus.DECLINED):
        raise ApplicationError(_("An %(s)s need cannot be edited.")
                               % {"s": current.get_status_display().lower()})
    values = {name: getattr(current, name) for name in NEED_FIELDS}
    values.update(data)
    errors = Errors()
    _check_need(errors, constituent=current.constituent, values=values)
    errors.raise_if_any(_("The need could not be saved: check the fields marked."))
    values["description"] = text(values["description"])
    changed = [n for n in NEED_FIELDS if getattr(current, n) != values[n]]
    for name in changed:
        setattr(current, name, values[name])
        setattr(need, name, values[name])
    if changed:
        save(current, user=user, reason=reason, update_fields=changed)
        _after_commit_recompute()
    return current


@transaction.atomic
def need_delete(*, user: User | None, need: CapacityNeed, reason: str = "") -> None:
    """Delete a need entered by mistake: only while new and not linked to any plan or
    intervention (otherwise decline it, with a reason)."""
    current = CapacityNeed.objects.select_for_update().get(pk=need.pk)
    require_change(user, current, _("You may not delete this need."))
    if current.status != NeedStatus.NEW or current.plan_items.exists() \
            or current.interventions.exists():
        raise ApplicationError(_("Only a new need that no plan or intervention addresses can be "
                                 "deleted; decline it instead, saying why."))
    delete(current, user=user, reason=reason)
    _after_commit_recompute()


# --- review -------------------------------------------------------------------------------

def _step_problem(user: User | None, need: CapacityNeed, to_status: str, effective_date: dt.date,
                  note: str) -> tuple[str, str] | None:
    """(field, message) saying why ``need`` cannot move to ``to_status``, or None."""
    options = [s for s in STEPS if s.from_status == need.status]
    step = next((s for s in options if s.to_status == to_status), None)
    if step is None:
        return "to_status", _("A %(from)s need cannot become %(to)s; its next states are: "
                              "%(next)s.") % {
            "from": NeedStatus(need.status).label.lower(),
            "to": NeedStatus(to_status).label.lower(),
            "next": ", ".join(str(NeedStatus(s.to_status).label).lower() for s in options)}
    if not _may(user, need, step):
        who = owner_label(need)
        if step.who is OWNER_OR_FIELD and need.constituent.group in OWNER_LABELS:
            who = _("%(owner)s or field staff of the country") % {"owner": who}
        return "to_status", _("Only %(who)s may %(step)s this need.") % {
            "who": who, "step": str(step.label).lower()}
    if step.note_required and not text(note):
        if to_status == NeedStatus.DECLINED:
            return "note", _("Say why the need is declined.")
        return "note", _("Say why.")
    if effective_date > today():
        return "effective_date", _("The date cannot be in the future.")
    if need.status_changed_on and effective_date < need.status_changed_on:
        return "effective_date", _("The date cannot be before the need's previous change "
                                   "(%(d)s).") % {"d": need.status_changed_on.isoformat()}
    if to_status == NeedStatus.PLANNED and not (
            need.plan_items.exists()
            or need.interventions.exclude(status=InterventionStatus.CANCELLED).exists()):
        return "to_status", _("Add the need to a capacity development plan or link it to an "
                              "intervention before marking it planned.")
    if to_status == NeedStatus.ADDRESSED and not need.interventions.filter(
            status=InterventionStatus.COMPLETED).exists():
        return "to_status", _("A need is addressed by a completed intervention: link one "
                              "first.")
    return None


def _apply(user: User | None, need: CapacityNeed, to_status: str, effective_date: dt.date,
           note: str) -> NeedTransition:
    from_status = need.status
    need.status = to_status
    need.status_changed_on = effective_date
    fields = ["status", "status_changed_on"]
    if to_status == NeedStatus.DECLINED:
        need.decline_reason = text(note)
        fields.append("decline_reason")
    elif from_status == NeedStatus.DECLINED:
        need.decline_reason = ""
        fields.append("decline_reason")
    reason = f"{NeedStatus(from_status).label} → {NeedStatus(to_status).label}"
    save(need, user=user, reason=f"{reason}. {text(note)}" if text(note) else reason,
         update_fields=fields)
    change = NeedTransition.objects.create(
        need=need, from_status=from_status, to_status=to_status,
        effective_date=effective_date, note=text(note),
        changed_by=user if _active(user) else None)
    kind = KIND_OF_STATUS.get(NeedStatus(to_status))
    if kind is not None:  # the field office hears of it (after commit)
        notifications.announce(kind, need, event=str(change.pk))
    return change


@transaction.atomic
def need_transition(*, user: User | None, need: CapacityNeed, to_status: str,
                    effective_date: dt.date | None = None, note: str = "") -> NeedTransition:
    """Move one need to ``to_status`` on ``effective_date`` (default: today)."""
    if to_status not in NeedStatus.values:
        raise error("to_status", _("Unknown state."))
    current = (CapacityNeed.objects.select_for_update().select_related("constituent")
               .get(pk=need.pk))
    if user is not None and not policy.can_view(user, current):
        raise PermissionDenied(_("You may not see this need."))
    effective_date = effective_date or today()
    problem = _step_problem(user, current, to_status, effective_date, note)
    if problem is not None:
        raise error(*problem)
    change = _apply(user, current, to_status, effective_date, note)
    _after_commit_recompute()
    for name in ("status", "status_changed_on", "decline_reason", "updated_at"):
        setattr(need, name, getattr(current, name))
    return change


@transaction.atomic
def needs_transition_bulk(*, user: User | None, needs: Iterable[CapacityNeed], to_status: str,
                          effective_date: dt.date | None = None,
                          note: str = "") -> list[NeedTransition]:
    """Move several needs at once, all or none: if any of them may not move, nothing is
    written and the error lists each refused need."""
    if to_status not in NeedStatus.values:
        raise error("to_status", _("Unknown state."))
    ids = sorted({n.pk for n in needs})
    if not ids:
        raise error("needs", _("Choose at least one need."))
    locked = list(CapacityNeed.objects.select_for_update().select_related("constituent")
                  .filter(pk__in=ids).order_by("pk"))
    effective_date = effective_date or today()
    problems = []
    for need in locked:
        if user is not None and not policy.can_view(user, need):
            problems.append(_("Need #%(id)s: you may not see it.") % {"id": need.pk})
            continue
        problem = _step_problem(user, need, to_status, effective_date, note)
        if problem is not None:
            problems.append(_("Need #%(id)s (%(c)s: %(d)s): %(m)s") % {
                "id": need.pk, "c": need.constituent.name, "d": need.description[:60],
                "m": problem[1]})
    if len(locked) != len(ids):
        problems.append(_("Some of the needs chosen no longer exist."))
    if problems:
        raise ApplicationError(_("No need was changed: %(n)s of %(t)s cannot move.")
                               % {"n": len(problems), "t": len(ids)},
                               field_errors={"needs": problems})
    changes = [_apply(user, need, to_status, effective_date, note) for need in locked]
    _after_commit_recompute()
    return changes
