"""Helpers shared by the capacity pages: paging and what the user may record (objects are
loaded with :mod:`core.access`)."""
from __future__ import annotations

from constituents.models import Constituent
from core import policy
from core.pages import PAGE_SIZE, page_of

from ..models import CapacityAssessment

__all__ = ["PAGE_SIZE", "may_record_for", "may_see_assessments_of", "page_of"]


def may_see_assessments_of(user, constituent: Constituent) -> bool:
    """Assessments (and needs) lay bare an organization's deficits: specialists see their own
    group's only (core.policy, ``scope_group_limits_view``)."""
    return policy.allowed(user, policy.VIEW, CapacityAssessment,
                          policy.Scope(country_id=constituent.country_id,
                                       group=constituent.group))


def may_record_for(user, model, constituent: Constituent) -> bool:
    return policy.can_create(user, model, country_id=constituent.country_id,
                             group=constituent.group)
