"""Base viewsets that scope querysets to the caller (see :mod:`core.policy`)."""
from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter
from rest_framework.serializers import BaseSerializer

from . import conflicts, policy
from .drf import DefaultPagination, PolicyPermission
from .tokens import token_expired, token_expires

__all__ = ["DefaultPagination", "PolicyPermission", "ReadOnlyOnUpdate", "ScopedModelViewSet",
           "ScopedReadOnlyViewSet", "ScopedViewSetMixin", "ServiceWrites", "is_single",
           "read_only_slug", "reason_field", "registrar", "route", "snapshot_as_of",
           "split_reason"]

if TYPE_CHECKING:  # what the mixins are mixed into
    _ViewSet = viewsets.GenericViewSet[Any]
    _Serializer = serializers.Serializer[Any]
else:
    _ViewSet = _Serializer = object


# An object id in a URL: digits, at most 18 (a PostgreSQL bigint holds 19).
ID_PATTERN = r"[0-9]{1,18}"


class ScopedViewSetMixin(_ViewSet):
    """Lists and lookups see only what the caller may view (404 outside it, as for any
    missing object); writes are checked against the object's scope by PolicyPermission.

    Subclasses set ``queryset`` (with select/prefetch applied) or override
    ``get_base_queryset``."""

    queryset: QuerySet[Any]

    def get_base_queryset(self) -> QuerySet[Any]:
        return self.queryset.all()

    def get_queryset(self) -> QuerySet[Any]:
        return policy.visible(self.request.user, self.get_base_queryset())


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):  # type: ignore[type-arg]
    """Reads of an audited record carry its version as an ``ETag``; a write sent with
    ``If-Match`` is refused with 412 when the record has changed since (core.conflicts)."""

    def finalize_response(self, request: Request, response: Response, *args: Any,
                          **kwargs: Any) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        instance = getattr(self, "_versioned", None)
        if instance is not None and response.status_code < 300:
            current = type(instance)._default_manager.filter(pk=instance.pk).first()
            if current is not None:
                response["ETag"] = conflicts.etag(current)
        return response

    def get_object(self) -> Any:
        obj = super().get_object()
        if hasattr(obj, "updated_at") and hasattr(obj, "history"):
            self._versioned = obj
        return obj

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with transaction.atomic():
            seen = request.headers.get("If-Match")
            if seen:
                obj = self.get_object()
                if getattr(self, "_versioned", None) is not None:
                    conflicts.check_version(obj, seen)
            return super().update(request, *args, **kwargs)


def reason_field(help_text: str, *, max_length: int | None = 100) -> serializers.CharField:
    """The optional, write-only reason for a change, kept in the object's history."""
    return serializers.CharField(write_only=True, required=False, allow_blank=True,
                                 max_length=max_length,  # type: ignore[arg-type]  # None: no limit
                                 help_text=help_text)


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A related object named by its id, chosen among those the caller may see
    (``core.policy.visible``): an id of an object the caller may not see is refused exactly as
    an id of none ("Invalid pk"), so a refusal never reveals another country's or group's
    records (their names, their kind)."""

    def get_queryset(self) -> QuerySet[Any] | None:
        queryset = super().get_queryset()
        if queryset is None:  # a read-only field
            return None
        request = self.context.get("request")
        return policy.visible(getattr(request, "user", None), queryset)


class _ReadOnlySlug(serializers.SlugRelatedField):  # type: ignore[type-arg]
    """Null where the model's foreign key may be empty (so the schema says so)."""

    def bind(self, field_name: str, parent: Any) -> None:
        super().bind(field_name, parent)
        model = getattr(getattr(parent, "Meta", None), "model", None)
        source = self.source
        if model is not None and isinstance(source, str) and "." not in source:
            names = {f.name: f for f in model._meta.get_fields()}
            field = names.get(source)
            if getattr(field, "null", False):
                self.allow_null = True


def read_only_slug(slug_field: str, **options: Any) -> serializers.SlugRelatedField[Any]:
    """A related object shown by one of its fields (``"code"``, ``"username"``), read-only;
    null where the foreign key may be empty."""
    return _ReadOnlySlug(slug_field=slug_field, read_only=True, **options)


def snapshot_as_of(what: str = "figures") -> serializers.DateField:
    """The date the worker computed a row's snapshot as of (``core.snapshots``)."""
    return serializers.DateField(source="snapshot.as_of", read_only=True,
                                 help_text=f"The date these {what} are computed as of.")


def is_single(instance: object) -> bool:
    """Whether a serializer is bound to one existing object (an update or a detail), not to
    none (a create) or to a list."""
    return instance is not None and not isinstance(instance, list | tuple)


