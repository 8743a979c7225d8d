"""What the reporting app tells people (:mod:`core.notifications`): a report is ready to
download, to the person who asked for it."""
from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import notifications
from core.notifications.models import Delivery

from .models import ReportRun

REPORT_READY = "report_ready"


def requester(run: ReportRun, data: dict[str, Any]) -> list[Any]:
    return [run.requested_by] if run.requested_by_id else []


def ready_message(run: ReportRun, data: dict[str, Any]) -> tuple[str, str]:
    title = run.get_kind_display()
    return (_("Report ready: %(title)s") % {"title": title},
            _("The report you asked for (%(title)s) is ready to download.") % {"title": title})


def _run_page(run: ReportRun) -> str:
    return reverse("reporting:run-pdf", args=[run.pk])


def register() -> None:
    notifications.register(notifications.Kind(
        REPORT_READY, gettext_lazy("A report you asked for is ready"), requester,
        ready_message, _run_page, default=Delivery.INBOX))
