"""Reads of evaluations. Every list is narrowed to what the user may read
(:data:`core.policy.READ_EVALUATION`: field staff their countries' evaluations, specialists
those touching their constituent group, managers all) and loads what its pages show with
select_related / prefetch_related, so the number of queries does not grow with the rows.
Computed figures come from the current :class:`EvaluationSnapshot` only.

The lessons and good-practice search uses PostgreSQL full-text search (a weighted
``search_vector`` kept by a trigger, GIN-indexed; ranked; highlighted snippets) and, on
SQLite, a plain case-insensitive search of the same fields."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core import policy, snapshots

from .filters import ActionFilter, EvaluationFilter, LearningFilter, RecommendationFilter
from .models import (
    OPEN_ACTIONS,
    CoverageFigure,
    CoverageFlag,
    CoverageStatus,
    Criterion,
    Evaluation,
    EvaluationSnapshot,
    EvaluationStatus,
    FollowUpAction,
    GoodPractice,
    ImplementationFigure,
    Lesson,
    Rating,
    RatingAverage,
    Recommendation,
)
from .services.computed import with_implementation

if TYPE_CHECKING:
    from core.models import User

__all__ = [
    "coverage_flags", "coverage_table", "current_snapshot", "due_evaluations_for",
    "evaluation_detail", "evaluation_list", "evaluation_map", "follow_up_board", "highlight",
    "implementation_figures", "learning_search", "overdue_actions_for", "overdue_q",
    "rating_averages", "ratings_by_criterion", "recommendation_list",
    "recommendations_to_respond", "search_is_full_text",
]


def current_snapshot() -> EvaluationSnapshot | None:
    """The evaluation figures that pages, the API and reports read (None before the first
    computation)."""
    return snapshots.current_snapshot(EvaluationSnapshot)


def _count(model: type[Any], path: str = "evaluation") -> Coalesce:
    rows = (model.objects.filter(**{path: OuterRef("pk")}).order_by().values(path)
            .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


# --- evaluations ----------------------------------------------------------------------------

def evaluation_list(*, user: User | None, filters: Mapping[str, Any] | None = None
                    ) -> QuerySet[Evaluation]:
    """The evaluations ``user`` may read, filtered by :class:`EvaluationFilter` (``filters``:
    the query string), with their counts of ratings, lessons, good practices and
    recommendations (``rating_count`` …)."""
    qs: QuerySet[Evaluation] = policy.READ_EVALUATION.filter(
        user, Evaluation.objects.select_related(
        "country__region", "region", "project", "dwcp", "cpo", "intervention", "manager"))
    qs = qs.annotate(rating_count=_count(Rating), lesson_count=_count(Lesson),
                     good_practice_count=_count(GoodPractice),
                     recommendation_count=_count(Recommendation))
    if filters:
        qs = EvaluationFilter(filters, queryset=qs).qs
    return qs


def evaluation_detail(*, user: User | None, pk: int) -> Evaluation:
    """One evaluation with everything its page shows: team, ratings, lessons, good
    practices, recommendations with their response and actions (each annotated with its
    ``implementation``), what it covers and its status changes. Raises
    ``Evaluation.DoesNotExist`` when out of the user's sight."""
    recommendations = with_implementation(
        Recommendation.objects.select_related("response__submitted_by")
        .prefetch_related("addressee_constituents",
                          Prefetch("actions", queryset=actions_with_owner())))
    return (evaluation_list(user=user)
            .prefetch_related(
                "evaluators", "ratings", "countries", "regions", "pb_outcomes__framework",
                "cpos", "sdg_targets", "status_changes__changed_by",
                Prefetch("lessons", queryset=Lesson.objects.select_related(
                    "country", "region", "pb_outcome")),
                Prefetch("good_practices", queryset=GoodPractice.objects.select_related(
                    "country", "region", "pb_outcome")),
                Prefetch("recommendations", queryset=recommendations))
            .get(pk=pk))


@dataclass(frozen=True)
class CriterionRating:
    criterion: str
    label: str
    score: int | None
    score_label: str
    justification: str


def ratings_by_criterion(evaluation: Evaluation) -> list[CriterionRating]:
    """The evaluation's ratings in the criteria's order (OECD DAC, then the ILO's
    cross-cutting concerns), ``score=None`` where not rated: the chart's bars. Uses the
    prefetched ratings."""
    given = {r.criterion: r for r in evaluation.ratings.all()}
    rows = []
    for criterion in Criterion:
        rating = given.get(criterion.value)
        rows.append(CriterionRating(
            criterion=criterion.value, label=str(criterion.label),
            score=rating.score if rating else None,
            score_label=rating.get_score_display() if rating else "",
            justification=rating.justification if rating else ""))
    return rows


