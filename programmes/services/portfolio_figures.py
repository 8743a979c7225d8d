"""The development cooperation statistical tables, computed by the worker into a new
:class:`~programmes.models.PortfolioSnapshot` swapped in atomically (core.snapshots), in the
shape of the Office's tables [seeds/003 Tables V.1–V.2, Appendix II Annexes 1–2;
seeds/004 ¶26–29]. Every sum is made in the database (GROUP BY over the agreements and the
funding rows), one query per table; the rows are :class:`PortfolioFigure` per table, key and
year. What the rows mean (docs/cooperation.md, "Statistical tables"):

* **approvals** — Σ ``amount_usd`` of the funding agreements by year of approval, by donor
  category and by donor; ``local_amount`` the part mobilized locally (Annex 1);
* **expenditure by donor category** — a project's expenditure of a year spread over its
  funding agreements in proportion to their ``amount_usd``; projects without an agreement
  (regular budget) are a row of their own;
* **expenditure by region** (with ``allocation``, for the delivery rate) — a country project
  counts in its country's region, a regional project in its region, an interregional one in
  the row "Interregional";
* **expenditure by P&B outcome** (and so by strategic objective) — a project linked to P&B
  outcomes directly (``ProjectPbLink``) counts share/100 × expenditure to each; a project
  without such links counts, through each CPO it serves (``ProjectOutcomeLink`` share), to
  the P&B outcome that CPO is linked to in the biennium of the funding year; what neither
  attributes is the row "Not attributed", so the total is all expenditure;
* **expenditure by type of assistance**; **delivery** (expenditure and allocation) **by
  funding source and by office**;
* **expenditure by cross-cutting marker** — a project's expenditure under each marker it
  carries: its gender equality marker (0–3, or not marked), international labour standards
  (Conventions named), social dialogue and tripartism, just transition; a project counts under
  several markers, so the rows do not add up to the total;
* **resource gap per CPO** — planned resources and available resources exactly as
  ``programmes.selectors.resources.with_cpo_resources`` defines them (gap = planned −
  available); **per P&B outcome** — each CPO's planned and available resources split equally
  over the biennia it is linked to a P&B outcome in (one link per biennium), summed by
  outcome. The **share of gaps filled** is worked out when read: Σ min(available, planned) /
  Σ planned over the CPOs with planned resources (overall and by region).

Periods, averages, shares and percentage changes are the selectors' (for the periods a page or
report asks for). Writes that change the portfolio call :func:`portfolio_recompute_after_commit`.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from core.recompute import RecomputeScheduler
from core.snapshots import snapshot_prune, snapshot_swap
from programmes.models import (
    CpoOutcomeLink,
    FigureTable,
    FundingAgreement,
    PBOutcome,
    PortfolioFigure,
    PortfolioSnapshot,
    Project,
    ProjectFunding,
    ProjectPbLink,
)
from programmes.selectors.resources import MONEY, _Fractional, cpos_with_resources

if TYPE_CHECKING:
    from core.models import TaskRun

__all__ = ["DEBOUNCE_SECONDS", "GENDER_KEYS", "INTERREGIONAL", "MARKER_KEYS", "NOT_ATTRIBUTED",
           "NO_AGREEMENT", "NOT_SPECIFIED", "RECOMPUTE", "portfolio_figures_recompute_all",
           "portfolio_recompute_after_commit", "recompute_paused", "snapshot_counts"]

CENT = Decimal("0.01")
INTERREGIONAL = "interregional"
NOT_ATTRIBUTED = "none"
NO_AGREEMENT = "none"
NOT_SPECIFIED = "none"
BIG: DecimalField[Any, Decimal] = DecimalField(max_digits=30, decimal_places=10)


def _cents(value: Any) -> Decimal:
    """A sum read back from the database (a float on SQLite where it was divided), in cents."""
    if value is None:
        return Decimal(0)
    return (value if isinstance(value, Decimal) else Decimal(str(value))).quantize(CENT)


def _natural(code: str) -> tuple[Any, ...]:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p)
                 for p in re.split(r"(\d+)", code) if p)


# --- approvals --------------------------------------------------------------------------------

def _approvals(snapshot: PortfolioSnapshot) -> list[PortfolioFigure]:
    local = Sum(Case(When(locally_mobilized=True, then=F("amount_usd")),
                     default=Value(Decimal(0)), output_field=MONEY))
    rows = (FundingAgreement.objects.order_by()
            .annotate(year=ExtractYear("approval_date"))
            .values("donor_id", "donor__name", "donor__category", "year")
            .annotate(amount=Sum("amount_usd"), local=local))
    figures = []
    by_category: dict[tuple[str, int], list[Decimal]] = defaultdict(
        lambda: [Decimal(0), Decimal(0)])
    for row in rows:
        amount, local_amount = _cents(row["amount"]), _cents(row["local"])
        figures.append(PortfolioFigure(
            snapshot=snapshot, table=FigureTable.APPROVALS_DONOR, key=str(row["donor_id"]),
            label=row["donor__name"], group=row["donor__category"], year=row["year"],
            amount=amount, local_amount=local_amount))
        sums = by_category[(row["donor__category"], row["year"])]
        sums[0] += amount
        sums[1] += local_amount
    # The categories are the donors' rows added up (few rows; the donors' sums are SQL's).
    figures += [PortfolioFigure(snapshot=snapshot, table=FigureTable.APPROVALS_CATEGORY,
                                key=category, label=category, year=year, amount=amount,
                                local_amount=local_amount)
                for (category, year), (amount, local_amount) in by_category.items()]
    return figures


# --- expenditure ------------------------------------------------------------------------------

def _expenditure_by_category(snapshot: PortfolioSnapshot) -> list[PortfolioFigure]:
    """A project's expenditure spread over its agreements in proportion to their amounts."""
    project_total = (FundingAgreement.objects.filter(project=OuterRef("project")).order_by()
                     .values("project").annotate(total=Sum("amount_usd")).values("total"))
    spread = (FundingAgreement.objects.filter(project__isnull=False).order_by()
              .values("donor__category", "project__funding__year")
              .annotate(amount=Sum(
                  _Fractional(F("project__funding__expenditure")) * F("amount_usd")
                  / Subquery(project_total, output_field=MONEY), output_field=BIG)))
    figures = [PortfolioFigure(snapshot=snapshot, table=FigureTable.EXPENDITURE_CATEGORY,
                               key=row["donor__category"], label=row["donor__category"],
                               year=row["project__funding__year"], amount=_cents(row["amount"]))
               for row in spread if row["project__funding__year"] is not None]
    without = (ProjectFunding.objects.filter(~Exists(FundingAgreement.objects.filter(
        project=OuterRef("project")))).order_by().values("year")
        .annotate(amount=Sum("expenditure")))
    figures += [PortfolioFigure(snapshot=snapshot, table=FigureTable.EXPENDITURE_CATEGORY,
                                key=NO_AGREEMENT, label="", year=row["year"],
                                amount=_cents(row["amount"]), order=1)
                for row in without]
    return figures


