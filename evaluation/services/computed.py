"""The evaluation figures, computed by the worker into a new
:class:`~evaluation.models.EvaluationSnapshot` swapped in atomically (core.snapshots):

* **coverage** — each coverage rule applied to every project (budget: the sum of its yearly
  allocations) and DWCP it covers: its due date and status (evaluation.coverage), one
  :class:`CoverageFlag` each; then, by region and year due, required vs done and the other
  statuses (:class:`CoverageFigure`), counted in SQL;
* **implementation of recommendations** — recommendations with a submitted management
  response (of evaluations not cancelled), by addressee unit, region, evaluation type and
  year of completion: responses by decision, and of the accepted and partially accepted ones,
  how many are completed, partially completed or not implemented (from their actions), and
  the rate (completed share, per cent) (:class:`ImplementationFigure`), classified and
  counted in SQL;
* **average ratings** — per criterion over approved and published evaluations, by region,
  type and biennium of completion (:class:`RatingAverage`), averaged in SQL.
"""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, ExtractYear, LPad, Mod
from django.utils import timezone

from core.recompute import RecomputeScheduler
from core.snapshots import snapshot_prune, snapshot_swap
from evaluation.coverage import coverage_status, due_date
from evaluation.models import (
    CARRIED_OUT,
    FINAL,
    TO_IMPLEMENT,
    ActionStatus,
    CoverageFigure,
    CoverageFlag,
    CoverageRule,
    CoverageStatus,
    Dimension,
    Evaluation,
    EvaluationSnapshot,
    EvaluationStatus,
    FollowUpAction,
    Implementation,
    ImplementationFigure,
    Rating,
    RatingAverage,
    Recommendation,
    ResponseDecision,
    SubjectKind,
)
from programmes.models import PIPELINE_STAGES, Dwcp, DwcpStatus, Project, ProjectFunding

if TYPE_CHECKING:
    from core.models import TaskRun

__all__ = [
    "DEBOUNCE_SECONDS", "RECOMPUTE", "evaluation_recompute_after_commit",
    "evaluation_recompute_all", "implementation_by", "implementation_rows", "rating_rows",
    "recommendations_classified", "recompute_paused", "snapshot_counts", "with_implementation",
]

# DWCPs past their preparation are required to be reviewed.
DWCP_IN_SCOPE = (DwcpStatus.ACTIVE, DwcpStatus.UNDER_REVIEW, DwcpStatus.COMPLETED,
                 DwcpStatus.EVALUATED)


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


# --- coverage -------------------------------------------------------------------------------

def _project_budgets() -> QuerySet[Project]:
    total = (ProjectFunding.objects.filter(project=OuterRef("pk")).values("project")
             .annotate(total=Sum("allocation")).values("total"))
    # Coverage is counted by country and region: regional and interregional projects (no
    # country) are evaluated under their own arrangements and are not flagged here.
    return (Project.objects.exclude(status__in=PIPELINE_STAGES).filter(country__isnull=False)
            .annotate(budget=Coalesce(Subquery(total), Value(Decimal(0)),
                                      output_field=DecimalField(max_digits=16,
                                                                decimal_places=2)))
            .select_related("country"))


def _matching_evaluations(kind: str) -> dict[tuple[int, str, str], list[tuple[int, str]]]:
    """(subject id, type, timing) → [(evaluation id, status)] of the evaluations not
    cancelled of subjects of ``kind``, the latest first."""
    field = "project_id" if kind == SubjectKind.PROJECT else "dwcp_id"
    rows = (Evaluation.objects.filter(subject_kind=kind)
            .exclude(status=EvaluationStatus.CANCELLED)
            .values_list(field, "evaluation_type", "timing", "pk", "status")
            .order_by(field, "-actual_end", "-planned_end", "pk"))
    found: dict[tuple[int, str, str], list[tuple[int, str]]] = {}
    for subject_id, kind_, timing, pk, status in rows:
        found.setdefault((subject_id, kind_, timing), []).append((pk, status))
    return found


