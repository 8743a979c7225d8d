"""What the programmes app tells people (:mod:`core.notifications`): a progress update
submitted (to those who may approve it: managers, and field staff of its country other than
its author), returned with the comment or approved (to its author)."""
from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import notifications, policy
from core.notifications.models import Delivery
from core.roles import Role
from core.routing import page_url

from .models import ProgressUpdate

UPDATE_SUBMITTED = "update_submitted"
UPDATE_RETURNED = "update_returned"
UPDATE_APPROVED = "update_approved"


def _load(update: ProgressUpdate) -> ProgressUpdate:
    return (ProgressUpdate.objects.select_related("indicator__cpo__dwcp__country",
                                                  "submitted_by", "created_by", "decided_by")
            .get(pk=update.pk))


def approvers(update: ProgressUpdate, data: dict[str, Any]) -> list[Any]:
    """Who may decide on the update, its author and administrators left out."""
    update = _load(update)
    candidates = (policy.DECIDE_PROGRESS_UPDATE.holders(get_user_model().objects)
                  .exclude(role=Role.ADMINISTRATOR)
                  .exclude(pk=update.submitted_by_id or 0))
    return [user for user in candidates
            if policy.DECIDE_PROGRESS_UPDATE.allows(user, update)]


def author(update: ProgressUpdate, data: dict[str, Any]) -> list[Any]:
    update = _load(update)
    person = update.submitted_by or update.created_by
    return [person] if person is not None else []


def _who(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user else _("the system")


def _what(update: ProgressUpdate) -> dict[str, Any]:
    indicator = update.indicator
    return {"code": indicator.code, "title": indicator.title,
            "country": indicator.cpo.dwcp.country.name, "date": update.date.isoformat()}


def submitted_message(update: ProgressUpdate, data: dict[str, Any]) -> tuple[str, str]:
    update = _load(update)
    what = _what(update)
    return (_("To approve: progress on %(code)s (%(country)s)") % what,
            _("%(who)s submitted progress dated %(date)s on indicator %(code)s “%(title)s” "
              "for approval.") % {**what, "who": _who(update.submitted_by)})


def returned_message(update: ProgressUpdate, data: dict[str, Any]) -> tuple[str, str]:
    update = _load(update)
    what = _what(update)
    return (_("Returned to you: progress on %(code)s (%(country)s)") % what,
            _("%(who)s returned your progress update dated %(date)s on indicator %(code)s "
              "“%(title)s”: %(comment)s") % {**what, "who": _who(update.decided_by),
                                            "comment": update.return_comment})


def approved_message(update: ProgressUpdate, data: dict[str, Any]) -> tuple[str, str]:
    update = _load(update)
    what = _what(update)
    return (_("Approved: progress on %(code)s (%(country)s)") % what,
            _("%(who)s approved your progress update dated %(date)s on indicator %(code)s "
              "“%(title)s”; it now counts in the results.") % {
                **what, "who": _who(update.decided_by)})


def _indicator_page(update: ProgressUpdate) -> str:
    return page_url("programmes:indicator-detail", update.indicator_id, "h-updates")


def register() -> None:
    notifications.register(notifications.Kind(
        UPDATE_SUBMITTED, gettext_lazy("A progress update waits for your approval"),
        approvers, submitted_message, _indicator_page, default=Delivery.DIGEST))
    notifications.register(notifications.Kind(
        UPDATE_RETURNED, gettext_lazy("Your progress update was returned to you"),
        author, returned_message, _indicator_page))
    notifications.register(notifications.Kind(
        UPDATE_APPROVED, gettext_lazy("Your progress update was approved"),
        author, approved_message, _indicator_page, default=Delivery.INBOX))
