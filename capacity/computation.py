"""Capacity figures, exactly as defined in docs/capacity.md.

Pure functions over plain values: no database, no clock. The worker gathers the inputs
(scores, needs, participation, costs) in a few set-based queries, calls these and writes the
results into a new :class:`capacity.models.CapacitySnapshot`; property tests check them.

Numbers are ``Decimal``; indices, shares and costs are rounded half up as reported (one decimal
for indices and shares, cents for costs).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from programmes.results.computation import biennium_start_year

SCALE_MIN, SCALE_MAX = 1, 5
ONE_DECIMAL = Decimal("0.1")
CENT = Decimal("0.01")
HUNDRED = Decimal(100)

OVERALL, LEVEL, CAPACITY_TYPE = "overall", "level", "capacity_type"
BASELINE, FOLLOW_UP = "baseline", "follow_up"
HIGH = "high"
COVERED_STATES = frozenset({"planned", "addressed"})
DECLINED = "declined"
LIVE_INTERVENTION_STATES = frozenset({"planned", "ongoing", "completed"})


def _round(value: Decimal, quantum: Decimal = ONE_DECIMAL) -> Decimal:
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def share(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """100 × part / whole, one decimal; None when ``whole`` is 0."""
    if not whole:
        return None
    return _round(HUNDRED * Decimal(part) / Decimal(whole))


# --- capacity index -----------------------------------------------------------------------

def rescale(score: int) -> Decimal:
    """A 1–5 score on the 0–100 scale: (score − 1) / 4 × 100."""
    if not SCALE_MIN <= score <= SCALE_MAX:
        raise ValueError(f"score {score} outside {SCALE_MIN}–{SCALE_MAX}")
    return HUNDRED * Decimal(score - SCALE_MIN) / Decimal(SCALE_MAX - SCALE_MIN)


def capacity_index(scores: Iterable[int]) -> Decimal | None:
    """Mean of the rescaled scores, one decimal; None without scores."""
    values = [rescale(s) for s in scores]
    if not values:
        return None
    return _round(sum(values, Decimal(0)) / len(values))


@dataclass(frozen=True)
class ScoredDimension:
    level: str
    capacity_type: str
    score: int


def assessment_indices(scores: Iterable[ScoredDimension]
                       ) -> dict[tuple[str, str], tuple[Decimal, int]]:
    """Index and number of dimensions, keyed ``(axis, key)``: ``("overall", "")``,
    ``("level", <level>)`` for each level scored, ``("capacity_type", <type>)`` for each
    capacity type scored."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for item in scores:
        groups[(OVERALL, "")].append(item.score)
        groups[(LEVEL, item.level)].append(item.score)
        groups[(CAPACITY_TYPE, item.capacity_type)].append(item.score)
    return {key: (capacity_index(values), len(values)) for key, values in groups.items()}


# --- change between rounds ----------------------------------------------------------------

@dataclass(frozen=True)
class AssessmentPoint:
    """An assessment as the change computation needs it: scores keyed by dimension code."""

    assessment_id: int
    constituent_id: int
    framework_code: str
    date: dt.date
    round: str
    scores: dict[str, int]


@dataclass(frozen=True)
class DimensionChange:
    constituent_id: int
    framework_code: str
    dimension_code: str
    baseline_id: int
    follow_up_id: int
    baseline_score: int
    latest_score: int

    @property
    def change(self) -> int:
        return self.latest_score - self.baseline_score


def _latest(points: Iterable[AssessmentPoint]) -> AssessmentPoint | None:
    return max(points, key=lambda p: (p.date, p.assessment_id), default=None)


def dimension_changes(points: Iterable[AssessmentPoint]) -> list[DimensionChange]:
    """For each constituent and framework: the latest follow-up against the latest baseline
    dated before it, on every dimension (by code) both scored. Nothing without a follow-up
    that has an earlier baseline."""
    families: dict[tuple[int, str], list[AssessmentPoint]] = defaultdict(list)
    for point in points:
        families[(point.constituent_id, point.framework_code)].append(point)
    changes: list[DimensionChange] = []
    for (constituent_id, code), family in sorted(families.items()):
        follow_up = _latest(p for p in family if p.round == FOLLOW_UP)
        if follow_up is None:
            continue
        baseline = _latest(p for p in family
                           if p.round == BASELINE and p.date < follow_up.date)
        if baseline is None:
            continue
        for dimension in sorted(set(baseline.scores) & set(follow_up.scores)):
            changes.append(DimensionChange(
                constituent_id=constituent_id, framework_code=code, dimension_code=dimension,
                baseline_id=baseline.assessment_id, follow_up_id=follow_up.assessment_id,
                baseline_score=baseline.scores[dimension],
                latest_score=follow_up.scores[dimension]))
    return changes


# --- needs coverage -----------------------------------------------------------------------

@dataclass(frozen=True)
class NeedPoint:
    country_id: int
    group: str
    priority: str
    status: str
    intervention_states: tuple[str, ...] = ()


@dataclass(frozen=True)
class Coverage:
    high_priority: int
    covered: int

    @property
    def share(self) -> Decimal | None:
        return share(self.covered, self.high_priority)


def is_covered(need: NeedPoint) -> bool:
    """Planned or addressed, or linked to an intervention that is planned, ongoing or done."""
    return need.status in COVERED_STATES or any(
        s in LIVE_INTERVENTION_STATES for s in need.intervention_states)


