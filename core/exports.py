"""Spreadsheet exports that cannot carry a formula in (CSV/formula injection, OWASP): text
a user typed — a CPO code or title, an organization's name — that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return would run as a formula when the file is opened.
Every export writes its cells through these two functions; numbers are left as they are.

- xlsx (openpyxl): the cell is stored as text, never as a formula, so its value stays
  exactly what was typed;
- CSV: the text is prefixed with an apostrophe, which spreadsheets read as "this is text"
  (a CSV has no cell types). A number written as text ("-5", "-1,234.50", "+3 %", as
  ``core.numbers`` prints it) is left alone: it cannot run, and a prefix would turn a
  negative figure into text.

List pages export what they show through :class:`ListExport` (a list of :class:`Column`),
which ``core.pages.list_page`` answers ``?export=csv`` / ``?export=xlsx`` with.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .numbers import rounded

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A signed number with group / decimal separators (comma, point, space, no-break spaces) and
# an optional per cent sign: nothing a spreadsheet could evaluate.
_NUMBER = re.compile(r"[+-]?\d+(?:[.,\u00a0\u202f ]\d+)*(?: ?%)?")


def is_formula_like(value: Any) -> bool:
    return (isinstance(value, str) and value.startswith(FORMULA_STARTS)
            and not _NUMBER.fullmatch(value))


def csv_cell(value: Any) -> Any:
    """``value`` as a CSV cell: formula-like text prefixed with an apostrophe."""
    return "'" + value if is_formula_like(value) else value


def append_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """Appends a row to an openpyxl sheet, formula-like text kept as text."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if is_formula_like(cell.value):
            cell.data_type = TYPE_STRING


# --- list pages exported (core.pages.list_page's ``export``) --------------------------------

EXPORT_PARAM = "export"
EXPORT_FORMATS = ("csv", "xlsx")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DATE_FORMAT = "yyyy-mm-dd"
_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


@dataclass(frozen=True)
class Column:
    """One column of a list page's export: its ``header`` (a lazily translated string, written
    in the language of the request) and the ``value`` of a row — a dotted path read as a
    template does (``"country.label"``, ``"get_status_display"``: each step an attribute,
    called when callable, ``None`` along the way gives an empty cell) or a function of the
    row. Values are typed cells: numbers stay numbers, dates dates, yes/no "Yes"/"No", other
    objects their text. ``places``: the decimals the page shows a figure with (the CSV
    rounds it so, core.numbers; the xlsx keeps it exact with that number format)."""

    header: StrOrPromise
    value: str | Callable[[Any], Any]
    places: int | None = None

    def of(self, row: Any) -> Any:
        if callable(self.value):
            return self.value(row)
        value = row
        for step in self.value.split("."):
            if value is None:
                return None
            value = getattr(value, step, None)
            if callable(value):
                value = value()
        return value


@dataclass(frozen=True)
class ListExport:
    """What a list page exports: every row of its filtered list (not one page), as
    ``<name>-<date>.csv`` or ``.xlsx``, with ``columns``."""

    name: str
    columns: Sequence[Column]

    def response(self, rows: Iterable[Any], file_format: str) -> HttpResponse:
        """The rows as an attachment in ``file_format`` ("csv" or "xlsx")."""
        stem = f"{self.name}-{timezone.localdate().isoformat()}"
        if file_format == "xlsx":
            response = HttpResponse(self.xlsx_bytes(rows), content_type=XLSX_CONTENT_TYPE)
        else:
            response = HttpResponse(self.csv_bytes(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}.{file_format}"'
        return response

    def headers(self) -> list[str]:
        return [str(column.header) for column in self.columns]

    def csv_bytes(self, rows: Iterable[Any]) -> bytes:
        """UTF-8 with a byte order mark (spreadsheets then read accents right); numbers with
        a point and no separators, dates ISO 8601, formula-like text neutralized."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([csv_cell(header) for header in self.headers()])
        for row in rows:
            writer.writerow([_csv_value(_plain(column.of(row)), column.places)
                             for column in self.columns])
        return buffer.getvalue().encode("utf-8-sig")

    def xlsx_bytes(self, rows: Iterable[Any]) -> bytes:
        """One sheet: the header row (bold, frozen), then a row per record with typed cells."""
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = self.name[:31]
        append_row(sheet, self.headers())
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        widths = [len(header) for header in self.headers()]
        for row in rows:
            values = [_xlsx_value(_plain(column.of(row))) for column in self.columns]
            append_row(sheet, values)
            for index, (cell, column) in enumerate(
                    zip(sheet[sheet.max_row], self.columns, strict=True)):
                value = cell.value
                if isinstance(value, dt.datetime):
                    cell.number_format = _DATETIME_FORMAT
                elif isinstance(value, dt.date):
                    cell.number_format = _DATE_FORMAT
                elif column.places is not None and isinstance(value, (int, float, Decimal)):
                    cell.number_format = "0" if column.places == 0 else \
                        "0." + "0" * column.places
                widths[index] = max(widths[index], len(str(value)) if value is not None else 0)
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8), 60) + 2
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def _plain(value: Any) -> Any:
    """A cell's value: None, a number, a date or text."""
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if value is None or isinstance(value, (str, int, float, Decimal, dt.date)):
        return value
    return str(value)  # a lazy translation, a model (its __str__)


def _csv_value(value: Any, places: int | None) -> Any:
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)):
        number = rounded(value, places) if places is not None else value
        return format(number, "f") if isinstance(number, Decimal) else number
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") \
            if timezone.is_aware(value) else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return csv_cell(value)


def _xlsx_value(value: Any) -> Any:
    # A spreadsheet has no time zones: a moment is written in the server's local time.
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)
    return value


def export_urls(query: QueryDict) -> dict[str, str]:
    """The addresses of a list page's exports, keeping its filters (not its page number)."""
    params = query.copy()
    params.pop("page", None)
    urls = {}
    for file_format in EXPORT_FORMATS:
        params[EXPORT_PARAM] = file_format
        urls[file_format] = "?" + params.urlencode()
    return urls
