"""Computing the capacity figures: the query layer around the pure rules of
:mod:`capacity.computation` (formulas in docs/capacity.md). Called by the Celery tasks of
:mod:`capacity.tasks` and by ``manage.py compute_capacity``; never inside a web request.

:func:`capacity_recompute_all` computes every figure as of a date into a new
:class:`CapacitySnapshot` and makes it the current one in one transaction, so readers never
see a half-computed set (as ``programmes.services.results`` does for results). Inputs are read
with a constant number of queries (value lists and GROUP BY counts, none per row).

What "as of" means: assessments dated on or before it; needs in the review state they had on
that date (from their dated review steps), leaving out needs identified by a later assessment;
interventions that started on or before it and took place (ongoing or completed). For needs
coverage an intervention starting after the date counts as planned, unless cancelled.

Writes that change the figures call :func:`capacity_recompute_after_commit`: once the
transaction commits, one debounced run is queued, however many writes the transaction (or a
burst of requests) made.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count
from django.utils import timezone

from capacity import computation as rules
from capacity.models import (
    AssessmentIndex,
    CapacityAssessment,
    CapacityNeed,
    CapacitySnapshot,
    DimensionChange,
    DimensionScore,
    Intervention,
    InterventionFigure,
    InterventionStatus,
    NeedsCoverage,
    NeedTransition,
    ParticipantGroup,
    ParticipationCount,
    ParticipationFigure,
    ReachFigure,
    Sex,
)
from capacity.models import Participant as ParticipantRow
from capacity.selectors import current_snapshot
from core.recompute import RecomputeScheduler
from core.snapshots import snapshot_prune, snapshot_swap
from programmes.models import Biennium

if TYPE_CHECKING:
    from core.models import TaskRun

__all__ = ["capacity_recompute_after_commit", "capacity_recompute_all", "current_snapshot",
           "recompute_paused", "split_counts_by_sex"]

logger = logging.getLogger(__name__)

TOOK_PLACE = (InterventionStatus.ONGOING, InterventionStatus.COMPLETED)
# Snapshots left incomplete this long ago belong to runs that died (time limit: one hour).


# --- inputs --------------------------------------------------------------------------------

@dataclass
class _Assessments:
    points: list[rules.AssessmentPoint]
    scored: dict[int, list[rules.ScoredDimension]]
    dimension_ids: dict[tuple[int, str], int]  # (assessment, dimension code) → dimension id


def _assessments(as_of: dt.date) -> _Assessments:
    heads = CapacityAssessment.objects.filter(date__lte=as_of).values_list(
        "id", "constituent_id", "framework__code", "date", "round")
    scores = DimensionScore.objects.filter(assessment__date__lte=as_of).values_list(
        "assessment_id", "dimension_id", "dimension__code", "dimension__level",
        "dimension__capacity_type", "score")
    by_code: dict[int, dict[str, int]] = defaultdict(dict)
    scored: dict[int, list[rules.ScoredDimension]] = defaultdict(list)
    dimension_ids: dict[tuple[int, str], int] = {}
    for assessment_id, dimension_id, code, level, capacity_type, score in scores:
        by_code[assessment_id][code] = score
        scored[assessment_id].append(rules.ScoredDimension(level, capacity_type, score))
        dimension_ids[(assessment_id, code)] = dimension_id
    points = [rules.AssessmentPoint(assessment_id=pk, constituent_id=constituent_id,
                                    framework_code=code, date=date, round=round_,
                                    scores=by_code.get(pk, {}))
              for pk, constituent_id, code, date, round_ in heads]
    return _Assessments(points, scored, dimension_ids)


def _status_as_of(current: str, steps: list[tuple[str, str, dt.date]], as_of: dt.date) -> str:
    """A need's review state on ``as_of`` from its dated steps (in order): the state the
    last step on or before it led to, else the state before the first step; a need without
    recorded steps is in its current state."""
    if not steps:
        return current
    reached = [to for _from, to, day in steps if day <= as_of]
    return reached[-1] if reached else steps[0][0]


def _needs(as_of: dt.date) -> list[rules.NeedPoint]:
    needs = CapacityNeed.objects.exclude(assessment__date__gt=as_of).values_list(
        "id", "constituent__country_id", "constituent__group", "priority", "status")
    steps: dict[int, list[tuple[str, str, dt.date]]] = defaultdict(list)
    for need_id, from_status, to_status, day in NeedTransition.objects.order_by(
            "effective_date", "recorded_at", "id").values_list(
            "need_id", "from_status", "to_status", "effective_date"):
        steps[need_id].append((from_status, to_status, day))
    links: dict[int, list[str]] = defaultdict(list)
    for need_id, status, start in Intervention.needs.through.objects.values_list(
            "capacityneed_id", "intervention__status", "intervention__start_date"):
        if start > as_of and status != InterventionStatus.CANCELLED:
            status = InterventionStatus.PLANNED  # not started yet on that date
        links[need_id].append(status)
    return [rules.NeedPoint(country_id=country_id, group=group, priority=priority,
                            status=_status_as_of(status, steps.get(pk, []), as_of),
                            intervention_states=tuple(links.get(pk, ())))
            for pk, country_id, group, priority, status in needs]


def split_counts_by_sex(groups: Mapping[str, int], *, women: int, men: int,
                        not_recorded: int) -> dict[str, tuple[int, int, int]]:
    """Spread the split by sex of a participation count over its groups, in proportion
    (largest remainders), so that both splits stay exact: each group keeps its total and the
    women, men and not recorded add up to the given ones. Counts record the two splits
    separately, so within a group the split is an estimate unless only one group took part.
    Returns group → (women, men, not recorded)."""
    total = sum(groups.values())
    if total != women + men + not_recorded:
        raise ValueError("the split by sex does not add up to the groups' total")
    names = [g for g, n in groups.items() if n]
    if not names:
        return {}

    def apportion(amount: int, room: dict[str, int]) -> dict[str, int]:
        quotas = {g: Decimal(groups[g] * amount) / total for g in names}
        shares = {g: min(int(quotas[g]), room[g]) for g in names}
        order = sorted(names, key=lambda g: (-(quotas[g] - int(quotas[g])), names.index(g)))
        left = amount - sum(shares.values())
        while left:
            before = left
            for g in order:
                if left and shares[g] < room[g]:
                    shares[g] += 1
                    left -= 1
            if left == before:  # cannot happen when the totals agree (checked above)
                raise ValueError("no room left to apportion the split by sex")
        return shares

    women_by = apportion(women, {g: groups[g] for g in names})
    men_by = apportion(men, {g: groups[g] - women_by[g] for g in names})
    return {g: (women_by[g], men_by[g], groups[g] - women_by[g] - men_by[g]) for g in names}


@dataclass
class _Intervention:
    start_date: dt.date
    country_id: int | None
    cost: Decimal | None
    by_group: dict[str, list[int]] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0, 0]))  # women, men, not recorded
    organizations: set[Hashable] = field(default_factory=set)
    has_list: bool = False


def _organization_key(constituent_id: int | None, country_id: int, name: str) -> Hashable:
    if constituent_id is not None:
        return ("constituent", constituent_id)
    plain = " ".join((name or "").split()).casefold()
    return ("name", country_id, plain) if plain else None


SEX_INDEX = {Sex.FEMALE: 0, Sex.MALE: 1, Sex.NOT_RECORDED: 2}


def _interventions(as_of: dt.date) -> dict[int, _Intervention]:
    took_place = Intervention.objects.filter(start_date__lte=as_of, status__in=TOOK_PLACE)
    items = {pk: _Intervention(start, country_id, cost) for pk, start, country_id, cost in
             took_place.values_list("id", "start_date", "country_id", "cost")}
    for intervention_id, group, sex, n in (
            ParticipantRow.objects.filter(intervention__in=took_place)
            .values_list("intervention_id", "participant_group", "sex")
            .annotate(n=Count("id")).order_by()):
        items[intervention_id].by_group[group][SEX_INDEX.get(sex, 2)] += n
        items[intervention_id].has_list = True
    for intervention_id, constituent_id, country_id, name in (
            ParticipantRow.objects.filter(intervention__in=took_place)
            .values_list("intervention_id", "constituent_id", "country_id", "organization")
            .distinct()):
        key = _organization_key(constituent_id, country_id, name)
        if key is not None:
            items[intervention_id].organizations.add(key)
    group_fields = ParticipationCount.GROUP_FIELDS
    for row in ParticipationCount.objects.filter(intervention__in=took_place).values(
            "intervention_id", "women", "men", "sex_not_recorded", *group_fields):
        item = items[row["intervention_id"]]
        if item.has_list:  # the services keep one or the other; the list wins
            continue
        split = split_counts_by_sex({g: row[g] for g in group_fields}, women=row["women"],
                                    men=row["men"], not_recorded=row["sex_not_recorded"])
        for group, values in split.items():
            item.by_group[group] = list(values)
    for intervention_id, constituent_id in (
            Intervention.target_constituents.through.objects
            .filter(intervention__in=took_place)
            .values_list("intervention_id", "constituent_id")):
        item = items[intervention_id]
        if not item.has_list:  # counts only: the organizations targeted
            item.organizations.add(("constituent", constituent_id))
    return items


# --- computation ---------------------------------------------------------------------------

def _figures(snapshot: CapacitySnapshot, as_of: dt.date) -> dict[type[Any], list[Any]]:
    rows: dict[type[Any], list[Any]] = defaultdict(list)
    country_id: int | None  # some figures are regional (no country)

    assessments = _assessments(as_of)
    for assessment_id, scored in assessments.scored.items():
        for (axis, key), (index, count) in rules.assessment_indices(scored).items():
            rows[AssessmentIndex].append(AssessmentIndex(
                snapshot=snapshot, assessment_id=assessment_id, axis=axis, key=key,
                index=index, dimensions=count))
    for change in rules.dimension_changes(assessments.points):
        rows[DimensionChange].append(DimensionChange(
            snapshot=snapshot, constituent_id=change.constituent_id,
            framework_code=change.framework_code, dimension_code=change.dimension_code,
            dimension_id=assessments.dimension_ids[(change.follow_up_id,
                                                    change.dimension_code)],
            baseline_id=change.baseline_id, follow_up_id=change.follow_up_id,
            baseline_score=change.baseline_score, latest_score=change.latest_score,
            change=change.change))

    for (country_id, group), coverage in rules.needs_coverage(_needs(as_of)).items():
        rows[NeedsCoverage].append(NeedsCoverage(
            snapshot=snapshot, country_id=country_id, constituent_group=group,
            high_priority=coverage.high_priority, covered=coverage.covered,
            share=coverage.share))

    biennia = dict(Biennium.objects.values_list("start_year", "id"))
    interventions = _interventions(as_of)
    participation, points = [], []
    for pk, item in interventions.items():
        for group, (women, men, unknown) in item.by_group.items():
            participation.append(rules.ParticipationRow(
                intervention_id=pk, start_date=item.start_date, country_id=item.country_id,
                group=group, women=women, men=men, sex_not_recorded=unknown))
        points.append(rules.InterventionPoint(
            intervention_id=pk, start_date=item.start_date, country_id=item.country_id,
            cost=item.cost, participants=sum(sum(v) for v in item.by_group.values()),
            women=sum(v[0] for v in item.by_group.values()),
            men=sum(v[1] for v in item.by_group.values()),
            organizations=frozenset(item.organizations)))
    for point in points:
        figures = rules.intervention_figures(point)
        rows[InterventionFigure].append(InterventionFigure(
            snapshot=snapshot, intervention_id=point.intervention_id,
            participants=figures.participants, women=figures.women,
            women_share=figures.women_share, organizations=figures.organizations,
            cost_per_participant=figures.cost_per_participant))
    missing = set()
    for (start_year, country_id, group), tally in sorted(
            rules.participation_by_biennium(participation).items(),
            key=lambda item: (item[0][0], item[0][1] or 0, item[0][2])):
        if start_year not in biennia:
            missing.add(start_year)
            continue
        if group not in ParticipantGroup.values:
            continue
        rows[ParticipationFigure].append(ParticipationFigure(
            snapshot=snapshot, biennium_id=biennia[start_year], country_id=country_id,
            participant_group=group, participants=tally.participants, women=tally.women,
            men=tally.men, sex_not_recorded=tally.sex_not_recorded,
            women_share=tally.women_share))
    for (start_year, country_id), reach in rules.reach_by_biennium(points).items():
        if start_year not in biennia:
            missing.add(start_year)
            continue
        rows[ReachFigure].append(ReachFigure(
            snapshot=snapshot, biennium_id=biennia[start_year], country_id=country_id,
            interventions=reach.interventions, participants=reach.participants,
            organizations=reach.organizations, cost=reach.cost,
            cost_per_participant=reach.cost_per_participant))
    if missing:
        logger.warning("capacity figures: no biennium recorded for %s; participation and "
                       "reach of those years left out", sorted(missing))
    return rows


FIGURE_MODELS = (AssessmentIndex, DimensionChange, NeedsCoverage, ParticipationFigure,
                 InterventionFigure, ReachFigure)


def _swap(snapshot: CapacitySnapshot) -> CapacitySnapshot:
    return snapshot_swap(snapshot)


def capacity_recompute_all(*, as_of: dt.date | None = None,
                           run: TaskRun | None = None) -> CapacitySnapshot:
    """Compute every capacity figure as of ``as_of`` (default today) into a new snapshot and
    make it the current one atomically; older snapshots are then deleted. Returns the current
    snapshot (a newer one, if a run started later finished first)."""
    as_of = as_of or timezone.localdate()
    snapshot = CapacitySnapshot.objects.create(as_of=as_of, run=run)
    try:
        for model, objects in _figures(snapshot, as_of).items():
            model.objects.bulk_create(objects, batch_size=2000)
    except BaseException:
        snapshot.delete()
        raise
    current = _swap(snapshot)
    snapshot_prune(current)
    return current


def snapshot_counts(snapshot: CapacitySnapshot) -> dict[str, int]:
    """Rows of each figure in ``snapshot`` (recorded on the run)."""
    return {
        "assessment_indices": snapshot.assessment_indices.count(),
        "dimension_changes": snapshot.dimension_changes.count(),
        "needs_coverage": snapshot.needs_coverage.count(),
        "participation": snapshot.participation.count(),
        "intervention_figures": snapshot.intervention_figures.count(),
        "reach": snapshot.reach.count(),
    }


# --- recompute after writes ----------------------------------------------------------------

# Writes that change the figures queue one debounced run of capacity.recompute_all (see
# core.recompute).
DEBOUNCE_SECONDS = 5
RECOMPUTE = RecomputeScheduler(task="capacity.tasks.recompute_all",
                               key="capacity:recompute-scheduled",
                               countdown=DEBOUNCE_SECONDS, parameters={"as_of": None})
SCHEDULED_KEY = RECOMPUTE.key
# Writes inside queue no recompute (bulk loads: demo data, imports), so that the caller runs
# one capacity_recompute_all at the end.
recompute_paused = RECOMPUTE.paused


def capacity_recompute_after_commit() -> None:
    """Queue a recompute of the figures once the current transaction commits (nothing if it
    rolls back). A transaction queues one run however many writes it makes; a burst of
    transactions queues one run too, which starts :data:`DEBOUNCE_SECONDS` later and picks up
    every change committed before it starts."""
    RECOMPUTE.after_commit()