def needs_coverage(needs: Iterable[NeedPoint]) -> dict[tuple[int, str], Coverage]:
    """Per (country, constituent group): high-priority needs that are not declined, and how
    many of them have a planned or delivered intervention."""
    totals: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for need in needs:
        if need.priority != HIGH or need.status == DECLINED:
            continue
        counts = totals[(need.country_id, need.group)]
        counts[0] += 1
        counts[1] += is_covered(need)
    return {key: Coverage(high, covered) for key, (high, covered) in totals.items()}


# --- participation ------------------------------------------------------------------------

@dataclass(frozen=True)
class ParticipationRow:
    """Participants of one intervention in one group (from counts or a list)."""

    intervention_id: int
    start_date: dt.date
    country_id: int | None
    group: str
    women: int = 0
    men: int = 0
    sex_not_recorded: int = 0

    @property
    def total(self) -> int:
        return self.women + self.men + self.sex_not_recorded


@dataclass
class Tally:
    participants: int = 0
    women: int = 0
    men: int = 0
    sex_not_recorded: int = 0

    def add(self, row: ParticipationRow) -> None:
        self.participants += row.total
        self.women += row.women
        self.men += row.men
        self.sex_not_recorded += row.sex_not_recorded

    @property
    def women_share(self) -> Decimal | None:
        """Share of women among participants whose sex is recorded."""
        return share(self.women, self.women + self.men)


def participation_by_biennium(rows: Iterable[ParticipationRow]
                              ) -> dict[tuple[int, int | None, str], Tally]:
    """Participants per (biennium start year, country, group), by sex."""
    result: dict[tuple[int, int | None, str], Tally] = defaultdict(Tally)
    for row in rows:
        result[(biennium_start_year(row.start_date.year), row.country_id, row.group)].add(row)
    return dict(result)


def cost_per_participant(cost: Decimal | None, participants: int) -> Decimal | None:
    """Cost ÷ participants, in cents; None without a cost or without participants."""
    if cost is None or not participants:
        return None
    return _round(Decimal(cost) / participants, CENT)


@dataclass(frozen=True)
class InterventionPoint:
    """An intervention as reach and cost need it. ``organizations`` are keys of the
    organizations its participants came from (a constituent id or a normalized name); for an
    intervention with counts only, its target constituents."""

    intervention_id: int
    start_date: dt.date
    country_id: int | None
    cost: Decimal | None
    participants: int
    women: int = 0
    men: int = 0
    organizations: frozenset[Hashable] = field(default_factory=frozenset)


@dataclass(frozen=True)
class InterventionFigures:
    participants: int
    women: int
    women_share: Decimal | None
    organizations: int
    cost_per_participant: Decimal | None


def intervention_figures(point: InterventionPoint) -> InterventionFigures:
    return InterventionFigures(
        participants=point.participants, women=point.women,
        women_share=share(point.women, point.women + point.men),
        organizations=len(point.organizations),
        cost_per_participant=cost_per_participant(point.cost, point.participants))


@dataclass(frozen=True)
class Reach:
    interventions: int
    participants: int
    organizations: int
    cost: Decimal
    costed_participants: int

    @property
    def cost_per_participant(self) -> Decimal | None:
        """Total cost over the participants of the interventions whose cost is known."""
        return cost_per_participant(self.cost, self.costed_participants)


def reach_by_biennium(points: Iterable[InterventionPoint]
                      ) -> dict[tuple[int, int | None], Reach]:
    """Per (biennium start year, country): interventions, participants, distinct
    organizations reached, total known cost and cost per participant."""
    buckets: dict[tuple[int, int | None], list[InterventionPoint]] = defaultdict(list)
    for point in points:
        buckets[(biennium_start_year(point.start_date.year), point.country_id)].append(point)
    result = {}
    for key, items in buckets.items():
        organizations: set[Hashable] = set()
        for item in items:
            organizations |= item.organizations
        costed = [i for i in items if i.cost is not None]
        result[key] = Reach(
            interventions=len(items), participants=sum(i.participants for i in items),
            organizations=len(organizations),
            cost=sum((Decimal(i.cost) for i in costed), Decimal(0)),
            costed_participants=sum(i.participants for i in costed))
    return result


# --- repeat training (seeds/000 ¶17(b)) ---------------------------------------------------

@dataclass(frozen=True)
class Attendance:
    person_key: str
    name: str
    intervention_id: int
    start_date: dt.date
    technical_area: str


@dataclass(frozen=True)
class RepeatTrainee:
    person_key: str
    name: str
    interventions: tuple[int, ...]
    technical_areas: tuple[str, ...]


def repeat_trainees(attendances: Iterable[Attendance], *, start: dt.date, end: dt.date,
                    min_areas: int = 2) -> list[RepeatTrainee]:
    """People who attended several interventions starting between ``start`` and ``end`` on at
    least ``min_areas`` different technical areas: "the same individuals being trained on a
    wide range of subjects". Most areas first."""
    by_person: dict[str, list[Attendance]] = defaultdict(list)
    for item in attendances:
        if start <= item.start_date <= end:
            by_person[item.person_key].append(item)
    flagged = []
    for key, items in by_person.items():
        interventions = sorted({i.intervention_id for i in items})
        areas = sorted({i.technical_area for i in items})
        if len(interventions) >= 2 and len(areas) >= min_areas:
            latest = max(items, key=lambda i: (i.start_date, i.intervention_id))
            flagged.append(RepeatTrainee(key, latest.name, tuple(interventions), tuple(areas)))
    return sorted(flagged, key=lambda t: (-len(t.technical_areas), -len(t.interventions),
                                          t.person_key))