def _by_project_field(snapshot: PortfolioSnapshot, table: str, field: str, *,
                      allocation: bool) -> list[PortfolioFigure]:
    sums: dict[str, Any] = {"amount": Sum("expenditure")}
    if allocation:
        sums["allocation"] = Sum("allocation")
    rows = ProjectFunding.objects.order_by().values(field, "year").annotate(**sums)
    return [PortfolioFigure(snapshot=snapshot, table=table, key=row[field] or NOT_SPECIFIED,
                            label=row[field] or "", year=row["year"],
                            order=0 if row[field] else 1, amount=_cents(row["amount"]),
                            allocation=_cents(row["allocation"]) if allocation else None)
            for row in rows]


def _by_region(snapshot: PortfolioSnapshot) -> tuple[list[PortfolioFigure],
                                                     dict[int, Decimal]]:
    """Expenditure and allocation by region (interregional projects a row of their own);
    also the total expenditure of each year."""
    rows = (ProjectFunding.objects.order_by()
            .annotate(region_code=Coalesce("project__country__region__code",
                                           "project__region__code"),
                      region_name=Coalesce("project__country__region__name",
                                           "project__region__name"))
            .values("region_code", "region_name", "year")
            .annotate(amount=Sum("expenditure"), allocation=Sum("allocation")))
    figures: list[PortfolioFigure] = []
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for row in rows:
        amount = _cents(row["amount"])
        totals[row["year"]] += amount
        figures.append(PortfolioFigure(
            snapshot=snapshot, table=FigureTable.EXPENDITURE_REGION,
            key=row["region_code"] or INTERREGIONAL, label=row["region_name"] or "",
            order=1 if row["region_code"] is None else 0, year=row["year"], amount=amount,
            allocation=_cents(row["allocation"])))
    return figures, totals


