"""The life of a :class:`core.models.TaskRun`, written once for every Celery task that works
on one: claim it (``queued`` → ``running``, a conditional UPDATE, so two workers or a message
delivered twice never do the same run), finish or fail it, and the one retry policy for
transient database faults.

A task is another interface to the services::

    @shared_task(name=NAME, bind=True, acks_late=True, time_limit=..., max_retries=MAX_RETRIES)
    def recompute(self, run_id=None, as_of=None):
        taskruns.execute(self, _recompute, run_id=run_id, as_of=as_of)

where ``_recompute(run, as_of=...)`` calls the service and returns the counts to record.
"""
from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from typing import Any, NoReturn

from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from .models import TaskRun

logger = logging.getLogger(__name__)

# The faults worth a retry: the database went away, a connection broke, a statement was
# cancelled or a deadlock was detected. Anything else is a bug or bad data: the run fails.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (OperationalError,)
# A run is tried this many times more, settings.TASK_RETRY_BACKOFF seconds later (30 by
# default), then twice as long...
MAX_RETRIES = 3


def claim(run_id: int) -> bool:
    """Take the queued run for this worker; False when it is not queued (another worker has
    it, or it is done): the caller then does nothing."""
    return bool(TaskRun.objects.filter(pk=run_id, status=TaskRun.Status.QUEUED).update(
        status=TaskRun.Status.RUNNING, started_at=timezone.now(), worker=socket.gethostname()))


def finish(run_id: int, counts: dict[str, Any] | None = None) -> None:
    TaskRun.objects.filter(pk=run_id).update(status=TaskRun.Status.SUCCEEDED, progress=100,
                                             counts=counts or {}, finished_at=timezone.now())


def fail(run_id: int, exc: BaseException | str) -> None:
    error = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
    TaskRun.objects.filter(pk=run_id).update(status=TaskRun.Status.FAILED, error=error,
                                             finished_at=timezone.now())


def requeue(run_id: int) -> None:
    """Put a running run back in the queue, for its retry to claim it again."""
    TaskRun.objects.filter(pk=run_id, status=TaskRun.Status.RUNNING).update(
        status=TaskRun.Status.QUEUED)


def retry_or_fail(task: Any, exc: BaseException, *, requeue: Callable[[], Any],
                  fail: Callable[[BaseException], Any], kwargs: dict[str, Any]) -> NoReturn:
    """The retry policy for a transient database fault (:data:`TRANSIENT_ERRORS`): put the
    work back (``requeue``) and retry the task with ``kwargs`` after 30 s, 60 s, 120 s...
    (``settings.TASK_RETRY_BACKOFF`` doubled each time);
    after the task's last retry, ``fail`` it and raise, so it never stays queued. A task run
    in-process (``apply``: the commands, or no broker) has no worker to deliver a retry: it
    fails at once and the caller sees the error."""
    if task.request.is_eager or task.request.retries >= task.max_retries:
        fail(exc)
        raise exc
    requeue()
    raise task.retry(exc=exc, args=(), kwargs=kwargs,
                     countdown=settings.TASK_RETRY_BACKOFF * 2 ** task.request.retries) from exc


def execute(task: Any, work: Callable[..., dict[str, Any] | None], *, run_id: int | None = None,
            **parameters: Any) -> None:
    """Run ``work(run, **parameters)`` for the bound Celery ``task`` on its TaskRun
    ``run_id`` (when None, as from beat, the run is recorded here under the task's name):
    claim it, record the counts ``work`` returns, or the error. A transient database fault
    retries the same run (:func:`retry_or_fail`); any other error fails the run and is
    raised."""
    if run_id is None:
        run_id = TaskRun.objects.create(name=task.name, parameters=parameters).pk
    if not claim(run_id):
        return
    try:
        counts = work(TaskRun.objects.get(pk=run_id), **parameters)
    except TRANSIENT_ERRORS as exc:
        retry_or_fail(task, exc, requeue=lambda: requeue(run_id),
                      fail=lambda error: fail(run_id, error),
                      kwargs={"run_id": run_id, **parameters})
    except Exception as exc:
        logger.exception("%s: run %s failed", task.name, run_id)
        fail(run_id, exc)
        raise
    finish(run_id, counts)
