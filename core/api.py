"""Base viewsets that scope querysets to the caller (see :mod:`core.policy`)."""
from __future__ import annotations

from rest_framework import serializers, viewsets

from . import policy
from .drf import DefaultPagination, PolicyPermission

__all__ = ["DefaultPagination", "PolicyPermission", "ReadOnlyOnUpdate", "ScopedModelViewSet",
           "ScopedReadOnlyViewSet", "ScopedViewSetMixin", "is_single", "reason_field"]


class ScopedViewSetMixin:
    """Lists and lookups see only what the caller may view (404 outside it, as for any
    missing object); writes are checked against the object's scope by PolicyPermission.

    Subclasses set ``queryset`` (with select/prefetch applied) or override
    ``get_base_queryset``."""

    def get_base_queryset(self):
        return self.queryset.all()

    def get_queryset(self):
        return policy.visible(self.request.user, self.get_base_queryset())


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    pass


def reason_field(help_text: str, *, max_length: int | None = 100) -> serializers.CharField:
    """The optional, write-only reason for a change, kept in the object's history."""
    return serializers.CharField(write_only=True, required=False, allow_blank=True,
                                 max_length=max_length, help_text=help_text)


def is_single(instance) -> bool:
    """Whether a serializer is bound to one existing object (an update or a detail), not to
    none (a create) or to a list."""
    return instance is not None and not isinstance(instance, list | tuple)


# Serializer mixin: the fields named in ``read_only_on_update`` are given when an object is
# created and are read-only once it exists (a record does not move to another parent). Put it
# before the serializer class: ``class S(ReadOnlyOnUpdate, ModelSerializer)``. No docstring:
# drf-spectacular would show it as the description of every serializer without its own.
class ReadOnlyOnUpdate:
    read_only_on_update: tuple[str, ...] = ()

    def get_fields(self):
        fields = super().get_fields()
        if is_single(self.instance):
            for name in self.read_only_on_update:
                fields[name].read_only = True
        return fields
