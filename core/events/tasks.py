"""The worker's side of webhooks: another interface to :mod:`.services`. Each task takes ids;
each attempt is claimed in its row before it is sent, so a message delivered twice sends
nothing twice. A failed attempt is not retried by Celery: its row names when the next is due,
and the beat task ``events.retry_webhooks`` (every minute) queues it, so retries survive a
restart of the broker or the worker."""
from __future__ import annotations

import datetime as dt
from typing import Any

from celery import shared_task

from core import taskruns

from . import services


@shared_task(name="events.dispatch", acks_late=True, time_limit=300, soft_time_limit=270,
             autoretry_for=taskruns.TRANSIENT_ERRORS, retry_backoff=True,
             max_retries=taskruns.MAX_RETRIES)
def dispatch(event_id: int, again: bool = False) -> None:
    """Write the notifications of one event and queue its webhooks (sent by
    :func:`core.events.record.record` after the commit, or by the catch-up)."""
    services.dispatch(event_id=event_id, again=again)


@taskruns.on_catch_up
def resend_undispatched(connected: dt.datetime | None) -> int:
    """Events recorded while the broker could not take them, sent again."""
    from .models import Event

    waiting = Event.objects.filter(dispatched_at__isnull=True,
                                   occurred_at__lt=taskruns.pending_since(connected=connected))
    return sum(taskruns.send(dispatch, {"event_id": pk})
               for pk in waiting.order_by("pk").values_list("pk", flat=True))


@shared_task(name="events.fan_out", acks_late=True, time_limit=120, soft_time_limit=110,
             autoretry_for=taskruns.TRANSIENT_ERRORS, retry_backoff=True,
             max_retries=taskruns.MAX_RETRIES)
def fan_out(event_id: int) -> list[int]:
    """Queue the webhooks of one event (sent by :func:`core.events.record.record` after the
    commit)."""
    return services.fan_out(event_id=event_id)


@shared_task(name="events.deliver_webhook", acks_late=True,
             time_limit=services.TIMEOUT_SECONDS * 6, soft_time_limit=services.TIMEOUT_SECONDS * 5,
             autoretry_for=taskruns.TRANSIENT_ERRORS, retry_backoff=True,
             max_retries=taskruns.MAX_RETRIES)
def deliver_webhook(delivery_id: int) -> str | None:
    """Make one attempt of one delivery."""
    return services.deliver(delivery_id=delivery_id)


@shared_task(name="events.retry_webhooks", acks_late=True, time_limit=300,
             soft_time_limit=270, autoretry_for=taskruns.TRANSIENT_ERRORS,
             retry_backoff=True, max_retries=taskruns.MAX_RETRIES)
def retry_webhooks(**_: Any) -> list[int]:
    """Queue the attempts whose retry is due (beat, every minute)."""
    return services.retry_due()
