"""Reads of results monitoring: indicators with their milestones, revisions, updates and the
results the worker computed into the current snapshot; the approval queue; the country
dashboard and the biennium overview.

Nothing here computes a result: statuses and counts come from the computed tables
(:mod:`programmes.models.computed`) of the current :class:`ResultSnapshot`. Every function
runs a fixed number of queries whatever the number of indicators and updates, and list
selectors narrow to what the user may see (core.policy)."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import ExtractYear
from django.utils.text import Truncator

from constituents.models import Country, Region
from core import policy, snapshots
from programmes.filters.results import ApprovalQueueFilter, ResultsOverviewFilter
from programmes.models import (
    BiennialMilestone,
    Biennium,
    CountryProgrammeOutcome,
    CpoResult,
    Dwcp,
    Indicator,
    IndicatorResult,
    IndicatorRevision,
    ProgressUpdate,
    ResultRollup,
    ResultSnapshot,
    ResultStatus,
    UpdateStatus,
)
from programmes.results import computation as rules

if TYPE_CHECKING:
    from collections.abc import Mapping

    from core.models import User

# The order statuses are shown in, best first.
STATUS_ORDER = [ResultStatus.ACHIEVED, ResultStatus.PARTLY_ACHIEVED,
                ResultStatus.NOT_ACHIEVED, ResultStatus.ON_TRACK, ResultStatus.OFF_TRACK,
                ResultStatus.NO_DATA, ResultStatus.NOT_STARTED]
# The statuses a biennium can have, by where the as-of date lies (docs/indicators.md).
PHASE_STATUSES = {
    "after": [ResultStatus.ACHIEVED, ResultStatus.PARTLY_ACHIEVED, ResultStatus.NOT_ACHIEVED,
              ResultStatus.NO_DATA],
    "during": [ResultStatus.ON_TRACK, ResultStatus.OFF_TRACK, ResultStatus.NO_DATA],
    "before": [ResultStatus.NOT_STARTED],
}


def current_snapshot() -> ResultSnapshot | None:
    """The results that pages, the API, the workbook and reports read."""
    return snapshots.current_snapshot(ResultSnapshot)


def phase_of(biennium: Biennium, as_of: dt.date) -> str:
    if as_of < biennium.start_date:
        return "before"
    return "after" if as_of > biennium.end_date else "during"


def closed_start_years() -> frozenset[int]:
    """First years of the closed biennia: updates dated in them are locked."""
    return frozenset(Biennium.objects.filter(closed_at__isnull=False)
                     .values_list("start_year", flat=True))


def is_locked(day: dt.date, closed: frozenset[int]) -> bool:
    return rules.biennium_start_year(day.year) in closed


# --- indicators ----------------------------------------------------------------------------

def _results_prefetch(snapshot: ResultSnapshot | None) -> Prefetch[Any]:
    qs = (IndicatorResult.objects.filter(snapshot=snapshot).select_related("biennium")
          if snapshot else IndicatorResult.objects.none())
    return Prefetch("results", queryset=qs.order_by("biennium__start_year"),
                    to_attr="current_results")


def cpo_get(*, pk: int) -> CountryProgrammeOutcome | None:
    return (CountryProgrammeOutcome.objects.select_related("dwcp__country", "priority")
            .filter(pk=pk).first())


def cpo_indicators(*, cpo: CountryProgrammeOutcome,
                   snapshot: ResultSnapshot | None) -> list[Indicator]:
    """The CPO's indicators with their milestones, current results and the number of updates
    awaiting approval: four queries."""
    return list(
        Indicator.objects.filter(cpo=cpo).select_related("output")
        .annotate(awaiting=Count("updates", filter=Q(updates__status=UpdateStatus.SUBMITTED)))
        .prefetch_related(
            Prefetch("milestones",
                     queryset=BiennialMilestone.objects.select_related("biennium")),
            _results_prefetch(snapshot))
        .order_by("code"))


def indicator_get(*, pk: int, snapshot: ResultSnapshot | None) -> Indicator | None:
    """One indicator with what its page shows: milestones, revisions, updates (with who,
    evidence and disaggregation) and its current results. Access is checked by the caller."""
    updates = (ProgressUpdate.objects
               .select_related("created_by", "submitted_by", "decided_by")
               .prefetch_related("evidence", "disaggregated_values")
               .order_by("-date", "-id"))
    return (Indicator.objects.select_related("cpo__dwcp__country", "cpo__priority", "output")
            .prefetch_related(
                Prefetch("milestones",
                         queryset=BiennialMilestone.objects.select_related("biennium")),
                Prefetch("revisions",
                         queryset=IndicatorRevision.objects.select_related("revised_by",
                                                                           "biennium")),
                Prefetch("updates", queryset=updates),
                _results_prefetch(snapshot))
            .filter(pk=pk).first())


def update_get(*, pk: int) -> ProgressUpdate | None:
    return (ProgressUpdate.objects
            .select_related("indicator__cpo__dwcp__country", "submitted_by", "created_by")
            .prefetch_related("disaggregated_values", "evidence")
            .filter(pk=pk).first())


# --- approval queue ------------------------------------------------------------------------

def _queue_qs() -> QuerySet[ProgressUpdate]:
    """Submitted updates, oldest first, each with what a decision needs beside it: the
    milestone of the biennium its date falls in (``milestone_value`` / ``_statement``) and
    the indicator's approved update before it (``previous_id``; :func:`with_previous`)."""
    year = ExtractYear(OuterRef("date"))
    milestone = BiennialMilestone.objects.filter(
        indicator=OuterRef("indicator"), biennium__start_year__lte=year,
        biennium__start_year__gte=year - 1)  # a biennium is its start year and the next
    previous = ProgressUpdate.objects.filter(
        indicator=OuterRef("indicator"), status=UpdateStatus.APPROVED,
        date__lte=OuterRef("date")).order_by("-date", "-approval_seq")
    return (ProgressUpdate.objects.filter(status=UpdateStatus.SUBMITTED)
            .select_related("indicator__cpo__dwcp__country", "submitted_by", "created_by")
            .prefetch_related("evidence", "disaggregated_values")
            .annotate(milestone_value=Subquery(milestone.values("value")[:1]),
                      milestone_statement=Subquery(milestone.values("statement")[:1]),
                      previous_id=Subquery(previous.values("pk")[:1]))
            .order_by("submitted_at", "id"))


