"""Coverage rules and flags, and the figures the worker computed (read-only)."""
from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from rest_framework import viewsets

from core.api import route

from .. import selectors
from ..models import (
    CoverageFigure,
    CoverageFlag,
    CoverageRule,
    CoverageStatus,
    Criterion,
    ImplementationFigure,
    RatingAverage,
)
from ..models.computed import Dimension
from ..serializers import (
    CoverageFigureSerializer,
    CoverageFlagSerializer,
    CoverageRuleSerializer,
    ImplementationFigureSerializer,
    RatingAverageSerializer,
)
from ._common import (
    MonitorsEvaluations,
    SignedIn,
    _caller,
)

# --- coverage rules and flags -----------------------------------------------------------------

@route("evaluation-coverage-rules", "evaluation-coverage-rule")
class CoverageRuleViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """The rules of the evaluation plan, held as data (administrators change them in the
    admin site): which projects and DWCPs need which evaluation, and when it is due.
    Filters: `subject_kind`, `is_active`."""

    queryset = CoverageRule.objects.order_by("subject_kind", "code")
    serializer_class = CoverageRuleSerializer
    permission_classes = [SignedIn]
    filterset_fields = ["subject_kind", "is_active"]


class CoverageFlagFilter(django_filters.FilterSet):
    country = django_filters.CharFilter(field_name="country__iso3", lookup_expr="iexact",
                                        label="Country (ISO3)")
    region = django_filters.CharFilter(field_name="region__code", lookup_expr="iexact",
                                       label="Region code")
    rule = django_filters.CharFilter(field_name="rule__code", label="Rule code")
    status = django_filters.MultipleChoiceFilter(choices=CoverageStatus.choices,
                                                 label="Status (repeatable)")
    subject_kind = django_filters.ChoiceFilter(
        choices=[(k.value, k.label) for k in CoverageRule.SUBJECTS])

    class Meta:
        model = CoverageFlag
        fields = ["country", "region", "year", "status", "rule", "subject_kind", "project",
                  "dwcp"]


@route("evaluation-coverage-flags", "evaluation-coverage-flag")
class CoverageFlagViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """The required evaluations (a rule applied to a project or DWCP) of the current
    snapshot and where each stands: done, overdue, due, missing, scheduled or upcoming, with
    the evaluation that meets it. Field staff see their countries'. Filters: `country`,
    `region`, `year` (due), `status` (repeatable), `rule`, `subject_kind`, `project`,
    `dwcp`."""

    queryset = CoverageFlag.objects.all()
    serializer_class = CoverageFlagSerializer
    permission_classes = [SignedIn]
    filterset_class = CoverageFlagFilter

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.coverage_flags(user=_caller(self.request)).select_related("snapshot")


# --- the computed figures ---------------------------------------------------------------------

class _CurrentFigures(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    permission_classes = [MonitorsEvaluations]
    related: tuple[str, ...] = ()
    order: tuple[str, ...] = ("pk",)

    def get_queryset(self) -> QuerySet[Any]:
        model: Any = self.queryset.model  # type: ignore[union-attr]
        return (model.objects.filter(snapshot__is_current=True)
                .select_related("snapshot", *self.related).order_by(*self.order))


class CoverageFigureFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(method="filter_region",
                                       label="Region code; `all` for all regions together")

    class Meta:
        model = CoverageFigure
        fields = ["region", "year"]

    def filter_region(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value.lower() == "all":
            return queryset.filter(region__isnull=True)
        return queryset.filter(region__code__iexact=value)


@route("evaluation-coverage", "evaluation-coverage")
class CoverageFigureViewSet(_CurrentFigures):
    """Evaluation coverage by region (empty: all regions) and year due: required
    evaluations, how many are done, and the count of each status, with the share done (per
    cent). Current snapshot; `as_of` is its date. Filters: `region` (`all`: all regions
    together), `year`."""

    queryset = CoverageFigure.objects.all()
    order = ("year", "region__name", "pk")
    serializer_class = CoverageFigureSerializer
    filterset_class = CoverageFigureFilter
    related = ("region",)


class _ByDimension(django_filters.FilterSet):
    dimension = django_filters.ChoiceFilter(choices=Dimension.choices,
                                            label="What the figure is broken down by")
    key = django_filters.CharFilter(label="The dimension's value (region code, addressee "
                                          "unit, evaluation type, year, biennium code; "
                                          "empty for all)")


class ImplementationFilter(_ByDimension):
    class Meta:
        model = ImplementationFigure
        fields = ["dimension", "key"]


class RatingAverageFilter(_ByDimension):
    criterion = django_filters.ChoiceFilter(choices=Criterion.choices)

    class Meta:
        model = RatingAverage
        fields = ["dimension", "key", "criterion"]


@route("evaluation-implementation", "evaluation-implementation")
class ImplementationFigureViewSet(_CurrentFigures):
    """Implementation of recommendations with a submitted management response (evaluations
    not cancelled), overall (`dimension` all) and by addressee unit, region, evaluation type
    and year of completion: responses by decision, recommendations to implement (accepted and
    partially accepted), completed / partially / not implemented, and the `rate` (completed
    share of those to implement, per cent). Current snapshot. Filters: `dimension`, `key`."""

    queryset = ImplementationFigure.objects.all()
    order = ("dimension", "key", "pk")
    serializer_class = ImplementationFigureSerializer
    filterset_class = ImplementationFilter


@route("evaluation-rating-averages", "evaluation-rating-average")
class RatingAverageViewSet(_CurrentFigures):
    """Average rating per criterion over approved and published evaluations, overall
    (`dimension` all) and by region, evaluation type and biennium of completion, with the
    number of ratings behind it. Current snapshot. Filters: `dimension`, `key`,
    `criterion`."""

    queryset = RatingAverage.objects.all()
    order = ("dimension", "key", "criterion", "pk")
    serializer_class = RatingAverageSerializer
    filterset_class = RatingAverageFilter

