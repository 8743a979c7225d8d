"""Celery tasks of the programmes app: computing results. Each task is another interface to
:mod:`programmes.services.results`; it takes ids, claims its TaskRun row with a conditional
UPDATE (two workers never do the same run), and records start, end, counts or error."""
from __future__ import annotations

import logging
import socket

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from core.models import TaskRun

from .services import results as results_service

logger = logging.getLogger(__name__)

RECOMPUTE_ALL = "programmes.recompute_all"
RECOMPUTE_PENDING = "programmes.recompute_pending"


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
             soft_time_limit=55 * 60, autoretry_for=(OperationalError,), retry_backoff=True,
             max_retries=3)
def recompute_all(self, run_id: int | None = None, as_of: str | None = None) -> None:
    """Full recompute (nightly, or on request), swapped in atomically."""
    import datetime as dt

    if run_id is None:  # from beat: record the run
        run_id = TaskRun.objects.create(name=RECOMPUTE_ALL, parameters={"as_of": as_of}).pk
    if not _claim(run_id):
        return
    try:
        snapshot = results_service.results_recompute_all(
            as_of=dt.date.fromisoformat(as_of) if as_of else None,
            run=TaskRun.objects.get(pk=run_id))
    except OperationalError as exc:
        # Transient database fault: put the run back and let Celery retry.
        TaskRun.objects.filter(pk=run_id).update(status=TaskRun.Status.QUEUED)
        raise exc
    except Exception as exc:
        logger.exception("full recompute failed")
        _fail(run_id, exc)
        raise
    _finish(run_id, {"indicators": snapshot.indicator_results.count(),
                     "cpos": snapshot.cpo_results.count(),
                     "rollups": snapshot.rollups.count()})


@shared_task(name=RECOMPUTE_PENDING, acks_late=True, time_limit=300, soft_time_limit=270,
             autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def recompute_pending() -> None:
    """Recompute the indicators marked since the last run (approvals, revised milestones or
    targets), their CPOs and the roll-ups they feed."""
    run = TaskRun.objects.create(name=RECOMPUTE_PENDING)
    if not _claim(run.pk):
        return
    try:
        ids = results_service.results_recompute_pending()
    except Exception as exc:
        _fail(run.pk, exc)
        raise
    _finish(run.pk, {"indicators": len(ids)})
    if ids:
        run.parameters = {"indicator_ids": sorted(ids)}
        run.save(update_fields=["parameters"])
