"""/api/v1/ endpoints of core itself: one's own notifications (the inbox) and the change
history of a record (the same policy as the history page, core.views.object_history)."""
from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from . import policy
from .drf import DefaultPagination
from .history import history_entries
from .models import AuditedModel
from .notifications.delivery import mark_read
from .notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "subject", "body", "url", "created_at", "read_at", "read"]
        read_only_fields = fields

    def get_read(self, obj: Notification) -> bool:
        return obj.read_at is not None


class MarkReadSerializer(serializers.Serializer[Any]):
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False,
                                help_text="The notifications to mark read; omit for all.")


class NotificationViewSet(viewsets.ReadOnlyModelViewSet[Notification]):
    """The caller's own notifications only, newest first (``?unread=true`` for unread)."""

    # One's own inbox: no policy beyond being signed in (the queryset is the caller's rows).
    permission_classes = [IsAuthenticated]
    serializer_class = NotificationSerializer
    filterset_fields = ["kind"]
    ordering_fields = ["created_at", "read_at", "id"]
    search_fields = ["subject"]
    queryset = Notification.objects.none()

    def get_queryset(self) -> QuerySet[Notification]:
        rows = Notification.objects.filter(recipient_id=self.request.user.pk).only(
            "id", "kind", "subject", "body", "url", "created_at", "read_at")
        unread = self.request.query_params.get("unread", "").lower()
        if unread in ("1", "true", "yes"):
            rows = rows.filter(read_at__isnull=True)
        return rows

    @extend_schema(request=MarkReadSerializer,
                   responses=inline_serializer("MarkedRead",
                                               {"marked": serializers.IntegerField()}),
                   examples=[OpenApiExample("Some", value={"ids": [12, 13]}),
                             OpenApiExample("All", value={})])
    @action(detail=False, methods=["post"], url_path="read")
    def read(self, request: Request) -> Response:
        """Mark the given notifications (``ids``), or all of them, read."""
        form = MarkReadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        ids = form.validated_data.get("ids")
        return Response({"marked": mark_read(request.user, ids)})


class RecordChangeSerializer(serializers.Serializer[Any]):
    date = serializers.DateTimeField()
    kind = serializers.CharField(help_text="created, changed or deleted")
    user = serializers.CharField(allow_null=True)
    reason = serializers.CharField(allow_null=True)
    changes = inline_serializer("RecordFieldChange", {
        "field": serializers.CharField(), "old": serializers.CharField(),
        "new": serializers.CharField()}, many=True)


class HistoryView(APIView):
    """The changes of one record, newest first: who, when, why and what changed. Who may see
    the record may see its history."""

    pagination_class = DefaultPagination

    @extend_schema(responses=RecordChangeSerializer(many=True), operation_id="history_list")
    def get(self, request: Request, app_label: str, model_name: str, pk: int) -> Response:
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError as exc:
            raise Http404 from exc
        if not issubclass(model, AuditedModel):
            raise Http404
        obj = model._default_manager.filter(pk=pk).first()
        if obj is None or not policy.can_view(request.user, obj):
            # Out of scope is not told apart from missing, as in every API detail.
            raise Http404
        records: Any = (model.history.filter(id=pk).select_related("history_user")
                        .order_by("-history_date", "-history_id"))
        paginator = DefaultPagination()
        page = paginator.paginate_queryset(records, request, view=self) or []
        rows = [{
            "date": entry.record.history_date,  # type: ignore[attr-defined]
            "kind": entry.kind,
            "user": (str(entry.record.history_user)  # type: ignore[attr-defined]
                     if entry.record.history_user else None),  # type: ignore[attr-defined]
            "reason": entry.record.history_change_reason,  # type: ignore[attr-defined]
            "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in entry.changes],
        } for entry in history_entries(model, page)]
        return paginator.get_paginated_response(RecordChangeSerializer(rows, many=True).data)


def register(router: Any) -> None:
    router.register("notifications", NotificationViewSet, basename="notification")


urlpatterns = [
    path("history/<str:app_label>/<str:model_name>/<int:pk>/", HistoryView.as_view(),
         name="history"),
]
