"""The recompute scheduler (core.recompute) shared by the results and the capacity figures:
marks of what to recompute are claimed by one transaction at a time (SKIP LOCKED), a burst of
writes queues one run, and without a shared cache (no REDIS_URL) the debounce key lapses
before the run starts, so no change waits for the nightly run."""
import threading
import time

import pytest
from django.db import close_old_connections, connections, transaction

from core.models import TaskRun
from core.recompute import claim_dirty, mark_dirty
from programmes.models import Indicator, PendingRecompute
from programmes.services import results
from programmes.tasks import recompute_pending
from tests.programmes.factories import CpoFactory

LOCAL_MEMORY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                            "LOCATION": "test-recompute"}}
REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                     "LOCATION": "redis://127.0.0.1:6379/0"}}


def _indicators(n: int) -> list[int]:
    cpo = CpoFactory(code="ALB101")
    return [Indicator.objects.create(cpo=cpo, code=f"ALB101.{i}", title="x").pk
            for i in range(1, n + 1)]


@pytest.mark.django_db
def test_claimed_marks_are_deleted_and_come_back_if_the_claim_rolls_back():
    ids = _indicators(2)
    mark_dirty(PendingRecompute, "indicator_id", ids)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert sorted(claim_dirty(PendingRecompute.objects.all(), "indicator_id")) == ids
        assert not PendingRecompute.objects.exists()
        raise RuntimeError("the recompute failed")
    assert sorted(PendingRecompute.objects.values_list("indicator_id", flat=True)) == ids


@pytest.mark.django_db
def test_marking_again_moves_the_mark_to_now():
    [indicator_id] = _indicators(1)
    mark_dirty(PendingRecompute, "indicator_id", [indicator_id])
    first = PendingRecompute.objects.get().marked_at
    mark_dirty(PendingRecompute, "indicator_id", [indicator_id])
    assert PendingRecompute.objects.get().marked_at > first


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres("SKIP LOCKED")
def test_two_transactions_never_claim_the_same_marks():
    ids = _indicators(3)
    mark_dirty(PendingRecompute, "indicator_id", ids)
    holding, done = threading.Event(), threading.Event()
    first: list[int] = []
    errors: list[BaseException] = []

    def claim_one_and_hold() -> None:
        try:
            with transaction.atomic():
                first.extend(claim_dirty(PendingRecompute.objects.all(), "indicator_id",
                                         limit=1))
                holding.set()
                done.wait(10)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            close_old_connections()
            connections.close_all()

    other = threading.Thread(target=claim_one_and_hold)
    other.start()
    assert holding.wait(10)
    started = time.monotonic()
    with transaction.atomic():
        second = claim_dirty(PendingRecompute.objects.all(), "indicator_id")
    waited = time.monotonic() - started
    done.set()
    other.join(10)
    assert not errors
    assert first == ids[:1] and sorted(second) == ids[1:]  # skipped, not waited for
    assert waited < 5
    assert not PendingRecompute.objects.exists()


def test_the_key_is_held_until_the_run_frees_it_only_with_a_shared_cache(settings):
    settings.CACHES = REDIS
    assert results.RECOMPUTE.held_for() == 10 * 60
    settings.CACHES = LOCAL_MEMORY
    assert results.RECOMPUTE.held_for() == results.DEBOUNCE_SECONDS - 1


@pytest.mark.django_db(transaction=True)
def test_without_a_shared_cache_a_change_after_the_hold_queues_the_next_run(settings,
                                                                          monkeypatch):
    settings.CACHES = LOCAL_MEMORY
    sent = []
    monkeypatch.setattr(recompute_pending, "apply_async", lambda **options: sent.append(options))
    first, second, third = _indicators(3)

    def change(indicator_id: int) -> None:  # commits
        results.results_mark_for_recompute(indicator_ids=[indicator_id])

    eager = recompute_pending.app.conf.task_always_eager
    recompute_pending.app.conf.task_always_eager = False  # as with a broker
    try:
        change(first)
        change(second)  # within the hold: read by the run already queued
        time.sleep(results.RECOMPUTE.held_for() + 0.1)
        change(third)  # the worker may have started that run: queue the next
    finally:
        recompute_pending.app.conf.task_always_eager = eager
    runs = list(TaskRun.objects.filter(name="programmes.recompute_pending").order_by("pk"))
    assert sent == [{"kwargs": {"run_id": run.pk}, "countdown": results.DEBOUNCE_SECONDS}
                    for run in runs]
    assert len(runs) == 2 and {r.status for r in runs} == {TaskRun.Status.QUEUED}
    assert PendingRecompute.objects.count() == 3
