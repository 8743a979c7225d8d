"""/api/v1/events/ (the feed: what changed, oldest first, after a cursor) and
/api/v1/webhooks/ (one's own subscriptions, their delivery log and a new secret)."""
from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, pagination, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.utils.urls import replace_query_param

from core import notifications
from core.api import registrar, route
from core.drf import DefaultPagination

from . import selectors, services
from .models import Event, WebhookDelivery, WebhookSubscription
from .serializers import EventSerializer

EVENT_EXAMPLE = {
    "id": 1042, "kind": "update_approved", "occurred_at": "2026-05-04T09:12:30.120000Z",
    "actor": "Amina Diallo",
    "object": {"type": "programmes.progressupdate", "id": "5521", "country": "KEN",
               "group": None},
    "payload": {"indicator": "KEN 101.1", "indicator_id": 311, "date": "2026-03-31",
                "status": "approved"},
}


class AfterCursorPagination(pagination.BasePagination):
    """Pages of the feed by cursor: ``after`` (the last id read; 0 or absent: from the
    start) and ``page_size``; ``next`` is the address of the following page, ``cursor`` the
    id to pass as ``after`` next time (the last id of this page, or ``after`` itself when
    nothing is new). Ids only grow, and an event never appears before one already read."""

    page_size = 100
    max_page_size = 500

    def _after(self, request: Request) -> int:
        raw = request.query_params.get("after", "") or "0"
        if not raw.isdigit() or len(raw) > 18:
            raise ValidationError({"after": [_("Give the id of the last event read (a whole "
                                               "number).")]})
        return int(raw)

    def _size(self, request: Request) -> int:
        raw = request.query_params.get("page_size", "")
        if raw.isdigit() and int(raw) > 0:
            return min(int(raw), self.max_page_size)
        return self.page_size

    def paginate_queryset(self, queryset: QuerySet[Any], request: Request,
                          view: Any = None) -> list[Any]:
        self.request = request
        self.after = self._after(request)
        size = self._size(request)
        rows = list(queryset.filter(id__gt=self.after).order_by("id")[:size + 1])
        self.has_more = len(rows) > size
        self.rows = rows[:size]
        return self.rows

    def cursor(self) -> int:
        return self.rows[-1].pk if self.rows else self.after

    def get_paginated_response(self, data: Any) -> Response:
        url = self.request.build_absolute_uri()
        following = replace_query_param(url, "after", self.cursor()) if self.has_more else None
        return Response({"cursor": self.cursor(), "next": following, "results": data})

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {"type": "object", "required": ["cursor", "next", "results"], "properties": {
            "cursor": {"type": "integer", "example": 1042,
                       "description": "Pass as `after` to read what comes next."},
            "next": {"type": "string", "nullable": True, "format": "uri",
                     "example": "https://dwcp.example.org/api/v1/events/?after=1042",
                     "description": "The next page, while more events are waiting."},
            "results": schema}}

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {"name": "after", "in": "query", "required": False,
             "description": "The id (cursor) of the last event read: only newer ones are "
                            "returned. 0 or absent: from the first.",
             "schema": {"type": "integer", "minimum": 0}},
            {"name": "page_size", "in": "query", "required": False,
             "description": f"At most this many events (default {self.page_size}, at most "
                            f"{self.max_page_size}).",
             "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size}}]


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter(
            "kind", OpenApiTypes.STR, many=True, explode=False,
            description="Only these kinds (comma-separated or repeated), e.g. "
                        "`update_approved,dwcp_status_changed`.")],
        examples=[OpenApiExample("A page of the feed", response_only=True,
                                 value=EVENT_EXAMPLE)]),
    retrieve=extend_schema(examples=[OpenApiExample("An event", response_only=True,
                                                    value=EVENT_EXAMPLE)]))
@route("events", "event")
class EventViewSet(viewsets.ReadOnlyModelViewSet[Event]):
    """The event feed: domain events (a progress update submitted, approved or returned, a
    milestone reached, a DWCP's status changed, a report ready, an evaluation published, …),
    oldest first, each with an id that is its cursor. Read with ``after`` set to the last id
    read to learn what changed since, without polling every list. Only events about objects
    the caller may view are listed. Append-only: events are never changed or removed.
    See docs/events.md."""

    serializer_class = EventSerializer
    pagination_class = AfterCursorPagination
    queryset = Event.objects.none()
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Event]:
        raw = self.request.query_params.getlist("kind")
        kinds = [k.strip() for value in raw for k in value.split(",") if k.strip()]
        unknown = sorted(set(kinds) - set(notifications.KINDS))
        if unknown:
            raise ValidationError({"kind": [_("Unknown kinds of events: %(kinds)s.")
                                            % {"kinds": ", ".join(unknown)}]})
        return selectors.event_feed(self.request.user, kinds=kinds or None)