def _by_outcome(snapshot: PortfolioSnapshot,
                totals: dict[int, Decimal]) -> list[PortfolioFigure]:
    """Expenditure by P&B outcome: direct links, else through the CPOs served (see the
    module's documentation); the remainder is "Not attributed"."""
    direct = (ProjectPbLink.objects.order_by()
              .values("pb_outcome_id", "project__funding__year")
              .annotate(amount=Sum(_Fractional(F("share")) * F("project__funding__expenditure")
                                   / 100, output_field=BIG)))
    no_direct = ~Exists(ProjectPbLink.objects.filter(project=OuterRef("project")))
    through_cpo = (ProjectFunding.objects.filter(no_direct)
                   .filter(project__cpo_links__cpo__outcome_links__biennium__start_year__lte=F(
                       "year"),
                           project__cpo_links__cpo__outcome_links__biennium__start_year__gte=F(
                       "year") - 1)
                   .order_by()
                   .values("project__cpo_links__cpo__outcome_links__pb_outcome_id", "year")
                   .annotate(amount=Sum(_Fractional(F("project__cpo_links__share"))
                                        * F("expenditure") / 100, output_field=BIG)))
    sums: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for row in direct:
        if row["project__funding__year"] is not None:
            sums[(row["pb_outcome_id"], row["project__funding__year"])] += _cents(row["amount"])
    for row in through_cpo:
        sums[(row["project__cpo_links__cpo__outcome_links__pb_outcome_id"],
              row["year"])] += _cents(row["amount"])
    outcomes = {o.pk: o for o in PBOutcome.objects.filter(
        pk__in={pk for pk, _year in sums}).select_related("framework", "strategic_objective")}
    order = {pk: i for i, pk in enumerate(sorted(outcomes, key=lambda pk: (
        outcomes[pk].framework.start_year, _natural(outcomes[pk].code))))}
    figures = []
    attributed: dict[int, Decimal] = defaultdict(Decimal)
    for (pk, year), amount in sums.items():
        outcome = outcomes[pk]
        objective = outcome.strategic_objective
        attributed[year] += amount
        figures.append(PortfolioFigure(
            snapshot=snapshot, table=FigureTable.EXPENDITURE_OUTCOME, key=str(pk),
            label=f"{outcome.framework.code} – {outcome.code}. {outcome.title}",
            group=objective.code if objective else "",
            group_label=objective.title if objective else "", order=order[pk], year=year,
            amount=amount))
    for year, total in totals.items():
        rest = total - attributed.get(year, Decimal(0))
        if rest:
            figures.append(PortfolioFigure(
                snapshot=snapshot, table=FigureTable.EXPENDITURE_OUTCOME, key=NOT_ATTRIBUTED,
                label="", order=len(order) + 1, year=year, amount=rest))
    return figures


# The rows of the marker table, in their printed order: the gender equality marker by level
# (a project counts under exactly one of these five), then the markers a project may carry
# together.
GENDER_KEYS = ("gender_3", "gender_2", "gender_1", "gender_0", "gender_none")
MARKER_KEYS = (*GENDER_KEYS, "standards", "social_dialogue", "just_transition")


def _by_marker(snapshot: PortfolioSnapshot) -> list[PortfolioFigure]:
    """Expenditure by cross-cutting marker and year: one GROUP BY year with a filtered sum
    per marker."""
    standards = Exists(Project.conventions.through.objects.filter(
        project=OuterRef("project")))
    by_key = {f"gender_{level}": Q(project__gender_marker=level) for level in range(4)}
    by_key |= {"gender_none": Q(project__gender_marker__isnull=True),
               "standards": Q(has_standards=True),
               "social_dialogue": Q(project__social_dialogue=True),
               "just_transition": Q(project__just_transition=True)}
    rows = (ProjectFunding.objects.order_by().annotate(has_standards=standards)
            .values("year")
            .annotate(**{key: Sum("expenditure", filter=by_key[key]) for key in MARKER_KEYS}))
    return [PortfolioFigure(snapshot=snapshot, table=FigureTable.EXPENDITURE_MARKER, key=key,
                            label=key, order=order, year=row["year"],
                            amount=_cents(row[key]))
            for row in rows for order, key in enumerate(MARKER_KEYS) if row[key]]


# --- resource gaps ----------------------------------------------------------------------------