def evaluation_map(*, user: User | None, filters: Mapping[str, Any] | None = None
                   ) -> list[dict[str, Any]]:
    """Per country covered: ``iso3``, ``iso_numeric``, ``name`` and ``evaluation_count``, the
    number of evaluations the user may read (the map's data), counted in SQL."""
    evaluations = evaluation_list(user=user, filters=filters).values("pk")
    from constituents.models import Country

    return list(Country.objects.filter(evaluations__in=evaluations)
                .values("iso3", "iso_numeric", "name")
                .annotate(evaluation_count=Count("evaluations", distinct=True))
                .order_by("name"))


# --- lessons and good practices -------------------------------------------------------------

# Marks around the matched words in a snippet; escaped text never contains them.
_START, _STOP = "\x01", "\x02"


def search_is_full_text() -> bool:
    return connection.vendor == "postgresql"


def learning_search(*, user: User | None, model: type[Lesson] | type[GoodPractice] = Lesson,
                    query: str = "", filters: Mapping[str, Any] | None = None
                    ) -> QuerySet[Any]:
    """Lessons (or good practices: ``model=GoodPractice``) of evaluations the user may read
    (cancelled ones left out), filtered by :class:`LearningFilter` and matching ``query``:
    on PostgreSQL by full-text search (web-search syntax: words, "phrases", ``or``,
    ``-word``), ranked (``rank``) with a ``headline`` of the matched words (show it with
    :func:`highlight`); elsewhere by a plain search of the same fields (``rank`` 0,
    ``headline`` empty). Without a query: newest evaluations first."""
    qs: QuerySet[Any] = policy.READ_EVALUATION.filter(user, model.objects.select_related(
        "evaluation__country", "country", "region", "pb_outcome")
        .exclude(evaluation__status=EvaluationStatus.CANCELLED))
    if filters:
        qs = LearningFilter(filters, queryset=qs).qs
    found: QuerySet[Any]
    query = (query or "").strip()
    if not query:
        found = qs.annotate(rank=Value(0.0, output_field=FloatField()),
                            headline=Value("")).order_by("-evaluation__planned_end", "pk")
        return found
    if search_is_full_text():
        search = SearchQuery(query, search_type="websearch", config="english")
        text = Concat("description", Value(" "), "context", Value(" "), "causal_factors",
                      output_field=TextField())
        found = (qs.filter(search_vector=search)
                 .annotate(rank=SearchRank(F("search_vector"), search),
                           headline=SearchHeadline(text, search, config="english",
                                                   start_sel=_START, stop_sel=_STOP,
                                                   max_fragments=2, max_words=30,
                                                   min_words=12))
                 .order_by("-rank", "pk"))
        return found
    words = Q()
    for name in ("title", "description", "context", "causal_factors", "users"):
        words |= Q(**{f"{name}__icontains": query})
    found = (qs.filter(words).annotate(rank=Value(0.0, output_field=FloatField()),
                                       headline=Value(""))
             .order_by("-evaluation__planned_end", "pk"))
    return found


def highlight(headline: str) -> SafeString:
    """A search snippet as HTML: the text escaped, the matched words in ``<mark>``."""
    html = escape(headline or "").replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our marks become tags


# --- recommendations and follow-up ----------------------------------------------------------

def overdue_q(today: dt.date | None = None, path: str = "") -> Q:
    """Actions still open past their due date (``path``: from the model to the action)."""
    today = today or timezone.localdate()
    return Q(**{f"{path}status__in": OPEN_ACTIONS, f"{path}due_date__lt": today})


def with_overdue(actions: QuerySet[FollowUpAction]) -> QuerySet[FollowUpAction]:
    """``actions`` with ``is_overdue`` (still open past the due date), as every list and every
    recommendation's actions show it."""
    return actions.annotate(is_overdue=ExpressionWrapper(overdue_q(),
                                                         output_field=BooleanField()))


def actions_with_owner() -> QuerySet[FollowUpAction]:
    """A recommendation's actions as they are shown under it (prefetched)."""
    return with_overdue(FollowUpAction.objects.select_related("owner"))


def with_overdue_actions(recommendations: QuerySet[Recommendation]
                         ) -> QuerySet[Recommendation]:
    """``recommendations`` with ``overdue_actions``, the number of their actions still open
    past the due date (one subquery)."""
    overdue = (FollowUpAction.objects.filter(overdue_q(), recommendation=OuterRef("pk"))
               .order_by().values("recommendation").annotate(n=Count("pk")).values("n"))
    return recommendations.annotate(
        overdue_actions=Coalesce(Subquery(overdue, output_field=IntegerField()), 0))


