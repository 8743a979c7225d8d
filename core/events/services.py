"""Writes of the event feed's webhooks: one's subscriptions (:func:`webhook_create`,
:func:`webhook_update`, :func:`webhook_delete`, :func:`webhook_new_secret`) and their
delivery by the worker (:func:`fan_out`, :func:`deliver`, :func:`retry_due`).

A delivery is a row per attempt (the log): ``queued`` → claimed ``sending`` by one worker (a
conditional UPDATE) → ``succeeded`` (a 2xx answer) or ``failed`` with the status code or the
error, and, while attempts remain, the time of the next (``settings.WEBHOOK_RETRY_SCHEDULE``:
1 min, 5 min, 30 min, 2 h, 12 h). :func:`retry_due` (beat, every minute) turns each failed
attempt that is due into the next attempt."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import requests
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import notifications
from core.errors import ApplicationError
from core.writes import Errors, unknown_fields

from .models import Event, WebhookDelivery, WebhookSubscription
from .selectors import may_view_event
from .serializers import event_json

if TYPE_CHECKING:
    from core.models import User

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 5
EXCERPT_CHARS = 500
# A claimed attempt with no outcome after this long lost its worker: it is failed and retried.
STALE_AFTER = dt.timedelta(minutes=10)
USER_AGENT = "DWCP-Manager-Webhooks/1"


def retry_schedule() -> list[float]:
    """Seconds to wait after the 1st, 2nd, ... failed attempt; one attempt more than its
    length in all."""
    return [float(s) for s in settings.WEBHOOK_RETRY_SCHEDULE]


def max_attempts() -> int:
    return len(retry_schedule()) + 1


# --- subscriptions --------------------------------------------------------------------------

def _refused_address(host: str, port: int) -> bool:
    """Whether ``host`` resolves to an address that is not on the public Internet (loopback,
    private, link-local, reserved...): the webhooks never reach into the ILO's own network."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return False  # unknown host: the delivery will fail and say so
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        mapped = getattr(address, "ipv4_mapped", None)
        if not (mapped or address).is_global:
            return True
    return False


def target_problem(url: str) -> str | None:
    """Why ``url`` cannot be a webhook's target, or None: http or https only, and, unless
    ``DWCP_WEBHOOKS_ALLOW_LOCAL`` (tests, development), no private or loopback address."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return _("Enter an http:// or https:// address.")
    if parts.username or parts.password:
        return _("The address must not contain a user name or password.")
    if settings.DWCP_WEBHOOKS_ALLOW_LOCAL:
        return None
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return _("Enter an http:// or https:// address.")
    if _refused_address(parts.hostname, port):
        return _("This address is on a private or local network; webhooks are sent to "
                 "public addresses only.")
    return None


def _check(errors: Errors, *, url: str | None, kinds: Any) -> None:
    if url is not None:
        problem = target_problem(url)
        if problem:
            errors.add("url", problem)
        elif len(url) > 500:
            errors.add("url", _("The address is too long (500 characters at most)."))
    if kinds is not None:
        if not isinstance(kinds, list | tuple) or not all(isinstance(k, str) for k in kinds):
            errors.add("kinds", _("Give a list of kinds of events."))
        else:
            unknown = sorted(set(kinds) - set(notifications.KINDS))
            if unknown:
                errors.add("kinds", _("Unknown kinds of events: %(kinds)s.")
                           % {"kinds": ", ".join(unknown)})


def _require_owner(user: User | None, subscription: WebhookSubscription) -> None:
    if user is None or subscription.owner_id != user.pk:
        raise ApplicationError(_("This webhook is someone else's."))


@transaction.atomic
def webhook_create(*, user: User, url: str, kinds: list[str] | None = None,
                   active: bool = True) -> WebhookSubscription:
    """Subscribe ``user`` to the events they may view (of ``kinds``; every kind when none),
    POSTed to ``url``. The secret is generated here; the caller shows it once."""
    errors = Errors()
    _check(errors, url=url, kinds=kinds)
    errors.raise_if_any()
    return WebhookSubscription.objects.create(owner=user, url=url, kinds=list(kinds or []),
                                              active=active, secret=secrets.token_hex(32))


@transaction.atomic
def webhook_update(*, user: User, subscription: WebhookSubscription,
                   data: Mapping[str, Any], reason: str = "") -> WebhookSubscription:
    """Change the address, the kinds or whether it is active (the secret: only anew, with
    :func:`webhook_new_secret`)."""
    _require_owner(user, subscription)
    unknown_fields(data, ("url", "kinds", "active"))
    errors = Errors()
    _check(errors, url=data.get("url"), kinds=data.get("kinds"))
    errors.raise_if_any()
    current = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    for name, value in data.items():
        setattr(current, name, list(value) if name == "kinds" else value)
    current.save(update_fields=list(data))
    return current


@transaction.atomic
def webhook_new_secret(*, user: User, subscription: WebhookSubscription) -> WebhookSubscription:
    """Replace the secret (shown once, as at the creation)."""
    _require_owner(user, subscription)
    subscription.secret = secrets.token_hex(32)
    subscription.save(update_fields=["secret"])
    return subscription


@transaction.atomic
def webhook_delete(*, user: User, subscription: WebhookSubscription) -> None:
    """Remove the subscription with its delivery log."""
    _require_owner(user, subscription)
    subscription.delete()


# --- delivery (the worker) ------------------------------------------------------------------

def signature(secret: str, body: bytes) -> str:
    """The ``X-DWCP-Signature`` header: ``sha256=`` and the HMAC-SHA256 of the raw body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _send_after_commit(delivery_ids: list[int]) -> None:
    from .tasks import deliver_webhook

    for pk in delivery_ids:
        transaction.on_commit(lambda pk=pk: deliver_webhook.delay(pk))  # type: ignore[misc]


