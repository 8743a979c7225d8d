"""Fixtures that start a real Celery worker process (pytest plugin, listed in the root
conftest's ``pytest_plugins`` so any test module can use ``celery_worker_process``).

The worker runs ``celery -A config worker`` with the test settings, against the *test*
database of this session and the Redis broker of ``CELERY_BROKER_URL``. It consumes a queue
named after the test database, so helpers or CI jobs sharing one Redis never take each other's
tasks. While the fixture is active, tasks dispatched by the test (``.delay()``,
``delay_on_commit``) go through the broker instead of running eagerly."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parent.parent
READY_TIMEOUT = 60


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (for a server a test starts)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def services_required() -> bool:
    """CI sets DWCP_REQUIRE_SERVICES=1: missing services then fail tests instead of skipping."""
    return os.environ.get("DWCP_REQUIRE_SERVICES") == "1"


def skip_or_fail(reason: str) -> None:
    if services_required():
        pytest.fail(f"{reason} (DWCP_REQUIRE_SERVICES=1 requires it)")
    pytest.skip(reason)


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL for the database Django is connected to now (the test database)."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"


@dataclass
class WorkerProcess:
    process: subprocess.Popen
    queue: str
    log_path: Path
    command: list[str]
    env: dict[str, str]

    def kill(self) -> None:
        """Kill the worker and its pool at once (SIGKILL), as an out-of-memory killer or a
        lost machine would: nothing is acknowledged or cleaned up."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)

    def start(self) -> None:
        """Start the worker again (after :meth:`kill`), appending to the same log, and wait
        until it is ready."""
        ready_before = self.log().count(" ready.")
        with self.log_path.open("a") as log_file:
            self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env,
                                            stdout=log_file, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        self.wait_for(lambda: self.log().count(" ready.") > ready_before,
                      timeout=READY_TIMEOUT, what="the worker to be ready again")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def wait_for(self, condition: Callable[[], bool], timeout: float = 60,
                 interval: float = 0.25, what: str = "the condition") -> None:
        """Poll ``condition`` until it holds; fail with the worker's log if it does not
        within ``timeout`` seconds or if the worker dies."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            if self.process.poll() is not None:
                pytest.fail(f"The Celery worker exited ({self.process.returncode}) before "
                            f"{what}. Its log:\n{self.log()}")
            time.sleep(interval)
        pytest.fail(f"Timed out after {timeout:.0f} s waiting for {what}. Worker log:\n"
                    f"{self.log()}")


@pytest.fixture
def celery_worker_environment() -> dict[str, str | None]:
    """Variables to set (or, when None, to remove) in the worker's environment; a test module
    overrides this fixture to start the worker otherwise configured (e.g. without REDIS_URL)."""
    return {}


@pytest.fixture
def celery_worker_pool() -> tuple[str, int]:
    """The worker's pool and concurrency; a test module overrides this fixture to run the
    production pool (``("prefork", 2)``, as docker-compose.yml does)."""
    return ("solo", 1)


@pytest.fixture
def celery_worker_process(transactional_db, settings, tmp_path, celery_worker_environment,
                          celery_worker_pool) -> Iterator[WorkerProcess]:
    """A real ``celery -A config worker`` process, ready to consume; terminated afterwards.

    Needs PostgreSQL (the worker opens its own connections to the test database) and a broker
    (CELERY_BROKER_URL). Skips with the reason when either is missing, except in CI."""
    from django.db import connection

    from config.celery import app

    broker = settings.CELERY_BROKER_URL
    if not broker:
        skip_or_fail("No Celery broker configured: set CELERY_BROKER_URL (e.g. "
                     "redis://127.0.0.1:6379/15) to run worker integration tests")
    if connection.vendor != "postgresql":
        skip_or_fail("Worker integration tests need PostgreSQL: set DATABASE_URL (the worker "
                     "process cannot share a SQLite test database)")

    # Debounce keys left in a shared cache by an earlier test whose run never started (its
    # worker stopped first) would hold back this test's runs: start from an empty cache.
    from django.core.cache import cache

    cache.clear()
    queue = f"dwcp-test-{connection.settings_dict['NAME']}"
    nodename = f"test-{uuid.uuid4().hex[:8]}@%h"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DWCP_TEST_EAGER": "0",
        "DATABASE_URL": database_url(connection.settings_dict),
        "CELERY_BROKER_URL": broker,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "PYTHONUNBUFFERED": "1",
    }
    for name, value in celery_worker_environment.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    log_path = tmp_path / "celery-worker.log"
    celery = Path(sys.executable).with_name("celery")
    command = [str(celery) if celery.exists() else "celery", "-A", "config", "worker",
               f"--pool={celery_worker_pool[0]}", f"--concurrency={celery_worker_pool[1]}",
               "--without-gossip", "--without-mingle",
               "--without-heartbeat", "-Q", queue, "-n", nodename, "--loglevel=INFO"]
    with log_path.open("w") as log_file:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    worker = WorkerProcess(process=process, queue=queue, log_path=log_path, command=command,
                           env=env)

    # Dispatch through the broker, to this worker's queue, for the duration of the test.
    saved = {key: app.conf[key] for key in ("task_always_eager", "task_default_queue")}
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    app.amqp.__dict__.pop("router", None)  # re-read the default queue
    try:
        worker.wait_for(lambda: " ready." in worker.log(), timeout=READY_TIMEOUT,
                        what="the worker to be ready")
        yield worker
    finally:
        for key, value in saved.items():
            app.conf[key] = value
        app.amqp.__dict__.pop("router", None)
        process = worker.process  # the one started last (see WorkerProcess.start)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
