"""What the evaluation app tells people (:mod:`core.notifications`): a follow-up action
given to its owner, and each morning the owners of actions that have just passed their due
date (once per action and due date)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import notifications
from core.routing import page_url

from .models import FollowUpAction

RELATED = ("owner", "recommendation__evaluation")
ACTION_ASSIGNED = "action_assigned"
ACTION_OVERDUE = "action_overdue"
# Recorded in the event feed (core.events) only: nobody is notified.
EVALUATION_PUBLISHED = "evaluation_published"


def owner(action: FollowUpAction, data: dict[str, Any]) -> list[Any]:
    return [action.owner] if action.owner_id else []


def _what(action: FollowUpAction) -> dict[str, Any]:
    return {"action": action.description[:160],
            "evaluation": action.recommendation.evaluation.title,
            "number": action.recommendation.number,
            "due": formats.date_format(action.due_date)}


def assigned_message(action: FollowUpAction, data: dict[str, Any]) -> tuple[str, str]:
    what = _what(action)
    return (_("A follow-up action is yours, due %(due)s") % what,
            _("You own the follow-up action “%(action)s” of recommendation %(number)s of "
              "“%(evaluation)s”, due on %(due)s.") % what)


def overdue_message(action: FollowUpAction, data: dict[str, Any]) -> tuple[str, str]:
    what = _what(action)
    return (_("Overdue since %(due)s: a follow-up action of yours") % what,
            _("The follow-up action “%(action)s” of recommendation %(number)s of "
              "“%(evaluation)s” was due on %(due)s and is still open: update its status.")
            % what)


def _evaluation_page(action: FollowUpAction) -> str:
    return page_url("evaluation:evaluation-detail", action.recommendation.evaluation_id,
                    f"recommendation-{action.recommendation.number}")


def announce_overdue(*, today: dt.date) -> int:
    """Tell the owners of the open actions whose due date has passed (each once per due
    date: a new due date is a new event). Returns how many were announced."""
    from .selectors import overdue_q

    count = 0
    for action in (FollowUpAction.objects.filter(overdue_q(today), owner__isnull=False)
                   .only("pk", "due_date")):
        notifications.announce(ACTION_OVERDUE, action, event=action.due_date.isoformat())
        count += 1
    return count


def evaluation_payload(evaluation: Any) -> dict[str, Any]:
    return {"evaluation": evaluation.title, "status": evaluation.status}


def register() -> None:
    notifications.register(notifications.Kind(
        ACTION_ASSIGNED, gettext_lazy("A follow-up action of an evaluation is given to you"),
        owner, assigned_message, _evaluation_page, related=RELATED))
    notifications.register(notifications.Kind(
        ACTION_OVERDUE, gettext_lazy("A follow-up action of yours is overdue"),
        owner, overdue_message, _evaluation_page, related=RELATED))
    notifications.register(notifications.feed_only(
        EVALUATION_PUBLISHED, gettext_lazy("An evaluation was published"), evaluation_payload))
