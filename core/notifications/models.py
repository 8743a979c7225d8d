"""What a person is told (the inbox), and how each person wants to hear of each kind."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    """How a person hears of a kind of notification besides the inbox."""

    IMMEDIATE = "immediate", _("E-mail at once")
    DIGEST = "digest", _("One e-mail a day (digest)")
    INBOX = "inbox", _("Inbox only")


class Notification(models.Model):
    """One thing one person is told, in their language, with a link to the object. An event
    (``event_key``) reaches each person once, however often it is announced."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="notifications", verbose_name=_("recipient"))
    kind = models.CharField(_("kind"), max_length=40)
    event_key = models.CharField(max_length=200)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # E-mail: sent at (once), or waiting for the daily digest.
    emailed_at = models.DateTimeField(null=True, blank=True)
    awaits_digest = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "event_key"],
                                               name="notification_once_per_event")]
        indexes = [models.Index(fields=["recipient", "read_at"]),
                   models.Index(fields=["awaits_digest", "recipient"])]

    def __str__(self) -> str:
        return self.subject


class NotificationSetting(models.Model):
    """A person's choice for one kind; without one, the kind's default applies."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notification_settings")
    kind = models.CharField(max_length=40)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"],
                                               name="notification_setting_once")]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} → {self.delivery}"