def coverage_flags(snapshot: EvaluationSnapshot, as_of: dt.date) -> list[CoverageFlag]:
    """One flag per rule and project / DWCP it covers."""
    flags: list[CoverageFlag] = []
    rules = list(CoverageRule.objects.filter(is_active=True))
    projects = dwcps = None
    for rule in rules:
        if rule.subject_kind == SubjectKind.PROJECT:
            if projects is None:
                projects = list(_project_budgets())
                found_projects = _by_subject(_matching_evaluations(SubjectKind.PROJECT))
            for project in projects:
                budget: Decimal = project.budget  # type: ignore[attr-defined]  # annotated
                if rule.min_budget is not None and budget < rule.min_budget:
                    continue
                flags.append(_flag(snapshot, rule, as_of, start=project.start_date,
                                   end=project.end_date, country=project.country,
                                   found=found_projects.get(project.pk, {}),
                                   project=project))
        elif rule.subject_kind == SubjectKind.DWCP:
            if dwcps is None:
                dwcps = list(Dwcp.objects.filter(status__in=DWCP_IN_SCOPE)
                             .select_related("country"))
                found_dwcps = _by_subject(_matching_evaluations(SubjectKind.DWCP))
            for dwcp in dwcps:
                flags.append(_flag(snapshot, rule, as_of,
                                   start=dt.date(dwcp.start_year, 1, 1),
                                   end=dt.date(dwcp.end_year, 12, 31), country=dwcp.country,
                                   found=found_dwcps.get(dwcp.pk, {}), dwcp=dwcp))
    return flags


def _by_subject(found: dict[tuple[int, str, str], list[tuple[int, str]]]
                ) -> dict[int, dict[tuple[str, str], list[tuple[int, str]]]]:
    by: dict[int, dict[tuple[str, str], list[tuple[int, str]]]] = {}
    for (subject_id, kind, timing), candidates in found.items():
        by.setdefault(subject_id, {})[(kind, timing)] = candidates
    return by


def _flag(snapshot: EvaluationSnapshot, rule: CoverageRule, as_of: dt.date, *,
          start: dt.date, end: dt.date, country: Any,
          found: dict[tuple[str, str], list[tuple[int, str]]], **subject: Any) -> CoverageFlag:
    candidates = [c for (kind, timing), cs in found.items()
                  if kind in rule.evaluation_types and (not rule.timing or timing == rule.timing)
                  for c in cs]
    # The evaluation carried out, else the latest planned one, meets the requirement.
    candidates.sort(key=lambda c: c[1] not in CARRIED_OUT)
    match = candidates[0] if candidates else None
    due = due_date(start=start, end=end, anchor=rule.anchor, offset_months=rule.offset_months)
    status = coverage_status(due=due, window_months=rule.window_months, as_of=as_of,
                             evaluation_status=match[1] if match else None)
    return CoverageFlag(snapshot=snapshot, rule=rule, subject_kind=rule.subject_kind,
                        country=country, region_id=country.region_id, due_date=due,
                        year=due.year, status=status,
                        evaluation_id=match[0] if match else None, **subject)


def coverage_figures(snapshot: EvaluationSnapshot) -> list[CoverageFigure]:
    """Required evaluations by region and year due, and in all regions, counted in SQL."""
    counts = {name: Count("pk", filter=Q(status=status)) for name, status in (
        ("done", CoverageStatus.DONE), ("upcoming", CoverageStatus.UPCOMING),
        ("scheduled", CoverageStatus.SCHEDULED), ("due", CoverageStatus.DUE),
        ("missing", CoverageStatus.MISSING), ("overdue", CoverageStatus.OVERDUE))}
    flags = CoverageFlag.objects.filter(snapshot=snapshot).order_by()
    figures = []
    for grouping in (("region_id", "year"), ("year",)):
        for row in flags.values(*grouping).annotate(required=Count("pk"), **counts):
            figures.append(CoverageFigure(snapshot=snapshot,
                                          share_done=_percent(row["done"], row["required"]),
                                          **{"region_id": None, **row}))
    return figures


# --- implementation of recommendations ------------------------------------------------------

def _year(prefix: str = "") -> Any:
    return ExtractYear(Coalesce(f"{prefix}actual_end", f"{prefix}planned_end"))


def _text(expression: Any) -> Cast:
    return Cast(expression, output_field=CharField())