@transaction.atomic
def dispatch(*, event_id: int, again: bool = False) -> None:
    """The worker's part of an event: write its notifications (when its kind notifies) and
    queue its webhooks, then mark it dispatched; ``again`` even when it is marked already
    (it was announced again). Safe to run twice: both steps are."""
    from core.notifications import KINDS
    from core.notifications.delivery import deliver

    pending = Event.objects.filter(pk=event_id)
    event = (pending if again else pending.filter(dispatched_at__isnull=True)).first()
    if event is None:
        return
    kind = KINDS.get(event.kind)
    if kind is not None and kind.notifies:
        occurrence = event.key.split(":", 3)[3]
        label = apps.get_model(event.object_type)._meta.label  # "programmes.ProgressUpdate"
        deliver(kind.code, label, event.object_id, occurrence, event.payload)
    fan_out(event_id=event_id)
    pending.filter(dispatched_at__isnull=True).update(dispatched_at=timezone.now())


def fan_out(*, event_id: int) -> list[int]:
    """Queue the first attempt of ``event_id`` to each active subscription that wants its
    kind and whose owner may view it (safe to run twice). Returns the new deliveries' ids."""
    event = Event.objects.select_related("country").filter(pk=event_id).first()
    if event is None:
        return []
    subscriptions = (WebhookSubscription.objects.filter(active=True, owner__is_active=True)
                     .exclude(deliveries__event=event).select_related("owner"))
    rows = [WebhookDelivery(event=event, subscription=s) for s in subscriptions
            if s.wants(event.kind) and may_view_event(s.owner, event)]
    created = WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    ids = list(WebhookDelivery.objects.filter(
        event=event, attempt=1, status=WebhookDelivery.Status.QUEUED,
        subscription_id__in=[r.subscription_id for r in created]).values_list("pk", flat=True))
    _send_after_commit(ids)
    return ids


def _claim(delivery_id: int) -> bool:
    return bool(WebhookDelivery.objects.filter(
        pk=delivery_id, status=WebhookDelivery.Status.QUEUED).update(
        status=WebhookDelivery.Status.SENDING, attempted_at=timezone.now()))


