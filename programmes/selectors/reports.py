"""Reads of programme data and computed results for the reports (the DWCP country report,
the biennial report, their forms' choices and the data fingerprint of a report run).

These selectors are unscoped on purpose: reports are made by managers and administrators,
who see every country, and rendered by the worker, which has no user; a report covers whole
regions rather than one user's scope (``reporting.services`` checks who may ask for one).
Results come from the snapshot given, never computed here. Each selector runs a fixed number
of queries whatever the number of rows."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum

from constituents.models import Country, Region
from programmes.models import (
    IN_FORCE,
    BiennialMilestone,
    Biennium,
    CountryProgrammeOutcome,
    CpoOutcomeLink,
    CpoResult,
    Dwcp,
    Indicator,
    IndicatorResult,
    PBOutcome,
    Project,
    ProjectFunding,
    ProjectOutcomeLink,
    ResultRollup,
    ResultSnapshot,
    ResultStatus,
)
from programmes.selectors.results import current_snapshot

ACHIEVED = ResultStatus.ACHIEVED.value


# --- choices of the report forms --------------------------------------------------------------

def countries_with_dwcp() -> list[tuple[str, str]]:
    """Countries that have a DWCP (ISO3, name), by name."""
    ids = Dwcp.objects.values("country_id")
    return list(Country.objects.filter(pk__in=ids).order_by("name")
                .values_list("iso3", "name"))


def biennium_codes() -> list[str]:
    """Codes of the biennia, latest first."""
    return list(Biennium.objects.order_by("-start_year").values_list("code", flat=True))


def biennium_by_code(*, code: str) -> Biennium | None:
    return Biennium.objects.filter(code=(code or "").strip()).first()


# --- DWCP country report -----------------------------------------------------------------------

def current_dwcp_for_report(*, country: Country) -> Dwcp | None:
    """The country's DWCP in force, else its most recent one."""
    dwcps = Dwcp.objects.filter(country=country).select_related("country")
    return (dwcps.filter(status__in=IN_FORCE).order_by("-start_year").first()
            or dwcps.order_by("-start_year").first())


@dataclass
class DwcpResults:
    cpos: list[CountryProgrammeOutcome]  # in the order of the results framework
    indicators: list[Indicator]  # by code
    results: list[IndicatorResult]  # by biennium
    cpo_results: list[CpoResult]
    biennia: list[Biennium]  # those the DWCP spans (and the one its first year ends)
    milestones: list[BiennialMilestone]  # with their statements (qualitative milestones)


def dwcp_results_for_report(*, snapshot: ResultSnapshot, dwcp: Dwcp) -> DwcpResults:
    """A DWCP's results framework with the results of the snapshot. Six queries."""
    return DwcpResults(
        milestones=list(BiennialMilestone.objects.filter(indicator__cpo__dwcp=dwcp)
                        .select_related("biennium").order_by("biennium__start_year")),
        cpos=list(CountryProgrammeOutcome.objects.filter(dwcp=dwcp).select_related("priority")
                  .order_by("priority__order", "priority__code", "order", "code")),
        indicators=list(Indicator.objects.filter(cpo__dwcp=dwcp).order_by("code")),
        results=list(IndicatorResult.objects.filter(snapshot=snapshot,
                                                    indicator__cpo__dwcp=dwcp)
                     .select_related("biennium").order_by("biennium__start_year")),
        cpo_results=list(CpoResult.objects.filter(snapshot=snapshot, cpo__dwcp=dwcp)
                         .select_related("biennium")),
        biennia=list(Biennium.objects.filter(start_year__lte=dwcp.end_year,
                                             start_year__gte=dwcp.start_year - 1)
                     .order_by("start_year")),
    )


# --- biennial report ---------------------------------------------------------------------------

@dataclass
class BienniumOutcomeTables:
    """The indicators with a milestone in a biennium, country by country (the biennial
    report's appendix of outcome tables)."""

    results: list[IndicatorResult]  # by country name, CPO, indicator code
    milestones: dict[int, BiennialMilestone]  # the biennium's milestone of each indicator


