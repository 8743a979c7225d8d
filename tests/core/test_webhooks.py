"""Webhooks (issue 15, point 5): the events a person may view are POSTed to their URL, signed
with HMAC-SHA256 of the body, retried with backoff after a failure, each attempt logged. The
receiver is a real HTTP server on 127.0.0.1."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from core.events import services
from core.events.models import Event, WebhookDelivery, WebhookSubscription
from core.roles import Role
from programmes.models import Biennium
from programmes.services import indicators as svc
from tests.factories import UserFactory, country
from tests.programmes.factories import CpoFactory, DwcpFactory

HOOKS = "/api/v1/webhooks/"


class Receiver:
    """A webhook receiver: answers the statuses given, one per request (the last one
    afterwards), and keeps what it was sent."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses, self.received = list(statuses), []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802  (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                status = (receiver.statuses.pop(0) if len(receiver.statuses) > 1
                          else receiver.statuses[0])
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"temporarily unavailable")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/dwcp"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver([500, 200])
    yield server
    server.close()


def _subscribe(api_client, user, url: str, kinds=("update_approved",)) -> dict:
    api_client.force_authenticate(user)
    response = api_client.post(HOOKS, {"url": url, "kinds": list(kinds)}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def _approve_in(iso3: str, author, approver):
    dwcp = DwcpFactory(country=country(iso3))
    indicator = svc.indicator_create(
        user=author, cpo=CpoFactory(code=f"{iso3}101", dwcp=dwcp), title="Agreements",
        baseline_value=Decimal("10"),
        milestones={Biennium.objects.get(code="2012-13"): (Decimal("20"), "")})
    update = svc.progress_update_create(user=author, indicator=indicator,
                                        date=dt.date(2013, 5, 1), value=Decimal("20"),
                                        submit=True)
    return svc.progress_update_approve(user=approver, update=update)


def _signed(secret: str, headers: dict, body: bytes) -> bool:
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, headers["X-DWCP-Signature"])


