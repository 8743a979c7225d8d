"""Platform tasks."""
from __future__ import annotations

import socket

from celery import shared_task
from django.utils import timezone

from .models import TaskRun


@shared_task(name="core.ping", acks_late=True, time_limit=60, soft_time_limit=50)
def ping(run_id: int) -> None:
    """Mark a TaskRun as done by this worker: proves the worker reaches broker and database."""
    claimed = TaskRun.objects.filter(pk=run_id, status=TaskRun.Status.QUEUED).update(
        status=TaskRun.Status.RUNNING, started_at=timezone.now(), worker=socket.gethostname())
    if not claimed:
        return
    TaskRun.objects.filter(pk=run_id).update(
        status=TaskRun.Status.SUCCEEDED, finished_at=timezone.now(), progress=100)
