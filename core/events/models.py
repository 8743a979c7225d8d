"""The event feed (:class:`Event`, append-only) and the webhooks that push it
(:class:`WebhookSubscription`, with a :class:`WebhookDelivery` row per attempt)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """One domain event, recorded by :func:`core.notifications.announce` in the transaction of
    the change. Its id is the feed's cursor: events commit in id order (``core.events.record``).
    Never updated or deleted.

    Seen by whoever may view the object it is about: ``country`` and ``group`` are the
    object's scope (``core.policy.scope_of``) copied when it happened, and
    ``group_limits_view`` says the object's model shows it to its constituent group only."""

    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    occurred_at = models.DateTimeField(_("occurred"), default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("actor"))
    object_type = models.CharField(_("object type"), max_length=100,
                                   help_text=_("app_label.model of the object"))
    object_id = models.CharField(_("object id"), max_length=64)
    country = models.ForeignKey("constituents.Country", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("country"))
    group = models.CharField(_("constituent group"), max_length=20, null=True, blank=True)
    group_limits_view = models.BooleanField(default=False)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    # kind, object and occurrence: announcing the same event twice records it once.
    key = models.CharField(max_length=255, unique=True)
    # When its notifications were written and its webhooks queued (by the worker, after the
    # commit; at once for an event that tells nobody). Still empty: the broker could not take
    # it, and the catch-up (core.taskruns.catch_up) sends it again.
    dispatched_at = models.DateTimeField(null=True, blank=True)

    scope_country_path = "country"
    scope_group_path = "group"

    class Meta:
        ordering = ["id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["country", "id"]),
                   models.Index(fields=["id"], condition=models.Q(dispatched_at__isnull=True),
                                name="events_event_undispatched")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.object_type}:{self.object_id}"


class WebhookSubscription(models.Model):
    """A URL that is sent the events its owner may view, of the kinds chosen (all when
    none), signed with ``secret`` (HMAC-SHA256)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="webhook_subscriptions", verbose_name=_("owner"))
    url = models.URLField(_("target URL"), max_length=500)
    secret = models.CharField(_("secret"), max_length=64, editable=False)
    kinds = models.JSONField(_("kinds"), default=list, blank=True,
                             help_text=_("The kinds of events to send; empty: every kind."))
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return self.url

    def wants(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


class WebhookDelivery(models.Model):
    """One attempt to POST one event to one subscription (the delivery log). A failed attempt
    names when the next is due (``next_retry_at``); the retry is a new row."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="deliveries",
                              verbose_name=_("event"))
    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE,
                                     related_name="deliveries", verbose_name=_("subscription"))
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    response_excerpt = models.TextField(_("response (start)"), blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    attempted_at = models.DateTimeField(_("attempted"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    next_retry_at = models.DateTimeField(_("next retry"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [models.UniqueConstraint(fields=["event", "subscription", "attempt"],
                                               name="events_delivery_attempt_once")]
        indexes = [models.Index(fields=["next_retry_at"],
                                condition=models.Q(next_retry_at__isnull=False),
                                name="events_delivery_retry_due")]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.subscription_id} #{self.attempt}"
