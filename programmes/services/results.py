"""Computing results: the query layer around the pure rules of
:mod:`programmes.results.computation` (see docs/indicators.md). Called by the Celery tasks and
by ``manage.py compute_indicators``; never inside a web request.

* :func:`results_recompute_all` computes every indicator, CPO and roll-up as of a date into a
  new :class:`ResultSnapshot` and makes it current in one transaction, so readers never see a
  half-computed state; older snapshots are then deleted.
* :func:`results_recompute_indicators` recomputes a few indicators (after an approval), their
  CPOs and the roll-ups of the biennia concerned inside the current snapshot.

Inputs are read with a constant number of queries (values lists, no per-indicator query);
roll-ups are GROUP BY queries in the database.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

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

__all__ = ["current_snapshot", "results_mark_for_recompute", "results_recompute_all",
           "results_recompute_indicators", "results_recompute_pending"]

# Changes arriving within this many seconds are recomputed together.
DEBOUNCE_SECONDS = 2


def current_snapshot() -> ResultSnapshot | None:
    return ResultSnapshot.objects.filter(is_current=True).first()


# --- inputs --------------------------------------------------------------------------------

def _indicators(ids: Iterable[int] | None):
    qs = Indicator.objects.all()
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return {row["id"]: row for row in qs.values(
        "id", "cpo_id", "unit", "direction", "cumulative", "baseline_value",
        "target_value", "target_increase_pct", "target_year")}


def _milestones(indicator_ids) -> dict[int, list[tuple[int, Decimal | None]]]:
    out: dict[int, list] = defaultdict(list)
    for indicator_id, biennium_id, start_year, value in (
            BiennialMilestone.objects.filter(indicator_id__in=indicator_ids)
            .values_list("indicator_id", "biennium_id", "biennium__start_year", "value")):
        out[indicator_id].append((biennium_id, start_year, value))
    return out


def _updates(indicator_ids, as_of: dt.date) -> dict[int, list[rules.Update]]:
    out: dict[int, list] = defaultdict(list)
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


def _end_target(row) -> Decimal | None:
    if row["target_value"] is not None:
        return row["target_value"]
    if row["target_increase_pct"] is not None and row["baseline_value"] is not None:
        return row["baseline_value"] * (1 + row["target_increase_pct"] / 100)
    return None


def _target_progress(row, updates: list[rules.Update], as_of: dt.date) -> Decimal | None:
    """Progress toward the DWCP end target: the same formula from baseline to target, with
    the latest value (or running total) known at ``as_of``."""
    target = _end_target(row)
    baseline = row["baseline_value"]
    if target is None or baseline is None or row["unit"] == Unit.QUALITATIVE:
        return None
    known = [u for u in updates if u.date <= as_of and u.measured is not None]
    if not known:
        return None
    if row["cumulative"]:
        current = baseline + sum((u.measured for u in known), Decimal(0))
    else:
        current = max(known, key=lambda u: (u.date, u.approved_seq)).measured
    return rules.progress(current, baseline, target, rules.Direction(row["direction"]))


# --- computation ---------------------------------------------------------------------------

def _compute(indicators: dict, as_of: dt.date, snapshot: ResultSnapshot):
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


def _rollups(snapshot: ResultSnapshot, biennium_ids: Iterable[int] | None = None,
             scope: dict[str, set[int]] | None = None) -> int:
    """Counts by status per country, region, P&B outcome and strategic objective, and per P&B
    outcome the member States with at least one CPO achieved — all GROUP BY queries.

    ``scope`` (level → keys) limits the work to those countries, regions, outcomes and
    objectives: after an approval only the groups its CPO belongs to are counted again."""
    indicator_rows = IndicatorResult.objects.filter(snapshot=snapshot)
    cpo_rows = CpoResult.objects.filter(snapshot=snapshot)
    if biennium_ids is not None:
        biennium_ids = list(biennium_ids)
        indicator_rows = indicator_rows.filter(biennium_id__in=biennium_ids)
        cpo_rows = cpo_rows.filter(biennium_id__in=biennium_ids)
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

    def scoped(rows, level, path):
        if scope is None:
            return rows
        return rows.filter(**{f"{path}__in": scope.get(level, ())})

    for level, subject, rows, path in specs:
        for row in (scoped(rows, level, path).values("biennium_id", "status", key=F(path))
                    .annotate(n=Count("id"))):
            rollups.append(ResultRollup(snapshot=snapshot, biennium_id=row["biennium_id"],
                                        level=level, key=row["key"], subject=subject,
                                        status=row["status"], count=row["n"]))
    achieved = scoped(cpo_outcomes.filter(status=ResultStatus.ACHIEVED), Level.PB_OUTCOME,
                      f"cpo__{outcome}")
    for row in (achieved.values("biennium_id", key=F(f"cpo__{outcome}"))
                .annotate(n=Count("cpo__dwcp__country_id", distinct=True))):
        rollups.append(ResultRollup(snapshot=snapshot, biennium_id=row["biennium_id"],
                                    level=Level.PB_OUTCOME, key=row["key"],
                                    subject=Subject.MEMBER_STATES_ACHIEVED, status="",
                                    count=row["n"]))
    rollups = [r for r in rollups if r.key is not None]
    ResultRollup.objects.bulk_create(rollups, batch_size=2000)
    return len(rollups)


def _scope_of(cpo_ids: set[int], biennium_ids: set[int]) -> dict[str, set[int]]:
    """The countries, regions, P&B outcomes and objectives these CPOs count in."""
    Level = ResultRollup.Level
    places = list(CountryProgrammeOutcome.objects.filter(pk__in=cpo_ids).values_list(
        "dwcp__country_id", "dwcp__country__region_id"))
    outcomes = list(CpoOutcomeLink.objects.filter(cpo_id__in=cpo_ids,
                                                  biennium_id__in=biennium_ids)
                    .values_list("pb_outcome_id", "pb_outcome__strategic_objective_id"))
    return {Level.COUNTRY: {c for c, _ in places}, Level.REGION: {r for _, r in places},
            Level.PB_OUTCOME: {o for o, _ in outcomes},
            Level.STRATEGIC_OBJECTIVE: {so for _, so in outcomes if so is not None}}


def results_recompute_all(*, as_of: dt.date | None = None, run=None,
                          engine: str | None = None) -> ResultSnapshot:
    """Compute everything as of ``as_of`` (default today) into a new snapshot and make it the
    current one atomically. ``engine`` is "sql" (PostgreSQL, the default there) or "python"
    (the pure functions, the default elsewhere); both give the same results."""
    as_of = as_of or timezone.localdate()
    engine = engine or ("sql" if results_sql.supported() else "python")
    started = timezone.now()
    snapshot = ResultSnapshot.objects.create(as_of=as_of, run=run)
    try:
        if engine == "sql":
            results_sql.compute_into(snapshot.pk, as_of)
        else:
            indicator_results, cpo_results = _compute(_indicators(None), as_of, snapshot)
            IndicatorResult.objects.bulk_create(indicator_results, batch_size=2000)
            CpoResult.objects.bulk_create(cpo_results, batch_size=2000)
        _rollups(snapshot)
    except BaseException:
        snapshot.delete()
        raise
    with transaction.atomic():
        ResultSnapshot.objects.select_for_update().filter(is_current=True).update(
            is_current=False)
        snapshot.is_current = True
        snapshot.completed_at = timezone.now()
        snapshot.save(update_fields=["is_current", "completed_at"])
        # What was pending before this computation began is in it now.
        PendingRecompute.objects.filter(marked_at__lte=started).delete()
    ResultSnapshot.objects.filter(is_current=False).exclude(pk=snapshot.pk).filter(
        completed_at__isnull=False).delete()
    return snapshot


@transaction.atomic
def results_recompute_indicators(*, indicator_ids: Iterable[int]) -> ResultSnapshot:
    """Recompute ``indicator_ids``, their CPOs and the affected roll-ups in the current
    snapshot (its as-of date is kept). With no current snapshot, compute everything."""
    snapshot = (ResultSnapshot.objects.select_for_update().filter(is_current=True).first())
    if snapshot is None:
        return results_recompute_all()
    indicator_ids = set(indicator_ids)
    cpo_ids = set(Indicator.objects.filter(pk__in=indicator_ids).values_list("cpo_id",
                                                                             flat=True))
    # A CPO's status depends on all its indicators.
    siblings = _indicators(Indicator.objects.filter(cpo_id__in=cpo_ids)
                           .values_list("id", flat=True))
    indicator_results, cpo_results = _compute(siblings, snapshot.as_of, snapshot)
    biennium_ids = {r.biennium_id for r in indicator_results} | set(
        CpoResult.objects.filter(snapshot=snapshot, cpo_id__in=cpo_ids)
        .values_list("biennium_id", flat=True))
    IndicatorResult.objects.filter(snapshot=snapshot, indicator_id__in=siblings).delete()
    CpoResult.objects.filter(snapshot=snapshot, cpo_id__in=cpo_ids).delete()
    IndicatorResult.objects.bulk_create(indicator_results)
    CpoResult.objects.bulk_create(cpo_results)
    scope = _scope_of(cpo_ids, biennium_ids)
    stale = ResultRollup.objects.filter(snapshot=snapshot, biennium_id__in=biennium_ids)
    stale.filter(_keys_q(scope)).delete()
    _rollups(snapshot, biennium_ids, scope)
    return snapshot


def _keys_q(scope: dict[str, set[int]]):
    from django.db.models import Q

    condition = Q(pk__in=[])
    for level, keys in scope.items():
        condition |= Q(level=level, key__in=keys)
    return condition


def biennia_with_results() -> list[Biennium]:
    snapshot = current_snapshot()
    if snapshot is None:
        return []
    ids = CpoResult.objects.filter(snapshot=snapshot).values_list("biennium_id", flat=True)
    return list(Biennium.objects.filter(pk__in=ids).order_by("start_year"))


def cpo_ids_of(dwcp_id: int) -> list[int]:
    return list(CountryProgrammeOutcome.objects.filter(dwcp_id=dwcp_id)
                .values_list("id", flat=True))


SCHEDULED_KEY = "programmes:results-recompute-scheduled"


def results_mark_for_recompute(*, indicator_ids: Iterable[int]) -> None:
    """Record, inside the caller's transaction, that these indicators need a recompute, and
    once it commits queue one debounced recompute of everything pending."""
    ids = set(indicator_ids)
    if not ids:
        return
    existing = set(PendingRecompute.objects.filter(indicator_id__in=ids)
                   .values_list("indicator_id", flat=True))
    PendingRecompute.objects.bulk_create(
        [PendingRecompute(indicator_id=i) for i in ids - existing], ignore_conflicts=True)
    transaction.on_commit(_schedule)


def _schedule() -> None:
    from programmes.tasks import recompute_pending

    # One queued run at a time; changes made meanwhile are picked up by that run, which
    # frees the key before it reads the pending rows.
    if cache.add(SCHEDULED_KEY, 1, timeout=60):
        recompute_pending.apply_async(countdown=DEBOUNCE_SECONDS)


def results_recompute_pending() -> list[int]:
    """Recompute the pending indicators (claimed with SKIP LOCKED where the database has it,
    so two workers never take the same rows); return their ids."""
    cache.delete(SCHEDULED_KEY)
    with transaction.atomic():
        claimed = PendingRecompute.objects.select_for_update(skip_locked=True)
        ids = list(claimed.values_list("indicator_id", flat=True))
        if not ids:
            return []
        PendingRecompute.objects.filter(indicator_id__in=ids).delete()
        results_recompute_indicators(indicator_ids=ids)
    return ids
