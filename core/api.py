"""Base viewsets that scope querysets to the caller (see :mod:`core.policy`)."""
from __future__ import annotations

from rest_framework import viewsets

from . import policy
from .drf import DefaultPagination, PolicyPermission

__all__ = ["DefaultPagination", "PolicyPermission", "ScopedModelViewSet",
           "ScopedReadOnlyViewSet", "ScopedViewSetMixin"]


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
