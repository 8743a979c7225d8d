"""Loading an object for a page, with what the user may do with it.

Every detail page and form loads its object the same way: 404 when it does not exist, 403
when :mod:`core.policy` does not let the user view it, or — for a form (``change=True``) or an
action gated by a capability (``capability=``) — do that to it. The result carries the object
and whether the user may change it (for "Edit" links)::

    dwcp, may_change = access.load(request.user, Dwcp.objects.select_related("country"), pk=pk)
    update = access.load(request.user, ProgressUpdate, pk=pk,
                         capability=policy.DECIDE_PROGRESS_UPDATE).obj
"""
from __future__ import annotations

from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied
from django.db.models import Manager, Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from . import policy
from .types import AnyUser


class Loaded(NamedTuple):
    obj: Any
    may_change: bool


def check(user: AnyUser, obj: Model | None, *, change: bool = False,
          capability: policy.Capability | None = None) -> Loaded:
    """``obj`` with what ``user`` may do with it; 404 when ``obj`` is None, 403 when the user
    may not view it, or may not change it (``change``), or lacks ``capability`` for it."""
    if obj is None:
        raise Http404
    if not policy.can_view(user, obj):
        raise PermissionDenied
    may_change = policy.can_change(user, obj)
    if change and not may_change:
        raise PermissionDenied
    if capability is not None and not capability.allows(user, obj):
        raise PermissionDenied(capability.refusal(user, obj))
    return Loaded(obj, may_change)


def load(user: AnyUser, queryset: type[Model] | Manager[Any] | QuerySet[Any], *,
         change: bool = False, capability: policy.Capability | None = None,
         **lookup: Any) -> Loaded:
    """The object of ``queryset`` (a model, manager or queryset) matching ``lookup``, checked
    as :func:`check` does."""
    return check(user, get_object_or_404(queryset, **lookup), change=change,
                 capability=capability)
