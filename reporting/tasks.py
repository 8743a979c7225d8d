"""Celery tasks of the reporting app: another interface to :mod:`reporting.services`. The
task takes the run's id; the service claims the run with a conditional UPDATE, so a retried
or duplicated message never renders the same run twice."""
from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from . import services
from .models import ReportRun

RENDER_REPORT = "reporting.render_report"


@shared_task(name=RENDER_REPORT, acks_late=True, time_limit=20 * 60, soft_time_limit=18 * 60,
             autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def render_report(run_id: int) -> None:
    try:
        services.report_run_execute(run_id=run_id)
    except OperationalError:
        # Transient database fault before the run was settled: queue it again for the retry.
        ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.RUNNING).update(
            status=ReportRun.Status.QUEUED)
        raise
