"""Importing records from a spreadsheet, the one shape every list import follows
(constituents, projects with their funding by year, participant lists; docs/spreadsheets.md):

* an :class:`ImportSpec` names the sheets and their :class:`Column` s: a key, a header in the
  user's language (accepted in English, French and Spanish, as is the key), what the column
  holds and which values it allows (the template's "Read me" sheet says it);
* :func:`import_run` reads the file (CSV or .xlsx, :func:`core.tables.read_sheets`), checks
  every cell of every row (:class:`RowReader`: numbers in the user's decimal convention,
  dates, choices by value or label in any language), then writes each row through the app's
  services in a savepoint of ONE transaction, so the services' rules, the policy, the history
  (who, when and the reason "Imported from <file>") and the recompute triggers apply. Every
  problem becomes a :class:`RowError` (sheet, line, column, sentence); if there is any, or on a
  preview (``apply=False``), the transaction is rolled back: nothing is written;
* an app subclasses :class:`Importer` (``parse`` a row into values, ``write`` them and say
  whether the row created, updated or left a record unchanged);
* the page (:func:`import_page`): upload → preview of what each row will do, or of every row
  error → Apply (the same kept file, all or nothing) or Discard; :func:`template_response`
  hands out the template (header row, one example row, "Read me" sheet).
"""
from __future__ import annotations

import datetime as dt
import io
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from openpyxl import Workbook
from openpyxl.styles import Font

from .errors import ApplicationError
from .exports import append_row, is_formula_like
from .forms import reason_field
from .numbers import format_number, parse_decimal
from .tables import MAX_ROWS, Row, Sheet, header_key, read_sheets
from .uploads import check_upload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_BYTES = 5 * 1024 * 1024
REASON_LENGTH = 100  # the history's change reason column
KEEP_FOR = dt.timedelta(days=1)
FOLDER = "imports"
SHOWN_ROWS = 500  # rows of a preview listed one by one (every error is always listed)
ACTIONS = ("create", "update", "unchanged")


# --- the spec -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # the header, translated (gettext_lazy)
    help: Any = ""  # what the column holds (the template's Read me)
    required: bool = False  # the column must be in the file
    allowed: Any = ""  # the values allowed, for the Read me
    example: Any = ""  # the template's example row
    aliases: tuple[Any, ...] = ()  # other headers accepted, translated (e.g. an export's)


@dataclass(frozen=True)
class SheetSpec:
    key: str
    title: Any  # translated; an .xlsx sheet of this title (in any language) is this sheet
    columns: tuple[Column, ...]
    required: bool = True  # False: the file may leave it out
    help: Any = ""

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)


@dataclass(frozen=True)
class ImportSpec:
    name: str  # the template's file name, without .xlsx
    sheets: tuple[SheetSpec, ...]


def in_languages(text: Any) -> set[str]:
    """``text`` (lazy) in every language of the site."""
    found = {str(text)}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found.add(str(text))
    return found