def with_previous(updates: list[ProgressUpdate]) -> list[ProgressUpdate]:
    """Give each update of the queue its ``previous`` approved update (one query)."""
    ids = {getattr(u, "previous_id", None) for u in updates} - {None}
    found = ProgressUpdate.objects.in_bulk(ids) if ids else {}
    for update in updates:
        setattr(update, "previous", found.get(getattr(update, "previous_id", None)))  # noqa: B010
    return updates


def queue_choices(*, user: User | None) -> dict[str, list[tuple[str, str]]]:
    """The workbench's select boxes: the regions, countries, CPOs, indicators and submitters
    of the updates ``user`` may decide (five small queries)."""
    qs = policy.DECIDE_PROGRESS_UPDATE.filter(
        user, ProgressUpdate.objects.filter(status=UpdateStatus.SUBMITTED))
    countries = Country.objects.filter(pk__in=qs.values("indicator__cpo__dwcp__country"))
    regions = Region.objects.filter(pk__in=countries.values("region"))
    submitters = (qs.exclude(submitted_by=None).order_by("submitted_by__username")
                  .values_list("submitted_by__username", flat=True).distinct())
    cpos = (CountryProgrammeOutcome.objects.filter(pk__in=qs.values("indicator__cpo"))
            .order_by("code", "pk").values_list("pk", "code", "title"))
    indicators = (Indicator.objects.filter(pk__in=qs.values("indicator"))
                  .order_by("code").values_list("pk", "code", "title"))
    return {"regions": [(r.code, r.name) for r in regions.order_by("name")],
            "countries": [(c.iso3, c.name) for c in countries.order_by("name")],
            "cpos": [(str(pk), f"{code} – {Truncator(title).chars(36)}")
                     for pk, code, title in cpos],
            "indicators": [(str(pk), f"{code} – {Truncator(title).chars(36)}")
                           for pk, code, title in indicators],
            "submitters": [(name, name) for name in submitters]}