class _KindsField(serializers.ListField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=serializers.CharField(max_length=40), required=False,
                         help_text="The kinds of events to send (those of GET /events/); "
                                   "empty or absent: every kind.", **kwargs)


class WebhookSerializer(serializers.ModelSerializer[WebhookSubscription]):
    kinds = _KindsField()

    class Meta:
        model = WebhookSubscription
        fields = ["id", "url", "kinds", "active", "created_at"]
        read_only_fields = ["id", "created_at"]
        extra_kwargs: dict[str, Any] = {"url": {"validators": []}}


class WebhookWithSecretSerializer(WebhookSerializer):
    secret = serializers.CharField(read_only=True, help_text=(
        "The key of the HMAC-SHA256 signature (X-DWCP-Signature). Shown only here, once: "
        "keep it; ask for a new one if lost."))

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]


class WebhookDeliverySerializer(serializers.ModelSerializer[WebhookDelivery]):
    kind = serializers.CharField(source="event.kind", read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = ["id", "event", "kind", "attempt", "status", "status_code",
                  "response_excerpt", "error", "created_at", "attempted_at", "delivered_at",
                  "next_retry_at"]
        read_only_fields = fields


WEBHOOK_REQUEST = OpenApiExample("Approvals and DWCP status changes", request_only=True, value={
    "url": "https://partner.example.org/hooks/dwcp",
    "kinds": ["update_approved", "dwcp_status_changed"], "active": True})


@extend_schema_view(
    create=extend_schema(request=WebhookSerializer, responses={201: WebhookWithSecretSerializer},
                         examples=[WEBHOOK_REQUEST]),
    partial_update=extend_schema(examples=[OpenApiExample(
        "Pause", request_only=True, value={"active": False})]))
@route("webhooks", "webhook")
class WebhookViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin,
                     mixins.UpdateModelMixin, mixins.DestroyModelMixin,
                     mixins.ListModelMixin, viewsets.GenericViewSet[WebhookSubscription]):
    """One's own webhooks: each event one may view (of the kinds chosen) is POSTed to the URL
    as the JSON of the feed, signed with HMAC-SHA256 of the body (header
    ``X-DWCP-Signature: sha256=<hex>``), retried with backoff on failure. The secret is
    shown once, in the answer to the creation (or to ``secret/``). See docs/events.md."""

    # One's own subscriptions: no policy beyond being signed in (the queryset is the caller's).
    permission_classes = [IsAuthenticated]
    serializer_class = WebhookSerializer
    pagination_class = DefaultPagination
    queryset = WebhookSubscription.objects.none()
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[WebhookSubscription]:
        return selectors.subscriptions_of(self.request.user)

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        return WebhookWithSecretSerializer if self.action == "create" else WebhookSerializer

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        serializer.instance = services.webhook_create(user=self.request.user,  # type: ignore[arg-type]
                                                      **serializer.validated_data)

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        serializer.instance = services.webhook_update(
            user=self.request.user, subscription=serializer.instance,  # type: ignore[arg-type]
            data=dict(serializer.validated_data))

    def perform_destroy(self, instance: WebhookSubscription) -> None:
        services.webhook_delete(user=self.request.user,  # type: ignore[arg-type]
                                subscription=instance)

    @extend_schema(request=None, responses=WebhookWithSecretSerializer)
    @action(detail=True, methods=["post"], url_path="secret")
    def secret(self, request: Request, pk: str | None = None) -> Response:
        """Replace the secret; the answer shows the new one, once."""
        subscription = services.webhook_new_secret(user=request.user,  # type: ignore[arg-type]
                                                   subscription=self.get_object())
        return Response(WebhookWithSecretSerializer(subscription).data)

    @extend_schema(responses=WebhookDeliverySerializer(many=True))
    @action(detail=True, methods=["get"], url_path="deliveries")
    def deliveries(self, request: Request, pk: str | None = None) -> Response:
        """The delivery log of this webhook, newest attempt first."""
        paginator = DefaultPagination()
        page = paginator.paginate_queryset(selectors.deliveries_of(self.get_object()),
                                           request, view=self)
        return paginator.get_paginated_response(
            WebhookDeliverySerializer(page, many=True).data)


register = registrar(EventViewSet, WebhookViewSet)
