"""What the reporting app tells people (:mod:`core.notifications`): a report is ready to
download, or could not be made, to the person who asked for it."""
from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import notifications
from core.notifications.models import Delivery

from .models import ReportRun

REPORT_READY = "report_ready"
REPORT_FAILED = "report_failed"


def requester(run: ReportRun, data: dict[str, Any]) -> list[Any]:
    return [run.requested_by] if run.requested_by_id else []


def ready_message(run: ReportRun, data: dict[str, Any]) -> tuple[str, str]:
    title = run.get_kind_display()
    return (_("Report ready: %(title)s") % {"title": title},
            _("The report you asked for (%(title)s) is ready to download.") % {"title": title})


def failed_message(run: ReportRun, data: dict[str, Any]) -> tuple[str, str]:
    title = run.get_kind_display()
    return (_("Report failed: %(title)s") % {"title": title},
            _("The report you asked for (%(title)s) could not be made: %(error)s. You can "
              "try again from its page.") % {"title": title, "error": run.error})


def _run_page(run: ReportRun) -> str:
    return reverse("reporting:run-pdf", args=[run.pk])


def _run_detail(run: ReportRun) -> str:
    return reverse("reporting:run-detail", args=[run.pk])


def register() -> None:
    notifications.register(notifications.Kind(
        REPORT_READY, gettext_lazy("A report you asked for is ready"), requester,
        ready_message, _run_page, default=Delivery.INBOX))
    notifications.register(notifications.Kind(
        REPORT_FAILED, gettext_lazy("A report you asked for could not be made"), requester,
        failed_message, _run_detail, default=Delivery.INBOX))
