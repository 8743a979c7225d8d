"""API of the development cooperation statistical tables, read-only: ``/api/v1/portfolio-
figures/`` lists the tables with the "as of" date and the default periods;
``/api/v1/portfolio-figures/<table>/?first=2016-2019&second=2020-2023`` gives a table's grids
(caption, columns, rows, total, note) as the page and its xlsx show them, figures exact."""
from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from core import api
from programmes.selectors import portfolio_figures as selectors
from programmes.selectors.portfolio_figures import Grid, Period


def _period(text: str | None) -> Period | None:
    return selectors.parse_period(text) if text else None


def _grid(grid: Grid) -> dict[str, Any]:
    return {"slug": grid.slug, "title": grid.title, "caption": grid.caption,
            "columns": [{"label": c.label, "kind": c.kind} for c in grid.columns],
            "rows": [{"cells": r.cells, "group": r.group} for r in grid.rows],
            "total": grid.total, "note": grid.note}


def _snapshot(snapshot: Any) -> dict[str, Any] | None:
    if snapshot is None:
        return None
    first, second = selectors.default_periods(snapshot)
    return {"as_of": snapshot.as_of, "first_year": snapshot.first_year,
            "last_year": snapshot.last_year,
            "default_periods": [p.code for p in (first, second) if p is not None]}


class TableSerializer(serializers.Serializer):  # type: ignore[type-arg]  # for the schema
    slug = serializers.CharField()
    title = serializers.CharField()


PERIODS = [OpenApiParameter("first", str, description="First period, e.g. 2016-2019"),
           OpenApiParameter("second", str, description="Second period, e.g. 2020-2023")]


@api.route("portfolio-figures", "portfolio-figures")
class PortfolioFigureViewSet(viewsets.ViewSet):
    lookup_field = "slug"
    lookup_value_regex = "[a-z-]+"

    def _check(self, request: Request) -> None:
        if not selectors.may_view(request.user):
            raise PermissionDenied()

    @extend_schema(responses=OpenApiTypes.OBJECT, operation_id="portfolio_figures_list",
                   summary="The development cooperation tables and the figures' date")
    def list(self, request: Request) -> Response:
        self._check(request)
        snapshot = selectors.current_snapshot()
        return Response({"snapshot": _snapshot(snapshot),
                         "tables": [{"slug": slug, "title": str(title), "source": source}
                                    for slug, (title, source, _b) in selectors.TABLES.items()]})

    @extend_schema(parameters=PERIODS, responses=OpenApiTypes.OBJECT,
                   summary="One development cooperation table, for two periods")
    def retrieve(self, request: Request, slug: str | None = None) -> Response:
        self._check(request)
        if slug not in selectors.TABLES:
            from django.http import Http404

            raise Http404
        snapshot = selectors.current_snapshot()
        first, second = selectors.default_periods(snapshot)
        errors: dict[str, list[str]] = {}
        for name in ("first", "second"):
            text = request.query_params.get(name)
            if text:
                period = _period(text)
                if period is None:
                    errors[name] = [_("Write a period as its first and last years, e.g. "
                                      "2016-2019.")]
                elif name == "first":
                    first = period
                else:
                    second = period
        if not errors and first and second and first.end >= second.start:
            errors["second"] = [_("The second period must start after the first ends.")]
        if errors:
            raise ValidationError(errors)
        grids = selectors.grid(slug, snapshot, first, second) if snapshot else []
        return Response({"snapshot": _snapshot(snapshot),
                         "periods": [p.code if p else None for p in (first, second)],
                         "grids": [_grid(g) for g in grids]})


register = api.registrar(PortfolioFigureViewSet)
