"""Faults on the real services (issue 17, point 4): a worker killed in the middle of a full
recompute; PostgreSQL dropping every connection, as a restart does, under a running gunicorn.

Redis out of reach is in ``tests/core/test_faults_redis.py``; the report render killed
mid-way, and a failed report tried again, in ``tests/reporting/test_faults.py``."""
from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from capacity.models import CapacitySnapshot
from capacity.tasks import RECOMPUTE_ALL, recompute_all
from core.models import TaskRun
from tests.conftest_worker import ROOT, database_url, free_port

pytestmark = [pytest.mark.worker,
              pytest.mark.postgres("a worker process, pg_terminate_backend"),
              pytest.mark.django_db(transaction=True)]


# --- a worker killed in the middle of a full recompute ----------------------------------------

@pytest.fixture
def celery_worker_environment() -> dict[str, str | None]:
    # A message left unacknowledged by a dead worker is visible again after 2 s (2 h in
    # production, longer than any task's time limit).
    return {"DWCP_BROKER_VISIBILITY_TIMEOUT": "2", "DWCP_TASK_PENDING_AFTER": "1"}


def test_a_worker_killed_mid_recompute_leaves_the_previous_figures_and_the_run_completes(
        celery_worker_process):
    recompute_all.apply(kwargs={})  # the figures as they were, computed here
    previous = CapacitySnapshot.objects.get(is_current=True)
    run = TaskRun.objects.create(name=RECOMPUTE_ALL, parameters={"trigger": "change"})

    # The worker claims the run, then waits on the snapshot table held here: it is in the
    # middle of the recompute when it is killed.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE capacity_capacitysnapshot IN ACCESS EXCLUSIVE MODE")
        recompute_all.delay(run_id=run.pk)
        celery_worker_process.wait_for(
            lambda: TaskRun.objects.get(pk=run.pk).status == TaskRun.Status.RUNNING,
            what="the worker to start the recompute")
        time.sleep(0.5)
        celery_worker_process.kill()

    run.refresh_from_db()
    assert run.status == TaskRun.Status.RUNNING  # abandoned: nobody finished or failed it
    current = CapacitySnapshot.objects.get(is_current=True)
    assert current.pk == previous.pk and current.completed_at == previous.completed_at
    # What the dead run began is left incomplete, never read, and pruned later.
    assert not CapacitySnapshot.objects.filter(run=run, completed_at__isnull=False).exists()

    time.sleep(2.5)  # past the visibility timeout: the broker hands the message out again
    celery_worker_process.start()
    celery_worker_process.wait_for(
        lambda: TaskRun.objects.get(pk=run.pk).status == TaskRun.Status.SUCCEEDED,
        timeout=90, what="the redelivered recompute to succeed")
    now_current = CapacitySnapshot.objects.get(is_current=True)
    assert now_current.run_id == run.pk and now_current.completed_at is not None
    assert now_current.pk != previous.pk
    assert TaskRun.objects.get(pk=run.pk).error == ""


# --- PostgreSQL dropping every connection -----------------------------------------------------

@pytest.fixture
def gunicorn(transactional_db, tmp_path) -> Iterator[str]:
    """gunicorn serving the app on the test database with persistent connections, as in
    production (CONN_MAX_AGE 60 s, health checks on)."""
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test",
           "DATABASE_URL": database_url(connection.settings_dict),
           "DATABASE_CONN_MAX_AGE": "60", "DWCP_TEST_EAGER": "1", "CELERY_BROKER_URL": ""}
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "config.wsgi", "--bind",
         f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(f"{url}/healthz", timeout=2)
            break
        except requests.ConnectionError:
            time.sleep(0.2)
    try:
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
        log.close()


def _drop_every_other_connection() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        return int(cursor.fetchone()[0])


def test_pages_answer_again_at_once_after_postgresql_dropped_every_connection(
        gunicorn, field_user):
    signed_in = Client()
    signed_in.force_login(field_user)
    cookies = {"sessionid": signed_in.cookies["sessionid"].value}
    pages = [reverse("home"), reverse("programmes:dwcp-list"),
             reverse("constituents:constituent-list")]
    for url in pages * 2:  # both threads hold a connection
        assert requests.get(gunicorn + url, cookies=cookies, timeout=30).status_code == 200

    assert _drop_every_other_connection() >= 1  # what a restart does to the app's connections

    for url in pages * 2:
        answer = requests.get(gunicorn + url, cookies=cookies, timeout=30)
        assert answer.status_code == 200, (url, answer.text[:500])
    started = dt.datetime.now()
    assert requests.get(f"{gunicorn}/healthz", timeout=30).status_code == 200
    assert dt.datetime.now() - started < dt.timedelta(seconds=10)