# Serializer mixin: the fields named in ``read_only_on_update`` are given when an object is
# created and are read-only once it exists (a record does not move to another parent). Put it
# before the serializer class: ``class S(ReadOnlyOnUpdate, ModelSerializer)``. No docstring:
# drf-spectacular would show it as the description of every serializer without its own.
class ReadOnlyOnUpdate(_Serializer):
    read_only_on_update: tuple[str, ...] = ()

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        if is_single(self.instance):
            for name in self.read_only_on_update:
                fields[name].read_only = True
        return fields


def split_reason(serializer: BaseSerializer[Any]) -> tuple[dict[str, Any], str]:
    """The validated data of a write without its change reason, and the reason ("" if none)."""
    data = dict(serializer.validated_data)
    return data, data.pop("reason", "")


# Viewset mixin: creates, updates and deletes through the app's services, named by the
# services' convention ``<entity>_create`` / ``<entity>_update`` / ``<entity>_delete`` in
# ``service_module``: create gets the validated data as keywords, update the instance (as
# ``instance_kw``, by default the entity) with ``data`` and ``reason``, delete the instance; all
# get ``user``. ``reason_on_create`` / ``reason_on_delete`` pass the change reason to create
# (from the data) and delete (from the ``reason`` query parameter) too. ``saved`` is what the
# response shows of the written object (a subclass may re-read it annotated). No docstring:
# drf-spectacular would show it as the description of every viewset without its own.
class ServiceWrites(_ViewSet):
    service_module: ModuleType
    entity: ClassVar[str]
    instance_kw: ClassVar[str] = ""
    reason_on_create: ClassVar[bool] = False
    reason_on_delete: ClassVar[bool] = False

    def service(self, verb: str) -> Callable[..., Any]:
        return getattr(self.service_module, f"{self.entity}_{verb}")  # type: ignore[no-any-return]

    def _instance(self, obj: Any) -> dict[str, Any]:
        return {self.instance_kw or self.entity: obj}

    def saved(self, obj: Any) -> Any:
        return obj

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        data, reason = split_reason(serializer)
        if self.reason_on_create:
            data["reason"] = reason
        serializer.instance = self.saved(self.service("create")(user=self.request.user, **data))

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        data, reason = split_reason(serializer)
        serializer.instance = self.saved(self.service("update")(
            **self._instance(serializer.instance), user=self.request.user, data=data,
            reason=reason))

    def perform_destroy(self, instance: Model) -> None:
        extra = ({"reason": self.request.query_params.get("reason", "")}
                 if self.reason_on_delete else {})
        self.service("delete")(**self._instance(instance), user=self.request.user, **extra)


_V = TypeVar("_V", bound=type)


def route(prefix: str, basename: str) -> Callable[[_V], _V]:
    """Class decorator: where the viewset is served under /api/v1/ (``prefix``) and the
    basename of its URL names; :func:`registrar` registers it there."""

    def decorate(viewset: _V) -> _V:
        viewset.api_route = (prefix, basename)  # type: ignore[attr-defined]
        return viewset

    return decorate


def registrar(*viewsets: type) -> Callable[[BaseRouter], None]:
    """An app's ``register(router)``: registers each viewset at its :func:`route`, in this
    order (the first registered of two at one prefix answers its list and detail URLs).
    Objects are addressed by their numeric id (:data:`ID_PATTERN`) unless a viewset says
    otherwise (``lookup_value_regex``): anything else in that place (``abc``, a number too
    long for the database) is no route, a 404, rather than a failed lookup."""

    def register(router: BaseRouter) -> None:
        for viewset in viewsets:
            if not hasattr(viewset, "lookup_value_regex"):
                viewset.lookup_value_regex = ID_PATTERN  # type: ignore[attr-defined]
            prefix, basename = viewset.api_route  # type: ignore[attr-defined]
            router.register(prefix, viewset, basename=basename)

    return register


def locked_out_message() -> str:
    return _("Too many failed sign-in attempts for this account from your address. Wait a "
             "while and try again, or ask an administrator to unlock it.")


class ObtainTokenView(ObtainAuthToken):
    """Exchange a user name and password for an API token (a new one if the last expired)."""

    @extend_schema(
        operation_id="auth_token_create",
        request=inline_serializer("TokenRequest", {"username": serializers.CharField(),
                                                   "password": serializers.CharField()}),
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField(),
                                                     "expires": serializers.DateTimeField()}),
            400: OpenApiResponse(description="Wrong user name or password."),
            429: OpenApiResponse(description="Too many failed attempts: locked for a while."),
        })
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        valid = serializer.is_valid()
        # django-axes marks the request it was handed (DRF's) when the pair is locked out.
        if getattr(request, "axes_locked_out", False) or getattr(
                request._request, "axes_locked_out", False):
            return Response({"detail": locked_out_message()},
                            status=status.HTTP_429_TOO_MANY_REQUESTS)
        if not valid:
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        user = serializer.validated_data["user"]
        token, created = Token.objects.get_or_create(user=user)
        if not created and token_expired(token):
            token.delete()
            token = Token.objects.create(user=user)
        return Response({"token": token.key, "expires": token_expires(token)})