def choice_map(choices: Iterable[tuple[Any, Any]],
               extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """What a cell may say for each choice: its value or its label in any language
    (case-insensitive), and ``extra`` words."""
    accepted: dict[str, Any] = {}
    for value, label in choices:
        accepted[str(value).casefold()] = value
        for text in in_languages(label):
            accepted.setdefault(text.strip().casefold(), value)
    for word, value in (extra or {}).items():
        accepted.setdefault(word.casefold(), value)
    return accepted


def labels(choices: Iterable[tuple[Any, Any]]) -> str:
    """The labels of ``choices``, for a sentence naming the values allowed."""
    return "; ".join(str(label) for _value, label in choices)


class Allowed:
    """The allowed values of a choice column, in the language of the moment (for the
    template's Read me)."""

    def __init__(self, choices: Iterable[tuple[Any, Any]]) -> None:
        self.choices = list(choices)

    def __str__(self) -> str:
        return labels(self.choices)


def field_label(model: Any, name: str) -> Any:
    """A model field's label (translated already): another header a column accepts."""
    return model._meta.get_field(name).verbose_name


YES_NO = ((True, gettext_lazy("Yes")), (False, gettext_lazy("No")))
BOOLEAN_WORDS = {"true": True, "false": False, "1": True, "0": False, "y": True, "n": False,
                 "x": True, "oui": True, "non": False, "sí": True, "si": True}


# --- what an import finds -------------------------------------------------------------------

@dataclass(frozen=True)
class RowError:
    """A problem where it is: ``line`` as the spreadsheet numbers it (1 = the header; None:
    the file as a whole), ``column`` the column's key and ``header`` as the file names it."""

    sheet: str
    line: int | None
    column: str
    header: str
    message: str

    @property
    def row(self) -> int | None:
        return self.line

    def __str__(self) -> str:
        if self.line is None:
            where = self.sheet
        elif self.sheet:
            where = _("%(sheet)s, row %(n)s") % {"sheet": self.sheet, "n": self.line}
        else:
            where = _("Row %(n)s") % {"n": self.line}
        if self.header:
            where = f"{where}, {self.header}" if where else self.header
        return f"{where}: {self.message}" if where else self.message


@dataclass
class RowOutcome:
    """What a valid row does: ``action`` is create, update or unchanged."""

    sheet: str = ""
    line: int = 0
    key: str = ""
    action: str = "create"
    changes: list[str] = field(default_factory=list)
    record: Any = None


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    rows: list[RowOutcome] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # headers of columns not imported
    applied: bool = False
    problem: str = ""  # "unreadable", "columns", "refused" (the file as a whole) or ""
    refusal: str = ""  # why the file as a whole was refused (``Importer.begin``)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> bool:
        return any(r.action != "unchanged" for r in self.rows)

    @property
    def message(self) -> str:
        if self.problem == "unreadable":
            return _("The file could not be read.")
        if self.problem == "columns":
            return _("The file lacks columns.")
        if self.problem == "refused":
            return self.refusal
        return ngettext(
            "The file was not imported: %(n)s problem was found, nothing was saved.",
            "The file was not imported: %(n)s problems were found, nothing was saved.",
            len(self.errors)) % {"n": len(self.errors)}

    def counts(self, sheet: str) -> list[tuple[str, int]]:
        found = Counter(r.action for r in self.rows if r.sheet == sheet)
        return [(action, found[action]) for action in ACTIONS]

    def summary(self) -> str:
        found = Counter(r.action for r in self.rows)
        return _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % {
            "created": found["create"], "updated": found["update"],
            "unchanged": found["unchanged"]}


class ImportRefused(ApplicationError):
    """An import that wrote nothing; ``row_errors`` lists every problem (as ``file`` field
    errors for the API: "Row N, column: message")."""

    def __init__(self, result: ImportResult):
        super().__init__(result.message,
                         field_errors={"file": [str(e) for e in result.errors]})
        self.result = result
        self.row_errors = result.errors


# --- reading the cells of a row -------------------------------------------------------------

class RowReader:
    """One row's cells, converted column by column; each problem is recorded with its
    column, so every problem of the row is reported."""

    def __init__(self, sheet: str, row: Row, headers: Mapping[str, str],
                 errors: list[RowError]):
        self.sheet, self.row, self.headers, self._errors = sheet, row, headers, errors
        self.failed = False

    @property
    def line(self) -> int:
        return self.row.line

    def present(self, key: str) -> bool:
        """Whether the file has this column (a column left out leaves a record's value)."""
        return key in self.headers

    def raw(self, key: str) -> str:
        value = self.row.get(key).strip()
        if value.startswith("'") and is_formula_like(value[1:]):
            return value[1:]  # the apostrophe a CSV export puts before formula-like text
        return value

    def error(self, key: str, message: Any) -> None:
        self.failed = True
        self._errors.append(RowError(self.sheet, self.line, key,
                                     self.headers.get(key, key), str(message)))

    def text(self, key: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = self.raw(key)
        if required and not value:
            self.error(key, _("Enter a value: this column is required."))
        elif max_length is not None and len(value) > max_length:
            self.error(key, ngettext("Use at most %(n)s character.",
                                     "Use at most %(n)s characters.", max_length)
                       % {"n": max_length})
        return value

    def decimal(self, key: str, *, required: bool = False, minimum: Decimal | None = None,
                maximum: Decimal | None = None, places: int | None = None) -> Decimal | None:
        value = self.raw(key)
        if not value:
            if required:
                self.error(key, _("Enter a number: this column is required."))
            return None
        try:
            number = parse_decimal(value)
        except InvalidOperation:
            self.error(key, _("“%(value)s” is not a number; write numbers as %(example)s.")
                       % {"value": value, "example": format_number(Decimal("1234.5"), 1,
                                                                   grouping=True)})
            return None
        if not number.is_finite():
            self.error(key, _("“%(value)s” is not a number.") % {"value": value})
            return None
        if minimum is not None and number < minimum:
            self.error(key, _("Enter at least %(n)s.") % {"n": format_number(minimum, 0)})
            return None
        if maximum is not None and number > maximum:
            self.error(key, _("Enter at most %(n)s.") % {"n": format_number(maximum, 0)})
            return None
        if places is not None and number != number.quantize(Decimal(1).scaleb(-places)):
            self.error(key, ngettext("Use at most %(n)s decimal place.",
                                     "Use at most %(n)s decimal places.", places)
                       % {"n": places})
            return None
        return number.quantize(Decimal(1).scaleb(-places)) if places is not None else number

    def integer(self, key: str, *, required: bool = False, minimum: int | None = None,
                maximum: int | None = None) -> int | None:
        number = self.decimal(key, required=required,
                              minimum=None if minimum is None else Decimal(minimum),
                              maximum=None if maximum is None else Decimal(maximum))
        if number is None:
            return None
        if number != number.to_integral_value():
            self.error(key, _("Enter a whole number."))
            return None
        return int(number)

    def date(self, key: str, *, required: bool = False) -> dt.date | None:
        value = self.raw(key)
        if not value:
            if required:
                self.error(key, _("Enter a date: this column is required."))
            return None
        text = re.sub(r"[ T]00:00(:00)?$", "", value)
        for pattern in ("%Y-%m-%d", *formats.get_format("DATE_INPUT_FORMATS")):
            with suppress(ValueError):
                return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a date)
        self.error(key, _("“%(value)s” is not a date; write dates as YYYY-MM-DD, e.g. "
                          "2025-03-31.") % {"value": value})
        return None

    def boolean(self, key: str, *, default: bool = False,
                words: Mapping[str, bool] | None = None) -> bool:
        value = self.raw(key).casefold()
        if not value:
            return default
        accepted = {**BOOLEAN_WORDS, **choice_map(YES_NO), **(words or {})}
        if value in accepted:
            return bool(accepted[value])
        self.error(key, _("“%(value)s” is neither yes nor no.") % {"value": self.raw(key)})
        return default

    def choice(self, key: str, accepted: Mapping[str, Any], *, required: bool = False,
               allowed: Any = "") -> Any:
        value = self.raw(key)
        if not value:
            if required:
                self.error(key, _("Enter a value: this column is required (%(allowed)s).")
                           % {"allowed": allowed})
            return None
        found = accepted.get(value.casefold())
        if found is None:
            self.error(key, _("“%(value)s” is not one of the values allowed: %(allowed)s.")
                       % {"value": value, "allowed": allowed})
        return found


# --- the importer an app writes ---------------------------------------------------------------

@dataclass
class Item:
    """A row whose cells passed: its values for :meth:`Importer.write`."""

    sheet: SheetSpec
    line: int
    values: dict[str, Any]
    present: frozenset[str]  # the columns the file has


class Importer:
    """What an app writes for one import: ``spec``, ``parse`` (a row's cells into values,
    problems recorded on the reader; None when the row is not to be written) and ``write``
    (one row through the services, inside a savepoint; an ApplicationError or
    PermissionDenied becomes the row's error). ``begin`` runs first, in the transaction
    (lock, whole-file checks raising ApplicationError); ``write_sheet`` may write a sheet's
    rows together (its own errors then go through :meth:`row_error`)."""

    spec: ImportSpec
    # The column a refusal of the policy is shown in, by sheet key.
    scope_column: Mapping[str, str] = {}

    def __init__(self, *, user: Any) -> None:
        self.user = user
        self.result = ImportResult()

    def begin(self) -> None:
        pass

    def parse(self, sheet: SheetSpec, row: RowReader) -> dict[str, Any] | None:
        raise NotImplementedError

    def write(self, item: Item, *, reason: str) -> RowOutcome:
        raise NotImplementedError

    def finish(self) -> None:
        """After every row (e.g. a file without rows is a problem)."""

    def column_of(self, sheet: SheetSpec, field_name: str) -> str:
        """The column a service's field error belongs to."""
        return field_name if sheet.column(field_name) else ""

    def row_error(self, sheet: SheetSpec, line: int | None, column: str, message: Any) -> None:
        spec_column = sheet.column(column)
        header = self._headers.get(sheet.key, {}).get(column) or (
            str(spec_column.label) if spec_column else column)
        self.result.errors.append(RowError(self._sheet_title(sheet), line, column, header,
                                           str(message)))

    def write_sheet(self, sheet: SheetSpec, items: list[Item], *, reason: str) -> None:
        for item in items:
            try:
                with transaction.atomic():
                    outcome = self.write(item, reason=reason)
            except ApplicationError as exc:
                self.refused(sheet, item.line, exc)
            except PermissionDenied as exc:
                self.row_error(sheet, item.line, self.scope_column.get(sheet.key, ""),
                               str(exc) or _("You may not make this change."))
            else:
                outcome.sheet, outcome.line = sheet.key, item.line
                self.result.rows.append(outcome)

    def refused(self, sheet: SheetSpec, line: int | None, exc: ApplicationError,
                columns: Callable[[str], str] | None = None) -> None:
        """A service's refusal as the row's errors, each field error in its column."""
        placed = False
        for name, found in exc.field_errors.items():
            column = (columns or (lambda n: self.column_of(sheet, n)))(name)
            for message in found:
                self.row_error(sheet, line, column, message)
                placed = True
        if exc.message and not placed:
            self.row_error(sheet, line, "", exc.message)

    # set by import_run
    _headers: dict[str, dict[str, str]] = {}

    def _sheet_title(self, sheet: SheetSpec) -> str:
        return str(sheet.title) if len(self.spec.sheets) > 1 else ""


# --- running an import --------------------------------------------------------------------------

class _Rollback(Exception):
    pass


def _headers(sheet: SheetSpec) -> dict[str, str]:
    """Each accepted header (normalized) → the column key."""
    accepted: dict[str, str] = {}
    for column in sheet.columns:
        names = [column.key, *in_languages(column.label)]
        for alias in column.aliases:
            names.extend(in_languages(alias))
        for name in names:
            accepted.setdefault(header_key(name), column.key)
    return accepted


def _match_sheets(spec: ImportSpec, found: list[Sheet]) -> dict[str, Sheet]:
    """Which sheet of the file is which sheet of the spec: an .xlsx sheet by its title in any
    language, else the remaining sheets in order; a CSV (one sheet) by its columns."""
    readme = {header_key(t) for t in in_languages(README_TITLE)}
    found = [s for s in found if header_key(s.title) not in readme]
    matched: dict[str, Sheet] = {}
    if len(found) == 1 and not found[0].title:
        only = found[0]
        fitting = []  # the sheets whose required columns the CSV has, the most demanding first
        for sheet in spec.sheets:
            accepted = _headers(sheet)
            keys = {accepted.get(h) for h in only.headers}
            required = [c.key for c in sheet.columns if c.required]
            if all(key in keys for key in required):
                fitting.append((-len(required), spec.sheets.index(sheet), sheet))
        return {(min(fitting)[2] if fitting else spec.sheets[0]).key: only}
    for sheet in spec.sheets:
        titles = {header_key(t) for t in in_languages(sheet.title)} | {header_key(sheet.key)}
        chosen = next((s for s in found if header_key(s.title) in titles), None)
        if chosen is not None:
            matched[sheet.key] = chosen
    rest = [s for s in found if s not in matched.values()]
    for sheet in spec.sheets:
        if sheet.key not in matched and rest and (sheet.required or not matched):
            matched[sheet.key] = rest.pop(0)
    return matched


def reason_for(name: str, reason: str = "") -> str:
    """The history's reason for an import: the user's reason and the file's name, cut to
    the history's length."""
    text = (_("%(reason)s (imported from %(file)s)") % {"reason": reason.strip(), "file": name}
            if reason.strip() else _("Imported from %(file)s") % {"file": name})
    return text[:REASON_LENGTH]


def import_run(importer: Importer, *, file: Any, name: str = "", apply: bool,
               reason: str = "") -> ImportResult:
    """Read ``file``, check every row, write them through ``importer``; everything in one
    transaction kept only when ``apply`` and no row has a problem. The result lists every
    problem, and what each row did (or would do)."""
    result = importer.result
    name = name or str(getattr(file, "name", "") or "")
    try:
        sheets = read_sheets(file, name=name)
    except ApplicationError as exc:
        result.problem = "unreadable"
        result.errors.append(RowError("", None, "", "", str(exc.message)))
        return result
    matched = _match_sheets(importer.spec, sheets)
    importer._headers = {}
    by_sheet: dict[str, tuple[Sheet, dict[str, str]]] = {}
    for spec_sheet in importer.spec.sheets:
        found = matched.get(spec_sheet.key)
        title = importer._sheet_title(spec_sheet)
        if found is None:
            if spec_sheet.required and not matched:
                result.problem = "columns"
                result.errors.append(RowError(title, None, "", "", _(
                    "The file has no sheet “%(sheet)s”.") % {"sheet": spec_sheet.title}))
            continue
        accepted = _headers(spec_sheet)
        headers: dict[str, str] = {}  # column key → the header as the file writes it
        file_keys: dict[str, str] = {}  # the file's header key → column key
        for key, label in zip(found.headers, found.labels, strict=False):
            column = accepted.get(key)
            if column is None:
                if label:
                    result.ignored.append(label)
            elif column in headers:
                result.errors.append(RowError(title, 1, column, label, _(
                    "The column is in the file twice (also as “%(other)s”).")
                    % {"other": headers[column]}))
            else:
                headers[column], file_keys[key] = label, column
        found.rows = [Row(row.line, {file_keys[k]: v for k, v in row.cells.items()
                                     if k in file_keys}) for row in found.rows]
        missing = [c for c in spec_sheet.columns if c.required and c.key not in headers]
        if missing:
            result.problem = "columns"
            result.errors.append(RowError(title, 1, "", "", _(
                "the header must name the columns %(cols)s; missing: %(m)s.") % {
                "cols": ", ".join(f"“{c.label}” ({c.key})" for c in spec_sheet.columns
                                  if c.required),
                "m": ", ".join(f"“{c.label}” ({c.key})" for c in missing)}))
        importer._headers[spec_sheet.key] = headers
        by_sheet[spec_sheet.key] = (found, headers)
    if result.errors:
        return result
    if sum(len(found.rows) for found, _h in by_sheet.values()) > MAX_ROWS:
        result.errors.append(RowError("", None, "", "", _(
            "The file has more than %(n)s rows; split it.") % {"n": MAX_ROWS}))
        return result
    history_reason = reason_for(name, reason)
    try:
        with transaction.atomic():
            try:
                importer.begin()
            except ApplicationError as exc:
                result.problem, result.refusal = "refused", str(exc.message or exc)
                result.errors.append(RowError("", None, "", "", result.refusal))
                raise _Rollback from None
            items: dict[str, list[Item]] = {}
            for spec_sheet in importer.spec.sheets:
                if spec_sheet.key not in by_sheet:
                    continue
                found, headers = by_sheet[spec_sheet.key]
                items[spec_sheet.key] = []
                for row in found.rows:
                    reader = RowReader(importer._sheet_title(spec_sheet), row, headers,
                                       result.errors)
                    values = importer.parse(spec_sheet, reader)
                    if values is not None and not reader.failed:
                        items[spec_sheet.key].append(Item(spec_sheet, row.line, values,
                                                          frozenset(headers)))
            for spec_sheet in importer.spec.sheets:
                if items.get(spec_sheet.key):
                    importer.write_sheet(spec_sheet, items[spec_sheet.key],
                                         reason=history_reason)
            importer.finish()
            order = {importer._sheet_title(s): i for i, s in enumerate(importer.spec.sheets)}
            result.errors.sort(key=lambda e: (order.get(e.sheet, 0), e.line or 0))
            if result.errors or not apply:
                raise _Rollback
            result.applied = True
    except _Rollback:
        pass
    return result


def import_or_refuse(importer: Importer, *, file: Any, name: str = "",
                     reason: str = "") -> ImportResult:
    """:func:`import_run` applied, raising :class:`ImportRefused` when anything is wrong (for
    the API and services that answer with an error)."""
    result = import_run(importer, file=file, name=name, apply=True, reason=reason)
    if not result.applied:
        raise ImportRefused(result)
    return result


# --- the template -------------------------------------------------------------------------------

README_TITLE = gettext_lazy("Instructions")


def import_template(spec: ImportSpec) -> bytes:
    """An .xlsx with a sheet per sheet of ``spec`` (the header row in the user's language and
    one example row) and a "Read me" sheet explaining every column and its allowed values."""
    book = Workbook()
    bold = Font(bold=True)
    first = True
    for sheet in spec.sheets:
        ws = book.active if first else book.create_sheet()
        first = False
        ws.title = str(sheet.title)[:31]
        append_row(ws, [str(c.label) for c in sheet.columns])
        append_row(ws, [str(c.example) for c in sheet.columns])
        for cell in ws[1]:
            cell.font = bold
        for index, column in enumerate(sheet.columns, start=1):
            ws.column_dimensions[ws.cell(1, index).column_letter].width = max(
                12, min(40, len(str(column.label)) + 4))
    readme = book.create_sheet(str(README_TITLE)[:31])
    append_row(readme, [_("Sheet"), _("Column"), _("Required"), _("What it holds"),
                        _("Allowed values")])
    for cell in readme[1]:
        cell.font = bold
    for sheet in spec.sheets:
        for column in sheet.columns:
            append_row(readme, [str(sheet.title), str(column.label),
                                _("yes") if column.required else _("no"), str(column.help),
                                str(column.allowed)])
    append_row(readme, [])
    append_row(readme, [_("Only the header row's names matter, in English, French or Spanish; "
                          "columns the import does not know are ignored. Nothing is written "
                          "until you apply the preview, and then all rows or none.")])
    for letter, width in zip("ABCDE", (18, 28, 10, 60, 50), strict=True):
        readme.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_response(spec: ImportSpec) -> HttpResponse:
    response = HttpResponse(import_template(spec), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{spec.name}-template.xlsx"'
    return response


# --- the page: upload → preview → apply ----------------------------------------------------------

class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (.xlsx or CSV)"), help_text=gettext_lazy(
        "The template's columns, a header row first. CSV in UTF-8, separated by commas, "
        "semicolons or tabs."))
    reason = reason_field()

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            check_upload(upload, field="file", kinds=frozenset({"xlsx", "text"}),
                         max_bytes=MAX_BYTES)
        except ApplicationError as exc:
            raise forms.ValidationError(exc.field_errors["file"]) from None
        return upload

    def options(self) -> dict[str, Any]:
        """What the importer needs besides the file, as JSON (kept for the apply)."""
        return {}


