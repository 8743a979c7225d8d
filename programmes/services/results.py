"""Computing results: the query layer around the pure rules of
:mod:`programmes.results.computation` (see docs/indicators.md). Called by the Celery tasks and
by ``manage.py compute_indicators``; never inside a web request.

* :func:`results_recompute_all` computes every indicator, CPO and roll-up as of a date and
  makes them the current results in one transaction, so readers never see a half-computed
  state: on PostgreSQL by writing only what changed into the current snapshot, elsewhere by
  filling a new :class:`ResultSnapshot` that replaces the old one.
* :func:`results_recompute_indicators` recomputes a few indicators (after an approval), their
  CPOs and the roll-ups of the biennia concerned inside the current snapshot, by the same
  engine: on PostgreSQL the full recompute's SQL restricted to those indicators.

Inputs are read with a constant number of queries (values lists, no per-indicator query);
roll-ups are GROUP BY queries in the database.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from core import notifications
from core.recompute import RecomputeScheduler, claim_dirty, mark_dirty
from core.snapshots import snapshot_prune, snapshot_swap
from programmes.models import (
    BiennialMilestone,
    Biennium,
    CountryProgrammeOutcome,
    CpoOutcomeLink,
    CpoResult,
    Indicator,
    IndicatorResult,
    PendingRecompute,
    ProgressUpdate,
    ResultRollup,
    ResultSnapshot,
    ResultStatus,
    Unit,
    UpdateStatus,
)
from programmes.results import computation as rules
from programmes.results import sql as results_sql
from programmes.selectors.results import current_snapshot

__all__ = ["current_snapshot", "results_mark_for_recompute", "results_recompute_all",
           "results_recompute_indicators", "results_recompute_pending"]

# Changes arriving within this many seconds are recomputed together.
DEBOUNCE_SECONDS = 2


# --- inputs --------------------------------------------------------------------------------

def _indicators(ids: Iterable[int] | None) -> dict[int, Any]:
    qs = Indicator.objects.all()
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return {row["id"]: row for row in qs.values(
        "id", "cpo_id", "unit", "direction", "cumulative", "baseline_value",
        "target_value", "target_increase_pct", "target_year")}


def _milestones(indicator_ids: Any) -> dict[int, list[tuple[int, int, Decimal | None]]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for indicator_id, biennium_id, start_year, value in (
            BiennialMilestone.objects.filter(indicator_id__in=indicator_ids)
            .values_list("indicator_id", "biennium_id", "biennium__start_year", "value")):
        out[indicator_id].append((biennium_id, start_year, value))
    return out


def _updates(indicator_ids: Any, as_of: dt.date) -> dict[int, list[rules.Update]]:
    out: dict[int, list[Any]] = defaultdict(list)
    rows = (ProgressUpdate.objects
            .filter(indicator_id__in=indicator_ids, status=UpdateStatus.APPROVED,
                    date__lte=as_of)
            .values_list("indicator_id", "date", "approval_seq", "value", "numerator",
                         "denominator", "reached"))
    for indicator_id, date, seq, value, numerator, denominator, reached in rows:
        out[indicator_id].append(rules.Update(date=date, approved_seq=seq or 0, value=value,
                                              numerator=numerator, denominator=denominator,
                                              reached=reached))
    return out


def _target_progress(row: Any, updates: list[rules.Update], as_of: dt.date) -> Decimal | None:
    if row["unit"] == Unit.QUALITATIVE:
        return None
    target = rules.end_target(target_value=row["target_value"],
                              target_increase_pct=row["target_increase_pct"],
                              baseline=row["baseline_value"])
    return rules.target_progress(updates, baseline=row["baseline_value"], target=target,
                                 direction=rules.Direction(row["direction"]),
                                 cumulative=row["cumulative"], as_of=as_of)


# --- computation ---------------------------------------------------------------------------

def _compute(indicators: dict[int, Any], as_of: dt.date, snapshot: ResultSnapshot
             ) -> tuple[list[IndicatorResult], list[CpoResult]]:
    ids = list(indicators)
    milestones = _milestones(ids)
    updates = _updates(ids, as_of)
    results = []
    by_cpo: dict[tuple[int, int], list[rules.Status]] = defaultdict(list)
    for indicator_id, row in indicators.items():
        mine = updates.get(indicator_id, [])
        target_progress = _target_progress(row, mine, as_of)
        for biennium_id, start_year, milestone in milestones.get(indicator_id, []):
            period = rules.Period(start_year)
            if row["unit"] == Unit.QUALITATIVE:
                result = rules.qualitative_status(mine, period, as_of=as_of)
            elif milestone is None:
                continue
            else:
                result = rules.quantitative_status(
                    mine, period, milestone=milestone,
                    direction=rules.Direction(row["direction"]),
                    cumulative=row["cumulative"], baseline=row["baseline_value"], as_of=as_of)
            results.append(IndicatorResult(
                snapshot=snapshot, indicator_id=indicator_id, biennium_id=biennium_id,
                status=str(result.status), start=result.start, actual=result.actual,
                milestone=result.milestone, progress=result.progress, reached=result.reached,
                target_progress=target_progress))
            by_cpo[(row["cpo_id"], biennium_id)].append(result.status)
    cpo_results = []
    for (cpo_id, biennium_id), statuses in by_cpo.items():
        status = rules.cpo_status(statuses)
        if status is not None:
            cpo_results.append(CpoResult(snapshot=snapshot, cpo_id=cpo_id,
                                         biennium_id=biennium_id, status=str(status),
                                         indicators=len(statuses)))
    return results, cpo_results


def _rollups(snapshot: ResultSnapshot) -> int:
    """Counts by status per country, region, P&B outcome and strategic objective, and per P&B
    outcome the member States with at least one CPO achieved — all GROUP BY queries."""
    indicator_rows = IndicatorResult.objects.filter(snapshot=snapshot)
    cpo_rows = CpoResult.objects.filter(snapshot=snapshot)
    Level, Subject = ResultRollup.Level, ResultRollup.Subject
    cpo_outcomes = cpo_rows.filter(cpo__outcome_links__biennium_id=F("biennium_id"))
    ind_outcomes = indicator_rows.filter(
        indicator__cpo__outcome_links__biennium_id=F("biennium_id"))
    outcome = "outcome_links__pb_outcome_id"
    objective = "outcome_links__pb_outcome__strategic_objective_id"
    # (level, subject, rows, path of the key, counted by distinct countries?)
    specs = [
        (Level.COUNTRY, Subject.INDICATOR, indicator_rows, "indicator__cpo__dwcp__country_id"),
        (Level.COUNTRY, Subject.CPO, cpo_rows, "cpo__dwcp__country_id"),
        (Level.REGION, Subject.INDICATOR, indicator_rows,
         "indicator__cpo__dwcp__country__region_id"),
        (Level.REGION, Subject.CPO, cpo_rows, "cpo__dwcp__country__region_id"),
        (Level.PB_OUTCOME, Subject.CPO, cpo_outcomes, f"cpo__{outcome}"),
        (Level.STRATEGIC_OBJECTIVE, Subject.CPO, cpo_outcomes, f"cpo__{objective}"),
        (Level.PB_OUTCOME, Subject.INDICATOR, ind_outcomes, f"indicator__cpo__{outcome}"),
        (Level.STRATEGIC_OBJECTIVE, Subject.INDICATOR, ind_outcomes,
         f"indicator__cpo__{objective}"),
    ]
    rollups: list[ResultRollup] = []

    for level, subject, rows, path in specs:
        for row in (rows.values("biennium_id", "status", key=F(path))
                    .annotate(n=Count("id"))):
            rollups.append(ResultRollup(snapshot=snapshot, biennium_id=row["biennium_id"],
                                        level=level, key=row["key"], subject=subject,
                                        status=row["status"], count=row["n"]))
    achieved = cpo_outcomes.filter(status=ResultStatus.ACHIEVED)
    for row in (achieved.values("biennium_id", key=F(f"cpo__{outcome}"))
                .annotate(n=Count("cpo__dwcp__country_id", distinct=True))):
        rollups.append(ResultRollup(snapshot=snapshot, biennium_id=row["biennium_id"],
                                    level=Level.PB_OUTCOME, key=row["key"],
                                    subject=Subject.MEMBER_STATES_ACHIEVED, status="",
                                    count=row["n"]))
    rollups = [r for r in rollups if r.key is not None]
    ResultRollup.objects.bulk_create(rollups, batch_size=2000)
    return len(rollups)


def results_recompute_all(*, as_of: dt.date | None = None, run: Any = None,
                          engine: str | None = None) -> ResultSnapshot:
    """Compute everything as of ``as_of`` (default today) and make it the current results in
    one transaction, so readers never see a half-computed state. ``engine`` is "sql"
    (PostgreSQL, the default there) or "python" (the pure functions, the default elsewhere);
    both give the same results.

    The SQL engine brings the current snapshot up to date in place, writing only the rows that
    change (a nightly run changes few); the Python engine fills a new snapshot and swaps it in.
    """
    as_of = as_of or timezone.localdate()
    engine = engine or ("sql" if results_sql.supported() else "python")
    started = timezone.now()
    if engine == "sql":
        current = _recompute_in_place(as_of, run)
    else:
        snapshot = ResultSnapshot.objects.create(as_of=as_of, run=run)
        try:
            indicator_results, cpo_results = _compute(_indicators(None), as_of, snapshot)
            IndicatorResult.objects.bulk_create(indicator_results, batch_size=2000)
            CpoResult.objects.bulk_create(cpo_results, batch_size=2000)
            _rollups(snapshot)
        except BaseException:
            snapshot.delete()
            raise
        current = snapshot_swap(snapshot)
    if current.as_of == as_of and current.completed_at >= started:  # type: ignore[operator]
        # What was pending before this computation began is in it now.
        PendingRecompute.objects.filter(marked_at__lte=started).delete()
    snapshot_prune(current)
    return current


def _recompute_in_place(as_of: dt.date, run: Any) -> ResultSnapshot:
    """The SQL engine's full recompute: the current snapshot (locked, so recomputes after
    approvals wait for it) is brought up to date in one transaction; the first run fills a
    new snapshot and makes it current."""
    with transaction.atomic():
        snapshot = ResultSnapshot.objects.select_for_update().filter(is_current=True).first()
        if snapshot is None:
            snapshot = ResultSnapshot.objects.create(as_of=as_of, run=run)
            results_sql.compute_into(snapshot.pk, as_of)
            return snapshot_swap(snapshot)
        results_sql.compute_into(snapshot.pk, as_of)
        snapshot.as_of, snapshot.run, snapshot.completed_at = as_of, run, timezone.now()
        snapshot.save(update_fields=["as_of", "run", "completed_at"])
        return snapshot


@transaction.atomic
def results_recompute_indicators(*, indicator_ids: Iterable[int],
                                 engine: str | None = None) -> ResultSnapshot:
    """Recompute ``indicator_ids``, the other indicators of their CPOs (a CPO's status depends
    on all of them), those CPOs and the affected roll-ups in the current snapshot (its as-of
    date is kept). With no current snapshot, compute everything. ``engine`` as for
    :func:`results_recompute_all`: on PostgreSQL the statements of the full recompute
    restricted to these indicators, elsewhere the pure functions.

    Roll-ups change by difference: each replaced result takes one off the count of its old
    status and adds one to its new status, for its country, region, P&B outcome and
    objective, so the work does not grow with the size of those groups."""
    snapshot = (ResultSnapshot.objects.select_for_update().filter(is_current=True).first())
    if snapshot is None:
        return results_recompute_all(engine=engine)
    engine = engine or ("sql" if results_sql.supported() else "python")
    cpo_of = dict(Indicator.objects.filter(
        cpo_id__in=Indicator.objects.filter(pk__in=set(indicator_ids)).values("cpo_id"))
        .values_list("id", "cpo_id"))
    if not cpo_of:
        return snapshot
    before = _achieved(snapshot, cpo_of)
    if engine == "sql":
        results_sql.compute_indicators_into(snapshot.pk, snapshot.as_of,
                                            indicator_ids=sorted(cpo_of),
                                            cpo_ids=sorted(set(cpo_of.values())))
    else:
        _recompute_indicators_python(snapshot, cpo_of)
    _announce_reached(snapshot, cpo_of, before)
    return snapshot


def _achieved(snapshot: ResultSnapshot, indicator_ids: Iterable[int]) -> set[tuple[int, int]]:
    return set(IndicatorResult.objects.filter(
        snapshot=snapshot, indicator_id__in=list(indicator_ids),
        status=ResultStatus.ACHIEVED).values_list("indicator_id", "biennium_id"))


def _announce_reached(snapshot: ResultSnapshot, indicator_ids: Iterable[int],
                      before: set[tuple[int, int]]) -> None:
    """Record a "milestone reached" event (core.events) for each milestone these indicators
    achieve now and did not before this recompute (the recompute after an approval)."""
    reached = _achieved(snapshot, indicator_ids) - before
    if not reached:
        return
    from programmes.notifications import MILESTONE_REACHED

    milestones = (BiennialMilestone.objects.select_related(
        "indicator__cpo__dwcp", "biennium").filter(
        indicator_id__in={i for i, _b in reached}, biennium_id__in={b for _i, b in reached}))
    at = timezone.now().isoformat()
    for milestone in milestones:
        if (milestone.indicator_id, milestone.biennium_id) in reached:
            notifications.announce(MILESTONE_REACHED, milestone, event=at,
                                   as_of=snapshot.as_of.isoformat())


def _recompute_indicators_python(snapshot: ResultSnapshot, cpo_of: dict[int, int]) -> None:
    cpo_ids = set(cpo_of.values())
    siblings = _indicators(cpo_of)
    indicator_results, cpo_results = _compute(siblings, snapshot.as_of, snapshot)
    old_indicators = IndicatorResult.objects.filter(snapshot=snapshot,
                                                    indicator_id__in=siblings)
    old_cpos = CpoResult.objects.filter(snapshot=snapshot, cpo_id__in=cpo_ids)
    delta: dict[tuple[Any, ...], int] = defaultdict(int)
    for indicator_id, biennium_id, status in old_indicators.values_list(
            "indicator_id", "biennium_id", "status"):
        delta[(ResultRollup.Subject.INDICATOR, cpo_of[indicator_id], biennium_id, status)] -= 1
    for cpo_id, biennium_id, status in old_cpos.values_list("cpo_id", "biennium_id", "status"):
        delta[(ResultRollup.Subject.CPO, cpo_id, biennium_id, status)] -= 1
    for r in indicator_results:
        delta[(ResultRollup.Subject.INDICATOR, cpo_of[r.indicator_id], r.biennium_id,
               r.status)] += 1
    for c in cpo_results:
        delta[(ResultRollup.Subject.CPO, c.cpo_id, c.biennium_id, c.status)] += 1
    old_indicators.delete()
    old_cpos.delete()
    IndicatorResult.objects.bulk_create(indicator_results)
    CpoResult.objects.bulk_create(cpo_results)
    _apply_rollup_delta(snapshot, delta, cpo_ids)


def _apply_rollup_delta(snapshot: ResultSnapshot, delta: dict[tuple[Any, ...], int],
                        cpo_ids: set[int]) -> None:
    Level, Subject = ResultRollup.Level, ResultRollup.Subject
    places = {c: (country, region) for c, country, region in
              CountryProgrammeOutcome.objects.filter(pk__in=cpo_ids).values_list(
                  "pk", "dwcp__country_id", "dwcp__country__region_id")}
    links = {(c, b): (o, so) for c, b, o, so in
             CpoOutcomeLink.objects.filter(cpo_id__in=cpo_ids).values_list(
                 "cpo_id", "biennium_id", "pb_outcome_id",
                 "pb_outcome__strategic_objective_id")}
    counts: dict[tuple[Any, ...], int] = defaultdict(int)
    outcomes_touched: set[tuple[int, int]] = set()
    for (subject, cpo_id, biennium_id, status), change in delta.items():
        if not change:
            continue
        country, region = places[cpo_id]
        keys = [(Level.COUNTRY, country), (Level.REGION, region)]
        if (cpo_id, biennium_id) in links:
            outcome, objective = links[(cpo_id, biennium_id)]
            keys += [(Level.PB_OUTCOME, outcome), (Level.STRATEGIC_OBJECTIVE, objective)]
            outcomes_touched.add((biennium_id, outcome))
        for level, key in keys:
            if key is not None:
                counts[(biennium_id, level, key, subject, status)] += change
    for (biennium_id, level, key, subject, status), change in counts.items():
        if not change:
            continue
        lookup = {"snapshot": snapshot, "biennium_id": biennium_id, "level": level,
                  "key": key, "subject": subject, "status": status}
        row = ResultRollup.objects.select_for_update().filter(**lookup).first()
        total = (row.count if row else 0) + change
        if total < 0:
            raise RuntimeError(f"roll-up {lookup} would fall below zero")
        if row is None:
            ResultRollup.objects.create(count=total, **lookup)
        elif total == 0:
            row.delete()
        else:
            row.count = total
            row.save(update_fields=["count"])
    # Member States with an achieved CPO: counted again for the outcomes concerned only.
    for biennium_id, outcome in outcomes_touched:
        n = (CpoResult.objects.filter(snapshot=snapshot, biennium_id=biennium_id,
                                      status=ResultStatus.ACHIEVED,
                                      cpo__outcome_links__biennium_id=biennium_id,
                                      cpo__outcome_links__pb_outcome_id=outcome)
             .values("cpo__dwcp__country_id").distinct().count())
        lookup = {"snapshot": snapshot, "biennium_id": biennium_id,
                  "level": Level.PB_OUTCOME, "key": outcome,
                  "subject": Subject.MEMBER_STATES_ACHIEVED, "status": ""}
        if n:
            ResultRollup.objects.update_or_create(defaults={"count": n}, **lookup)
        else:
            ResultRollup.objects.filter(**lookup).delete()


def biennia_with_results() -> list[Biennium]:
    snapshot = current_snapshot()
    if snapshot is None:
        return []
    ids = CpoResult.objects.filter(snapshot=snapshot).values_list("biennium_id", flat=True)
    return list(Biennium.objects.filter(pk__in=ids).order_by("start_year"))


def cpo_ids_of(dwcp_id: int) -> list[int]:
    return list(CountryProgrammeOutcome.objects.filter(dwcp_id=dwcp_id)
                .values_list("id", flat=True))


# After approvals, revised milestones or targets: one debounced run of
# programmes.recompute_pending (see core.recompute).
RECOMPUTE = RecomputeScheduler(task="programmes.tasks.recompute_pending",
                               key="programmes:results-recompute-scheduled",
                               countdown=DEBOUNCE_SECONDS)
SCHEDULED_KEY = RECOMPUTE.key


def results_mark_for_recompute(*, indicator_ids: Iterable[int]) -> None:
    """Record, inside the caller's transaction, that these indicators need a recompute, and
    once it commits queue one debounced recompute of everything pending."""
    ids = set(indicator_ids)
    if not ids:
        return
    mark_dirty(PendingRecompute, "indicator_id", ids)
    RECOMPUTE.after_commit()


def results_recompute_pending() -> list[int]:
    """Recompute the pending indicators (claimed with SKIP LOCKED where the database has it,
    so two workers never take the same rows); return their ids."""
    RECOMPUTE.started()
    with transaction.atomic():
        ids = claim_dirty(PendingRecompute.objects.all(), "indicator_id")
        if not ids:
            return []
        results_recompute_indicators(indicator_ids=ids)
    return ids
