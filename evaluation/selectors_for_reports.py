"""Reads of evaluations for the reports: the evaluation section of the biennial report and
the evaluations of a DWCP in the DWCP report.

Unscoped on purpose, as the other apps' report selectors: reports are made by managers and
administrators, who see every country, and rendered by the worker, which has no user
(``reporting.services`` checks who may ask for one). The average ratings and the
implementation of recommendations come from the evaluation worker's snapshot given (its
``as_of`` is the figures' date); the records a report lists (evaluations, lessons) are read
as they are. Each selector runs a fixed number of queries whatever the number of rows."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Sum

from .models import (
    FINAL,
    Evaluation,
    EvaluationSnapshot,
    ImplementationFigure,
    Lesson,
    RatingAverage,
    Recommendation,
)
from .services.computed import with_implementation

__all__ = ["BiennialEvaluationSection", "biennial_evaluations_for_report",
           "dwcp_evaluations_for_report", "evaluation_fingerprint", "evaluation_report_snapshot"]

IMPLEMENTATION_COUNTS = ("responses", "accepted", "partially_accepted", "rejected",
                         "to_implement", "completed", "partially", "not_implemented")


@dataclass
class BiennialEvaluationSection:
    """What the biennial report says of evaluation: the evaluations completed (approved or
    published) in the biennium, the average rating per criterion of those, the
    implementation of the recommendations of evaluations completed in its two years
    (counts and the rate, per cent), and a few lessons."""

    as_of: dt.date | None
    evaluations: list[Evaluation]
    ratings: list[RatingAverage]
    implementation: dict[str, Any] = field(default_factory=dict)
    lessons: list[Lesson] = field(default_factory=list)


def _completed_between(start: dt.date, end: dt.date) -> Q:
    return (Q(actual_end__gte=start, actual_end__lte=end)
            | Q(actual_end__isnull=True, planned_end__gte=start, planned_end__lte=end))


def biennial_evaluations_for_report(*, snapshot: EvaluationSnapshot | None, biennium: Any,
                                    lessons: int = 3) -> BiennialEvaluationSection:
    """The evaluation section of the biennial report for ``biennium`` (a
    ``programmes.Biennium``), figures from ``snapshot`` (None: never computed)."""
    evaluations = list(
        Evaluation.objects.filter(_completed_between(biennium.start_date, biennium.end_date),
                                  status__in=FINAL)
        .select_related("country", "region").prefetch_related("countries")
        .order_by("actual_end", "title"))
    ratings = list(RatingAverage.objects.filter(snapshot=snapshot, dimension="biennium",
                                                key=biennium.code))
    years = [str(biennium.start_year), str(biennium.start_year + 1)]
    totals = (ImplementationFigure.objects.filter(snapshot=snapshot, dimension="year",
                                                  key__in=years)
              .aggregate(**{name: Sum(name) for name in IMPLEMENTATION_COUNTS}))
    implementation: dict[str, Any] = {name: totals[name] or 0 for name in IMPLEMENTATION_COUNTS}
    implementation["rate"] = (
        (Decimal(implementation["completed"]) * 100 / implementation["to_implement"])
        .quantize(Decimal("0.1")) if implementation["to_implement"] else None)
    # A few lessons, from different evaluations where possible, the most recent first.
    chosen: list[Lesson] = []
    seen: set[int] = set()
    candidates = list(Lesson.objects.filter(evaluation__in=[e.pk for e in evaluations])
                      .select_related("evaluation").order_by("-evaluation__actual_end", "pk")
                      [:50])
    for lesson in candidates:
        if lesson.evaluation_id not in seen and len(chosen) < lessons:
            chosen.append(lesson)
            seen.add(lesson.evaluation_id)
    for lesson in candidates:
        if len(chosen) >= lessons:
            break
        if lesson not in chosen:
            chosen.append(lesson)
    return BiennialEvaluationSection(as_of=snapshot.as_of if snapshot else None,
                                     evaluations=evaluations, ratings=ratings,
                                     implementation=implementation, lessons=chosen)


def dwcp_evaluations_for_report(*, dwcp: Any) -> QuerySet[Evaluation]:
    """The evaluations of a DWCP (of the programme itself, or of one of its CPOs, or
    concerning its CPOs), not cancelled, with their ratings, lessons and recommendations
    (each with its response and ``implementation``)."""
    recommendations = with_implementation(
        Recommendation.objects.select_related("response").prefetch_related("actions"))
    return (Evaluation.objects.filter(Q(dwcp=dwcp) | Q(cpo__dwcp=dwcp)
                                      | Q(cpos__dwcp=dwcp))
            .exclude(status="cancelled").distinct()
            .prefetch_related("ratings", "lessons", "good_practices",
                              Prefetch("recommendations", queryset=recommendations))
            .order_by("planned_end", "title"))


def evaluation_report_snapshot() -> EvaluationSnapshot | None:
    """The evaluation worker's current figures, which the reports print."""
    from .selectors import current_snapshot

    return current_snapshot()


def evaluation_fingerprint() -> dict[str, Any]:
    """A cheap summary that changes whenever evaluation data a report reads changes: the
    current evaluation snapshot and the evaluations, lessons and recommendations."""
    from django.db.models import Count, Max

    snapshot = evaluation_report_snapshot()
    out: dict[str, Any] = {"evaluation_snapshot": None if snapshot is None else
                           {"id": snapshot.pk, "as_of": snapshot.as_of.isoformat()}}
    for model in (Evaluation, Lesson, Recommendation):
        agg = model.objects.aggregate(n=Count("id"), last=Max("updated_at"))
        out[model.__name__] = [agg["n"], agg["last"].isoformat() if agg["last"] else None]
    return out