def with_implementation(recommendations: QuerySet[Recommendation]
                        ) -> QuerySet[Recommendation]:
    """``recommendations`` annotated with ``implementation``, an :class:`Implementation`
    value from their actions (empty when not accepted), in SQL: completed when it has
    actions and all are completed, partially completed when one is completed or in progress,
    otherwise (no actions, none started, or none possible) not implemented."""
    counts = (FollowUpAction.objects.filter(recommendation=OuterRef("pk")).order_by()
              .values("recommendation")
              .annotate(total=Count("pk"),
                        completed=Count("pk", filter=Q(status=ActionStatus.COMPLETED)),
                        started=Count("pk", filter=Q(status__in=(ActionStatus.COMPLETED,
                                                                 ActionStatus.IN_PROGRESS))))
              .annotate(state=Case(
                  When(Q(total=F("completed")), then=Value(Implementation.COMPLETED)),
                  When(started__gt=0, then=Value(Implementation.PARTIALLY)),
                  default=Value(Implementation.NOT_IMPLEMENTED), output_field=CharField()))
              .values("state"))
    return recommendations.annotate(implementation=Case(
        When(~Q(response__decision__in=TO_IMPLEMENT), then=Value("")),
        default=Coalesce(Subquery(counts, output_field=CharField()),
                         Value(Implementation.NOT_IMPLEMENTED)),
        output_field=CharField()))


def recommendations_classified() -> QuerySet[Recommendation]:
    """Recommendations with a submitted response, of evaluations not cancelled, annotated
    by :func:`with_implementation`: what the implementation rate counts."""
    return with_implementation(
        Recommendation.objects.filter(response__submitted_at__isnull=False)
        .exclude(evaluation__status=EvaluationStatus.CANCELLED))


IMPLEMENTATION_DIMENSIONS: dict[str, Any] = {
    Dimension.ALL: Value(""),
    Dimension.UNIT: F("addressee_unit"),
    Dimension.REGION: Coalesce("evaluation__region__code", Value("")),
    Dimension.TYPE: F("evaluation__evaluation_type"),
    Dimension.YEAR: _text(_year("evaluation__")),
}


def _empty_row(key: str) -> dict[str, Any]:
    return {"key": key, "responses": 0, "accepted": 0, "partially_accepted": 0, "rejected": 0,
            "to_implement": 0, "completed": 0, "partially": 0, "not_implemented": 0}


def implementation_by(recommendations: QuerySet[Recommendation] | None = None,
                      dimensions: Any = None) -> dict[str, list[dict[str, Any]]]:
    """Per dimension (default: all of :data:`IMPLEMENTATION_DIMENSIONS`) and value: the
    counts of :class:`ImplementationFigure` and the rate, over ``recommendations`` (default:
    every one with a submitted response; pass a narrower queryset of
    :func:`recommendations_classified` for a report). One SQL query classifies each
    recommendation once and counts them by every dimension's value, decision and
    implementation together; those few groups are then added up per dimension."""
    qs = recommendations if recommendations is not None else recommendations_classified()
    dimensions = list(dimensions or IMPLEMENTATION_DIMENSIONS)
    keys = {dimension: f"key_{dimension}" for dimension in dimensions}
    groups = (qs.annotate(**{keys[d]: IMPLEMENTATION_DIMENSIONS[d] for d in dimensions})
              .order_by().values(*keys.values(), "response__decision", "implementation")
              .annotate(n=Count("pk")))
    result: dict[str, dict[str, dict[str, Any]]] = {d: {} for d in dimensions}
    for group in groups:
        n, decision, implementation = (group["n"], group["response__decision"],
                                       group["implementation"])
        for dimension, name in keys.items():
            key = group[name] or ""
            row = result[dimension].setdefault(key, _empty_row(key))
            row["responses"] += n
            row[DECISION_COLUMN[decision]] += n
            if decision in TO_IMPLEMENT:
                row["to_implement"] += n
                row[implementation] += n
    out = {}
    for dimension, rows in result.items():
        for row in rows.values():
            row["rate"] = _percent(row["completed"], row["to_implement"])
        out[dimension] = sorted(rows.values(), key=lambda r: r["key"])
    return out


def implementation_rows(recommendations: QuerySet[Recommendation] | None = None,
                        dimension: str = Dimension.ALL) -> list[dict[str, Any]]:
    """:func:`implementation_by` for one dimension."""
    return implementation_by(recommendations, [dimension])[dimension]


DECISION_COLUMN = {ResponseDecision.ACCEPTED: "accepted",
                   ResponseDecision.PARTIALLY_ACCEPTED: "partially_accepted",
                   ResponseDecision.REJECTED: "rejected"}


def implementation_figures(snapshot: EvaluationSnapshot) -> list[ImplementationFigure]:
    return [ImplementationFigure(snapshot=snapshot, dimension=dimension, **row)
            for dimension, rows in implementation_by().items() for row in rows]


