"""What the programmes app tells people (:mod:`core.notifications`): a progress update
submitted (to those who may approve it: managers, and field staff of its country other than
its author), returned with the comment or approved (to its author); reporting due soon or
late by the DWCP's reporting calendar (to the field staff of its country)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import notifications, policy
from core.notifications.models import Delivery
from core.roles import Role
from core.routing import page_url

from .models import ProgressUpdate

# What the messages read of an update, loaded with it once (core.notifications.Kind.related).
UPDATE_RELATED = ("indicator__cpo__dwcp__country", "submitted_by", "created_by", "decided_by")
UPDATE_SUBMITTED = "update_submitted"
UPDATE_RETURNED = "update_returned"
UPDATE_APPROVED = "update_approved"
REPORTING_DUE = "reporting_due"
REPORTING_LATE = "reporting_late"
MILESTONES_DUE = "milestones_due"
MILESTONES_OVERDUE = "milestones_overdue"
# Recorded in the event feed (core.events) only: nobody is notified.
DWCP_STATUS_CHANGED = "dwcp_status_changed"
MILESTONE_REACHED = "milestone_reached"


def approvers(update: ProgressUpdate, data: dict[str, Any]) -> list[Any]:
    """Who may decide on the update, its author and administrators left out. Field staff are
    narrowed to the country's in the query, so that the policy's check below reads the
    scope of a few people, not of every field officer."""
    country = update.indicator.cpo.dwcp.country
    candidates = (policy.DECIDE_PROGRESS_UPDATE.holders(get_user_model().objects.all())
                  .exclude(role=Role.ADMINISTRATOR)
                  .exclude(pk=update.submitted_by_id or 0)
                  .filter(~Q(role=Role.FIELD_STAFF)
                          | Q(pk__in=notifications.field_staff_of(country).values("pk"))))
    return [user for user in candidates
            if policy.DECIDE_PROGRESS_UPDATE.allows(user, update)]


def author(update: ProgressUpdate, data: dict[str, Any]) -> list[Any]:
    person = update.submitted_by or update.created_by
    return [person] if person is not None else []


def _who(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user else _("the system")


def _what(update: ProgressUpdate) -> dict[str, Any]:
    indicator = update.indicator
    return {"code": indicator.code, "title": indicator.title,
            "country": indicator.cpo.dwcp.country.name, "date": formats.date_format(update.date)}


def submitted_message(update: ProgressUpdate, data: dict[str, Any]) -> tuple[str, str]:
    what = _what(update)
    return (_("To approve: progress on %(code)s (%(country)s)") % what,
            _("%(who)s submitted progress dated %(date)s on indicator %(code)s “%(title)s” "
              "for approval.") % {**what, "who": _who(update.submitted_by)})


def returned_message(update: ProgressUpdate, data: dict[str, Any]) -> tuple[str, str]:
    what = _what(update)
    return (_("Returned to you: progress on %(code)s (%(country)s)") % what,
            _("%(who)s returned your progress update dated %(date)s on indicator %(code)s "
              "“%(title)s”: %(comment)s") % {**what, "who": _who(update.decided_by),
                                            "comment": update.return_comment})


def approved_message(update: ProgressUpdate, data: dict[str, Any]) -> tuple[str, str]:
    what = _what(update)
    return (_("Approved: progress on %(code)s (%(country)s)") % what,
            _("%(who)s approved your progress update dated %(date)s on indicator %(code)s "
              "“%(title)s”; it now counts in the results.") % {
                **what, "who": _who(update.decided_by)})


def _indicator_page(update: ProgressUpdate) -> str:
    return page_url("programmes:indicator-detail", update.indicator_id, "h-updates")


def country_field_staff(dwcp: Any, data: dict[str, Any]) -> list[Any]:
    return list(notifications.field_staff_of(dwcp.country))


def _calendar(dwcp: Any, data: dict[str, Any]) -> dict[str, Any]:
    """What a reminder's messages read: the country, the reporting date's label or the
    biennium, the date due, how many indicators and (the first twelve of) their codes."""
    return {"country": dwcp.country.name, "label": data.get("label", ""),
            "biennium": data.get("biennium", ""),
            "due": formats.date_format(dt.date.fromisoformat(data["due"])),
            "n": data.get("count", 0),
            "codes": ", ".join((data.get("missing") or data.get("codes") or [])[:12])}


def due_message(dwcp: Any, data: dict[str, Any]) -> tuple[str, str]:
    what = _calendar(dwcp, data)
    return (_("Reporting due on %(due)s: %(country)s") % what,
            ngettext("%(label)s of %(country)s is due on %(due)s; %(n)d indicator has no "
                     "progress for the period yet: %(codes)s.",
                     "%(label)s of %(country)s is due on %(due)s; %(n)d indicators have no "
                     "progress for the period yet: %(codes)s.", what["n"]) % what)


def late_message(dwcp: Any, data: dict[str, Any]) -> tuple[str, str]:
    what = _calendar(dwcp, data)
    return (_("Reporting late since %(due)s: %(country)s") % what,
            ngettext("%(label)s of %(country)s was due on %(due)s; %(n)d indicator still has "
                     "no progress for the period: %(codes)s.",
                     "%(label)s of %(country)s was due on %(due)s; %(n)d indicators still "
                     "have no progress for the period: %(codes)s.", what["n"]) % what)


def milestones_due_message(dwcp: Any, data: dict[str, Any]) -> tuple[str, str]:
    what = _calendar(dwcp, data)
    return (_("Milestones due on %(due)s: %(country)s") % what,
            ngettext("The milestones of %(biennium)s fall due on %(due)s; in the latest "
                     "results %(n)d indicator of %(country)s has not achieved its milestone "
                     "yet: %(codes)s.",
                     "The milestones of %(biennium)s fall due on %(due)s; in the latest "
                     "results %(n)d indicators of %(country)s have not achieved their "
                     "milestones yet: %(codes)s.", what["n"]) % what)


def milestones_overdue_message(dwcp: Any, data: dict[str, Any]) -> tuple[str, str]:
    what = _calendar(dwcp, data)
    return (_("Milestones overdue since %(due)s: %(country)s") % what,
            ngettext("%(biennium)s ended on %(due)s and %(n)d indicator of %(country)s has no "
                     "progress reported for its milestone: %(codes)s.",
                     "%(biennium)s ended on %(due)s and %(n)d indicators of %(country)s have "
                     "no progress reported for their milestones: %(codes)s.", what["n"])
            % what)


def update_payload(update: ProgressUpdate) -> dict[str, Any]:
    """What the event feed records of a progress update (core.events)."""
    return {"indicator": update.indicator.code, "indicator_id": update.indicator_id,
            "date": update.date.isoformat(), "status": update.status}


def dwcp_payload(dwcp: Any) -> dict[str, Any]:
    return {"dwcp": dwcp.title, "status": dwcp.status}


def milestone_payload(milestone: Any) -> dict[str, Any]:
    return {"indicator": milestone.indicator.code, "indicator_id": milestone.indicator_id,
            "biennium": milestone.biennium.code,
            "value": None if milestone.value is None else str(milestone.value)}


def _glance_page(dwcp: Any) -> str:
    return reverse("programmes:dwcp-glance", args=[dwcp.pk])


def register() -> None:
    notifications.register(notifications.Kind(
        UPDATE_SUBMITTED, gettext_lazy("A progress update waits for your approval"),
        approvers, submitted_message, _indicator_page, default=Delivery.DIGEST,
        related=UPDATE_RELATED, payload=update_payload))
    notifications.register(notifications.Kind(
        UPDATE_RETURNED, gettext_lazy("Your progress update was returned to you"),
        author, returned_message, _indicator_page, related=UPDATE_RELATED,
        payload=update_payload))
    notifications.register(notifications.Kind(
        UPDATE_APPROVED, gettext_lazy("Your progress update was approved"),
        author, approved_message, _indicator_page, default=Delivery.INBOX,
        related=UPDATE_RELATED, payload=update_payload))
    notifications.register(notifications.Kind(
        REPORTING_DUE, gettext_lazy("Progress reporting of your countries is due soon"),
        country_field_staff, due_message, _glance_page, related=("country",)))
    notifications.register(notifications.Kind(
        REPORTING_LATE, gettext_lazy("Progress reporting of your countries is late"),
        country_field_staff, late_message, _glance_page, related=("country",)))
    notifications.register(notifications.Kind(
        MILESTONES_DUE, gettext_lazy("Milestones of your countries fall due soon"),
        country_field_staff, milestones_due_message, _glance_page, related=("country",)))
    notifications.register(notifications.Kind(
        MILESTONES_OVERDUE, gettext_lazy("Milestones of your countries are overdue"),
        country_field_staff, milestones_overdue_message, _glance_page, related=("country",)))
    notifications.register(notifications.feed_only(
        DWCP_STATUS_CHANGED, gettext_lazy("A DWCP's status changed"), dwcp_payload))
    notifications.register(notifications.feed_only(
        MILESTONE_REACHED, gettext_lazy("A biennial milestone was reached"), milestone_payload))
