"""The life of a TaskRun (core.taskruns): a run is claimed once, finishes with its counts or
fails with its error, and a transient database fault retries the same run until the last
retry, after which the run has failed (never left queued)."""
import pytest
from celery import shared_task
from celery.app.trace import build_tracer
from celery.exceptions import Retry
from celery.utils import uuid
from django.db import OperationalError

from core import taskruns
from core.models import TaskRun

pytestmark = [
    pytest.mark.django_db,
    # The worker's tracer, asked to propagate, warns that the retry left the task's body.
    pytest.mark.filterwarnings("ignore:Exception raised outside body:RuntimeWarning"),
]

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


@pytest.fixture
def sent(monkeypatch) -> list:
    """Retries sent to the broker (recorded here instead)."""
    sent: list = []
    monkeypatch.setattr(flaky, "apply_async", lambda *a, **options: sent.append(options))
    return sent


def _deliver(kwargs: dict, retries: int = 0) -> Retry | None:
    """Execute one delivery of the task as the worker does (not in-process); return the
    retry it asked for, if any."""
    trace = build_tracer(flaky.name, flaky, eager=False, propagate=True, app=flaky.app)
    try:
        trace(uuid(), (), kwargs, {"retries": retries})
    except Retry as retry:
        return retry
    return None


def test_a_transient_fault_retries_the_same_run(sent):
    run = TaskRun.objects.create(name="tests.core.flaky")
    kwargs = {"run_id": run.pk, "faults": 2}
    for retries, countdown in enumerate([30, 60]):
        retry = _deliver(kwargs, retries)
        assert (retry.sig.kwargs, retry.when) == (kwargs, countdown)
        assert TaskRun.objects.get(pk=run.pk).status == TaskRun.Status.QUEUED
    assert _deliver(kwargs, 2) is None
    run.refresh_from_db()
    assert run.status == TaskRun.Status.SUCCEEDED
    assert attempts == [run.pk] * 3 and run.counts == {"attempts": 3}
    assert len(sent) == 2


def test_a_run_from_beat_is_recorded_once_and_retried(sent):
    retry = _deliver({"faults": 1})
    run = TaskRun.objects.get(name="tests.core.flaky")
    assert retry.sig.kwargs == {"run_id": run.pk, "faults": 1}
    assert _deliver(retry.sig.kwargs, 1) is None
    run.refresh_from_db()
    assert run.status == TaskRun.Status.SUCCEEDED and run.parameters == {"faults": 1}
    assert attempts == [run.pk, run.pk]
    assert TaskRun.objects.count() == 1


def test_after_the_last_retry_the_run_has_failed(sent):
    run = TaskRun.objects.create(name="tests.core.flaky")
    kwargs = {"run_id": run.pk, "faults": 99}
    for retries in range(taskruns.MAX_RETRIES):
        kwargs = _deliver(kwargs, retries).sig.kwargs
    with pytest.raises(OperationalError):
        _deliver(kwargs, taskruns.MAX_RETRIES)
    run.refresh_from_db()
    assert len(attempts) == 1 + taskruns.MAX_RETRIES == 1 + len(sent)
    assert run.status == TaskRun.Status.FAILED
    assert run.error == "OperationalError: server closed the connection unexpectedly"


def test_in_process_a_transient_fault_fails_the_run_at_once(sent):
    run = TaskRun.objects.create(name="tests.core.flaky")
    with pytest.raises(OperationalError):
        flaky.apply(kwargs={"run_id": run.pk, "faults": 1})  # as the commands run it
    run.refresh_from_db()
    assert run.status == TaskRun.Status.FAILED and attempts == [run.pk] and not sent


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