# --- average ratings ------------------------------------------------------------------------

def _biennium(prefix: str) -> Any:
    """The code of the biennium (``2016-17``) of the evaluation's completion year."""
    # MOD is a float on SQLite: cast back to a whole number.
    start = Cast(_year(prefix) - Mod(_year(prefix), 2), output_field=IntegerField())
    short_end = Cast(Mod(start + 1, 100), output_field=IntegerField())
    return Concat(_text(start), Value("-"), LPad(_text(short_end), 2, Value("0")),
                  output_field=CharField())


RATING_DIMENSIONS: dict[str, Any] = {
    Dimension.ALL: Value(""),
    Dimension.REGION: Coalesce("evaluation__region__code", Value("")),
    Dimension.TYPE: F("evaluation__evaluation_type"),
    Dimension.BIENNIUM: _biennium("evaluation__"),
}


def rating_rows(ratings: QuerySet[Rating] | None = None,
                dimension: str = Dimension.ALL) -> list[dict[str, Any]]:
    """Per value of ``dimension`` and criterion: the average rating and the number of
    ratings, computed in SQL over ``ratings`` (default: those of approved and published
    evaluations)."""
    qs = ratings if ratings is not None else Rating.objects.filter(evaluation__status__in=FINAL)
    rows = (qs.annotate(key=RATING_DIMENSIONS[dimension]).order_by().values("key", "criterion")
            .annotate(average=Avg("score"), ratings=Count("pk")))
    return sorted(({**row, "key": row["key"] or "",
                    "average": Decimal(str(row["average"])).quantize(Decimal("0.01"),
                                                                     ROUND_HALF_UP)}
                   for row in rows), key=lambda r: (r["key"], r["criterion"]))


def rating_averages(snapshot: EvaluationSnapshot) -> list[RatingAverage]:
    return [RatingAverage(snapshot=snapshot, dimension=dimension, **row)
            for dimension in RATING_DIMENSIONS for row in rating_rows(None, dimension)]


# --- the run --------------------------------------------------------------------------------

def evaluation_recompute_all(*, as_of: dt.date | None = None,
                             run: TaskRun | None = None) -> EvaluationSnapshot:
    """Compute every evaluation figure as of ``as_of`` (default today) into a new snapshot
    and make it the current one atomically; older snapshots are then deleted. Returns the
    current snapshot (a newer one, if a run started later finished first)."""
    as_of = as_of or timezone.localdate()
    snapshot = EvaluationSnapshot.objects.create(as_of=as_of, run=run)
    try:
        CoverageFlag.objects.bulk_create(coverage_flags(snapshot, as_of), batch_size=2000)
        CoverageFigure.objects.bulk_create(coverage_figures(snapshot), batch_size=2000)
        ImplementationFigure.objects.bulk_create(implementation_figures(snapshot),
                                                 batch_size=2000)
        RatingAverage.objects.bulk_create(rating_averages(snapshot), batch_size=2000)
    except BaseException:
        snapshot.delete()
        raise
    current = snapshot_swap(snapshot)
    snapshot_prune(current)
    return current


def snapshot_counts(snapshot: EvaluationSnapshot) -> dict[str, int]:
    """Rows of each figure in ``snapshot`` (recorded on the run)."""
    return {"coverage_flags": snapshot.coverage_flags.count(),
            "coverage": snapshot.coverage.count(),
            "implementation": snapshot.implementation.count(),
            "rating_averages": snapshot.rating_averages.count()}


# --- recompute after writes -----------------------------------------------------------------

# Writes that change the figures queue one debounced run of evaluation.recompute_all (see
# core.recompute).
DEBOUNCE_SECONDS = 5
RECOMPUTE = RecomputeScheduler(task="evaluation.tasks.recompute_all",
                               key="evaluation:recompute-scheduled",
                               countdown=DEBOUNCE_SECONDS, parameters={"as_of": None})
# Writes inside queue no recompute (bulk loads: demo data), so that the caller runs one
# evaluation_recompute_all at the end.
recompute_paused = RECOMPUTE.paused


def evaluation_recompute_after_commit() -> None:
    """Queue a recompute of the figures once the current transaction commits (nothing if it
    rolls back); a burst of writes queues one run, :data:`DEBOUNCE_SECONDS` later."""
    RECOMPUTE.after_commit()