def _kept(token: str) -> str:
    if not re.fullmatch(r"[0-9a-f]{32}", token or ""):
        raise ValueError("not a token")
    return f"{FOLDER}/{token}"


def _sweep() -> None:
    try:
        _dirs, files = default_storage.listdir(FOLDER)
    except (FileNotFoundError, OSError):
        return
    limit = timezone.now() - KEEP_FOR
    for name in files:
        with suppress(OSError, ValueError):
            if default_storage.get_modified_time(f"{FOLDER}/{name}") < limit:
                default_storage.delete(f"{FOLDER}/{name}")


def _forget(request: HttpRequest, key: str) -> None:
    pending = request.session.pop(key, None)
    if pending:
        with suppress(ValueError, OSError):
            default_storage.delete(_kept(pending.get("token", "")))


def _read_kept(pending: Mapping[str, Any]) -> io.BytesIO | None:
    if timezone.now() - dt.datetime.fromisoformat(pending["at"]) > KEEP_FOR:
        return None
    try:
        with default_storage.open(_kept(pending["token"]), "rb") as handle:
            data = io.BytesIO(handle.read())
    except (ValueError, OSError):
        return None
    data.name = pending["name"]
    return data


@dataclass
class ImportPage:
    """One import's page: ``importer(user, options)`` builds the importer of ``spec``;
    ``key`` names the pending upload in the session; the rest is what the page shows."""

    key: str
    spec: ImportSpec
    importer: Callable[[Any, Mapping[str, Any]], Importer]
    title: Any
    lead: Any
    back_url: str
    back_label: Any
    template_url: str
    done_url: str
    form_class: type[ImportForm] = ImportForm
    form_kwargs: Mapping[str, Any] = field(default_factory=dict)
    options: Mapping[str, Any] = field(default_factory=dict)  # JSON, with the form's options
    context: Mapping[str, Any] = field(default_factory=dict)