def _finish(delivery: WebhookDelivery, *, ok: bool, status_code: int | None = None,
            excerpt: str = "", error: str = "", retry: bool = True) -> None:
    now = timezone.now()
    delivery.status_code, delivery.response_excerpt = status_code, excerpt[:EXCERPT_CHARS]
    delivery.error = error
    if ok:
        delivery.status, delivery.delivered_at = WebhookDelivery.Status.SUCCEEDED, now
    else:
        delivery.status = WebhookDelivery.Status.FAILED
        schedule = retry_schedule()
        if retry and delivery.attempt <= len(schedule):
            delivery.next_retry_at = now + dt.timedelta(seconds=schedule[delivery.attempt - 1])
    delivery.save(update_fields=["status", "status_code", "response_excerpt", "error",
                                 "delivered_at", "next_retry_at"])


def deliver(*, delivery_id: int) -> str | None:
    """Make one attempt (claimed first: two workers never send the same one): POST the
    event's JSON, signed, and record the outcome. Returns the status reached, or None when
    another worker has it or it is done."""
    if not _claim(delivery_id):
        return None
    delivery = (WebhookDelivery.objects.select_related("event__country", "event__actor",
                                                       "subscription__owner")
                .get(pk=delivery_id))
    subscription, event = delivery.subscription, delivery.event
    if not subscription.active or not subscription.owner.is_active:
        _finish(delivery, ok=False, error="The subscription is paused.", retry=False)
        return delivery.status
    if not may_view_event(subscription.owner, event):
        _finish(delivery, ok=False, retry=False,
                error="The subscription's owner may no longer see this event.")
        return delivery.status
    problem = target_problem(subscription.url)
    if problem:
        _finish(delivery, ok=False, error=problem, retry=False)
        return delivery.status
    body = json.dumps(event_json(event), separators=(",", ":"), sort_keys=True).encode()
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT,
               "X-DWCP-Event": event.kind, "X-DWCP-Delivery": str(delivery.pk),
               "X-DWCP-Attempt": str(delivery.attempt),
               "X-DWCP-Signature": signature(subscription.secret, body)}
    try:
        response = requests.post(subscription.url, data=body, headers=headers,
                                 timeout=TIMEOUT_SECONDS, allow_redirects=False)
    except requests.RequestException as exc:
        _finish(delivery, ok=False, error=f"{type(exc).__name__}: {exc}"[:1000])
        return delivery.status
    ok = 200 <= response.status_code < 300
    _finish(delivery, ok=ok, status_code=response.status_code,
            excerpt=response.text[:EXCERPT_CHARS],
            error="" if ok else f"HTTP {response.status_code}")
    return delivery.status


@transaction.atomic
def retry_due(*, now: dt.datetime | None = None) -> list[int]:
    """Queue the next attempt of each failed attempt whose retry is due by ``now`` (each taken
    once: its ``next_retry_at`` is cleared by a conditional UPDATE), fail the attempts whose
    worker stopped before recording an outcome, and send again the queued attempts whose
    message was lost. Returns the ids of the attempts sent."""
    now = now or timezone.now()
    stale = WebhookDelivery.objects.filter(status=WebhookDelivery.Status.SENDING,
                                           attempted_at__lt=now - STALE_AFTER)
    for delivery in stale:
        _finish(delivery, ok=False, error="No outcome recorded: the worker stopped.")
    ids = list(WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.QUEUED, created_at__lt=now - STALE_AFTER)
        .values_list("pk", flat=True))
    due = list(WebhookDelivery.objects.filter(next_retry_at__lte=now)
               .values_list("pk", "event_id", "subscription_id", "attempt"))
    for pk, event_id, subscription_id, attempt in due:
        if not WebhookDelivery.objects.filter(pk=pk, next_retry_at__isnull=False).update(
                next_retry_at=None):
            continue  # another run took it
        ids.append(WebhookDelivery.objects.create(event_id=event_id,
                                                  subscription_id=subscription_id,
                                                  attempt=attempt + 1, created_at=now).pk)
    _send_after_commit(ids)
    return ids
