"""The Office-wide table of a biennium by P&B outcome (issue 14, point 1): for each outcome
of the biennium's framework, the CPOs reported against it, in how many member States, their
statuses in the current results, and the member States where one was achieved — the shape of
the Programme Implementation Report's main table. Under each outcome, its indicators with
their biennial targets beside the results achieved: the member States with a CPO reported
against the indicator and achieved in the biennium, the share of the target that makes, and
the CPOs linked and in progress. Counted in the database over the CPOs the user may see (so
field staff see their countries' share only): seven queries, whatever the number of
outcomes, indicators and CPOs."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from core import policy
from programmes.models import (
    Biennium,
    CountryProgrammeOutcome,
    CpoOutcomeLink,
    PBOutcome,
    PBOutcomeIndicator,
    ResultSnapshot,
    ResultStatus,
)
from programmes.selectors.resources import _Fractional

# A share of a target, unrounded (core.numbers rounds it once, where it is printed).
PERCENT: DecimalField[Any, Decimal] = DecimalField(max_digits=24, decimal_places=12)
# CPOs in progress: progress made, the CPO not achieved (yet).
IN_PROGRESS = (ResultStatus.ON_TRACK, ResultStatus.OFF_TRACK, ResultStatus.PARTLY_ACHIEVED)

if TYPE_CHECKING:
    from core.models import User


@dataclass
class OutcomeRow:
    outcome: PBOutcome | None  # None: the total
    cpos: int = 0
    member_states: int = 0
    achieved_in: int = 0  # member States with a CPO achieved
    counts: dict[str, int] = field(default_factory=dict)
    # The outcome's indicators, annotated by :func:`indicator_rows` (cpos, member_states,
    # in_progress, achieved_in, percent).
    indicators: list[PBOutcomeIndicator] = field(default_factory=list)

    def cells(self, columns: list[str]) -> list[int]:
        return [self.counts.get(status, 0) for status in columns]


def _results(links: QuerySet[Any], *, snapshot: ResultSnapshot, biennium: Biennium,
             statuses: tuple[str, ...] | None = None) -> QuerySet[Any]:
    """The links whose CPO has a result in ``snapshot`` for ``biennium`` (with one of
    ``statuses``): one filter, so the conditions hold for the same result row."""
    conditions: dict[str, Any] = {"cpo__results__snapshot": snapshot,
                                  "cpo__results__biennium": biennium}
    if statuses is not None:
        conditions["cpo__results__status__in"] = statuses
    return links.filter(**conditions)


def _per_indicator(links: QuerySet[Any], counted: str) -> Coalesce:
    """How many distinct ``counted`` (CPOs, countries) ``links`` hold for the indicator of
    the outer row (a subquery; 0 when none)."""
    rows = (links.filter(pb_indicator=OuterRef("pk")).order_by().values("pb_indicator")
            .annotate(n=Count(counted, distinct=True)).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def indicator_rows(*, links: QuerySet[Any], biennium: Biennium,
                   snapshot: ResultSnapshot | None) -> QuerySet[PBOutcomeIndicator]:
    """The indicators of ``biennium``'s framework, each with the CPOs of ``links`` (the links
    of the biennium the user may see) reported against it (``cpos``), their member States
    (``member_states``), those in progress (``in_progress``), the member States with one
    achieved (``achieved_in``: the result set beside the target) and ``percent``, the share
    of the target reached (None without a target). One query."""
    zero = Value(0, output_field=IntegerField())
    if snapshot is None:
        in_progress: Any = zero
        achieved: Any = zero
    else:
        in_progress = _per_indicator(_results(links, snapshot=snapshot, biennium=biennium,
                                              statuses=IN_PROGRESS), "cpo")
        achieved = _per_indicator(_results(links, snapshot=snapshot, biennium=biennium,
                                           statuses=(ResultStatus.ACHIEVED,)),
                                  "cpo__dwcp__country")
    return (PBOutcomeIndicator.objects.filter(pb_outcome__framework_id=biennium.framework_id)
            .annotate(cpos=_per_indicator(links, "cpo"),
                      member_states=_per_indicator(links, "cpo__dwcp__country"),
                      in_progress=in_progress, achieved_in=achieved)
            .annotate(percent=Case(
                When(target__gte=1, then=ExpressionWrapper(
                    _Fractional(Cast(F("achieved_in"), PERCENT)) * 100 / F("target"),
                    output_field=PERCENT)),
                default=Value(None, output_field=PERCENT), output_field=PERCENT))
            .order_by("pb_outcome_id", "order", "code"))


def pb_outcome_table(*, user: User | None, biennium: Biennium,
                     snapshot: ResultSnapshot | None) -> tuple[list[OutcomeRow], OutcomeRow]:
    """One row per outcome of ``biennium``'s framework (policy, then enabling, then policy
    coherence outcomes, by code) and the total of distinct CPOs and member States."""
    outcomes = list(PBOutcome.objects.filter(framework_id=biennium.framework_id)
                    .select_related("strategic_objective"))
    kinds: list[str] = [PBOutcome.Kind.POLICY, PBOutcome.Kind.ENABLING,
                        PBOutcome.Kind.CROSS_CUTTING]
    outcomes.sort(key=lambda o: (kinds.index(o.kind), len(o.code), o.code))
    links = policy.visible(user, CpoOutcomeLink.objects.filter(biennium=biennium))
    rows = {o.pk: OutcomeRow(o) for o in outcomes}
    total = OutcomeRow(None)
    for r in links.values("pb_outcome").annotate(
            cpos=Count("cpo", distinct=True),
            states=Count("cpo__dwcp__country", distinct=True)).order_by():
        if r["pb_outcome"] in rows:
            rows[r["pb_outcome"]].cpos, rows[r["pb_outcome"]].member_states = \
                r["cpos"], r["states"]
    totals = links.aggregate(cpos=Count("cpo", distinct=True),
                             states=Count("cpo__dwcp__country", distinct=True))
    total.cpos, total.member_states = totals["cpos"], totals["states"]
    if snapshot is not None:
        results = _results(links, snapshot=snapshot, biennium=biennium)
        for r in results.values("pb_outcome", "cpo__results__status").annotate(
                n=Count("cpo", distinct=True)).order_by():
            row = rows.get(r["pb_outcome"])
            status = r["cpo__results__status"]
            if row is not None:
                row.counts[status] = row.counts.get(status, 0) + r["n"]
                total.counts[status] = total.counts.get(status, 0) + r["n"]
        achieved = _results(links, snapshot=snapshot, biennium=biennium,
                            statuses=(ResultStatus.ACHIEVED,))
        for r in achieved.values("pb_outcome").annotate(
                n=Count("cpo__dwcp__country", distinct=True)).order_by():
            if r["pb_outcome"] in rows:
                rows[r["pb_outcome"]].achieved_in = r["n"]
        total.achieved_in = achieved.aggregate(
            n=Count("cpo__dwcp__country", distinct=True))["n"]
    for indicator in indicator_rows(links=links, biennium=biennium, snapshot=snapshot):
        if indicator.pb_outcome_id in rows:
            rows[indicator.pb_outcome_id].indicators.append(indicator)
            total.indicators.append(indicator)  # (all of them: the page shows whether any)
    return list(rows.values()), total


def marker_counts(*, user: User | None, biennium: Biennium) -> dict[str, int]:
    """How many of the CPOs linked to a P&B outcome in ``biennium`` (that the user may see)
    carry each cross-cutting marker (one query)."""
    cpos = CountryProgrammeOutcome.objects.filter(
        pk__in=policy.visible(user, CpoOutcomeLink.objects.filter(biennium=biennium))
        .values("cpo"))
    return cpos.aggregate(
        cpos=Count("pk", distinct=True),
        gender_significant=Count("pk", distinct=True, filter=Q(gender_marker__gte=2)),
        gender_unassessed=Count("pk", distinct=True, filter=Q(gender_marker=None)),
        conventions=Count("pk", distinct=True, filter=Q(conventions__isnull=False)),
        social_dialogue=Count("pk", distinct=True, filter=Q(social_dialogue=True)),
        just_transition=Count("pk", distinct=True, filter=Q(just_transition=True)))


def framework_biennia() -> Any:
    """The biennia that have a framework, latest first (the page's choices)."""
    return Biennium.objects.exclude(framework=None).select_related("framework") \
        .order_by("-start_year")
