"""Platform tasks."""
from __future__ import annotations

from typing import Any

from celery import shared_task

from . import taskruns


@shared_task(name="core.ping", bind=True, acks_late=True, time_limit=60, soft_time_limit=50,
             max_retries=taskruns.MAX_RETRIES)
def ping(self: Any, run_id: int) -> None:
    """Mark a TaskRun as done by this worker: proves the worker reaches broker and database."""
    taskruns.execute(self, lambda run: None, run_id=run_id)