def outcome_tables_of_biennium(*, snapshot: ResultSnapshot, biennium: Biennium,
                               country_ids: Iterable[int]) -> BienniumOutcomeTables:
    """The snapshot's indicator results for the biennium in the given countries, each with
    its indicator, CPO, priority and country, and the biennium's milestones of those
    indicators (their statements). Two queries."""
    results = list(
        IndicatorResult.objects.filter(snapshot=snapshot, biennium=biennium,
                                       indicator__cpo__dwcp__country_id__in=list(country_ids))
        .select_related("indicator__cpo__priority", "indicator__cpo__dwcp__country")
        .order_by("indicator__cpo__dwcp__country__name", "indicator__cpo__priority__order",
                  "indicator__cpo__priority__code", "indicator__cpo__order",
                  "indicator__cpo__code", "indicator__code"))
    milestones = BiennialMilestone.objects.filter(
        biennium=biennium, indicator_id__in=[r.indicator_id for r in results])
    return BienniumOutcomeTables(results=results,
                                 milestones={m.indicator_id: m for m in milestones})


def rollup_counts(*, snapshot: ResultSnapshot, biennium: Biennium, level: str, subject: str,
                  keys: Iterable[Any] | None = None
                  ) -> QuerySet[ResultRollup, tuple[Any, str, int]]:
    """(key, status, count) of the worker's roll-ups at ``level`` for ``subject``, for the
    given keys (all when None)."""
    rows = ResultRollup.objects.filter(snapshot=snapshot, biennium=biennium, level=level,
                                       subject=subject)
    if keys is not None:
        rows = rows.filter(key__in=keys)
    return rows.values_list("key", "status", "count")


def pb_outcomes_of_framework(*, framework_id: int | None) -> list[PBOutcome]:
    return list(PBOutcome.objects.filter(framework_id=framework_id)
                .order_by("code")) if framework_id else []


def pb_outcomes_by_id(*, ids: Iterable[int]) -> list[PBOutcome]:
    return list(PBOutcome.objects.filter(pk__in=ids).order_by("code"))


def outcome_figures_of_region(*, snapshot: ResultSnapshot, biennium: Biennium,
                              region: Region) -> dict[int, tuple[int, int, int]]:
    """Per P&B outcome the region's CPOs are linked to in the biennium: (CPOs, CPOs achieved,
    member States with a CPO achieved), over the snapshot's CPO results. One query."""
    rows = (CpoResult.objects.filter(snapshot=snapshot, biennium=biennium,
                                     cpo__dwcp__country__region=region,
                                     cpo__outcome_links__biennium=biennium)
            .values("cpo__outcome_links__pb_outcome_id")
            .annotate(total=Count("id"),
                      achieved=Count("id", filter=Q(status=ACHIEVED)),
                      states=Count("cpo__dwcp__country_id", distinct=True,
                                   filter=Q(status=ACHIEVED))))
    return {r["cpo__outcome_links__pb_outcome_id"]: (r["total"], r["achieved"], r["states"])
            for r in rows}


def funding_by_source(*, biennium: Biennium,
                      region: Region | None) -> dict[str, dict[str, Any]]:
    """Allocation and expenditure of the biennium's two years by funding source (of the
    region's projects when given). One query."""
    rows = ProjectFunding.objects.filter(year__in=[biennium.start_year, biennium.end_year])
    if region is not None:
        rows = rows.filter(project__country__region=region)
    return {r["project__funding_source"]: r for r in
            rows.values("project__funding_source").order_by()
            .annotate(allocation=Sum("allocation"), expenditure=Sum("expenditure"))}


def portfolio_tables_for_report(*, biennium: Biennium) -> tuple[Any, list[Any]]:
    """The development cooperation tables of the biennial report, from the worker's current
    portfolio snapshot (None, [] before the first computation): approvals by source (V.1)
    and expenditure by region (V.2) comparing the previous biennium with ``biennium``,
    local resource mobilization, delivery by funding source, the share of resource gaps
    filled and expenditure and CPOs by cross-cutting marker
    (``programmes.selectors.portfolio_figures``). A fixed number of queries."""
    from programmes.selectors import portfolio_figures as figures

    snapshot = figures.current_snapshot()
    if snapshot is None:
        return None, []
    first = figures.Period(biennium.start_year - 2, biennium.start_year - 1)
    second = figures.Period(biennium.start_year, biennium.end_year)
    return snapshot, [figures.approvals_by_source(snapshot, first, second),
                      figures.expenditure_by_region(snapshot, first, second),
                      figures.local_mobilization(snapshot, second),
                      figures.delivery_by_source(snapshot, first, second),
                      figures.gaps_filled(snapshot),
                      figures.expenditure_by_marker(snapshot, first, second)]


