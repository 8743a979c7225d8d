"""Celery tasks of the capacity app: computing the capacity figures. Each task is another
interface to :mod:`capacity.services.computed`; it takes ids, claims its TaskRun row with a
conditional UPDATE (two workers never do the same run) and records start, end, counts or
error. Runs are queued after writes that change the figures (debounced, see
``capacity_recompute_after_commit``) and nightly by beat (``CELERY_BEAT_SCHEDULE``)."""
from __future__ import annotations

import datetime as dt
import logging
import socket

from celery import shared_task
from django.core.cache import cache
from django.db import OperationalError
from django.utils import timezone

from core.models import TaskRun

from .services import computed as computed_service

logger = logging.getLogger(__name__)

RECOMPUTE_ALL = "capacity.recompute_all"


def _claim(run_id: int) -> bool:
    return bool(TaskRun.objects.filter(pk=run_id, status=TaskRun.Status.QUEUED).update(
        status=TaskRun.Status.RUNNING, started_at=timezone.now(), worker=socket.gethostname()))


def _finish(run_id: int, counts: dict) -> None:
    TaskRun.objects.filter(pk=run_id).update(status=TaskRun.Status.SUCCEEDED, progress=100,
                                             counts=counts, finished_at=timezone.now())


def _fail(run_id: int, exc: BaseException) -> None:
    TaskRun.objects.filter(pk=run_id).update(status=TaskRun.Status.FAILED,
                                             error=f"{type(exc).__name__}: {exc}",
                                             finished_at=timezone.now())


@shared_task(name=RECOMPUTE_ALL, bind=True, acks_late=True, time_limit=60 * 60,
             soft_time_limit=55 * 60, max_retries=3)
def recompute_all(self, run_id: int | None = None, as_of: str | None = None) -> None:
    """Compute every capacity figure as of ``as_of`` (ISO date; default today) into a new
    snapshot swapped in atomically. ``run_id`` is the TaskRun queued for it (beat passes none:
    the run is recorded here)."""
    if run_id is None:
        run_id = TaskRun.objects.create(name=RECOMPUTE_ALL, parameters={"as_of": as_of}).pk
    if not _claim(run_id):
        return  # another worker has it, or it is done
    # Changes committed from now on are not certain to be read by this run: let them queue
    # the next one.
    cache.delete(computed_service.SCHEDULED_KEY)
    try:
        snapshot = computed_service.capacity_recompute_all(
            as_of=dt.date.fromisoformat(as_of) if as_of else None,
            run=TaskRun.objects.get(pk=run_id))
    except OperationalError as exc:
        # Transient database fault: put the run back and retry it (the same run, also when
        # beat started it), backing off 30 s, 60 s, 120 s.
        if self.request.retries >= self.max_retries:
            _fail(run_id, exc)
            raise
        TaskRun.objects.filter(pk=run_id).update(status=TaskRun.Status.QUEUED)
        raise self.retry(exc=exc, kwargs={"run_id": run_id, "as_of": as_of},
                         countdown=30 * 2 ** self.request.retries) from exc
    except Exception as exc:
        logger.exception("capacity figures: recompute failed")
        _fail(run_id, exc)
        raise
    _finish(run_id, {"snapshot": snapshot.pk, "as_of": snapshot.as_of.isoformat(),
                     **computed_service.snapshot_counts(snapshot)})
