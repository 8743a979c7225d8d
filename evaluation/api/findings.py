"""What evaluations found: ratings, lessons learned and emerging good practices."""
from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from rest_framework.serializers import BaseSerializer

from core.api import route, split_reason
from core.filters import IdFilter

from .. import selectors
from ..filters import LearningFilter
from ..models import (
    GoodPractice,
    Lesson,
    Rating,
)
from ..serializers import (
    GoodPracticeSerializer,
    LessonSerializer,
    RatingSerializer,
)
from ..services import findings as finding_services
from ._common import (
    _caller,
    _EvaluationRecords,
)

# --- findings ---------------------------------------------------------------------------------

class RatingFilter(django_filters.FilterSet):
    class Meta:
        model = Rating
        fields = ["evaluation", "criterion", "score"]


@route("evaluation-ratings", "evaluation-rating")
class RatingViewSet(_EvaluationRecords):
    """Ratings on the OECD DAC criteria and the ILO's cross-cutting concerns, on the
    six-point scale (1 highly unsatisfactory … 6 highly satisfactory), each with its
    justification; one per criterion (recording a rated criterion again changes it). Once
    the evaluation has started and not once cancelled; once published, with a `reason`.
    Filters: `evaluation`, `criterion`, `score`."""

    queryset = Rating.objects.order_by("evaluation", "criterion", "pk")
    serializer_class = RatingSerializer
    filterset_class = RatingFilter
    entity = "rating"

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        data, reason = split_reason(serializer)
        serializer.instance = self.saved(finding_services.rating_set(
            user=_caller(self.request), evaluation=data["evaluation"],
            criterion=data["criterion"], score=data["score"],
            justification=data["justification"], reason=reason))

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        data, reason = split_reason(serializer)
        rating: Any = serializer.instance
        serializer.instance = self.saved(finding_services.rating_set(
            user=_caller(self.request), evaluation=rating.evaluation, criterion=rating.criterion,
            score=data.get("score", rating.score),
            justification=data.get("justification", rating.justification), reason=reason))


class LessonApiFilter(LearningFilter):
    q = django_filters.CharFilter(
        method="search", label="Search: words, \"phrases\", `or`, `-word` (full-text search, "
                               "ranked, on PostgreSQL)")
    evaluation = IdFilter(field_name="evaluation_id", label="Evaluation id")

    class Meta(LearningFilter.Meta):
        model = Lesson
        fields = ["q", "evaluation", *LearningFilter.Meta.fields]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset  # the viewset searches (selectors.learning_search)


class GoodPracticeApiFilter(LessonApiFilter):
    class Meta(LessonApiFilter.Meta):
        model = GoodPractice  # type: ignore[assignment]


class _Learning(_EvaluationRecords):
    model: type[Lesson] | type[GoodPractice]

    def get_base_queryset(self) -> QuerySet[Any]:
        return self.model.objects.select_related("evaluation", "country", "region",
                                                 "pb_outcome").order_by("evaluation", "pk")

    def get_queryset(self) -> QuerySet[Any]:
        if self.action == "list":
            return selectors.learning_search(user=_caller(self.request), model=self.model,
                                             query=self.request.query_params.get("q", ""))
        return super().get_queryset()

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        data, reason = split_reason(serializer)
        evaluation = data.pop("evaluation")
        serializer.instance = self.saved(self.service("create")(
            user=_caller(self.request), evaluation=evaluation, data=data, reason=reason))


@route("evaluation-lessons", "evaluation-lesson")
class LessonViewSet(_Learning):
    """Lessons learned, across every evaluation the caller may read (cancelled ones left
    out of the list). `q` searches them: on PostgreSQL by full-text search (stemmed words,
    "phrases", `or`, `-word`), ranked (`rank`), with `snippet`, the matched words in context;
    elsewhere a plain search. Recorded by whoever manages the evaluation, once it has
    started. Filters: `q`, `evaluation`, `theme`, `constituent_group`, `capacity_level`,
    `country`, `region`, `type` (of the evaluation), `year` (of its completion)."""

    queryset = Lesson.objects.all()
    model = Lesson
    serializer_class = LessonSerializer
    filterset_class = LessonApiFilter
    entity = "lesson"


@route("evaluation-good-practices", "evaluation-good-practice")
class GoodPracticeViewSet(_Learning):
    """Emerging good practices, with their potential for replication; searched and
    filtered as the lessons (`q`, `evaluation`, `theme`, `constituent_group`,
    `capacity_level`, `country`, `region`, `type`, `year`)."""

    queryset = GoodPractice.objects.all()
    model = GoodPractice
    serializer_class = GoodPracticeSerializer
    filterset_class = GoodPracticeApiFilter
    entity = "good_practice"
    instance_kw = "practice"
