"""The event feed and the webhooks in the admin, for administrators: the feed and the
delivery log are read-only (append-only records); a subscription may be paused."""
from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from core import policy
from core.roles import Role

from .models import Event, WebhookDelivery, WebhookSubscription


class AdministratorsOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    """Seen by administrators only; nothing added or removed here."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return policy.role_of(request.user) == Role.ADMINISTRATOR

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(AdministratorsOnly):
    list_display = ("id", "kind", "occurred_at", "object_type", "object_id", "country", "actor")
    list_filter = ("kind", "object_type")
    list_select_related = ("country", "actor")
    search_fields = ("object_id", "kind")
    readonly_fields = [f.name for f in Event._meta.fields]


class DeliveryInline(admin.TabularInline):  # type: ignore[type-arg]
    model = WebhookDelivery
    extra = 0
    fields = readonly_fields = ("event", "attempt", "status", "status_code", "error",
                                "attempted_at", "delivered_at", "next_retry_at")
    ordering = ("-id",)
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("event")

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(AdministratorsOnly):
    list_display = ("url", "owner", "active", "created_at")
    list_filter = ("active",)
    list_select_related = ("owner",)
    fields = ("owner", "url", "kinds", "active", "created_at")
    readonly_fields = ("owner", "url", "kinds", "created_at")
    inlines = [DeliveryInline]

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # Pausing a subscription that fails every time is the one change made here.
        return self.has_module_permission(request)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(AdministratorsOnly):
    list_display = ("id", "event", "subscription", "attempt", "status", "status_code",
                    "attempted_at", "delivered_at", "next_retry_at")
    list_filter = ("status",)
    list_select_related = ("event", "subscription")
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
