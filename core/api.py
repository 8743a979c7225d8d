"""Base viewsets that scope querysets to the caller (see :mod:`core.policy`)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from . import policy
from .drf import DefaultPagination, PolicyPermission

__all__ = ["DefaultPagination", "PolicyPermission", "ReadOnlyOnUpdate", "ScopedModelViewSet",
           "ScopedReadOnlyViewSet", "ScopedViewSetMixin", "is_single", "reason_field"]

if TYPE_CHECKING:  # what the mixins are mixed into
    _ViewSet = viewsets.GenericViewSet[Any]
    _Serializer = serializers.Serializer[Any]
else:
    _ViewSet = _Serializer = object


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
    pass


def reason_field(help_text: str, *, max_length: int | None = 100) -> serializers.CharField:
    """The optional, write-only reason for a change, kept in the object's history."""
    return serializers.CharField(write_only=True, required=False, allow_blank=True,
                                 max_length=max_length,  # type: ignore[arg-type]  # None: no limit
                                 help_text=help_text)


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
