"""Reads of the event feed and of one's webhooks."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from core import policy
from core.models import User

from .models import Event, WebhookDelivery, WebhookSubscription

if TYPE_CHECKING:
    from core.types import AnyUser


def events_visible(user: AnyUser | None, qs: QuerySet[Event] | None = None) -> QuerySet[Event]:
    """The events about objects ``user`` may view: the policy's rule table at each event's
    scope (``core.policy.visible``), and for objects shown to their constituent group only
    (``scope_group_limits_view``), that group's specialists."""
    qs = policy.visible(user, Event.objects.all() if qs is None else qs)
    group = (policy.own_group(user)
             if isinstance(user, User) and policy.role_of(user) is not None else None)
    if group is not None:
        qs = qs.exclude(Q(group_limits_view=True) & Q(group__isnull=False) & ~Q(group=group))
    return qs


def event_feed(user: AnyUser | None, *, after: int | None = None,
               kinds: list[str] | None = None) -> QuerySet[Event]:
    """The feed, oldest first: the events ``user`` may see with an id above ``after``, of
    ``kinds`` when given."""
    qs = events_visible(user).select_related("country", "actor").order_by("id")
    if after is not None:
        qs = qs.filter(id__gt=after)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return qs


def may_view_event(user: Any, event: Event) -> bool:
    return events_visible(user, Event.objects.filter(pk=event.pk)).exists()


def subscriptions_of(user: AnyUser | None) -> QuerySet[WebhookSubscription]:
    return WebhookSubscription.objects.filter(owner_id=getattr(user, "pk", None)).order_by("id")


def deliveries_of(subscription: WebhookSubscription) -> QuerySet[WebhookDelivery]:
    return subscription.deliveries.select_related("event").order_by("-id")
