"""Helpers shared by the capacity pages: paging and what the user may record (objects are
loaded with :mod:`core.access`)."""
from __future__ import annotations

from django.core.paginator import Paginator

from constituents.models import Constituent
from core import policy

from ..models import CapacityAssessment

PAGE_SIZE = 25


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
