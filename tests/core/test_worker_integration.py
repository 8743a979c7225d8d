"""A real Celery worker process takes a task from Redis and writes its result to PostgreSQL."""
import pytest

from core.models import TaskRun
from core.tasks import ping

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_worker_runs_a_task_from_the_broker_and_records_it_in_the_database(
        celery_worker_process):
    run = TaskRun.objects.create(name="core.ping")

    result = ping.delay(run.pk)

    assert result.id  # sent through the broker, not executed here
    celery_worker_process.wait_for(
        lambda: TaskRun.objects.get(pk=run.pk).status == TaskRun.Status.SUCCEEDED,
        timeout=60, what=f"TaskRun #{run.pk} to succeed")
    run.refresh_from_db()
    assert run.progress == 100
    assert f"core.ping[{result.id}] succeeded" in celery_worker_process.log()
    assert run.worker  # the worker's host name, written by the worker process
    assert run.started_at <= run.finished_at


def test_a_task_already_claimed_is_not_run_twice(celery_worker_process):
    run = TaskRun.objects.create(name="core.ping", status=TaskRun.Status.SUCCEEDED, progress=7)
    marker = TaskRun.objects.create(name="core.ping")

    ping.delay(run.pk)
    ping.delay(marker.pk)

    # Tasks are consumed in order by the single worker: once the marker is done, the first
    # task has been handled too.
    celery_worker_process.wait_for(
        lambda: TaskRun.objects.get(pk=marker.pk).status == TaskRun.Status.SUCCEEDED,
        timeout=60, what="the marker task to succeed")
    run.refresh_from_db()
    assert run.progress == 7 and run.started_at is None
