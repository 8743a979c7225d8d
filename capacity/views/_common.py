"""Helpers shared by the capacity pages: paging and what the user may record (objects are
loaded with :mod:`core.access`)."""
from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.http import Http404

from constituents.models import Constituent
from constituents.selectors import constituent_with_country
from core import policy
from core.api import ID_PATTERN
from core.pages import PAGE_SIZE, page_of

from ..models import CapacityAssessment

__all__ = ["PAGE_SIZE", "constituent_to_record_for", "may_record_for",
           "may_see_assessments_of", "page_of"]


def may_see_assessments_of(user, constituent: Constituent) -> bool:
    """Assessments (and needs) lay bare an organization's deficits: specialists see their own
    group's only (core.policy, ``scope_group_limits_view``)."""
    return policy.allowed(user, policy.VIEW, CapacityAssessment,
                          policy.Scope(country_id=constituent.country_id,
                                       group=constituent.group))


def may_record_for(user, model, constituent: Constituent) -> bool:
    return policy.can_create(user, model, country_id=constituent.country_id,
                             group=constituent.group)


def constituent_to_record_for(user, model, raw: str) -> Constituent:
    """The organization a new ``model`` record is about, named by its id in the request:
    a 404 where there is none, 403 where the user may not record it for them."""
    if not re.fullmatch(ID_PATTERN, str(raw)):
        raise Http404
    constituent = constituent_with_country(pk=int(raw))
    if constituent is None:
        raise Http404
    if not may_record_for(user, model, constituent):
        raise PermissionDenied
    return constituent
