"""Reading a small table from an uploaded file, CSV or Excel, the one way the importers of
reference data do it: the header row names the columns (case, spaces and hyphens do not
matter), every other non-empty row becomes a dict of text cells with its line number. A file
that cannot be read raises :class:`core.errors.ApplicationError` with a sentence; a hostile
workbook (bombs, entities) is refused by defusedxml, which openpyxl uses when installed."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from core.errors import ApplicationError

MAX_ROWS = 5000
MAX_SHEETS = 10  # sheets of a workbook read by read_sheets; more are ignored
MAX_COLUMNS = 100  # cells of a row read; a hostile dimension cannot make rows of 16,384
# What a damaged or hostile workbook raises while it is opened or its sheets are read: not a
# zip, broken or truncated XML, entities (refused by defusedxml, which openpyxl uses when it
# is installed), cells whose value cannot be what their type says (t="d" garbage).
UNREADABLE: tuple[type[BaseException], ...] = (
    ElementTree.ParseError, DefusedXmlException, ValueError, TypeError, KeyError,
    OverflowError, EOFError, OSError, zipfile.BadZipFile, zlib.error, InvalidFileException)


@dataclass
class Row:
    line: int  # as the spreadsheet numbers it: the header is line 1
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


def header_key(name: Any) -> str:
    return re.sub(r"[\s\-]+", "_", str(name or "").strip().casefold().lstrip("\ufeff"))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal | float):
        return format(value, "f")
    return str(value).strip()


def read_rows(file: Any, *, name: str = "") -> tuple[list[str], list[Row]]:
    """The header keys and the non-empty rows of ``file`` (bytes, or a binary file object;
    ``.xlsx`` by its name or content, CSV otherwise, comma, semicolon or tab separated)."""
    data = file.read() if hasattr(file, "read") else file
    name = name or getattr(file, "name", "")
    excel = str(name).lower().endswith(".xlsx") or data[:2] == b"PK"
    raw = _xlsx(data) if excel else _csv(data)
    if not raw:
        raise ApplicationError(_("The file is empty: the first row must name the columns."))
    headers = [header_key(h) for h in raw[0]]
    rows = []
    for line, values in enumerate(raw[1:], start=2):
        if line > MAX_ROWS + 1:
            raise ApplicationError(_("The file has more than %(n)s rows; split it.")
                                   % {"n": MAX_ROWS})
        cells = {h: _text(v) for h, v in zip(headers, values, strict=False) if h}
        if any(cells.values()):
            rows.append(Row(line, cells))
    return headers, rows


def _xlsx(data: bytes) -> list[list[Any]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            return [list(r) for r, _ in zip(sheet.iter_rows(values_only=True),
                                            range(MAX_ROWS + 2), strict=False)]
        finally:
            book.close()
    except UNREADABLE as exc:
        raise ApplicationError(_(
            "The workbook could not be read (%(problem)s): save it again as .xlsx or as CSV.")
            % {"problem": type(exc).__name__}) from exc


def _csv(data: bytes | str) -> list[list[str]]:
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ApplicationError(_("Save the file as CSV in UTF-8 encoding, or as .xlsx.")) \
                from None
    return list(csv.reader(io.StringIO(data), delimiter=sniff_delimiter(data)))


def sniff_delimiter(content: str) -> str:
    """The separator of a CSV text: the comma, semicolon (Excel in many languages) or tab
    its header line holds most of."""
    first = content.splitlines()[0] if content else ""
    return max(",;\t", key=first.count) if first else ","


@dataclass
class Sheet:
    """One sheet of a file: its title (empty for a CSV), header keys and labels as written,
    and its non-empty rows."""

    title: str
    headers: list[str]
    labels: list[str]
    rows: list[Row] = field(default_factory=list)


def _typed_text(value: Any) -> str:
    """A typed workbook cell as text a parser reads in any language: numbers in plain
    machine form (``1234.5``, never ``1234.500000``), dates as ISO dates."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return _text(value)


def _sheet(title: str, raw: list[list[Any]], text: Any = _text) -> Sheet:
    labels = [str(h or "").strip().lstrip("\ufeff") for h in (raw[0] if raw else [])]
    sheet = Sheet(title, [header_key(h) for h in labels], labels)
    for line, values in enumerate(raw[1:], start=2):
        if line > MAX_ROWS + 1:
            raise ApplicationError(_("The file has more than %(n)s rows; split it.")
                                   % {"n": MAX_ROWS})
        cells = {h: text(v) for h, v in zip(sheet.headers, values, strict=False) if h}
        if any(cells.values()):
            sheet.rows.append(Row(line, cells))
    return sheet


def read_sheets(file: Any, *, name: str = "") -> list[Sheet]:
    """Every sheet of ``file`` (bytes or a binary or text file object): a CSV is one sheet
    without a title; a workbook's first :data:`MAX_SHEETS` sheets, :data:`MAX_COLUMNS`
    cells of each row. Typed cells become text any language reads (:func:`_typed_text`).
    An unreadable, hostile or oversized file raises :class:`ApplicationError`."""
    data = file.read() if hasattr(file, "read") else file
    name = name or getattr(file, "name", "")
    if isinstance(data, str):
        return [_sheet("", _csv(data))]
    if not data:
        raise ApplicationError(_("The file is empty: the first row must name the columns."))
    if not (str(name).lower().endswith(".xlsx") or data[:2] == b"PK"):
        return [_sheet("", _csv(data))]
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheets = []
            for ws in book.worksheets[:MAX_SHEETS]:
                raw = [list(r) for r, _ in zip(
                    ws.iter_rows(values_only=True, max_col=MAX_COLUMNS),
                    range(MAX_ROWS + 2), strict=False)]
                sheets.append(_sheet(str(ws.title), raw, _typed_text))
            return sheets
        finally:
            book.close()
    except UNREADABLE as exc:
        raise ApplicationError(_(
            "The workbook could not be read (%(problem)s): save it again as .xlsx or as CSV.")
            % {"problem": type(exc).__name__}) from exc
