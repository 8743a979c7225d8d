"""Celery tasks of the reporting app: another interface to :mod:`reporting.services`. The
task takes the run's id; the service claims the run with a conditional UPDATE, so a retried
or duplicated message never renders the same run twice. A transient database fault follows
the one retry policy of :func:`core.taskruns.retry_or_fail`."""
from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from core import taskruns

from . import services
from .models import ReportRun

RENDER_REPORT = "reporting.render_report"


@shared_task(name=RENDER_REPORT, bind=True, acks_late=True, time_limit=20 * 60,
             soft_time_limit=18 * 60, max_retries=taskruns.MAX_RETRIES)
def render_report(self, run_id: int) -> None:
    try:
        services.report_run_execute(run_id=run_id, redelivered=taskruns.redelivered(self),
                                    stale_after=self.time_limit)
    except taskruns.TRANSIENT_ERRORS as exc:
        # Before the run was settled: queue it again for the retry, or fail it after the last.
        taskruns.retry_or_fail(
            self, exc, kwargs={"run_id": run_id},
            requeue=lambda: ReportRun.objects.filter(
                pk=run_id, status=ReportRun.Status.RUNNING).update(
                    status=ReportRun.Status.QUEUED),
            fail=lambda error: services.report_run_fail(
                run_id=run_id, reason=f"{type(error).__name__}: {error}"))


@taskruns.on_catch_up
def resend_report_runs(connected: dt.datetime | None) -> int:
    """Reports queued since before :func:`core.taskruns.pending_since` (not sent, or
    their message lost), and renders left running past the task's time limit (their worker
    died), sent again."""
    now = timezone.now()
    runs = ReportRun.objects.filter(
        Q(status=ReportRun.Status.QUEUED,
          requested_at__lt=taskruns.pending_since(connected=connected))
        | Q(status=ReportRun.Status.RUNNING,
            started_at__lt=now - dt.timedelta(seconds=render_report.time_limit)))
    return sum(taskruns.send(render_report, {"run_id": pk})
               for pk in runs.order_by("pk").values_list("pk", flat=True))
