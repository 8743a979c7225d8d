"""Helpers shared by the capacity pages: loading an object with the access policy (404 when
it does not exist, 403 when it is outside the user's scope), paging and service errors."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404

from constituents.models import Constituent
from core import policy
from core.roles import Role

from ..models import CapacityAssessment

PAGE_SIZE = 25


def load(request, queryset, pk: int, *, change: bool = False):
    """The object, or 404; 403 when the user may not view (or, with ``change``, change) it."""
    obj = get_object_or_404(queryset, pk=pk)
    if not policy.can_view(request.user, obj) or (
            change and not policy.can_change(request.user, obj)):
        raise PermissionDenied
    return obj


def page_of(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def may_see_assessments_of(user, constituent: Constituent) -> bool:
    """Assessments (and needs) lay bare an organization's deficits: specialists see their own
    group's only (core.policy, ``scope_group_limits_view``)."""
    return policy.allowed(user, policy.VIEW, CapacityAssessment,
                          policy.Scope(country_id=constituent.country_id,
                                       group=constituent.group))


def may_record_for(user, model, constituent: Constituent) -> bool:
    return policy.can_create(user, model, country_id=constituent.country_id,
                             group=constituent.group)


def is_field_staff_or_manager(user) -> bool:
    return user.is_administrator or user.role in (Role.FIELD_STAFF, Role.MANAGER)


def has_review_queue(user) -> bool:
    """ACT/EMP and ACTRAV specialists review their group's needs, field staff the government
    needs of their countries; managers only read, so they have no queue."""
    return user.is_administrator or user.role in (Role.ACTEMP, Role.ACTRAV, Role.FIELD_STAFF)