def recommendation_list(*, user: User | None, filters: Mapping[str, Any] | None = None
                        ) -> QuerySet[Recommendation]:
    """Recommendations of the evaluations the user may read, with their response, actions
    and ``implementation`` (:func:`evaluation.services.computed.with_implementation`), and
    ``overdue_actions``, filtered by :class:`RecommendationFilter`."""
    qs = policy.READ_EVALUATION.filter(user, with_implementation(
        Recommendation.objects.select_related("evaluation__country", "evaluation__region",
                                              "response")
        .prefetch_related(Prefetch("actions", queryset=actions_with_owner()))
        .exclude(evaluation__status=EvaluationStatus.CANCELLED)))
    qs = with_overdue_actions(qs)
    if filters:
        qs = RecommendationFilter(filters, queryset=qs).qs
    result: QuerySet[Recommendation] = qs.order_by("evaluation__planned_end",
                                                   "evaluation_id", "number")
    return result


def recommendations_to_respond(*, user: User | None) -> QuerySet[Recommendation]:
    """Recommendations addressed to the user (their unit) still without a submitted
    response, oldest evaluation first (home page, follow-up board)."""
    return policy.RESPOND_TO_RECOMMENDATION.filter(
        user, Recommendation.objects.select_related("evaluation__country", "response")
        .filter(Q(response__isnull=True) | Q(response__submitted_at__isnull=True))
        .exclude(evaluation__status__in=(EvaluationStatus.CANCELLED,
                                         EvaluationStatus.PLANNED))
    ).order_by("evaluation__planned_end", "evaluation_id", "number")


def follow_up_board(*, user: User | None, filters: Mapping[str, Any] | None = None
                    ) -> QuerySet[FollowUpAction]:
    """Follow-up actions of the evaluations the user may read, with ``is_overdue``, those
    due first; filtered by :class:`ActionFilter` (``overdue=true``: only overdue ones). The
    manager's follow-up table."""
    qs = policy.READ_EVALUATION.filter(user, FollowUpAction.objects.select_related(
        "owner", "recommendation__evaluation__country", "recommendation__response")
        .exclude(recommendation__evaluation__status=EvaluationStatus.CANCELLED))
    qs = with_overdue(qs)
    if filters:
        qs = ActionFilter(filters, queryset=qs).qs
    board: QuerySet[FollowUpAction] = qs.order_by("due_date", "pk")
    return board


def overdue_actions_for(*, user: User) -> QuerySet[FollowUpAction]:
    """The user's own actions past their due date (their home page)."""
    return (FollowUpAction.objects.filter(overdue_q(), owner=user)
            .exclude(recommendation__evaluation__status=EvaluationStatus.CANCELLED)
            .select_related("recommendation__evaluation").order_by("due_date", "pk"))


# --- coverage and the computed figures ------------------------------------------------------

ATTENTION = (CoverageStatus.OVERDUE, CoverageStatus.MISSING, CoverageStatus.DUE)


def coverage_flags(*, user: User | None, statuses: Any = None, region: str | None = None,
                   year: int | None = None) -> QuerySet[CoverageFlag]:
    """The required evaluations of the current snapshot in the user's sight (by country),
    optionally of some statuses, a region (code) and a year due."""
    qs = policy.visible(user, CoverageFlag.objects.filter(snapshot__is_current=True)
                        .select_related("rule", "project", "dwcp", "country", "region",
                                        "evaluation"))
    if statuses:
        qs = qs.filter(status__in=list(statuses))
    if region:
        qs = qs.filter(region__code=region)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("due_date", "pk")


def due_evaluations_for(*, user: User) -> QuerySet[CoverageFlag]:
    """For a field officer's home page: the required evaluations of their countries that are
    overdue, missing or due (field staff only; an empty list for others)."""
    qs = coverage_flags(user=user, statuses=ATTENTION)
    return qs if policy.country_bound(user) else qs.none()


def coverage_table(*, snapshot: EvaluationSnapshot | None = None) -> QuerySet[CoverageFigure]:
    """Coverage by region (``region`` None: all regions) and year of the current snapshot:
    the manager's coverage table."""
    snapshot = snapshot or current_snapshot()
    return (CoverageFigure.objects.filter(snapshot=snapshot).select_related("region")
            .order_by("year", F("region__name").asc(nulls_last=True)))


def implementation_figures(*, dimension: str | None = None,
                           snapshot: EvaluationSnapshot | None = None
                           ) -> QuerySet[ImplementationFigure]:
    """The implementation of recommendations of the current snapshot, by ``dimension``
    (:class:`Dimension`: all, unit, region, type, year) or every dimension."""
    snapshot = snapshot or current_snapshot()
    qs = ImplementationFigure.objects.filter(snapshot=snapshot)
    return qs.filter(dimension=dimension) if dimension else qs


def rating_averages(*, dimension: str | None = None,
                    snapshot: EvaluationSnapshot | None = None) -> QuerySet[RatingAverage]:
    """Average ratings per criterion of the current snapshot, by ``dimension`` (all, region,
    type, biennium) or every dimension."""
    snapshot = snapshot or current_snapshot()
    qs = RatingAverage.objects.filter(snapshot=snapshot)
    return qs.filter(dimension=dimension) if dimension else qs


