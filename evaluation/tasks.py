"""Celery tasks of the evaluation app: computing the evaluation figures. Each task is another
interface to :mod:`evaluation.services.computed`; it takes the id of its TaskRun and leaves
the run's life (claim, counts or error, retries) to :func:`core.taskruns.execute`. Runs are
queued after writes that change the figures (debounced, see
``evaluation_recompute_after_commit``) and nightly by beat (``CELERY_BEAT_SCHEDULE``), so
that due and overdue flags move with the calendar."""
from __future__ import annotations

import datetime as dt
from typing import Any

from celery import shared_task

from core import taskruns
from core.models import TaskRun

from .services import computed as computed_service

RECOMPUTE_ALL = "evaluation.recompute_all"


@shared_task(name=RECOMPUTE_ALL, bind=True, acks_late=True, time_limit=60 * 60,
             soft_time_limit=55 * 60, max_retries=taskruns.MAX_RETRIES)
def recompute_all(self: Any, run_id: int | None = None, as_of: str | None = None) -> None:
    """Compute every evaluation figure as of ``as_of`` (ISO date; default today) into a new
    snapshot swapped in atomically. ``run_id`` is the TaskRun queued for it (beat passes
    none: the run is recorded then)."""
    taskruns.execute(self, _recompute_all, run_id=run_id, as_of=as_of)


def _recompute_all(run: TaskRun, *, as_of: str | None) -> dict[str, Any]:
    # Changes committed from now on are not certain to be read by this run: let them queue
    # the next one.
    computed_service.RECOMPUTE.started()
    snapshot = computed_service.evaluation_recompute_all(
        as_of=dt.date.fromisoformat(as_of) if as_of else None, run=run)
    return {"snapshot": snapshot.pk, "as_of": snapshot.as_of.isoformat(),
            **computed_service.snapshot_counts(snapshot)}


@shared_task(name="evaluation.send_reminders", acks_late=True, time_limit=10 * 60,
             soft_time_limit=9 * 60, autoretry_for=taskruns.TRANSIENT_ERRORS,
             retry_backoff=True, max_retries=taskruns.MAX_RETRIES)
def send_reminders() -> int:
    """Daily (beat): the owners of follow-up actions past their due date are told (once per
    action and due date)."""
    from django.utils import timezone

    from .notifications import announce_overdue

    return announce_overdue(today=timezone.localdate())
