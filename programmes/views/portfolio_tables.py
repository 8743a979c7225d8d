"""Pages of the development cooperation statistical tables ("Development cooperation in
figures"): an index and one page per table, each captioned with its periods and the "as of"
date of the worker's figures, each downloadable as xlsx. The periods compared are chosen on
the page (``?first=2016-2019&second=2020-2023``) or default to the last two four-year periods
with data (``programmes.selectors.portfolio_figures.default_periods``)."""
from __future__ import annotations

import io
import re
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from core.exports import append_row
from programmes.selectors import portfolio_figures as selectors
from programmes.selectors.portfolio_figures import Grid, Kind, Period

INVALID_TITLE = re.compile(r"[\\/*?:\[\]]")  # characters a sheet title may not hold
NUMBER_FORMATS = {Kind.MONEY: "#,##0", Kind.COUNT: "#,##0", Kind.SHARE: "0.0",
                  Kind.CHANGE: "+0.0;-0.0;0.0"}


class PeriodsForm(forms.Form):
    first = forms.CharField(label=gettext_lazy("First period"), required=False, max_length=20,
                            help_text=gettext_lazy("e.g. 2016-2019"))
    second = forms.CharField(label=gettext_lazy("Second period"), required=False,
                             max_length=20, help_text=gettext_lazy("e.g. 2020-2023"))

    def _period(self, name: str) -> Period | None:
        text = self.cleaned_data.get(name, "")
        if not text:
            return None
        period = selectors.parse_period(text)
        if period is None:
            raise forms.ValidationError(
                _("Write a period as its first and last years, e.g. 2016-2019."))
        return period

    def clean_first(self) -> Period | None:
        return self._period("first")

    def clean_second(self) -> Period | None:
        return self._period("second")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("first"), data.get("second")
        if first and second and first.end >= second.start:
            self.add_error("second", _("The second period must start after the first ends."))
        return data


def _allowed(request: HttpRequest) -> None:
    if not selectors.may_view(request.user):
        raise PermissionDenied(_("You may not see the development cooperation figures."))


def _periods(request: HttpRequest, snapshot: Any) -> tuple[PeriodsForm, Period | None,
                                                           Period | None]:
    first, second = selectors.default_periods(snapshot)
    form = PeriodsForm(request.GET or None)
    if form.is_bound and form.is_valid():
        first = form.cleaned_data.get("first") or first
        second = form.cleaned_data.get("second") or second
        if first and second and first.end >= second.start:
            first = None
    elif not form.is_bound:
        form = PeriodsForm(initial={"first": first.code if first else "",
                                    "second": second.code if second else ""})
    return form, first, second


@login_required
def portfolio_index_view(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    snapshot = selectors.current_snapshot()
    first, second = selectors.default_periods(snapshot)
    pages = [{"slug": slug, "title": title, "source": source}
             for slug, (title, source, _builders) in selectors.TABLES.items()]
    return render(request, "programmes/portfolio_tables/index.html", {
        "snapshot": snapshot, "pages": pages, "first": first, "second": second})


def _grids(request: HttpRequest, slug: str) -> tuple[Any, PeriodsForm, list[Grid]]:
    _allowed(request)
    if slug not in selectors.TABLES:
        raise Http404(_("There is no such table."))
    snapshot = selectors.current_snapshot()
    form, first, second = _periods(request, snapshot)
    grids = selectors.grid(slug, snapshot, first, second) if snapshot else []
    return snapshot, form, grids


@login_required
def portfolio_table_view(request: HttpRequest, slug: str) -> HttpResponse:
    snapshot, form, grids = _grids(request, slug)
    title, source, _builders = selectors.TABLES[slug]
    return render(request, "programmes/portfolio_tables/table.html", {
        "snapshot": snapshot, "form": form, "grids": grids, "title": title, "source": source,
        "slug": slug, "query": request.GET.urlencode()})


def workbook(grids: list[Grid]) -> bytes:
    """The grids as an xlsx, one sheet each: caption, header, rows, total, note; figures
    exact, shown as the page rounds them (number formats)."""
    book = Workbook()
    book.remove(book.active)
    for index, grid in enumerate(grids, start=1):
        sheet = book.create_sheet(INVALID_TITLE.sub(" ", f"{index} {grid.title}")[:31])
        append_row(sheet, [grid.caption])
        append_row(sheet, [c.label for c in grid.columns])
        rows = [row.cells for row in grid.rows] + ([grid.total] if grid.total else [])
        for cells in rows:
            append_row(sheet, cells)
            for cell, column in zip(sheet[sheet.max_row], grid.columns, strict=False):
                if column.kind in NUMBER_FORMATS and cell.value is not None:
                    cell.number_format = NUMBER_FORMATS[column.kind]
        if grid.note:
            append_row(sheet, [grid.note])
        sheet.column_dimensions["A"].width = 60
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@login_required
def portfolio_table_xlsx_view(request: HttpRequest, slug: str) -> HttpResponse:
    snapshot, _form, grids = _grids(request, slug)
    if snapshot is None:
        raise Http404(_("The development cooperation figures have not been computed yet."))
    response = HttpResponse(
        workbook(grids),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = (
        f'attachment; filename="development-cooperation-{slug}-{snapshot.as_of}.xlsx"')
    return response


urlpatterns = [
    path("figures/", portfolio_index_view, name="portfolio-index"),
    path("figures/<slug:slug>/", portfolio_table_view, name="portfolio-table"),
    path("figures/<slug:slug>/xlsx/", portfolio_table_xlsx_view, name="portfolio-table-xlsx"),
]
