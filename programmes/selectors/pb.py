"""The Office-wide table of a biennium by P&B outcome (issue 14, point 1): for each outcome
of the biennium's framework, the CPOs reported against it, in how many member States, their
statuses in the current results, and the member States where one was achieved — the shape of
the Programme Implementation Report's main table. Counted in the database over the CPOs the
user may see (so field staff see their countries' share only): six queries, whatever the
number of CPOs."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q

from core import policy
from programmes.models import (
    Biennium,
    CountryProgrammeOutcome,
    CpoOutcomeLink,
    PBOutcome,
    ResultSnapshot,
    ResultStatus,
)

if TYPE_CHECKING:
    from core.models import User


@dataclass
class OutcomeRow:
    outcome: PBOutcome | None  # None: the total
    cpos: int = 0
    member_states: int = 0
    achieved_in: int = 0  # member States with a CPO achieved
    counts: dict[str, int] = field(default_factory=dict)

    def cells(self, columns: list[str]) -> list[int]:
        return [self.counts.get(status, 0) for status in columns]


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
        results = links.filter(cpo__results__snapshot=snapshot,
                               cpo__results__biennium=biennium)
        for r in results.values("pb_outcome", "cpo__results__status").annotate(
                n=Count("cpo", distinct=True)).order_by():
            row = rows.get(r["pb_outcome"])
            status = r["cpo__results__status"]
            if row is not None:
                row.counts[status] = row.counts.get(status, 0) + r["n"]
                total.counts[status] = total.counts.get(status, 0) + r["n"]
        achieved = results.filter(cpo__results__status=ResultStatus.ACHIEVED)
        for r in achieved.values("pb_outcome").annotate(
                n=Count("cpo__dwcp__country", distinct=True)).order_by():
            if r["pb_outcome"] in rows:
                rows[r["pb_outcome"]].achieved_in = r["n"]
        total.achieved_in = achieved.aggregate(
            n=Count("cpo__dwcp__country", distinct=True))["n"]
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
