"""The worker's side of notifications: write each recipient's notification in their
language, e-mail it at once or keep it for the daily digest, and send the digests.

E-mail goes through Django's e-mail framework (``EMAIL_URL``: the console by default, SMTP in
production; see the README). A notification is e-mailed at most once: it is claimed (a
conditional UPDATE of ``emailed_at``) before it is sent."""
from __future__ import annotations

import logging
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext

from . import KINDS
from .models import Delivery, Notification, NotificationSetting

logger = logging.getLogger(__name__)


def language_of(user: Any) -> str:
    return str(getattr(user, "language", "") or settings.LANGUAGE_CODE)


def site_url(path: str) -> str:
    base = str(settings.SITE_URL)
    return base.rstrip("/") + path if path else base


def deliver(kind_code: str, label: str, pk: Any, event: str, data: dict[str, Any]) -> int:
    """Write the notifications of one event (once per recipient) and e-mail those whose
    recipients want it at once. Returns how many notifications are new."""
    kind = KINDS[kind_code]
    obj = (apps.get_model(label)._default_manager.select_related(*kind.related)
           .filter(pk=pk).first())
    if obj is None:
        return 0  # gone since: nothing to tell
    users = [u for u in kind.recipients(obj, data) if u.is_active]
    if not users:
        return 0
    chosen = dict(NotificationSetting.objects.filter(user__in=users, kind=kind.code)
                  .values_list("user_id", "delivery"))
    key = f"{kind.code}:{label}:{pk}:{event}"[:200]
    url = kind.url(obj)
    rows = []
    for user in users:
        with translation.override(language_of(user)):
            subject, body = kind.message(obj, data)
            subject, body = str(subject), str(body)
        delivery = chosen.get(user.pk, kind.default)
        rows.append(Notification(recipient=user, kind=kind.code, event_key=key,
                                 subject=subject[:300], body=body, url=url,
                                 awaits_digest=delivery == Delivery.DIGEST and bool(user.email)))
    before = Notification.objects.filter(event_key=key).count()
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    new = Notification.objects.filter(event_key=key).count() - before
    immediate = [u.pk for u in users if u.email
                 and chosen.get(u.pk, kind.default) == Delivery.IMMEDIATE]
    for notification in (Notification.objects.filter(event_key=key, recipient_id__in=immediate,
                                                     emailed_at__isnull=True)
                         .select_related("recipient")):
        _email_one(notification)
    return new


def _claim(ids: list[int], **extra: Any) -> bool:
    """Take these notifications for one e-mail; False when another worker has them."""
    return Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(
        emailed_at=timezone.now(), **extra) == len(ids)


def _email_one(notification: Notification) -> None:
    if not _claim([notification.pk]):
        return
    user = notification.recipient
    with translation.override(language_of(user)):
        body = render_to_string("core/notifications/email.txt", {
            "user": user, "items": [notification], "site_url": settings.SITE_URL,
            "settings_url": site_url("/notifications/settings/")})
    send_mail(notification.subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def send_digests() -> int:
    """One e-mail per person with the notifications kept for their digest. Returns how many
    e-mails were sent."""
    waiting = (Notification.objects.filter(awaits_digest=True, emailed_at__isnull=True)
               .select_related("recipient").order_by("recipient_id", "created_at"))
    by_user: dict[int, list[Notification]] = {}
    for notification in waiting:
        by_user.setdefault(notification.recipient_id, []).append(notification)
    sent = 0
    for items in by_user.values():
        if not _claim([n.pk for n in items], awaits_digest=False):
            continue
        user = items[0].recipient
        with translation.override(language_of(user)):
            subject = ngettext("DWCP Manager: %(n)d new notification",
                               "DWCP Manager: %(n)d new notifications", len(items)) % {
                "n": len(items)}
            body = render_to_string("core/notifications/email.txt", {
                "user": user, "items": items, "site_url": settings.SITE_URL,
                "settings_url": site_url("/notifications/settings/"), "digest": True})
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        sent += 1
    return sent


def unread_count(user: Any) -> int:
    """How many of the user's notifications are unread (the header's count)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user: Any, ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (``ids``, or all). Returns how many changed."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.update(read_at=timezone.now())