def result_snapshot(*, pk: int) -> ResultSnapshot | None:
    """The results snapshot a report was made from, if it is still there."""
    return ResultSnapshot.objects.filter(pk=pk).first()


# --- what a report reads, to tell when it must be made again ------------------------------------

def results_fingerprint() -> dict[str, Any]:
    """A cheap summary that changes whenever programme data a report reads changes: the
    current snapshot (a recompute in place replaces its rows, so their count and highest id
    change) and, for the programme and resources tables, their row count and last change."""
    snapshot = current_snapshot()
    out: dict[str, Any] = {"snapshot": None}
    model: type[Any]
    if snapshot is not None:
        out["snapshot"] = {"id": snapshot.pk, "as_of": snapshot.as_of.isoformat()}
        for model in (IndicatorResult, CpoResult, ResultRollup):
            agg = model.objects.filter(snapshot=snapshot).aggregate(n=Count("id"),
                                                                   last=Max("id"))
            out[model.__name__] = [agg["n"], agg["last"]]
    from programmes.selectors.portfolio_figures import current_snapshot as portfolio_snapshot

    portfolio = portfolio_snapshot()
    out["portfolio"] = portfolio.pk if portfolio is not None else None
    for model in (Dwcp, CountryProgrammeOutcome, CpoOutcomeLink, Indicator, BiennialMilestone,
                  Project, ProjectFunding, ProjectOutcomeLink):
        agg = model.objects.aggregate(n=Count("id"), last=Max("updated_at"))
        out[model.__name__] = [agg["n"], agg["last"].isoformat() if agg["last"] else None]
    return out


# --- IATI activity file (reporting.iati) -------------------------------------------------------

def cpos_for_iati(*, snapshot: ResultSnapshot | None, biennium: Biennium,
                  country_ids: Iterable[int] | None = None,
                  user: Any = None) -> list[CountryProgrammeOutcome]:
    """The CPOs of the DWCPs that span the biennium (in the given countries; all when None;
    those ``user`` may view when given: the download is scoped like the pages),
    each with its DWCP, country, signatories' constituents, SDG targets, the biennium's P&B
    outcome link (``iati_links``), its projects' links with their funding of the biennium's
    years (``iati_funding``) and donors, and its indicators with the biennium's milestones
    (``iati_milestones``) and the snapshot's results (``iati_results``). A fixed number of
    queries whatever the number of CPOs."""
    from django.db.models import Prefetch

    from programmes.models import FundingAgreement, Signatory

    years = (biennium.start_year, biennium.start_year + 1)
    cpos = (CountryProgrammeOutcome.objects
            .filter(dwcp__start_year__lte=years[1], dwcp__end_year__gte=years[0])
            .select_related("dwcp__country", "priority")
            .order_by("dwcp__country__iso3", "priority__order", "priority__code", "order",
                      "code"))
    if country_ids is not None:
        cpos = cpos.filter(dwcp__country_id__in=list(country_ids))
    if user is not None:
        from core import policy

        cpos = policy.visible(user, cpos)
    results = (IndicatorResult.objects.filter(snapshot=snapshot, biennium=biennium)
               if snapshot is not None else IndicatorResult.objects.none())
    return list(cpos.prefetch_related(
        "sdg_targets",
        Prefetch("dwcp__signatories", queryset=Signatory.objects.filter(
            constituent__isnull=False).select_related("constituent"), to_attr="iati_parties"),
        Prefetch("outcome_links", queryset=CpoOutcomeLink.objects.filter(biennium=biennium)
                 .select_related("pb_outcome__strategic_objective",
                                 "pb_outcome__framework"), to_attr="iati_links"),
        Prefetch("project_links", queryset=ProjectOutcomeLink.objects.select_related("project")
                 .order_by("project__code"), to_attr="iati_projects"),
        Prefetch("iati_projects__project__funding",
                 queryset=ProjectFunding.objects.filter(year__in=years).order_by("year"),
                 to_attr="iati_funding"),
        Prefetch("iati_projects__project__agreements",
                 queryset=FundingAgreement.objects.select_related("donor"),
                 to_attr="iati_agreements"),
        Prefetch("indicators", to_attr="iati_indicators",
                 queryset=Indicator.objects.select_related("output").order_by("code")),
        Prefetch("iati_indicators__milestones",
                 queryset=BiennialMilestone.objects.filter(biennium=biennium),
                 to_attr="iati_milestones"),
        Prefetch("iati_indicators__results", queryset=results, to_attr="iati_results"),
    ))
