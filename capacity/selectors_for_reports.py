"""Reads of the capacity figures for the reports (the capacity sections of the biennial and
DWCP reports, the constituent capacity profile).

These selectors are unscoped on purpose: reports are made by managers and administrators, who
see every country, and rendered by the worker, which has no user; a report covers whole
regions rather than one user's scope (``reporting.services`` checks who may ask for one).
Every figure comes from the capacity worker's snapshot given (``AssessmentIndex``,
``DimensionChange``, ``NeedsCoverage``, ``ParticipationFigure``, ``InterventionFigure``,
``ReachFigure``), apart from the records a report lists as they are (needs and their review
states, interventions, an assessment's scores). Where rows are added up (groups, regions,
methods) the shares are worked out again from the added counts by the caller, with the
worker's own rules. Each selector runs a fixed number of queries whatever the number of rows.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from constituents.models import Constituent
from core.roles import ConstituentGroup

from .models import (
    AssessmentIndex,
    CapacityAssessment,
    CapacityLevel,
    CapacityNeed,
    CapacitySnapshot,
    DimensionChange,
    DimensionScore,
    Intervention,
    InterventionFigure,
    NeedsCoverage,
    NeedStatus,
    Participant,
    ParticipationFigure,
    Priority,
    ReachFigure,
)
from .selectors import current_snapshot

OVERALL = AssessmentIndex.Axis.OVERALL.value
LEVEL = AssessmentIndex.Axis.LEVEL.value


class ChoiceLabels:
    """The (value, label) pairs of a choices class, each label in the language active when
    they are read (a list built at import would keep the English of the moment)."""

    def __init__(self, choices: Any) -> None:
        self.choices = choices

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter([(c.value, str(c.label)) for c in self.choices])


LEVELS = ChoiceLabels(CapacityLevel)
GROUPS = ChoiceLabels(ConstituentGroup)
TENTH = Decimal("0.1")


def mean(values: list[Decimal]) -> Decimal | None:
    """Arithmetic mean to one decimal (half up, as the worker rounds); None when empty."""
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(TENTH, rounding=ROUND_HALF_UP)


def _countries(qs: QuerySet[Any], path: str, country_ids: Any) -> QuerySet[Any]:
    """Rows of the given countries; every row (regional activities included) for None."""
    return qs if country_ids is None else qs.filter(**{f"{path}__in": list(country_ids)})


# --- figures of a biennium over many countries ---------------------------------------------

@dataclass
class ChangeRow:
    constituents: int
    baseline: Decimal | None
    follow_up: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.baseline is None or self.follow_up is None:
            return None
        return self.follow_up - self.baseline


@dataclass
class BiennialFigures:
    snapshot: CapacitySnapshot
    # group → {"baseline": n, "follow_up": n, "constituents": set, "indices": [Decimal]}
    assessments: dict[str, dict[str, Any]] = field(default_factory=dict)
    # group → [(key, label, ChangeRow)] where key is "overall" or a level
    changes: dict[str, list[tuple[str, str, ChangeRow]]] = field(default_factory=dict)
    dimension_moves: Counter[Any] = field(default_factory=Counter)  # up / same / down
    coverage: dict[str, tuple[int, int]] = field(default_factory=dict)  # group → (high, covered)
    methods: dict[str, dict[str, Any]] = field(default_factory=dict)
    participation: dict[str, list[int]] = field(default_factory=dict)  # group → [n, w, m, nr]
    reach: list[dict[str, Any]] = field(default_factory=list)
    costed_participants: dict[int | None, int] = field(default_factory=dict)  # by country


def biennial_figures_for_report(*, snapshot: CapacitySnapshot, biennium: Any,
                                country_ids: Any) -> BiennialFigures:
    """The capacity figures of ``biennium`` for the countries (None: all countries and the
    regional and interregional activities). Nine queries."""
    start, end = biennium.start_date, biennium.end_date
    out = BiennialFigures(snapshot)

    # Assessments made in the biennium (those the snapshot indexed: dated up to its as-of).
    rows = _countries(AssessmentIndex.objects.filter(
        snapshot=snapshot, axis=OVERALL, assessment__date__gte=start,
        assessment__date__lte=end), "assessment__constituent__country_id", country_ids)
    for group, round_, constituent_id, index in rows.values_list(
            "assessment__constituent__group", "assessment__round",
            "assessment__constituent_id", "index"):
        entry = out.assessments.setdefault(group, {"baseline": 0, "follow_up": 0,
                                                   "constituents": set(), "indices": []})
        entry[round_] = entry.get(round_, 0) + 1
        entry["constituents"].add(constituent_id)
        entry["indices"].append(index)

    # Change between baseline and the follow-ups made in the biennium.
    changes = _countries(DimensionChange.objects.filter(
        snapshot=snapshot, follow_up__date__gte=start, follow_up__date__lte=end),
        "constituent__country_id", country_ids)
    pairs: dict[tuple[int, int, int], str] = {}
    for constituent_id, group, baseline_id, follow_up_id, change in changes.values_list(
            "constituent_id", "constituent__group", "baseline_id", "follow_up_id", "change"):
        pairs[(constituent_id, baseline_id, follow_up_id)] = group
        out.dimension_moves["up" if change > 0 else "down" if change < 0 else "same"] += 1
    out.changes = _index_changes(snapshot, pairs)

    # Needs coverage (as of the snapshot: the state of each need on that date).
    coverage = _countries(NeedsCoverage.objects.filter(snapshot=snapshot), "country_id",
                          country_ids)
    for row in coverage.values("constituent_group").annotate(
            high=Sum("high_priority"), covered=Sum("covered")).order_by():
        out.coverage[row["constituent_group"]] = (row["high"], row["covered"])

    # Interventions that took place, by method; costed participants by country.
    figures = _countries(InterventionFigure.objects.filter(
        snapshot=snapshot, intervention__start_date__gte=start,
        intervention__start_date__lte=end), "intervention__country_id", country_ids)
    for method, participants, women, cost, country_id in figures.values_list(
            "intervention__method", "participants", "women", "intervention__cost",
            "intervention__country_id"):
        entry = out.methods.setdefault(method, {"interventions": 0, "participants": 0,
                                                "women": 0, "cost": Decimal(0),
                                                "costed": 0})
        entry["interventions"] += 1
        entry["participants"] += participants
        entry["women"] += women
        if cost is not None:
            entry["cost"] += cost
            entry["costed"] += participants
            out.costed_participants[country_id] = (out.costed_participants.get(country_id, 0)
                                                   + participants)

    # Participants by group and sex.
    participation = _countries(ParticipationFigure.objects.filter(
        snapshot=snapshot, biennium=biennium), "country_id", country_ids)
    out.participation = _participation_by_group(participation)

    # Reach and cost by country (empty country: regional and interregional activities).
    reach = _countries(ReachFigure.objects.filter(snapshot=snapshot, biennium=biennium),
                       "country_id", country_ids)
    out.reach = list(reach.values("country_id", "country__name", "country__region_id",
                                  "interventions", "participants", "organizations", "cost",
                                  "cost_per_participant"))
    return out


def _participation_by_group(rows: Any) -> dict[str, list[int]]:
    """Participation rows added up by participant group: [participants, women, men, sex not
    recorded]."""
    return {row["participant_group"]: [row["n"], row["w"], row["m"], row["nr"]]
            for row in rows.values("participant_group").annotate(
                n=Sum("participants"), w=Sum("women"), m=Sum("men"),
                nr=Sum("sex_not_recorded")).order_by()}


def _index_changes(snapshot: CapacitySnapshot, pairs: dict[tuple[int, int, int], str]
                   ) -> dict[str, list[tuple[str, str, ChangeRow]]]:
    """Per constituent group, overall and per level: the mean index of the baselines and of
    the follow-ups of the (constituent, baseline, follow-up) pairs, over the pairs indexed on
    both rounds."""
    ids = {a for _c, b, f in pairs for a in (b, f)}
    indices: dict[tuple[int, str], Decimal] = {}
    for assessment_id, axis, key, index in AssessmentIndex.objects.filter(
            snapshot=snapshot, assessment_id__in=ids, axis__in=[OVERALL, LEVEL]).values_list(
            "assessment_id", "axis", "key", "index"):
        indices[(assessment_id, key if axis == LEVEL else OVERALL)] = index
    keys = [(OVERALL, _("Overall"))] + list(LEVELS)
    out: dict[str, list[tuple[str, str, ChangeRow]]] = {}
    for group, _label in GROUPS:
        its = [(c, b, f) for (c, b, f), g in pairs.items() if g == group]
        if not its:
            continue
        rows = []
        for key, label in keys:
            both = [(indices[(b, key)], indices[(f, key)]) for _c, b, f in its
                    if (b, key) in indices and (f, key) in indices]
            if not both:
                continue
            rows.append((key, label, ChangeRow(
                len({c for c, b, f in its if (b, key) in indices and (f, key) in indices}),
                mean([x for x, _y in both]), mean([y for _x, y in both]))))
        out[group] = rows
    return out


# --- a country's constituents (DWCP report) -------------------------------------------------

@dataclass
class CountryFigures:
    # constituent → its latest assessment: id, date, round, name, acronym, group
    latest: dict[int, dict[str, Any]]
    by_assessment: dict[int, dict[str, Decimal]]  # assessment → {"overall" or level: index}
    pairs: dict[int, tuple[int, int]]  # constituent → (baseline, follow-up)
    moves: Counter[Any]  # dimensions: up / same / down
    needs: dict[int, dict[str, Any]]  # constituent → name, group, states (Counter of review states)
    coverage: dict[str, tuple[int, int]]  # group → (high priority, covered)
    interventions: list[Intervention]
    intervention_figures: dict[int, InterventionFigure]
    participation: dict[str, list[int]]  # group → [n, women, men, not recorded]


def country_figures_for_report(*, snapshot: CapacitySnapshot, country: Any, start: dt.date,
                               end: dt.date) -> CountryFigures:
    """The capacity figures of a country's constituents: their latest indices and the change
    between their rounds, their needs by review state and the coverage of the high-priority
    ones, the interventions for them that started between ``start`` and ``end``, and
    participation in the country over the biennia of those years. Seven queries."""
    latest: dict[int, dict[str, Any]] = {}
    by_assessment: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for (assessment_id, constituent_id, name, acronym, group, day, round_, axis, key,
         index) in AssessmentIndex.objects.filter(
            snapshot=snapshot, assessment__constituent__country=country,
            axis__in=[OVERALL, LEVEL]).values_list(
            "assessment_id", "assessment__constituent_id", "assessment__constituent__name",
            "assessment__constituent__acronym", "assessment__constituent__group",
            "assessment__date", "assessment__round", "axis", "key", "index"):
        by_assessment[assessment_id][key if axis == LEVEL else OVERALL] = index
        seen = latest.get(constituent_id)
        if seen is None or (day, assessment_id) > (seen["date"], seen["id"]):
            latest[constituent_id] = {"id": assessment_id, "date": day, "round": round_,
                                      "name": name, "acronym": acronym, "group": group}
    pairs: dict[int, tuple[int, int]] = {}
    moves: Counter[Any] = Counter()
    for constituent_id, baseline_id, follow_up_id, change in DimensionChange.objects.filter(
            snapshot=snapshot, constituent__country=country).values_list(
            "constituent_id", "baseline_id", "follow_up_id", "change"):
        pairs[constituent_id] = (baseline_id, follow_up_id)
        moves["up" if change > 0 else "down" if change < 0 else "same"] += 1

    needs: dict[int, dict[str, Any]] = {}
    for row in (CapacityNeed.objects.filter(constituent__country=country)
                .values("constituent_id", "constituent__name", "constituent__group", "status")
                .annotate(n=Count("id")).order_by()):
        entry = needs.setdefault(row["constituent_id"], {
            "name": row["constituent__name"], "group": row["constituent__group"],
            "states": Counter()})
        entry["states"][row["status"]] += row["n"]
    coverage = {g: (h, c) for g, h, c in NeedsCoverage.objects.filter(
        snapshot=snapshot, country=country).values_list("constituent_group", "high_priority",
                                                        "covered")}

    interventions = list(
        Intervention.objects.filter(Q(country=country) | Q(target_constituents__country=country),
                                    start_date__gte=start, start_date__lte=end)
        .distinct().order_by("start_date", "title"))
    figures = {f.intervention_id: f for f in InterventionFigure.objects.filter(
        snapshot=snapshot, intervention__in=[i.pk for i in interventions])}
    participation = _participation_by_group(ParticipationFigure.objects.filter(
        snapshot=snapshot, country=country, biennium__start_year__gte=start.year,
        biennium__start_year__lte=end.year))
    return CountryFigures(latest=latest, by_assessment=by_assessment, pairs=pairs, moves=moves,
                          needs=needs, coverage=coverage, interventions=interventions,
                          intervention_figures=figures, participation=participation)


# --- one constituent (capacity profile) ------------------------------------------------------

def constituents_with_capacity_records() -> list[tuple[int, str, str, str]]:
    """(id, name, acronym, country name) of the organizations with a capacity assessment or
    a capacity need, by country and name (one query): what a capacity profile can be of."""
    return list(Constituent.objects.filter(
        Exists(CapacityAssessment.objects.filter(constituent=OuterRef("pk")))
        | Exists(CapacityNeed.objects.filter(constituent=OuterRef("pk"))))
        .order_by("country__name", "name").values_list("pk", "name", "acronym",
                                                       "country__name"))


@dataclass
class ProfileFigures:
    assessments: list[CapacityAssessment]  # in date order, with their framework and scores
    indices: dict[int, dict[str, Decimal]]  # assessment → {"overall" or level: index}
    changes: dict[tuple[str, str], DimensionChange]  # (framework, dimension code) → change
    needs: list[CapacityNeed]  # by review state, priority, id
    interventions: list[Intervention]  # aimed at it or with its people, by start date
    intervention_figures: dict[int, InterventionFigure]
    own_participants: dict[int, int]  # intervention → participants of this constituent
    people: list[tuple[str, str]]  # (person key, sex) of its participants


def constituent_profile_for_report(*, snapshot: CapacitySnapshot,
                                   constituent: Constituent) -> ProfileFigures:
    """What a constituent's capacity profile reads: its assessments with their scores, its
    indices and changes (from the snapshot), its needs, the interventions it received and
    its people's participation. Nine queries."""
    assessments = list(
        CapacityAssessment.objects.filter(constituent=constituent)
        .select_related("framework").order_by("date", "id")
        .prefetch_related(Prefetch("scores", queryset=DimensionScore.objects
                                   .select_related("dimension").order_by("dimension__order",
                                                                         "dimension_id"))))
    indices: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for assessment_id, key, index in AssessmentIndex.objects.filter(
            snapshot=snapshot, assessment__constituent=constituent).values_list(
            "assessment_id", "key", "index"):
        indices[assessment_id][key or OVERALL] = index
    changes = {(c.framework_code, c.dimension_code): c for c in DimensionChange.objects.filter(
        snapshot=snapshot, constituent=constituent).select_related("baseline", "follow_up")}
    state_order = [s.value for s in NeedStatus]
    priority_order = [p.value for p in Priority]
    needs = sorted(CapacityNeed.objects.filter(constituent=constituent),
                   key=lambda n: (state_order.index(n.status), priority_order.index(n.priority),
                                  n.pk))
    interventions = list(
        Intervention.objects.filter(Q(target_constituents=constituent)
                                    | Q(participants__constituent=constituent))
        .distinct().select_related("country").order_by("start_date", "title"))
    figures = {f.intervention_id: f for f in InterventionFigure.objects.filter(
        snapshot=snapshot, intervention__in=[i.pk for i in interventions])}
    own = dict(Participant.objects.filter(constituent=constituent)
               .values_list("intervention_id").annotate(n=Count("id")).order_by())
    people = list(Participant.objects.filter(constituent=constituent)
                  .values_list("person_key", "sex"))
    return ProfileFigures(assessments=assessments, indices=indices, changes=changes,
                          needs=needs, interventions=interventions,
                          intervention_figures=figures, own_participants=own, people=people)


def capacity_fingerprint() -> dict[str, Any]:
    """A cheap summary that changes whenever capacity data a report reads changes: the
    current capacity snapshot (a recompute makes a new one) and the assessments, scores,
    needs, interventions and participant lists the capacity sections and the profile read."""
    snapshot = current_snapshot()
    out: dict[str, Any] = {"capacity_snapshot": None if snapshot is None else
                 {"id": snapshot.pk, "as_of": snapshot.as_of.isoformat()}}
    for model in (CapacityAssessment, DimensionScore, CapacityNeed, Intervention, Participant):
        agg = model.objects.aggregate(n=Count("id"), last=Max("updated_at"))
        out[model.__name__] = [agg["n"], agg["last"].isoformat() if agg["last"] else None]
    return out
