"""The life of a TaskRun (core.taskruns): a run is claimed once, finishes with its counts or
fails with its error, and a transient database fault retries the same run until the last
retry, after which the run has failed (never left queued)."""
import pytest
from celery import shared_task
from celery.exceptions import Retry
from django.db import OperationalError

from core import taskruns
from core.models import TaskRun

pytestmark = pytest.mark.django_db

attempts: list[int] = []


@shared_task(name="tests.core.flaky", bind=True, max_retries=taskruns.MAX_RETRIES)
def flaky(self, run_id=None, faults=0):
    """Meets ``faults`` transient database faults, then counts its attempts."""
    taskruns.execute(self, _flaky, run_id=run_id, faults=faults)


def _flaky(run, *, faults):
    attempts.append(run.pk)
    if len(attempts) <= faults:
        raise OperationalError("server closed the connection unexpectedly")
    return {"attempts": len(attempts)}


@pytest.fixture(autouse=True)
def _no_attempts():
    attempts.clear()


def test_a_run_is_claimed_once():
    run = TaskRun.objects.create(name="tests.core.flaky")
    assert taskruns.claim(run.pk)
    assert not taskruns.claim(run.pk)  # another worker, or the same message twice
    run.refresh_from_db()
    assert run.status == TaskRun.Status.RUNNING and run.worker and run.started_at


def test_finish_records_the_counts_and_fail_the_error():
    done, broken = (TaskRun.objects.create(name="x", status=TaskRun.Status.RUNNING)
                    for _ in range(2))
    taskruns.finish(done.pk, {"indicators": 3})
    taskruns.fail(broken.pk, ValueError("no biennium 2099-00"))
    done.refresh_from_db()
    broken.refresh_from_db()
    assert (done.status, done.progress, done.counts) == ("succeeded", 100, {"indicators": 3})
    assert (broken.status, broken.error) == ("failed", "ValueError: no biennium 2099-00")
    assert done.finished_at and broken.finished_at


def _attempt(kwargs: dict, retries: int) -> Retry:
    """One delivery of the task, as the worker makes it; return the retry it asks for."""
    with pytest.raises(Retry) as asked:
        flaky.apply(kwargs=kwargs, retries=retries)
    return asked.value


def test_a_transient_fault_retries_the_same_run():
    run = TaskRun.objects.create(name="tests.core.flaky")
    kwargs = {"run_id": run.pk, "faults": 2}
    for retries, countdown in enumerate([30, 60]):
        retry = _attempt(kwargs, retries)
        assert (retry.sig.kwargs, retry.when) == (kwargs, countdown)
        assert TaskRun.objects.get(pk=run.pk).status == TaskRun.Status.QUEUED
    flaky.apply(kwargs=kwargs, retries=2)
    run.refresh_from_db()
    assert run.status == TaskRun.Status.SUCCEEDED
    assert attempts == [run.pk] * 3 and run.counts == {"attempts": 3}


def test_a_run_from_beat_is_recorded_once_and_retried():
    retry = _attempt({"faults": 1}, 0)
    run = TaskRun.objects.get(name="tests.core.flaky")
    assert retry.sig.kwargs == {"run_id": run.pk, "faults": 1}
    flaky.apply(kwargs=retry.sig.kwargs, retries=1)
    run.refresh_from_db()
    assert run.status == TaskRun.Status.SUCCEEDED and run.parameters == {"faults": 1}
    assert attempts == [run.pk, run.pk]
    assert TaskRun.objects.count() == 1


def test_after_the_last_retry_the_run_has_failed():
    run = TaskRun.objects.create(name="tests.core.flaky")
    kwargs = {"run_id": run.pk, "faults": 99}
    for retries in range(taskruns.MAX_RETRIES):
        kwargs = _attempt(kwargs, retries).sig.kwargs
    with pytest.raises(OperationalError):
        flaky.apply(kwargs=kwargs, retries=taskruns.MAX_RETRIES)
    run.refresh_from_db()
    assert len(attempts) == 1 + taskruns.MAX_RETRIES
    assert run.status == TaskRun.Status.FAILED
    assert run.error == "OperationalError: server closed the connection unexpectedly"


def test_any_other_error_fails_the_run_at_once():
    run = TaskRun.objects.create(name="tests.core.flaky")

    @shared_task(name="tests.core.broken", bind=True)
    def broken(self, run_id):
        taskruns.execute(self, lambda run: 1 / 0, run_id=run_id)

    with pytest.raises(ZeroDivisionError):
        broken.apply(kwargs={"run_id": run.pk})
    run.refresh_from_db()
    assert run.status == TaskRun.Status.FAILED
    assert run.error == "ZeroDivisionError: division by zero"
