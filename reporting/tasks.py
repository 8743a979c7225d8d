"""Celery tasks of the reporting app: another interface to :mod:`reporting.services`. The
task takes the run's id; the service claims the run with a conditional UPDATE, so a retried
or duplicated message never renders the same run twice. A transient database fault follows
the one retry policy of :func:`core.taskruns.retry_or_fail`."""
from __future__ import annotations

from celery import shared_task

from core import taskruns

from . import services
from .models import ReportRun

RENDER_REPORT = "reporting.render_report"


@shared_task(name=RENDER_REPORT, bind=True, acks_late=True, time_limit=20 * 60,
             soft_time_limit=18 * 60, max_retries=taskruns.MAX_RETRIES)
def render_report(self, run_id: int) -> None:
    try:
        services.report_run_execute(run_id=run_id)
    except taskruns.TRANSIENT_ERRORS as exc:
        # Before the run was settled: queue it again for the retry, or fail it after the last.
        taskruns.retry_or_fail(
            self, exc, kwargs={"run_id": run_id},
            requeue=lambda: ReportRun.objects.filter(
                pk=run_id, status=ReportRun.Status.RUNNING).update(
                    status=ReportRun.Status.QUEUED),
            fail=lambda error: services.report_run_fail(
                run_id=run_id, reason=f"{type(error).__name__}: {error}"))
