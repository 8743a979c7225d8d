"""Reads of DWCPs, scoped to what the user may see (core.policy)."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet
from django.utils.functional import Promise

from constituents.models import Constituent, Country
from core import policy
from programmes.filters.dwcp import DwcpFilter
from programmes.models import (
    Dwcp,
    DwcpStatusChange,
    SteeringCommitteeDecision,
    SteeringCommitteeMeeting,
    UNFramework,
    UNFrameworkOutcome,
)
from programmes.models.dwcp import SignatoryParty

if TYPE_CHECKING:
    from core.models import User


def dwcp_list(*, user: User | None,
              filters: Mapping[str, Any] | None = None) -> QuerySet[Dwcp]:
    """DWCPs the user may see, filtered by :class:`DwcpFilter` parameters."""
    qs = policy.visible(user, Dwcp.objects.select_related("country", "country__region"))
    filtered: QuerySet[Dwcp] = DwcpFilter(filters or {}, queryset=qs).qs
    return filtered


def dwcps_of_country(*, user: User | None, country: Country) -> QuerySet[Dwcp]:
    """The country's DWCPs the user may see, latest first (the country page lists them)."""
    return policy.visible(user, Dwcp.objects.filter(country=country).order_by("-start_year"))


def dwcp_detail_queryset() -> QuerySet[Dwcp]:
    """DWCPs with everything the detail page shows loaded in a fixed number of queries."""
    base = Dwcp.objects.select_related("country", "country__region", "un_framework")
    return base.prefetch_related(
        "signatories__constituent",
        "committee_members__constituent",
        Prefetch("committee_meetings",
                 queryset=SteeringCommitteeMeeting.objects.prefetch_related(
                     Prefetch("decisions",
                              queryset=SteeringCommitteeDecision.objects.order_by("id")))),
        Prefetch("status_changes",
                 queryset=DwcpStatusChange.objects.select_related("changed_by")),
        Prefetch("un_outcomes",
                 queryset=UNFrameworkOutcome.objects.select_related("framework")),
    )


def dwcp_get(*, pk: int) -> Dwcp | None:
    """One DWCP with its related records (access is checked by the caller)."""
    return dwcp_detail_queryset().filter(pk=pk).first()


def dwcp_by_party(items: Iterable[Any]) -> list[tuple[str | Promise, list[Any]]]:
    """Signatories or committee members grouped by party, in the tripartite order."""
    groups: dict[str, list[Any]] = {p: [] for p in SignatoryParty.values}
    for item in items:
        groups.setdefault(item.party, []).append(item)
    return [(SignatoryParty(p).label, groups[p]) for p in SignatoryParty.values]


def countries_for_new_dwcp(*, user: User | None) -> QuerySet[Country]:
    """Countries in which the user may create a DWCP."""
    return policy.countries_for_create(
        user, Dwcp, Country.objects.select_related("region").order_by("name"))


def constituents_for_dwcp(*, dwcp: Dwcp) -> QuerySet[Constituent]:
    """Tripartite constituents of the DWCP's country (candidates for signatories/members)."""
    return (Constituent.objects.filter(country_id=dwcp.country_id,
                                       group__in=["government", "employers", "workers"])
            .select_related("country").order_by("group", "name"))


def un_frameworks_for_dwcp(*, dwcp: Dwcp) -> QuerySet[UNFramework]:
    return UNFramework.objects.filter(country_id=dwcp.country_id).order_by("-start_year")


def un_outcomes_for_dwcp(*, dwcp: Dwcp) -> QuerySet[UNFrameworkOutcome]:
    return (UNFrameworkOutcome.objects.filter(framework__country_id=dwcp.country_id)
            .select_related("framework").order_by("framework__start_year", "code"))
