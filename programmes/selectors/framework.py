"""Reads of DWCP results frameworks: the priority → CPO → output tree and the lists the API
serves. Everything is narrowed to what the user may view and prefetched so a page runs a fixed
number of queries whatever the size of the framework."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet

from core import policy
from programmes.models import (
    CountryPriority,
    CountryProgrammeOutcome,
    CpoOutcomeLink,
    Dwcp,
    Output,
    UNFrameworkOutcome,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from core.models import User


def _links_qs() -> QuerySet[Any]:
    return CpoOutcomeLink.objects.select_related("biennium", "pb_outcome__framework",
                                                 "pb_indicator")


def _cpo_prefetches() -> list[Any]:
    return [
        Prefetch("outcome_links", queryset=_links_qs()),
        Prefetch("un_outcomes", queryset=UNFrameworkOutcome.objects.select_related("framework")),
        "sdg_targets",
        "conventions",
        Prefetch("outputs", queryset=Output.objects.order_by("order", "code")),
    ]


def framework_tree(*, dwcp: Dwcp) -> list[CountryPriority]:
    """The DWCP's priorities, each with its CPOs (links per biennium, UN outcomes, SDG
    targets, outputs) prefetched, in a fixed number of queries whatever the size.

    Each CPO also gets ``biennium_links``: one ``(biennium, link or None)`` pair for every
    biennium the DWCP spans, so the page can show where a P&B outcome is still missing."""
    from programmes.services.framework import biennia_spanned

    cpos = (CountryProgrammeOutcome.objects.order_by("order", "code")
            .prefetch_related(*_cpo_prefetches()))
    priorities = list(dwcp.priorities.order_by("order", "code")
                      .prefetch_related(Prefetch("cpos", queryset=cpos)))
    biennia = list(biennia_spanned(dwcp))
    for priority in priorities:
        for cpo in priority.cpos.all():
            links = {link.biennium_id: link for link in cpo.outcome_links.all()}
            extra = [link for link in cpo.outcome_links.all()
                     if link.biennium_id not in {b.pk for b in biennia}]
            cpo.biennium_links = ([(b, links.get(b.pk)) for b in biennia]  # type: ignore[attr-defined]
                                  + [(link.biennium, link) for link in extra])
    return priorities


def cpo_detail(*, pk: int) -> CountryProgrammeOutcome:
    """One CPO with what its page shows (callers check the policy)."""
    return (CountryProgrammeOutcome.objects
            .select_related("dwcp__country", "priority")
            .prefetch_related(*_cpo_prefetches())
            .get(pk=pk))


def priority_list(*, user: User | None, filters: Mapping[str, Any] | None = None) -> QuerySet[Any]:
    from programmes.filters.framework import PriorityFilter

    qs = policy.visible(user, CountryPriority.objects.select_related("dwcp__country"))
    filtered: QuerySet[Any] = PriorityFilter(filters or {}, queryset=qs).qs
    return filtered


def cpo_list(*, user: User | None, filters: Mapping[str, Any] | None = None) -> QuerySet[Any]:
    from programmes.filters.framework import CpoFilter

    qs = policy.visible(user, CountryProgrammeOutcome.objects
                        .select_related("dwcp__country", "priority")
                        .prefetch_related(*_cpo_prefetches()))
    filtered: QuerySet[Any] = CpoFilter(filters or {}, queryset=qs).qs
    return filtered


def output_list(*, user: User | None, filters: Mapping[str, Any] | None = None) -> QuerySet[Any]:
    from programmes.filters.framework import OutputFilter

    qs = policy.visible(user, Output.objects.select_related("cpo__dwcp__country"))
    filtered: QuerySet[Any] = OutputFilter(filters or {}, queryset=qs).qs
    return filtered
