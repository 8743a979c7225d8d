"""Platform tasks."""
from __future__ import annotations

import datetime as dt
from typing import Any

from celery import shared_task

from . import taskruns


@shared_task(name="core.ping", bind=True, acks_late=True, time_limit=60, soft_time_limit=50,
             max_retries=taskruns.MAX_RETRIES)
def ping(self: Any, run_id: int) -> None:
    """Mark a TaskRun as done by this worker: proves the worker reaches broker and database."""
    taskruns.execute(self, lambda run: None, run_id=run_id)


@shared_task(name="core.deliver_notifications", acks_late=True, time_limit=300,
             soft_time_limit=270, autoretry_for=taskruns.TRANSIENT_ERRORS,
             retry_backoff=True, max_retries=taskruns.MAX_RETRIES)
def deliver_notifications(kind: str, label: str, pk: Any, event: str,
                          data: dict[str, Any]) -> int:
    """Write one event's notifications and e-mail those wanted at once (queued by
    :func:`core.notifications.announce` after commit; safe to run twice)."""
    from .notifications.delivery import deliver

    return deliver(kind, label, pk, event, data)


@shared_task(name="core.send_notification_digests", acks_late=True, time_limit=30 * 60,
             soft_time_limit=29 * 60, autoretry_for=taskruns.TRANSIENT_ERRORS,
             retry_backoff=True, max_retries=taskruns.MAX_RETRIES)
def send_notification_digests() -> int:
    """The daily digest e-mails (beat, every morning)."""
    from .notifications.delivery import send_digests

    return send_digests()


@shared_task(name="core.catch_up", acks_late=True, time_limit=300, soft_time_limit=270,
             autoretry_for=taskruns.TRANSIENT_ERRORS, retry_backoff=True,
             max_retries=taskruns.MAX_RETRIES)
def catch_up(connected: str | None = None) -> int:
    """Send again the work recorded but not done (:func:`core.taskruns.catch_up`): sent by
    the worker each time it connects to the broker (``connected``: the ISO time it did), and
    by beat every five minutes."""
    return taskruns.catch_up(
        connected=dt.datetime.fromisoformat(connected) if connected else None)