def _gaps(snapshot: PortfolioSnapshot) -> list[PortfolioFigure]:
    cpos = (cpos_with_resources()  # type: ignore[misc]  # ``available`` is annotated
            .filter(Q(planned_resources__gt=0) | Q(available__gt=0))
            .values_list("pk", "code", "title", "dwcp__country__name",
                         "dwcp__country__region__code", "dwcp__start_year", "dwcp__end_year",
                         "planned_resources", "available")
            .order_by("dwcp__country__name", "dwcp__start_year", "code"))
    figures = [PortfolioFigure(
        snapshot=snapshot, table=FigureTable.GAP_CPO, key=str(pk), label=f"{code} {title}"[:400],
        group=region or "", group_label=f"{country} {start}–{end}", order=i,
        planned=_cents(planned), amount=_cents(available))
        for i, (pk, code, title, country, region, start, end, planned, available)
        in enumerate(cpos)]

    links = Count("pk")
    per_cpo = (CpoOutcomeLink.objects.filter(cpo=OuterRef("cpo")).order_by().values("cpo")
               .annotate(n=links).values("n"))
    available = (cpos_with_resources().filter(pk=OuterRef("cpo"))
                 .values("available"))  # type: ignore[misc]  # annotated
    by_outcome = (CpoOutcomeLink.objects.order_by()
                  .annotate(links=Subquery(per_cpo), cpo_available=Subquery(
                      available, output_field=MONEY))
                  .values("pb_outcome_id")
                  .annotate(planned=Sum(_Fractional(F("cpo__planned_resources")) / F("links"),
                                        output_field=BIG),
                            available=Sum(_Fractional(F("cpo_available")) / F("links"),
                                          output_field=BIG)))
    sums = {row["pb_outcome_id"]: row for row in by_outcome}
    outcomes = sorted(PBOutcome.objects.filter(pk__in=sums).select_related("framework"),
                      key=lambda o: (o.framework.start_year, _natural(o.code)))
    figures += [PortfolioFigure(
        snapshot=snapshot, table=FigureTable.GAP_OUTCOME, key=str(o.pk),
        label=f"{o.code}. {o.title}", group=o.framework.code, group_label=o.framework.title,
        order=i, planned=_cents(sums[o.pk]["planned"]),
        amount=_cents(sums[o.pk]["available"])) for i, o in enumerate(outcomes)]
    return figures


# --- the run ----------------------------------------------------------------------------------

def portfolio_figures_recompute_all(*, as_of: dt.date | None = None,
                                    run: TaskRun | None = None) -> PortfolioSnapshot:
    """Compute every development cooperation table into a new snapshot and make it the
    current one atomically; older snapshots are then deleted. Returns the current snapshot (a
    newer one, if a run started later finished first). ``as_of`` (default today) is the date
    the tables are printed as of; they cover every agreement and funding row recorded."""
    as_of = as_of or timezone.localdate()
    snapshot = PortfolioSnapshot.objects.create(as_of=as_of, run=run)
    try:
        figures = _approvals(snapshot) + _expenditure_by_category(snapshot)
        regions, totals = _by_region(snapshot)
        figures += regions + _by_outcome(snapshot, totals)
        figures += _by_project_field(snapshot, FigureTable.EXPENDITURE_ASSISTANCE,
                                     "project__assistance_type", allocation=False)
        figures += _by_project_field(snapshot, FigureTable.DELIVERY_SOURCE,
                                     "project__funding_source", allocation=True)
        figures += _by_project_field(snapshot, FigureTable.DELIVERY_OFFICE,
                                     "project__office", allocation=True)
        figures += _by_marker(snapshot)
        figures += _gaps(snapshot)
        PortfolioFigure.objects.bulk_create(figures, batch_size=2000)
        years = [f.year for f in figures if f.year is not None]
        if years:
            snapshot.first_year, snapshot.last_year = min(years), max(years)
            snapshot.save(update_fields=["first_year", "last_year"])
    except BaseException:
        snapshot.delete()
        raise
    current = snapshot_swap(snapshot)
    snapshot_prune(current)
    return current


def snapshot_counts(snapshot: PortfolioSnapshot) -> dict[str, int]:
    """Rows of each table in ``snapshot`` (recorded on the run)."""
    counts = dict(snapshot.figures.order_by().values_list("table").annotate(n=Count("pk")))
    return {table.value: counts.get(table.value, 0) for table in FigureTable}


# --- recompute after writes -------------------------------------------------------------------

# Writes to the portfolio (donors, agreements, projects, funding, links, CPOs' planned
# resources) queue one debounced run of programmes.compute_portfolio (see core.recompute).
DEBOUNCE_SECONDS = 5
RECOMPUTE = RecomputeScheduler(task="programmes.tasks.compute_portfolio",
                               key="programmes:portfolio-recompute-scheduled",
                               countdown=DEBOUNCE_SECONDS, parameters={"as_of": None})
# Writes inside queue no recompute (bulk loads: demo data); the caller runs one
# portfolio_figures_recompute_all at the end.
recompute_paused = RECOMPUTE.paused


def portfolio_recompute_after_commit() -> None:
    """Queue a recompute of the portfolio figures once the current transaction commits
    (nothing if it rolls back); a burst of writes queues one run, :data:`DEBOUNCE_SECONDS`
    later."""
    RECOMPUTE.after_commit()
