"""A task run that keeps meeting a transient database fault is retried by the real worker,
through the real broker, and ends FAILED after its last retry, with the error on its page.

The fault is real too: the test holds an exclusive lock on the table the capacity recompute
writes its snapshot to, and the worker's connections give up waiting for a lock after 200 ms
(``lock_timeout`` through libpq's ``PGOPTIONS``), which PostgreSQL reports as an
OperationalError — one of the faults :func:`core.taskruns.retry_or_fail` retries. The retry
delays come from ``DWCP_TASK_RETRY_BACKOFF`` (0.2 s, 0.4 s, 0.8 s instead of 30, 60, 120 s)."""
from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.urls import reverse

from capacity.tasks import RECOMPUTE_ALL, recompute_all
from core import taskruns
from core.models import TaskRun, User

pytestmark = [pytest.mark.worker,
              pytest.mark.postgres("holds a table lock; the worker's lock_timeout"),
              pytest.mark.django_db(transaction=True)]


@pytest.fixture
def celery_worker_environment() -> dict[str, str | None]:
    return {"DWCP_TASK_RETRY_BACKOFF": "0.2", "PGOPTIONS": "-c lock_timeout=200"}


def test_a_run_that_keeps_failing_is_retried_then_ends_failed_with_its_error_shown(
        celery_worker_process, client):
    run = TaskRun.objects.create(name=RECOMPUTE_ALL, parameters={"trigger": "change"})
    failed = TaskRun.Status.FAILED

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE capacity_capacitysnapshot IN ACCESS EXCLUSIVE MODE")
        recompute_all.delay(run_id=run.pk)
        celery_worker_process.wait_for(
            lambda: TaskRun.objects.get(pk=run.pk).status == failed, timeout=90,
            what=f"TaskRun #{run.pk} to fail after its retries")

    run.refresh_from_db()
    assert run.status == failed
    assert run.error.startswith("OperationalError: ")
    assert "lock timeout" in run.error
    assert run.finished_at is not None and run.finished_at >= run.started_at
    log = celery_worker_process.log()
    # The first try and each retry met the fault; the last one failed the run.
    assert log.count(f"{RECOMPUTE_ALL}[") >= taskruns.MAX_RETRIES + 1
    assert log.count("Retry in") == taskruns.MAX_RETRIES

    admin = User.objects.create_superuser("ops", "ops@example.org", "pw")
    client.force_login(admin)
    page = client.get(reverse("admin:core_taskrun_change", args=[run.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Failed" in text
    assert "canceling statement due to lock timeout" in text
