"""Redis out of reach (issue 17, point 4): people keep reading pages and saving data, and
the work that could not be queued — the recompute after an approval, a report asked for — is
caught up by the worker when Redis is back, though Redis came back empty.

The test runs its own redis-server on a free port, as broker and cache of this process and of
the worker, and stops it: the shared Redis stays up for the other tests."""
from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from config.celery import app
from core.models import TaskRun
from core.roles import Role
from programmes.models import Biennium, ProgressUpdate, UpdateStatus
from programmes.services import indicators as svc
from reporting.models import ReportRun
from tests.conftest_worker import free_port
from tests.factories import UserFactory, country
from tests.programmes.factories import CpoFactory

pytestmark = [pytest.mark.worker,
              pytest.mark.postgres("a worker process"),
              pytest.mark.django_db(transaction=True)]


class PrivateRedis:
    """A redis-server of this test's own on a free port (the shared one stays up for the
    other tests), stopped and started again at will; like the shared one it keeps nothing on
    disk, so whatever was queued in it is lost when it stops."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        pytest.fail(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def private_redis(settings) -> Iterator[PrivateRedis]:
    """A private Redis as broker and cache, for this process and for the worker."""
    if not _has_redis_server():
        pytest.skip("redis-server is not installed")
    redis = PrivateRedis()
    redis.start()
    saved = app.conf.broker_url, app.conf.broker_write_url, app.conf.broker_read_url
    settings.CELERY_BROKER_URL = f"{redis.url}/0"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": f"{redis.url}/1"}}
    app.conf.broker_url = app.conf.broker_write_url = app.conf.broker_read_url = \
        settings.CELERY_BROKER_URL
    _forget_connections()
    try:
        yield redis
    finally:
        redis.stop()
        app.conf.broker_url, app.conf.broker_write_url, app.conf.broker_read_url = saved
        _forget_connections()


def _has_redis_server() -> bool:
    return subprocess.run(["which", "redis-server"], capture_output=True).returncode == 0


def _forget_connections() -> None:
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def celery_worker_environment(private_redis) -> dict[str, str | None]:
    """The worker uses the private Redis too."""
    return {"CELERY_BROKER_URL": f"{private_redis.url}/0", "REDIS_URL": f"{private_redis.url}/1"}


def test_with_redis_down_people_keep_working_and_the_work_is_caught_up_when_it_is_back(
        private_redis, celery_worker_process, field_user, manager_user):
    worker = celery_worker_process

    biennium = Biennium.objects.get(code="2012-13")
    cpo = CpoFactory(code="ALB101", title="Collective bargaining strengthened")
    indicator = svc.indicator_create(
        user=field_user, cpo=cpo, title="Collective agreements registered",
        baseline_value=Decimal("10"), milestones={biennium: (Decimal("20"), "")})
    colleague = UserFactory(username="field.alb.2", role=Role.FIELD_STAFF,
                            countries=[country("ALB")])

    private_redis.stop()

    field = Client()
    field.force_login(field_user)
    for url in (reverse("home"), reverse("programmes:dwcp-list"),
                reverse("programmes:indicator-detail", args=[indicator.pk])):
        assert field.get(url).status_code == 200, url
    saved = field.post(reverse("programmes:update-create", args=[indicator.pk]), {
        "date": "2013-05-01", "value": "18", "narrative": "Two sectoral agreements",
        "source": "Ministry register", "action": "submit"})
    assert saved.status_code == 302
    update = ProgressUpdate.objects.get()
    assert update.status == UpdateStatus.SUBMITTED

    approver = Client()
    approver.force_login(colleague)
    assert approver.post(reverse("programmes:update-approve", args=[update.pk])).status_code \
        == 302
    update.refresh_from_db()
    assert update.status == UpdateStatus.APPROVED  # saved, though nothing could be queued

    manager = Client()
    manager.force_login(manager_user)
    asked = manager.post(reverse("reporting:home"), {
        "kind": "dwcp", "language": "en", "country": "ALB"})
    assert asked.status_code == 302, asked.content.decode()[:2000]
    report = ReportRun.objects.get()
    pending = list(TaskRun.objects.filter(status=TaskRun.Status.QUEUED))
    assert report.status == ReportRun.Status.QUEUED and pending

    private_redis.start()  # empty: whatever was queued before it stopped is gone
    worker.wait_for(
        lambda: not TaskRun.objects.filter(pk__in=[r.pk for r in pending]).exclude(
            status=TaskRun.Status.SUCCEEDED).exists()
        and ReportRun.objects.get(pk=report.pk).status == ReportRun.Status.DONE,
        timeout=120, what="the queued work to be caught up")
    assert "core.catch_up" in worker.log()
