"""What every viewset of the evaluation API shares: who may call it, and the base viewset of
evaluation records (read through the policy, written through the services)."""
from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from rest_framework import permissions, viewsets
from rest_framework.request import Request
from rest_framework.serializers import BaseSerializer

from core import policy
from core.api import ServiceWrites

from ..services import findings as finding_services

NO_PUT = ["get", "post", "patch", "delete", "head", "options"]


def _caller(request: Request) -> Any:
    """The signed-in user making the request (:class:`SignedIn` let only them through)."""
    return request.user


def _instance(serializer: BaseSerializer[Any]) -> Any:
    return serializer.instance


class SignedIn(permissions.BasePermission):
    """Signed-in, active users; what each may write is the services' to decide (by
    capability), what each may read the querysets'."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated
                    and request.user.is_active)


class MonitorsEvaluations(SignedIn):
    """The computed figures: for those holding ``evaluation.monitor``."""

    message = gettext_lazy("Only managers and administrators see the evaluation figures.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return (super().has_permission(request, view)
                and policy.MONITOR_EVALUATIONS.allows(request.user))


# A viewset of evaluation records: the caller's readable rows (READ_EVALUATION, queryset
# form), written through the services (core.api.ServiceWrites), the written row shown as the
# list reads it. No docstring: drf-spectacular would show it on every viewset without one.
class _EvaluationRecords(ServiceWrites, viewsets.ModelViewSet):  # type: ignore[type-arg]
    permission_classes = [SignedIn]
    http_method_names = NO_PUT
    service_module = finding_services
    reason_on_delete = True

    queryset: QuerySet[Any]

    def get_base_queryset(self) -> QuerySet[Any]:
        return self.queryset.all()

    def get_queryset(self) -> QuerySet[Any]:
        return policy.READ_EVALUATION.filter(_caller(self.request), self.get_base_queryset())

    def saved(self, obj: Any) -> Any:
        return self.get_base_queryset().get(pk=obj.pk)


_REASON_QUERY = "Deleting: `?reason=` says why (required once the evaluation is published)."