def _render(request: HttpRequest, page: ImportPage, *, form: ImportForm,
            result: ImportResult | None = None, pending: Mapping[str, Any] | None = None,
            applied_errors: bool = False, status: int = 200) -> HttpResponse:
    sheets = []
    if result is not None:
        for sheet in page.spec.sheets:
            rows = [r for r in result.rows if r.sheet == sheet.key]
            sheets.append({"title": sheet.title, "rows": rows[:SHOWN_ROWS],
                           "more": max(0, len(rows) - SHOWN_ROWS), "total": len(rows),
                           "counts": result.counts(sheet.key)})
    return render(request, "imports/import.html", {
        "page": page, "form": form, "result": result, "sheets": sheets, "pending": pending,
        "applied_errors": applied_errors, **page.context,
        "max_age_hours": int(KEEP_FOR.total_seconds() // 3600),
    }, status=status)


def import_page(request: HttpRequest, page: ImportPage) -> HttpResponse:
    """GET: the upload form. POST with a file: the preview (nothing written; a file without
    problems is kept for Apply). POST ``apply`` with the preview's token: the import, all or
    nothing. POST ``discard``: forget the kept file. The caller has checked who may."""
    form = page.form_class(**page.form_kwargs)
    if request.method != "POST":
        return _render(request, page, form=form)
    if "apply" in request.POST or "discard" in request.POST:
        pending = request.session.get(page.key)
        if "discard" in request.POST:
            _forget(request, page.key)
            messages.success(request, _("The uploaded file was discarded; nothing was "
                                        "written."))
            return redirect(request.path)
        if not pending or pending.get("token") != request.POST.get("token"):
            messages.error(request, _("This preview is no longer current (another file was "
                                      "uploaded since, or it was applied or discarded). "
                                      "Upload the file again."))
            return redirect(request.path)
        data = _read_kept(pending)
        _forget(request, page.key)
        if data is None:
            messages.error(request, _("The uploaded file is no longer kept. Upload it again."))
            return redirect(request.path)
        result = import_run(page.importer(request.user, pending["options"]), file=data,
                            name=pending["name"], apply=True, reason=pending["reason"])
        if not result.applied:
            return _render(request, page, form=form, result=result, applied_errors=True,
                           status=400)
        messages.success(request, _("%(file)s was imported: %(summary)s") % {
            "file": pending["name"], "summary": result.summary()})
        return redirect(page.done_url)
    form = page.form_class(request.POST, request.FILES, **page.form_kwargs)
    if not form.is_valid():
        return _render(request, page, form=form, status=400)
    _forget(request, page.key)
    upload = form.cleaned_data["file"]
    name = str(upload.name)[:200]
    data = upload.read()
    options = {**page.options, **form.options()}
    reason = form.cleaned_data.get("reason", "") or ""
    result = import_run(page.importer(request.user, options), file=io.BytesIO(data), name=name,
                        apply=False, reason=reason)
    pending = None
    if result.ok:
        _sweep()
        token = uuid.uuid4().hex
        default_storage.save(_kept(token), ContentFile(data))
        pending = {"token": token, "name": name, "at": timezone.now().isoformat(),
                   "reason": reason, "options": options}
        request.session[page.key] = pending
    return _render(request, page, form=page.form_class(**page.form_kwargs), result=result,
                   pending=pending, status=200 if result.ok else 400)