def approval_queue(*, user: User | None,
                   filters: Mapping[str, Any] | None = None) -> QuerySet[ProgressUpdate]:
    """Submitted updates ``user`` may approve or return (``policy.DECIDE_PROGRESS_UPDATE``):
    managers and administrators all, field staff those of their countries, never what the
    user submitted."""
    qs = policy.DECIDE_PROGRESS_UPDATE.filter(user, _queue_qs())
    filtered: QuerySet[Any] = ApprovalQueueFilter(filters or {}, queryset=qs).qs
    return filtered


def own_submissions(*, user: User | None) -> QuerySet[ProgressUpdate]:
    """Updates ``user`` submitted that wait for someone else's decision."""
    return _queue_qs().filter(submitted_by=user)


def returned_to(*, user: User | None) -> QuerySet[ProgressUpdate]:
    """Updates returned to ``user`` (who submitted them) and not yet corrected and
    submitted again, the oldest decision first: the first thing their home page shows."""
    return (ProgressUpdate.objects.filter(status=UpdateStatus.RETURNED, submitted_by=user)
            .select_related("indicator__cpo__dwcp__country", "decided_by")
            .order_by("decided_at", "id"))


# --- counts by status ----------------------------------------------------------------------

@dataclass
class CountRow:
    """Counts by status of one region, country or biennium, aligned with ``columns``."""

    label: str
    obj: object = None
    counts: dict[str, int] = field(default_factory=dict)
    children: list[CountRow] = field(default_factory=list)

    def add(self, status: str, count: int) -> None:
        self.counts[status] = self.counts.get(status, 0) + count

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def cells(self, columns: Any) -> list[int]:
        return [self.counts.get(status, 0) for status in columns]

    def segments(self, columns: Any) -> list[dict[str, Any]]:
        """Stacked-bar segments (x and width in per cent of the bar)."""
        total, x, out = self.total, 0.0, []
        for status in columns:
            n = self.counts.get(status, 0)
            if n and total:
                width = 100 * n / total
                out.append({"status": status, "label": ResultStatus(status).label,
                            "count": n, "x": round(x, 2), "width": round(width, 2)})
                x += width
        return out


def columns_for(phase: str | None, present: Any) -> list[str]:
    wanted = set(PHASE_STATUSES.get(phase, [])) | set(present)  # type: ignore[arg-type]
    return [s.value for s in STATUS_ORDER if s in wanted]


@dataclass
class Overview:
    snapshot: ResultSnapshot | None
    biennium: Biennium | None
    phase: str | None
    columns: list[str]
    regions: list[CountRow]
    total: CountRow
    filter: ResultsOverviewFilter


def overview_biennia() -> QuerySet[Biennium]:
    return Biennium.objects.order_by("-start_year")


def default_biennium(biennia: Any, snapshot: ResultSnapshot | None,
                     today: dt.date) -> Biennium | None:
    """The biennium containing the as-of date (or today), else the latest one."""
    day = snapshot.as_of if snapshot else today
    start_year = rules.biennium_start_year(day.year)
    return next((b for b in biennia if b.start_year == start_year), biennia[0] if biennia
                else None)


