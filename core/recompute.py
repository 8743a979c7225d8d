"""Recomputing computed figures after the writes that change them, written once for the results
(programmes) and the capacity figures.

A write marks what must be recomputed inside its own transaction (the results: a
``PendingRecompute`` row per indicator, consumed with :func:`claim_dirty`; the capacity
figures: everything) and calls :meth:`RecomputeScheduler.after_commit`. Once the transaction
commits, one :class:`core.models.TaskRun` is recorded (``queued``) and its task sent with a
countdown, so a burst of writes becomes one run that reads every change committed before it
starts. The task claims the run (:mod:`core.taskruns`), frees the debounce key
(:meth:`RecomputeScheduler.started`) before it reads anything, and recomputes.

The debounce key lives in the cache. Shared by the web processes and the worker (Redis), it is
held until the run starts, or for :data:`HELD_AT_MOST` if the run is lost (worker down, queue
purged). A cache in each process's own memory (no ``REDIS_URL``) never sees the worker free the
key: it is then held one second less than the countdown, so a write made while it is held is
committed before the run starts, and a later write queues the next run.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from threading import local
from typing import Any

from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models import QuerySet
from django.utils.module_loading import import_string

from . import taskruns
from .models import TaskRun

HELD_AT_MOST = 10 * 60

logger = logging.getLogger(__name__)


def cache_is_shared() -> bool:
    """Whether the worker and the web processes see one cache (not each its own memory)."""
    return not isinstance(caches["default"], LocMemCache | DummyCache)


class RecomputeScheduler:
    """Queue one debounced run of the task at ``task`` (dotted path; it takes ``run_id``)
    after the transactions that call :meth:`after_commit` commit; the run records
    ``parameters`` and ``"trigger": "change"``."""

    def __init__(self, *, task: str, key: str, countdown: int,
                 parameters: dict[str, Any] | None = None) -> None:
        self.task_path, self.key, self.countdown = task, key, countdown
        self.parameters = {**(parameters or {}), "trigger": "change"}
        self._paused = local()

    @property
    def task(self) -> Any:
        return import_string(self.task_path)

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Writes inside queue no run (bulk loads: demo data, imports); the caller runs one
        full recompute at the end."""
        self._paused.depth = getattr(self._paused, "depth", 0) + 1
        try:
            yield
        finally:
            self._paused.depth -= 1

    def after_commit(self) -> None:
        """Queue a run once the current transaction commits (nothing if it rolls back). A
        transaction queues one run however many writes it makes."""
        if getattr(self._paused, "depth", 0):
            return
        connection = transaction.get_connection()
        if connection.in_atomic_block and any(
                entry[1] == self.schedule for entry in connection.run_on_commit):
            return
        transaction.on_commit(self.schedule, robust=True)

    def schedule(self) -> None:
        """Record a queued run and send its task, unless one is queued already. Tasks run
        in-process (no broker): every committed change runs at once. With the cache or the
        broker out of reach the change is saved all the same: the run is recorded without
        the debounce, and the worker's catch-up (:func:`core.taskruns.catch_up`) sends it
        when the broker is back."""
        task = self.task
        if not task.app.conf.task_always_eager and not self._hold():
            return
        run = TaskRun.objects.create(name=task.name, parameters=self.parameters)
        # Not sent: the key stays held, so later changes wait for this run, which reads them.
        taskruns.send(task, {"run_id": run.pk}, countdown=self.countdown)

    def _hold(self) -> bool:
        """Take the debounce key; False when a run is queued already. A cache out of reach
        holds nothing: a run is queued for every change until it is back."""
        try:
            return bool(cache.add(self.key, 1, timeout=self.held_for()))
        except Exception as exc:  # the Redis client's ConnectionError, TimeoutError
            logger.warning("debounce key %s not taken (%s); queuing a run", self.key, exc)
            return True

    def held_for(self) -> int:
        """Seconds the debounce key is held (see the module's documentation)."""
        return HELD_AT_MOST if cache_is_shared() else max(1, self.countdown - 1)

    def started(self) -> None:
        """Called by the run before it reads anything: changes committed from now on may not
        be read by it, so they queue the next run."""
        try:
            cache.delete(self.key)
        except Exception as exc:  # a cache out of reach holds no key to free
            logger.warning("debounce key %s not freed (%s)", self.key, exc)


def claim_dirty(queryset: QuerySet[Any], field: str, *, limit: int | None = None) -> list[Any]:
    """Inside the caller's transaction, take the rows of ``queryset`` (marks of what must be
    recomputed) that no other transaction holds — ``SELECT … FOR UPDATE SKIP LOCKED``, so two
    workers never take the same rows — delete them and return their ``field`` values. If the
    caller's transaction rolls back, the marks are back for the next run."""
    taken = queryset.select_for_update(skip_locked=True).order_by("pk")
    if limit is not None:
        taken = taken[:limit]
    values = list(taken.values_list(field, flat=True))
    if values:
        queryset.filter(**{f"{field}__in": values}).delete()
    return values


def mark_dirty(model: type[Any], field: str, values: Iterable[Any]) -> None:
    """Inside the caller's transaction, mark each of ``values`` (``field`` is unique in
    ``model``, which has a ``marked_at``) as to be recomputed, as of now. An existing mark is
    moved to now (INSERT … ON CONFLICT DO UPDATE), also when a run holding it deletes it
    meanwhile: the mark is then written again, for the next run."""
    model.objects.bulk_create([model(**{field: value}) for value in values],
                              update_conflicts=True, unique_fields=[field],
                              update_fields=["marked_at"])
