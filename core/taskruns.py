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

import datetime as dt
import logging
import socket
from collections.abc import Callable
from typing import Any, NoReturn

from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import Model, Q
from django.utils import timezone

from .models import TaskRun

logger = logging.getLogger(__name__)

# The faults worth a retry: the database went away, a connection broke, a statement was
# cancelled or a deadlock was detected. Anything else is a bug or bad data: the run fails.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (OperationalError,)
# A run is tried this many times more, settings.TASK_RETRY_BACKOFF seconds later (30 by
# default), then twice as long...
MAX_RETRIES = 3


def claimable(model: type[Model], *, redelivered: bool, stale_after: float | None) -> Q:
    """Which runs of ``model`` (a status of ``queued``/``running`` and a ``started_at``) a
    worker may take: a queued one; a running one too when the message is a redelivery (the
    broker redelivers only the message of a worker that died before acknowledging it: its
    connection dropped, or it stayed silent past the visibility timeout) or when it started
    more than ``stale_after`` seconds ago (its task's hard time limit: no live worker is still
    on it). What the dead worker had written was in a transaction that never committed."""
    taken = Q(status="queued")
    if redelivered:
        taken |= Q(status="running")
    elif stale_after is not None:
        taken |= Q(status="running",
                   started_at__lt=timezone.now() - dt.timedelta(seconds=stale_after))
    return taken


def redelivered(task: Any) -> bool:
    """Whether the bound Celery ``task`` is running a message the broker delivered before."""
    return bool((getattr(task.request, "delivery_info", None) or {}).get("redelivered"))


def claim(run_id: int, *, redelivered: bool = False, stale_after: float | None = None) -> bool:
    """Take the run for this worker (see :func:`claimable`); False when it is not to be
    taken (another worker has it, or it is done): the caller then does nothing."""
    return bool(TaskRun.objects.filter(
        claimable(TaskRun, redelivered=redelivered, stale_after=stale_after),
        pk=run_id).update(status=TaskRun.Status.RUNNING, started_at=timezone.now(),
                          worker=socket.gethostname()))


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
    if not claim(run_id, redelivered=redelivered(task), stale_after=task.time_limit):
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


# --- sending, and catching up what was not sent -------------------------------------------------


def pending_since(*, connected: dt.datetime | None = None) -> dt.datetime:
    """A run still queued since before this time was not sent (the broker was down) or its
    message was lost (Redis keeps nothing on disk): the catch-up sends it again.
    ``settings.TASK_PENDING_AFTER`` seconds ago, longer than any countdown a run is sent with;
    or the time a worker (re)connected to the broker: whatever was queued before may have
    been sent to a broker that was down."""
    if connected is not None:
        return connected
    return timezone.now() - dt.timedelta(seconds=settings.TASK_PENDING_AFTER)

_CATCH_UPS: list[Callable[[dt.datetime | None], int]] = []


def send(task: Any, kwargs: dict[str, Any], *, countdown: float | None = None) -> bool:
    """Send ``task`` with ``kwargs`` to the broker. The run it works on is already recorded in
    the database, so a broker that cannot be reached loses nothing: the error is logged, the
    run stays queued and :func:`catch_up` sends it once the broker is back. Without a broker
    (tasks run in-process) the task runs now and its errors are raised. True when sent."""
    if task.app.conf.task_always_eager:
        task.apply_async(kwargs=kwargs)
        return True
    try:
        task.apply_async(kwargs=kwargs, countdown=countdown)
    except Exception as exc:  # kombu's OperationalError, a refused connection, a timeout
        logger.warning("%s not sent (%s: %s); it stays queued until the broker is back",
                       task.name, type(exc).__name__, exc)
        return False
    return True


def send_on_commit(task: Any, kwargs: dict[str, Any]) -> None:
    """:func:`send` once the current transaction commits (nothing if it rolls back)."""
    transaction.on_commit(lambda: send(task, kwargs))


def on_catch_up(resend: Callable[[dt.datetime | None], int]
                ) -> Callable[[dt.datetime | None], int]:
    """Register ``resend(connected)`` (it sends the work of an app left queued or abandoned,
    queued since before :func:`pending_since`, and returns how many it sent) with
    :func:`catch_up`."""
    _CATCH_UPS.append(resend)
    return resend


def catch_up(*, connected: dt.datetime | None = None) -> int:
    """Send again the work recorded in the database but not done: run by the worker each time
    it (re)connects to the broker (``connected``: when; all that was queued before), and by
    beat every few minutes. Sending twice is harmless: a run is claimed once."""
    return sum(resend(connected) for resend in _CATCH_UPS)


@on_catch_up
def resend_task_runs(connected: dt.datetime | None) -> int:
    """Task runs queued since before :func:`pending_since`, and runs left running past
    their task's time limit (their worker died), sent again with the parameters their task
    takes."""
    import inspect

    from celery import current_app

    now = timezone.now()
    sent = 0
    runs = TaskRun.objects.filter(
        Q(status=TaskRun.Status.QUEUED, queued_at__lt=pending_since(connected=connected))
        | Q(status=TaskRun.Status.RUNNING)).order_by("pk")
    for run in runs:
        task = current_app.tasks.get(run.name)
        if task is None:
            continue
        if run.status == TaskRun.Status.RUNNING and (
                task.time_limit is None or run.started_at is None
                or run.started_at >= now - dt.timedelta(seconds=task.time_limit)):
            continue
        takes = inspect.signature(task.run).parameters
        kwargs = {name: value for name, value in run.parameters.items()
                  if name in takes and name != "run_id"}
        sent += send(task, {**kwargs, "run_id": run.pk})
    return sent
