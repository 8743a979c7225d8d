"""The Celery application. Tasks live in each app's ``tasks.py``; periodic schedules in settings.

Each time a worker connects to the broker — at start, and again after the broker was out of
reach — it sends ``core.catch_up``, which sends again the work recorded in the database while
the broker could not take it (:func:`core.taskruns.catch_up`)."""
import logging
import os
from typing import Any

from celery import Celery, bootsteps

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("dwcp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


class CatchUpOnConnect(bootsteps.StartStopStep):
    """A step of the worker's consumer, started on every (re)connection to the broker."""

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def start(self, consumer: Any) -> None:
        from django.utils import timezone

        # What was queued before this connection: later work is sent to it as usual.
        connected = timezone.now().isoformat()
        try:
            consumer.app.send_task("core.catch_up", kwargs={"connected": connected})
        except Exception as exc:  # the connection dropped again: the next start sends it
            logger.warning("catch-up not sent: %s", exc)


app.steps["consumer"].add(CatchUpOnConnect)