def results_overview(*, user: User | None, snapshot: ResultSnapshot | None,
                     filters: Mapping[str, Any] | None,
                     biennia: list[Biennium], today: dt.date) -> Overview:
    """Counts of indicators (or CPOs) by status per region and country for one biennium,
    from the worker's country roll-ups; a region's row sums the countries the user may see,
    so field staff see their countries only."""
    data = filters.copy() if hasattr(filters, "copy") else dict(filters or {})  # type: ignore[union-attr]
    if not data.get("biennium"):
        chosen = default_biennium(biennia, snapshot, today)
        if chosen is not None:
            data["biennium"] = chosen.code
    if not data.get("subject"):
        data["subject"] = ResultRollup.Subject.INDICATOR
    rows = ResultRollup.objects.filter(snapshot=snapshot, level=ResultRollup.Level.COUNTRY,
                                       key__in=policy.visible(user, Country.objects.all())
                                       .values("id"))
    flt = ResultsOverviewFilter(data, queryset=rows)
    biennium = next((b for b in biennia if b.code == data.get("biennium")), None)
    if snapshot is None or biennium is None:
        return Overview(snapshot, biennium, None, [], [], CountRow(""), flt)
    counted = list(flt.qs.values_list("key", "status", "count"))
    countries = {c.pk: c for c in Country.objects.filter(pk__in={k for k, _s, _n in counted})
                 .select_related("region")}
    by_country: dict[int, CountRow] = {}
    for key, status, count in counted:
        country = countries.get(key)
        if country is None:
            continue
        by_country.setdefault(key, CountRow(country.name, country)).add(status, count)
    regions: dict[int, CountRow] = {}
    total = CountRow("")
    for row in sorted(by_country.values(), key=lambda r: r.label):
        region = row.obj.region  # type: ignore[attr-defined]  # a country's row
        parent = regions.setdefault(region.pk, CountRow(region.label, region))
        parent.children.append(row)
        for status, count in row.counts.items():
            parent.add(status, count)
            total.add(status, count)
    phase = phase_of(biennium, snapshot.as_of)
    return Overview(snapshot, biennium, phase, columns_for(phase, total.counts),
                    sorted(regions.values(), key=lambda r: r.label), total, flt)


# --- country dashboard ---------------------------------------------------------------------

@dataclass
class CpoRow:
    cpo: CountryProgrammeOutcome
    cells: list[CpoResult | None]


@dataclass
class DwcpResults:
    dwcp: Dwcp
    biennia: list[Biennium]
    cpos: list[CpoRow]
    counts: list[CountRow]
    columns: list[str]


def regions() -> QuerySet[Region]:
    return Region.objects.order_by("name")


def country_results(*, user: User | None, country: Country, snapshot: ResultSnapshot | None,
                    dwcp: Dwcp | None = None) -> list[DwcpResults]:
    """For each DWCP of ``country`` the user may see (or only ``dwcp``): its CPOs with their
    status per biennium, and per biennium the number of indicators by status. Six queries."""
    dwcps = policy.visible(user, Dwcp.objects.filter(country=country)).order_by("-start_year")
    if dwcp is not None:
        dwcps = dwcps.filter(pk=dwcp.pk)
    dwcps = list(dwcps)  # type: ignore[assignment]
    if not dwcps:
        return []
    ids = [d.pk for d in dwcps]
    cpos = list(CountryProgrammeOutcome.objects.filter(dwcp_id__in=ids)
                .select_related("priority").annotate(n_indicators=Count("indicators"))
                .order_by("priority__order", "order", "code"))
    cpo_results: dict[tuple[int, int], CpoResult] = {}
    counts: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    if snapshot is not None:
        for result in CpoResult.objects.filter(snapshot=snapshot, cpo__dwcp_id__in=ids):
            cpo_results[(result.cpo_id, result.biennium_id)] = result
        for row in (IndicatorResult.objects.filter(snapshot=snapshot,
                                                   indicator__cpo__dwcp_id__in=ids)
                    .values("indicator__cpo__dwcp_id", "biennium_id", "status")
                    .annotate(n=Count("id"))):
            counts[(row["indicator__cpo__dwcp_id"], row["biennium_id"])][row["status"]] = (
                row["n"])
    first = min(d.start_year for d in dwcps)
    last = max(d.end_year for d in dwcps)
    all_biennia = list(Biennium.objects.filter(start_year__lte=last, start_year__gte=first - 1)
                       .order_by("start_year"))
    out = []
    for d in dwcps:
        spanned = [b for b in all_biennia
                   if b.start_year <= d.end_year and b.end_year >= d.start_year]
        rows = [CpoRow(c, [cpo_results.get((c.pk, b.pk)) for b in spanned])
                for c in cpos if c.dwcp_id == d.pk]
        count_rows = []
        present: set[str] = set()
        for b in spanned:
            count_row = CountRow(b.code, b, dict(counts.get((d.pk, b.pk), {})))
            present |= set(count_row.counts)
            count_rows.append(count_row)
        out.append(DwcpResults(d, spanned, rows, count_rows, columns_for(None, present)))
    return out
