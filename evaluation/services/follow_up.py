"""Writes of recommendations and their follow-up: the management response and the actions.

Rules:

* Recommendations are recorded by whoever manages the evaluation
  (:data:`core.policy.MANAGE_EVALUATION`), once it has started; numbers are unique within
  the evaluation.
* The management response is recorded by the recommendation's addressee
  (:data:`core.policy.RESPOND_TO_RECOMMENDATION`): accepted, partially accepted or rejected;
  a partial acceptance or a rejection gives its rationale. It is a draft until submitted;
  once submitted it is changed only with a reason (kept in its history), and it is dated.
* Follow-up actions belong to accepted or partially accepted recommendations whose response
  is submitted; the addressee records them (owner, due date). The addressee or the action's
  owner (:data:`core.policy.UPDATE_FOLLOW_UP_ACTION`) moves its status, dated: an action
  not possible says why; a completed one has its completion date.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from constituents.models import Constituent
from core import notifications, policy
from core.errors import ApplicationError
from evaluation.models import (
    TO_IMPLEMENT,
    ActionStatus,
    AddresseeUnit,
    Evaluation,
    EvaluationStatus,
    FollowUpAction,
    ManagementResponse,
    Recommendation,
    RecommendationPriority,
    ResourceImplication,
    ResponseDecision,
)
from evaluation.notifications import ACTION_ASSIGNED

from ._common import (
    Errors,
    check_choice,
    delete,
    error,
    recompute_after_commit,
    save,
    text,
    today,
    unknown_fields,
)
from .findings import evaluation_check_open

if TYPE_CHECKING:
    from core.models import User

__all__ = [
    "ACTION_FIELDS", "RECOMMENDATION_FIELDS", "action_create", "action_delete",
    "action_set_status", "action_update", "recommendation_create", "recommendation_delete",
    "recommendation_update", "response_record", "response_submit",
]

RECOMMENDATION_FIELDS = ("number", "text", "addressee_unit", "addressee_office", "priority",
                         "resource_implication", "timeframe")
ACTION_FIELDS = ("description", "owner", "owner_unit", "due_date")


# --- recommendations ------------------------------------------------------------------------

def _check_recommendation(values: dict[str, Any], evaluation: Evaluation,
                          constituents: Iterable[Constituent], pk: int | None) -> None:
    errors = Errors()
    values["text"] = text(values.get("text"))
    values["addressee_office"] = text(values.get("addressee_office"))
    values["timeframe"] = text(values.get("timeframe"))
    if not values["text"]:
        errors.add("text", _("This field is required."))
    check_choice(errors, "addressee_unit", values.get("addressee_unit"), AddresseeUnit)
    check_choice(errors, "priority", values.get("priority"), RecommendationPriority)
    check_choice(errors, "resource_implication", values.get("resource_implication"),
                 ResourceImplication)
    number = values.get("number")
    if number is None:
        values["number"] = (max(evaluation.recommendations.values_list("number", flat=True),
                                default=0) + 1)
    elif not isinstance(number, int) or number < 1:
        errors.add("number", _("Number the recommendations 1, 2, 3…"))
    elif evaluation.recommendations.filter(number=number).exclude(pk=pk or 0).exists():
        errors.add("number", _("The evaluation already has a recommendation %(n)d.")
                   % {"n": number})
    covered = set(evaluation.countries.values_list("pk", flat=True))
    if evaluation.country_id:
        covered.add(evaluation.country_id)
    for constituent in constituents:
        if covered and constituent.country_id not in covered:
            errors.add("addressee_constituents",
                       _("%(name)s is an organization of a country the evaluation does not "
                         "cover.") % {"name": constituent.name})
    errors.raise_if_any(_("The recommendation could not be saved: check the fields marked."))


@transaction.atomic
def recommendation_create(*, user: User | None, evaluation: Evaluation,
                          data: Mapping[str, Any],
                          addressee_constituents: Iterable[Constituent] = (),
                          reason: str = "") -> Recommendation:
    """Record a recommendation (:data:`RECOMMENDATION_FIELDS`; ``number`` defaults to the
    next one)."""
    unknown_fields(data, RECOMMENDATION_FIELDS)
    evaluation_check_open(evaluation=evaluation, user=user, reason=reason,
                          what=_("its recommendations"))
    values: dict[str, Any] = {name: data.get(name) for name in RECOMMENDATION_FIELDS}
    values["priority"] = values["priority"] or RecommendationPriority.MEDIUM
    values["resource_implication"] = values["resource_implication"] or ResourceImplication.NONE
    constituents = list(addressee_constituents)
    _check_recommendation(values, evaluation, constituents, None)
    recommendation = save(Recommendation(evaluation=evaluation, **values), user=user,
                          reason=reason)
    recommendation.addressee_constituents.set(constituents)
    return recommendation


@transaction.atomic
def recommendation_update(*, user: User | None, recommendation: Recommendation,
                          data: Mapping[str, Any],
                          addressee_constituents: Iterable[Constituent] | None = None,
                          reason: str = "") -> Recommendation:
    unknown_fields(data, RECOMMENDATION_FIELDS)
    evaluation = recommendation.evaluation
    evaluation_check_open(evaluation=evaluation, user=user, reason=reason)
    values = {name: data.get(name, getattr(recommendation, name))
              for name in RECOMMENDATION_FIELDS}
    constituents = (list(addressee_constituents) if addressee_constituents is not None
                    else list(recommendation.addressee_constituents.all()))
    _check_recommendation(values, evaluation, constituents, recommendation.pk)
    response = _response(recommendation)
    if (values["addressee_unit"] != recommendation.addressee_unit
            and response is not None and response.is_submitted):
        raise error("addressee_unit", _("The addressee has answered: the recommendation "
                                        "cannot be readdressed."))
    changed = [n for n in RECOMMENDATION_FIELDS if getattr(recommendation, n) != values[n]]
    for name in changed:
        setattr(recommendation, name, values[name])
    if changed:
        save(recommendation, user=user, reason=reason, update_fields=changed)
    if addressee_constituents is not None:
        recommendation.addressee_constituents.set(constituents)
    return recommendation


@transaction.atomic
def recommendation_delete(*, user: User | None, recommendation: Recommendation,
                          reason: str = "") -> None:
    """Delete a recommendation recorded by mistake: not once it has a submitted response."""
    evaluation_check_open(evaluation=recommendation.evaluation, user=user, reason=reason)
    response = _response(recommendation)
    if response is not None and response.is_submitted:
        raise ApplicationError(_("The addressee has answered this recommendation: it cannot "
                                 "be deleted."))
    delete(recommendation, user=user, reason=reason)
    recompute_after_commit()


def _response(recommendation: Recommendation) -> ManagementResponse | None:
    return ManagementResponse.objects.filter(recommendation=recommendation).first()


# --- the management response ----------------------------------------------------------------

def _require_respond(user: User | None, obj: Any) -> None:
    policy.RESPOND_TO_RECOMMENDATION.require(user, obj,
            _("Only the recommendation's addressee may record the management response."))


@transaction.atomic
def response_record(*, user: User | None, recommendation: Recommendation, decision: str,
                    rationale: str = "", responded_on: dt.date | None = None,
                    submit: bool = False, reason: str = "") -> ManagementResponse:
    """Record or change the management response (``submit=True`` submits it as well). A
    submitted response is changed only with ``reason``."""
    _require_respond(user, recommendation)
    evaluation = recommendation.evaluation
    if evaluation.status == EvaluationStatus.CANCELLED:
        raise ApplicationError(_("The evaluation is cancelled."))
    errors = Errors()
    check_choice(errors, "decision", decision, ResponseDecision)
    rationale = text(rationale)
    if decision in (ResponseDecision.REJECTED, ResponseDecision.PARTIALLY_ACCEPTED) \
            and not rationale:
        errors.add("rationale", _("Say why the recommendation is rejected or what part of it "
                                  "is accepted."))
    responded_on = responded_on or today()
    if responded_on > today():
        errors.add("responded_on", _("The date must not be in the future."))
    current = (ManagementResponse.objects.select_for_update()
               .filter(recommendation=recommendation).first())
    if current is not None and current.is_submitted and not text(reason):
        errors.add("reason", _("The response is submitted: say why it is changed."))
    if (current is not None and decision == ResponseDecision.REJECTED
            and current.recommendation.actions.exclude(status=ActionStatus.NOT_STARTED)
            .exists()):
        errors.add("decision", _("Follow-up actions have started: a recommendation being "
                                 "implemented cannot be rejected."))
    errors.raise_if_any(_("The response could not be saved: check the fields marked."))
    if current is None:
        current = ManagementResponse(recommendation=recommendation, decision=decision,
                                     rationale=rationale, responded_on=responded_on)
        fields: list[str] | None = None
    else:
        fields = [n for n, v in (("decision", decision), ("rationale", rationale),
                                 ("responded_on", responded_on)) if getattr(current, n) != v]
        current.decision, current.rationale, current.responded_on = (decision, rationale,
                                                                     responded_on)
    if submit and not current.is_submitted:
        current.submitted_at = timezone.now()
        current.submitted_by = user if getattr(user, "is_authenticated", False) else None
        if fields is not None:
            fields += ["submitted_at", "submitted_by"]
    if fields is None or fields:
        save(current, user=user, reason=reason, update_fields=fields)
    recompute_after_commit()
    return current


@transaction.atomic
def response_submit(*, user: User | None, response: ManagementResponse) -> ManagementResponse:
    """Submit a draft response: from now on it changes only with a reason."""
    _require_respond(user, response)
    current = ManagementResponse.objects.select_for_update().get(pk=response.pk)
    if current.is_submitted:
        raise ApplicationError(_("The response was submitted on %(date)s.")
                               % {"date": timezone.localdate(current.submitted_at).isoformat()})
    current.submitted_at = timezone.now()
    current.submitted_by = user if getattr(user, "is_authenticated", False) else None
    save(current, user=user, reason=_("Response submitted"),
         update_fields=["submitted_at", "submitted_by"])
    response.submitted_at, response.submitted_by = current.submitted_at, current.submitted_by
    recompute_after_commit()
    return current


# --- follow-up actions ----------------------------------------------------------------------

def _check_action(values: dict[str, Any]) -> None:
    errors = Errors()
    values["description"] = text(values.get("description"))
    values["owner_unit"] = text(values.get("owner_unit"))
    if not values["description"]:
        errors.add("description", _("This field is required."))
    if values.get("due_date") is None:
        errors.add("due_date", _("Enter the date the action is due."))
    if values.get("owner") is None and not values["owner_unit"]:
        errors.add("owner", _("Name the person or the unit responsible."))
    errors.raise_if_any(_("The action could not be saved: check the fields marked."))


@transaction.atomic
def action_create(*, user: User | None, recommendation: Recommendation,
                  data: Mapping[str, Any], reason: str = "") -> FollowUpAction:
    """Record a follow-up action (:data:`ACTION_FIELDS`) of an accepted or partially accepted
    recommendation whose response is submitted."""
    unknown_fields(data, ACTION_FIELDS)
    _require_respond(user, recommendation)
    response = _response(recommendation)
    if response is None or not response.is_submitted:
        raise ApplicationError(_("Submit the management response before planning actions."))
    if response.decision not in TO_IMPLEMENT:
        raise ApplicationError(_("The recommendation was rejected: it has no follow-up "
                                 "actions."))
    values = {name: data.get(name) for name in ACTION_FIELDS}
    _check_action(values)
    action = save(FollowUpAction(recommendation=recommendation, **values,
                                 status=ActionStatus.NOT_STARTED, status_changed_on=today()),
                  user=user, reason=reason)
    recompute_after_commit()
    if action.owner_id:
        notifications.announce(ACTION_ASSIGNED, action, event=f"owner:{action.owner_id}")
    return action


@transaction.atomic
def action_update(*, user: User | None, action: FollowUpAction, data: Mapping[str, Any],
                  reason: str = "") -> FollowUpAction:
    """Change what the action is, who owns it and when it is due (the addressee)."""
    unknown_fields(data, ACTION_FIELDS)
    _require_respond(user, action)
    values = {name: data.get(name, getattr(action, name)) for name in ACTION_FIELDS}
    _check_action(values)
    changed = [n for n in ACTION_FIELDS if getattr(action, n) != values[n]]
    if "due_date" in changed and action.status_changed_on and not text(reason):
        raise error("reason", _("Say why the due date changes."))
    for name in changed:
        setattr(action, name, values[name])
    if changed:
        save(action, user=user, reason=reason, update_fields=changed)
    if "owner" in changed and action.owner_id:
        notifications.announce(ACTION_ASSIGNED, action, event=f"owner:{action.owner_id}")
    return action


@transaction.atomic
def action_set_status(*, user: User | None, action: FollowUpAction, status: str,
                      note: str = "", effective_date: dt.date | None = None) -> FollowUpAction:
    """Move an action to ``status`` on ``effective_date`` (default today), dated and
    audited: "not possible" says why; "completed" records the completion date."""
    policy.UPDATE_FOLLOW_UP_ACTION.require(user, action,
            _("Only the recommendation's addressee or the action's owner may update it."))
    current = FollowUpAction.objects.select_for_update().get(pk=action.pk)
    errors = Errors()
    check_choice(errors, "status", status, ActionStatus)
    note = text(note)
    effective_date = effective_date or today()
    if effective_date > today():
        errors.add("effective_date", _("The date must not be in the future."))
    if status == ActionStatus.NOT_POSSIBLE and not note:
        errors.add("note", _("Say why the action is not possible."))
    if status == current.status and note == current.status_note:
        errors.add("status", _("The action is already %(status)s.")
                   % {"status": current.get_status_display().lower()})
    errors.raise_if_any(_("The action could not be updated: check the fields marked."))
    from_label = current.get_status_display()
    current.status = status
    current.status_note = note
    current.status_changed_on = effective_date
    current.completed_on = effective_date if status == ActionStatus.COMPLETED else None
    save(current, user=user,
         reason=f"{_('Status')}: {from_label} → {current.get_status_display()}"
                + (f". {note}" if note else ""),
         update_fields=["status", "status_note", "status_changed_on", "completed_on"])
    for name in ("status", "status_note", "status_changed_on", "completed_on", "updated_at"):
        setattr(action, name, getattr(current, name))
    recompute_after_commit()
    return current


@transaction.atomic
def action_delete(*, user: User | None, action: FollowUpAction, reason: str = "") -> None:
    """Delete an action recorded by mistake: only one not started."""
    _require_respond(user, action)
    if action.status != ActionStatus.NOT_STARTED:
        raise ApplicationError(_("The action has started: mark it not possible instead, "
                                 "saying why."))
    delete(action, user=user, reason=reason)
    recompute_after_commit()