@pytest.mark.django_db
def test_an_approval_reaches_the_receiver_signed_and_again_after_it_answered_500(
        api_client, receiver, field_user, manager_user, django_capture_on_commit_callbacks):
    hook = _subscribe(api_client, manager_user, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        update = _approve_in("ALB", field_user, manager_user)

    first = WebhookDelivery.objects.get()
    assert (first.attempt, first.status, first.status_code) == (1, "failed", 500)
    assert first.response_excerpt == "temporarily unavailable"
    assert first.next_retry_at == pytest.approx(first.attempted_at + dt.timedelta(minutes=1),
                                                abs=dt.timedelta(seconds=5))
    assert services.retry_due() == []  # not due yet
    with django_capture_on_commit_callbacks(execute=True):
        retried = services.retry_due(now=timezone.now() + dt.timedelta(minutes=2))
    assert len(retried) == 1

    log = list(WebhookDelivery.objects.order_by("attempt").values_list(
        "attempt", "status", "status_code"))
    assert log == [(1, "failed", 500), (2, "succeeded", 200)]
    assert WebhookDelivery.objects.get(attempt=1).next_retry_at is None  # taken
    assert WebhookDelivery.objects.get(attempt=2).delivered_at is not None

    assert len(receiver.received) == 2
    (headers1, body1), (headers2, body2) = receiver.received
    assert body1 == body2
    for headers, body in receiver.received:
        assert _signed(hook["secret"], headers, body)
        assert headers["X-DWCP-Event"] == "update_approved"
        assert headers["Content-Type"] == "application/json"
    assert not _signed("another secret", headers1, body1)
    assert headers1["X-DWCP-Delivery"] != headers2["X-DWCP-Delivery"]
    sent = json.loads(body1)
    event = Event.objects.get(kind="update_approved")
    assert sent["id"] == event.pk and sent["kind"] == "update_approved"
    assert sent["object"] == {"type": "programmes.progressupdate", "id": str(update.pk),
                              "country": "ALB", "group": None}
    assert sent["payload"]["status"] == "approved"

    api_client.force_authenticate(manager_user)
    deliveries = api_client.get(f"{HOOKS}{hook['id']}/deliveries/").json()["results"]
    assert [(d["attempt"], d["status"]) for d in deliveries] == [(2, "succeeded"),
                                                                  (1, "failed")]


@pytest.mark.django_db
def test_after_the_last_attempt_no_retry_is_planned(
        api_client, field_user, manager_user, settings, django_capture_on_commit_callbacks):
    settings.WEBHOOK_RETRY_SCHEDULE = [60]
    server = Receiver([503])
    try:
        _subscribe(api_client, manager_user, server.url)
        with django_capture_on_commit_callbacks(execute=True):
            _approve_in("ALB", field_user, manager_user)
        with django_capture_on_commit_callbacks(execute=True):
            assert len(services.retry_due(now=timezone.now() + dt.timedelta(minutes=5))) == 1
        later = timezone.now() + dt.timedelta(days=2)
        with django_capture_on_commit_callbacks(execute=True):
            assert services.retry_due(now=later) == []
    finally:
        server.close()
    assert list(WebhookDelivery.objects.order_by("attempt").values_list(
        "attempt", "status", "next_retry_at")) == [(1, "failed", None), (2, "failed", None)]
    assert len(server.received) == 2


@pytest.mark.django_db
def test_a_refused_connection_is_logged_and_retried(
        api_client, field_user, manager_user, django_capture_on_commit_callbacks):
    server = Receiver([200])
    url = server.url
    server.close()  # nobody listens there any more
    _subscribe(api_client, manager_user, url)
    with django_capture_on_commit_callbacks(execute=True):
        _approve_in("ALB", field_user, manager_user)
    attempt = WebhookDelivery.objects.get()
    assert attempt.status == "failed" and attempt.status_code is None
    assert "ConnectionError" in attempt.error and attempt.next_retry_at is not None


@pytest.mark.django_db
def test_a_webhook_only_sends_what_its_owner_may_view(
        api_client, receiver, field_user, manager_user, django_capture_on_commit_callbacks):
    officer_ken = UserFactory(username="field.ken", role=Role.FIELD_STAFF,
                              countries=[country("KEN")])
    _subscribe(api_client, officer_ken, receiver.url, kinds=())
    with django_capture_on_commit_callbacks(execute=True):
        _approve_in("ALB", field_user, manager_user)
    assert Event.objects.filter(country=country("ALB")).count() == 2
    assert not WebhookDelivery.objects.exists()
    assert receiver.received == []


@pytest.mark.django_db
def test_only_the_kinds_chosen_are_sent(
        api_client, field_user, manager_user, django_capture_on_commit_callbacks):
    server = Receiver([200])
    try:
        _subscribe(api_client, manager_user, server.url, kinds=["update_submitted"])
        with django_capture_on_commit_callbacks(execute=True):
            _approve_in("ALB", field_user, manager_user)
    finally:
        server.close()
    assert [h["X-DWCP-Event"] for h, _b in server.received] == ["update_submitted"]


@pytest.mark.django_db
def test_targets_must_be_http_and_public_unless_local_ones_are_allowed(
        api_client, manager_user, settings):
    settings.DWCP_WEBHOOKS_ALLOW_LOCAL = False
    api_client.force_authenticate(manager_user)
    for url in ("http://127.0.0.1:8000/hook", "http://10.1.2.3/hook", "http://[::1]/hook",
                "http://localhost/hook", "http://169.254.169.254/latest/meta-data"):
        response = api_client.post(HOOKS, {"url": url}, format="json")
        assert response.status_code == 400, url
        assert "private or local network" in response.json()["url"][0]
    response = api_client.post(HOOKS, {"url": "ftp://example.org/hook"}, format="json")
    assert response.status_code == 400 and "url" in response.json()
    response = api_client.post(HOOKS, {"url": "https://93.184.215.14/hook",
                                       "kinds": ["nonsense"]}, format="json")
    assert response.status_code == 400 and "nonsense" in response.json()["kinds"][0]
    assert not WebhookSubscription.objects.exists()
    created = api_client.post(HOOKS, {"url": "https://93.184.215.14/hook"}, format="json")
    assert created.status_code == 201


@pytest.mark.django_db
def test_one_manages_ones_own_webhooks_and_sees_the_secret_once(
        api_client, manager_user, field_user):
    mine = _subscribe(api_client, manager_user, "http://127.0.0.1:9/a")
    assert len(mine["secret"]) == 64
    assert "secret" not in api_client.get(f"{HOOKS}{mine['id']}/").json()
    assert "secret" not in api_client.get(HOOKS).json()["results"][0]
    paused = api_client.patch(f"{HOOKS}{mine['id']}/", {"active": False}, format="json")
    assert paused.status_code == 200 and paused.json()["active"] is False
    renewed = api_client.post(f"{HOOKS}{mine['id']}/secret/").json()["secret"]
    assert renewed != mine["secret"]
    assert WebhookSubscription.objects.get().secret == renewed

    theirs = _subscribe(api_client, field_user, "http://127.0.0.1:9/b")
    api_client.force_authenticate(manager_user)
    assert [h["id"] for h in api_client.get(HOOKS).json()["results"]] == [mine["id"]]
    for method in ("get", "patch", "delete"):
        assert getattr(api_client, method)(f"{HOOKS}{theirs['id']}/", {},
                                           format="json").status_code == 404
    assert api_client.post(f"{HOOKS}{theirs['id']}/secret/").status_code == 404
    assert api_client.delete(f"{HOOKS}{mine['id']}/").status_code == 204
    assert list(WebhookSubscription.objects.values_list("url", flat=True)) == [
        "http://127.0.0.1:9/b"]


@pytest.mark.django_db
def test_a_paused_webhook_is_not_sent(
        api_client, receiver, field_user, manager_user, django_capture_on_commit_callbacks):
    hook = _subscribe(api_client, manager_user, receiver.url)
    api_client.patch(f"{HOOKS}{hook['id']}/", {"active": False}, format="json")
    with django_capture_on_commit_callbacks(execute=True):
        _approve_in("ALB", field_user, manager_user)
    assert receiver.received == [] and not WebhookDelivery.objects.exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
class TestOnTheWorker:
    @pytest.fixture
    def celery_worker_environment(self):
        # Retries due at once, so the test need not wait a minute.
        return {"DWCP_WEBHOOK_RETRY_SCHEDULE": "0,0", "DWCP_WEBHOOKS_ALLOW_LOCAL": "1"}

    def test_the_worker_delivers_an_approval_and_delivers_it_again_after_a_500(
            self, celery_worker_process, api_client, receiver):
        from core.events.tasks import retry_webhooks

        field = UserFactory(username="field.w", role=Role.FIELD_STAFF,
                            countries=[country("ALB")])
        manager = UserFactory(username="manager.w", role=Role.MANAGER)
        hook = _subscribe(api_client, manager, receiver.url)
        _approve_in("ALB", field, manager)  # commits: the worker fans the event out

        celery_worker_process.wait_for(
            lambda: WebhookDelivery.objects.filter(status="failed").exists(), timeout=60,
            what="the first attempt")
        retry_webhooks.delay()  # what beat sends every minute
        celery_worker_process.wait_for(
            lambda: WebhookDelivery.objects.filter(status="succeeded").exists(), timeout=60,
            what="the retry")
        assert list(WebhookDelivery.objects.order_by("attempt").values_list(
            "attempt", "status", "status_code")) == [(1, "failed", 500), (2, "succeeded", 200)]
        assert len(receiver.received) == 2
        assert all(_signed(hook["secret"], h, b) and h["X-DWCP-Event"] == "update_approved"
                   for h, b in receiver.received)
