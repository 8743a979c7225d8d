"""DRF plumbing used by settings: the policy-backed permission, pagination and error format.
Kept apart from :mod:`core.api` because DRF imports these while it is itself being imported."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, pagination, permissions

from . import policy
from .errors import ApplicationError, from_validation_error

if TYPE_CHECKING:  # DRF imports this module while importing its views
    from django.db.models import Model
    from rest_framework.request import Request
    from rest_framework.response import Response
    from rest_framework.views import APIView



class PolicyPermission(permissions.BasePermission):
    """Signed-in users only; object access and writes decided by :mod:`core.policy`."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        model = getattr(getattr(view, "queryset", None), "model", None)
        if model is None:
            return True
        return policy.may_change_any(user, model)

    def has_object_permission(self, request: Request, view: APIView, obj: Model) -> bool:
        action = policy.VIEW if request.method in permissions.SAFE_METHODS else policy.CHANGE
        return policy.can(request.user, action, obj)


class DefaultPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def error_detail(exc: ApplicationError) -> dict[str, Any]:
    """The body of a refused request: ``detail`` (the message, when there is one) beside the
    field errors."""
    detail: dict[str, Any] = {"detail": exc.message} if exc.message else {}
    detail.update(exc.field_errors)
    return detail


class PreconditionFailed(exceptions.APIException):
    """An ``If-Match`` that is not the record's current ``ETag``: someone changed it since."""

    status_code = 412
    default_code = "precondition_failed"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map domain errors to 400 with a message (and field errors where they apply)."""
    from rest_framework.views import exception_handler as drf_exception_handler

    from .conflicts import EditConflict

    if isinstance(exc, DjangoValidationError):
        exc = from_validation_error(exc)
    if isinstance(exc, EditConflict):
        exc = PreconditionFailed(exc.message)
    if isinstance(exc, ApplicationError):
        exc = exceptions.ValidationError(error_detail(exc))
    return drf_exception_handler(exc, context)
