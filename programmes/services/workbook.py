"""The field staff's workbook: bulk entry of results frameworks, indicators, milestones and
progress updates from an ``.xlsx`` file (the offline path), its template, and the progress
export. Documented for users in docs/workbook.md.

Import contract (:func:`workbook_import`):

* **Validate every row first.** Every row of both sheets is read and checked; each problem
  becomes a :class:`RowError` ("sheet, row N, column: message"). Rows are then applied
  through the services (DWCP, priority, CPO, indicator and milestones, progress updates), each
  in its own savepoint, so the services' rules are checked too and their errors are collected
  with the row they concern.
* **All or nothing.** Everything runs in one transaction, rolled back when any row has an
  error (or on a dry run): either the whole workbook is applied or nothing is written.
* **Re-importing changes nothing.** Rows are matched on natural keys: the DWCP on country
  and years, priorities and CPOs on their code within the DWCP, indicators on their code,
  milestones on indicator and biennium, progress updates on indicator + date + value (or
  numerator and denominator, or for qualitative indicators yes/no). A matched row with the
  same values writes nothing. The workbook never *revises* a recorded baseline, target or
  milestone (a revision needs a person's reason): a different value there is a row error.
* **Approval.** Imported updates are submitted by ``user``. With ``approve`` they are also
  approved, by ``approver`` — who may not be the submitter (the same rule as everywhere):
  approving as the importing user is refused before anything is written. Without a user the
  import is a system write, which may not create DWCPs (they need an accountable creator) and
  may not approve without a named approver.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from constituents.models import Country
from core.errors import ApplicationError
from programmes.models import (
    Biennium,
    CountryPriority,
    CountryProgrammeOutcome,
    CpoResult,
    Direction,
    Dwcp,
    Indicator,
    IndicatorResult,
    ProgressUpdate,
    Unit,
    UpdateStatus,
)
from programmes.services import dwcp as dwcp_services
from programmes.services import framework as framework_services
from programmes.services import indicators as indicator_services
from programmes.services.framework import biennium_in_dwcp
from programmes.services.results import current_snapshot, results_recompute_all

__all__ = [
    "EXPORT_COLUMNS", "INDICATOR_COLUMNS", "PROGRESS_COLUMNS", "ImportResult", "RowError",
    "RowSummary", "progress_export", "workbook_import", "workbook_preview",
    "workbook_template",
]

INDICATORS, PROGRESS = "Indicators", "Progress"
INDICATOR_COLUMNS = (
    "country", "dwcp_start", "dwcp_end", "priority_code", "priority_title", "cpo_code",
    "cpo_title", "indicator_code", "indicator_title", "unit", "direction", "cumulative",
    "baseline_value", "baseline_year", "target_value", "target_year",
)
PROGRESS_COLUMNS = ("indicator_code", "date", "value", "numerator", "denominator", "women",
                    "men", "source", "narrative")
EXPORT_COLUMNS = ("country", "cpo_code", "indicator_code", "biennium", "start_value", "actual",
                  "milestone", "progress_pct", "status", "cpo_status")
REQUIRED = {
    INDICATORS: ("country", "dwcp_start", "dwcp_end", "priority_code", "priority_title",
                 "cpo_code", "cpo_title", "indicator_code", "indicator_title"),
    PROGRESS: ("indicator_code", "date"),
}
MILESTONE_HEADER = re.compile(r"^milestone (\d{4})-(\d{2})$")
FOUR_PLACES = Decimal("0.0001")
YES, NO = ("yes", "y", "true", "1", "reached"), ("no", "n", "false", "0", "not reached")


# --- results of an import -------------------------------------------------------------------

@dataclass(frozen=True)
class RowError:
    """One problem, where it is: ``row`` is the spreadsheet row number (1 = headers), None for
    the workbook as a whole."""

    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = [self.sheet or "Workbook"]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(self.column)
        return f"{', '.join(where)}: {self.message}"


@dataclass
class RowSummary:
    """What a valid row does: ``action`` is create, update, approve or unchanged."""

    sheet: str
    row: int
    key: str
    action: str
    changes: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    rows: list[RowSummary] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    applied: bool = False
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> bool:
        return any(row.action != "unchanged" for row in self.rows)


class _CellError(Exception):
    pass


# --- reading cells --------------------------------------------------------------------------

def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def _decimal(value, *, percent_format: bool = False) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool | dt.date):
        raise _CellError("Enter a number such as 12.5.")
    try:
        number = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except InvalidOperation as exc:
        raise _CellError(f"“{_text(value)}” is not a number; enter one such as 12.5.") from exc
    if not number.is_finite():
        raise _CellError("Enter a number such as 12.5.")
    if percent_format:  # a cell formatted as % holds 0.45 for 45 per cent
        number *= 100
    if number.as_tuple().exponent < -4:  # stored with 4 decimals: match what is stored
        number = number.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)
    if abs(number) >= Decimal(10) ** 12:
        raise _CellError("This number is too large.")
    return number


def _year(value) -> int | None:
    text = _text(value)
    if not text:
        return None
    if not re.fullmatch(r"\d{4}", text) or not 1990 <= int(text) <= 2100:
        raise _CellError(f"Enter a year such as 2020, not “{text}”.")
    return int(text)


def _date(value) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        converted = from_excel(value)
        return converted.date() if isinstance(converted, dt.datetime) else converted
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise _CellError(f"Enter the date as YYYY-MM-DD, e.g. 2021-06-30, not "
                         f"“{_text(value)}”.") from exc


def _yes_no(value, *, default: bool | None = None) -> bool | None:
    text = _text(value).lower()
    if not text:
        return default
    if text in YES:
        return True
    if text in NO:
        return False
    raise _CellError(f"Enter yes or no, not “{_text(value)}”.")


def _choice(value, choices, default: str) -> str:
    text = _text(value).lower()
    if not text:
        return default
    if text not in choices.values:
        raise _CellError(f"Enter one of {', '.join(choices.values)}, not “{_text(value)}”.")
    return text


def _header(value) -> str:
    return " ".join(_text(value).lower().split())


@dataclass
class _Row:
    sheet: str
    number: int
    cells: dict  # column → (value, is_percent_format)
    errors: list[RowError]

    def raw(self, column: str):
        return self.cells.get(column, (None, False))[0]

    def get(self, column: str, parse=_text, **kwargs):
        value, percent = self.cells.get(column, (None, False))
        try:
            if parse is _decimal:
                return _decimal(value, percent_format=percent)
            return parse(value, **kwargs)
        except _CellError as exc:
            self.error(column, str(exc))
            return None

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.sheet, self.number, column, message))

    @property
    def ok(self) -> bool:
        return not self.errors


def _read_sheet(book, name: str, columns: tuple[str, ...], biennia: dict[str, Biennium],
                errors: list[RowError], *, required: bool) -> tuple[list[_Row], list]:
    """The sheet's non-empty rows keyed by header, and its milestone columns (Indicators)."""
    if name not in book.sheetnames:
        if required:
            errors.append(RowError(name, None, "", f"The sheet “{name}” is missing; start "
                                                   "from the template."))
        return [], []
    rows = book[name].iter_rows()
    header_cells = next(rows, ())
    headers = [_header(cell.value) for cell in header_cells]
    milestone_columns = []
    for header in headers:
        if not header or header in columns:
            continue
        match = MILESTONE_HEADER.match(header)
        if name == INDICATORS and match:
            code = f"{match.group(1)}-{match.group(2)}"
            if code in biennia:
                milestone_columns.append((header, biennia[code]))
                continue
            errors.append(RowError(name, 1, header, f"There is no biennium {code}; biennia "
                                                    "start in an even year, e.g. 2020-21."))
            continue
        errors.append(RowError(name, 1, header, "Unknown column; use the template's "
                                                "headers."))
    for column in REQUIRED[name]:
        if column not in headers:
            errors.append(RowError(name, 1, column, "The column is missing."))
    out = []
    for number, cells in enumerate(rows, start=2):
        values = {}
        for header, cell in zip(headers, cells, strict=False):
            if header and cell.value is not None and _text(cell.value) != "":
                values[header] = (cell.value, "%" in (getattr(cell, "number_format", "")
                                                      or ""))
        if values:
            out.append(_Row(name, number, values, []))
    return out, milestone_columns


# --- parsed rows ----------------------------------------------------------------------------

@dataclass
class _IndicatorRow:
    row: _Row
    country: Country | None = None
    dwcp_key: tuple | None = None
    priority_code: str = ""
    priority_title: str = ""
    cpo_code: str = ""
    cpo_title: str = ""
    code: str = ""
    title: str = ""
    fields: dict = field(default_factory=dict)
    milestones: dict = field(default_factory=dict)  # Biennium → (value, statement)


@dataclass
class _ProgressRow:
    row: _Row
    code: str = ""
    date: dt.date | None = None
    values: dict = field(default_factory=dict)
    disaggregation: dict | None = None
    source: str = ""
    narrative: str = ""


def _parse_indicator(row: _Row, countries: dict[str, Country], milestone_columns,
                     recorded_units: dict[str, str]) -> _IndicatorRow:
    parsed = _IndicatorRow(row)
    iso3 = row.get("country").upper()
    if iso3:
        parsed.country = countries.get(iso3)
        if parsed.country is None:
            row.error("country", f"There is no country with ISO code “{iso3}”; use the "
                                 "three-letter code, e.g. ALB.")
    start, end = row.get("dwcp_start", _year), row.get("dwcp_end", _year)
    if start is not None and end is not None:
        try:
            dwcp_services.validate_period(start, end)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                row.error("dwcp_start" if name == "start_year" else "dwcp_end", messages[0])
    parsed.priority_code, parsed.priority_title = row.get("priority_code"), row.get(
        "priority_title")
    parsed.cpo_code, parsed.cpo_title = row.get("cpo_code"), row.get("cpo_title")
    parsed.code, parsed.title = row.get("indicator_code"), row.get("indicator_title")
    for column in REQUIRED[INDICATORS]:
        if not _text(row.raw(column)):
            row.error(column, "This column is required.")
    if parsed.code and parsed.cpo_code and not re.fullmatch(
            rf"{re.escape(parsed.cpo_code)}\.\d+", parsed.code, flags=re.IGNORECASE):
        row.error("indicator_code", f"An indicator code is the CPO code, a dot and a number, "
                                    f"e.g. {parsed.cpo_code}.1.")
    # An empty cell is "not given": a new indicator takes the default, a recorded one keeps
    # its value.
    unit = row.get("unit", _choice, choices=Unit, default=None)
    parsed.fields = {
        "unit": unit,
        "direction": row.get("direction", _choice, choices=Direction, default=None),
        "cumulative": row.get("cumulative", _yes_no, default=None),
        "baseline_value": row.get("baseline_value", _decimal),
        "baseline_year": row.get("baseline_year", _year),
        "target_value": row.get("target_value", _decimal),
        "target_year": row.get("target_year", _year),
    }
    if parsed.country is not None and start is not None and end is not None:
        parsed.dwcp_key = (parsed.country.pk, start, end)
    unit = unit or recorded_units.get(parsed.code.upper(), Unit.NUMBER)
    probe = Dwcp(start_year=start or 0, end_year=end or 0)
    for header, biennium in milestone_columns:
        raw = row.raw(header)
        if raw is None:
            continue
        if unit == Unit.QUALITATIVE:
            value, statement = None, _text(raw)
        else:
            value, statement = row.get(header, _decimal), ""
            if value is None:
                continue
        if start is not None and end is not None and not biennium_in_dwcp(biennium, probe):
            row.error(header, f"Biennium {biennium} lies outside the DWCP period "
                              f"{start}–{end}.")
            continue
        parsed.milestones[biennium] = (value, statement)
    return parsed


def _parse_progress(row: _Row, units: dict[str, str]) -> _ProgressRow:
    parsed = _ProgressRow(row, code=row.get("indicator_code").upper())
    parsed.date = row.get("date", _date)
    for column in REQUIRED[PROGRESS]:
        if not _text(row.raw(column)):
            row.error(column, "This column is required.")
    unit = units.get(parsed.code)
    if parsed.code and unit is None:
        row.error("indicator_code", f"Indicator {parsed.code} is neither in the Indicators "
                                    "sheet nor recorded yet.")
    if unit == Unit.QUALITATIVE:
        reached = row.get("value", _yes_no)
        if reached is None and not row.get("value"):
            row.error("value", "Say whether the milestone is reached: yes or no.")
        parsed.values = {"value": None, "numerator": None, "denominator": None,
                         "reached": reached}
    else:
        parsed.values = {"value": row.get("value", _decimal),
                         "numerator": row.get("numerator", _decimal),
                         "denominator": row.get("denominator", _decimal), "reached": None}
    women, men = row.get("women", _decimal), row.get("men", _decimal)
    if women is not None or men is not None:
        parsed.disaggregation = {"sex": {"women": women, "men": men}}
    parsed.source, parsed.narrative = row.get("source"), row.get("narrative")
    if len(parsed.source) > 300:
        row.error("source", "Keep the source under 300 characters; use the narrative for "
                            "more.")
    return parsed


# --- applying -------------------------------------------------------------------------------

INDICATOR_ERROR_COLUMNS = {
    "title": "indicator_title", "code": "indicator_code", "target_increase_pct": "target_value",
    "numerator_label": "unit", "output": "indicator_code", "milestones": "milestones",
    "start_year": "dwcp_start", "end_year": "dwcp_end",
}
PROGRESS_ERROR_COLUMNS = {"sex": "women", "reached": "value"}


def _report(row: _Row, exc: Exception, columns: dict[str, str], default: str) -> None:
    """Turn a service's refusal into row errors on the workbook's columns."""
    if isinstance(exc, ApplicationError) and exc.field_errors:
        for name, messages in exc.field_errors.items():
            for message in messages:
                known = name in INDICATOR_COLUMNS or name in PROGRESS_COLUMNS
                row.error(columns.get(name, name if known else default), str(message))
    elif isinstance(exc, ApplicationError):
        row.error(default, exc.message)
    elif isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            for message in messages:
                row.error(columns.get(name, default), message)
    elif isinstance(exc, ValidationError):
        for message in exc.messages:
            row.error(default, message)
    else:  # PermissionDenied
        row.error(default, str(exc) or "You may not change this.")


def _on_columns(exc: Exception, columns: dict[str, str], default: str) -> ApplicationError:
    """A service's refusal restated on the workbook's columns."""
    if isinstance(exc, ApplicationError):
        errors = {columns.get(k, default): v for k, v in exc.field_errors.items()}
        return ApplicationError(exc.message, field_errors=errors or {default: [exc.message]})
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        errors = {columns.get(k, default): v for k, v in exc.message_dict.items()}
        return ApplicationError(next(iter(errors.values()))[0], field_errors=errors)
    message = " ".join(getattr(exc, "messages", [])) or str(exc) or "You may not change this."
    return ApplicationError(message, field_errors={default: [message]})


DWCP_COLUMNS = {"start_year": "dwcp_start", "end_year": "dwcp_end"}
PRIORITY_COLUMNS = {"code": "priority_code", "title": "priority_title"}
CPO_COLUMNS = {"code": "cpo_code", "title": "cpo_title", "priority": "priority_code"}


class _Applier:
    """Applies parsed rows through the services, with caches keyed on natural keys."""

    def __init__(self, *, user, approver, approve: bool, reason: str, result: ImportResult):
        self.user, self.approver, self.approve = user, approver, approve
        self.reason, self.result = reason, result
        self.dwcps: dict[tuple, Dwcp] = {}
        self.priorities: dict[tuple, CountryPriority] = {}
        self.cpos: dict[tuple, CountryProgrammeOutcome] = {}
        self.indicators: dict[str, Indicator] = {}

    def load(self, indicator_rows: list[_IndicatorRow], codes: set[str]) -> None:
        country_ids = {r.country.pk for r in indicator_rows if r.country is not None}
        for dwcp in Dwcp.objects.filter(country_id__in=country_ids).select_related("country"):
            self.dwcps.setdefault((dwcp.country_id, dwcp.start_year, dwcp.end_year), dwcp)
        dwcp_ids = [d.pk for d in self.dwcps.values()]
        for priority in CountryPriority.objects.filter(dwcp_id__in=dwcp_ids):
            self.priorities[(priority.dwcp_id, priority.code.upper())] = priority
        for cpo in CountryProgrammeOutcome.objects.filter(dwcp_id__in=dwcp_ids):
            self.cpos[(cpo.dwcp_id, cpo.code.upper())] = cpo
        for indicator in (Indicator.objects.filter(code__in=codes)
                          .select_related("cpo__dwcp__country")
                          .prefetch_related("milestones__biennium")):
            self.indicators[indicator.code.upper()] = indicator

    def state(self) -> tuple:
        """The caches, to be restored when a row's savepoint is rolled back."""
        return (dict(self.dwcps), dict(self.priorities), dict(self.cpos),
                dict(self.indicators))

    def restore(self, state: tuple) -> None:
        self.dwcps, self.priorities, self.cpos, self.indicators = (dict(d) for d in state)

    def _count(self, what: str) -> None:
        self.result.counts[what] += 1

    # Each step returns the object and appends what it did to ``changes``.

    def _dwcp(self, parsed: _IndicatorRow, changes: list[str]) -> Dwcp:
        dwcp = self.dwcps.get(parsed.dwcp_key)
        if dwcp is not None:
            return dwcp
        _, start, end = parsed.dwcp_key
        if self.user is None:
            message = (f"There is no DWCP of {parsed.country.name} for {start}–{end}; "
                       "creating one needs a user: run the import as a person (--user).")
            raise ApplicationError(message, field_errors={"country": [message]})
        try:
            dwcp = dwcp_services.dwcp_create(
                user=self.user, country=parsed.country, start_year=start, end_year=end,
                title=f"Decent Work Country Programme of {parsed.country.name}")
        except (ApplicationError, ValidationError, PermissionDenied) as exc:
            raise _on_columns(exc, DWCP_COLUMNS, "country") from exc
        self.dwcps[parsed.dwcp_key] = dwcp
        changes.append(f"DWCP {parsed.country.iso3} {start}–{end} created")
        self._count("dwcps")
        return dwcp

    def _priority(self, dwcp: Dwcp, parsed: _IndicatorRow, changes: list[str]):
        try:
            return self._priority_step(dwcp, parsed, changes)
        except (ApplicationError, ValidationError, PermissionDenied) as exc:
            raise _on_columns(exc, PRIORITY_COLUMNS, "priority_code") from exc

    def _cpo(self, dwcp: Dwcp, priority, parsed: _IndicatorRow, changes: list[str]):
        try:
            return self._cpo_step(dwcp, priority, parsed, changes)
        except (ApplicationError, ValidationError, PermissionDenied) as exc:
            raise _on_columns(exc, CPO_COLUMNS, "cpo_code") from exc

    def _priority_step(self, dwcp: Dwcp, parsed: _IndicatorRow, changes: list[str]):
        key = (dwcp.pk, parsed.priority_code.upper())
        priority = self.priorities.get(key)
        if priority is None:
            priority = framework_services.priority_create(
                dwcp=dwcp, code=parsed.priority_code, title=parsed.priority_title,
                reason=self.reason, user=self.user)
            changes.append(f"priority {priority.code} created")
            self._count("priorities")
        elif priority.title != parsed.priority_title:
            priority = framework_services.priority_update(
                priority=priority, code=priority.code, title=parsed.priority_title,
                description=priority.description, reason=self.reason, user=self.user)
            changes.append(f"priority {priority.code} renamed")
        self.priorities[key] = priority
        return priority

    def _cpo_step(self, dwcp: Dwcp, priority, parsed: _IndicatorRow, changes: list[str]):
        key = (dwcp.pk, parsed.cpo_code.upper())
        cpo = self.cpos.get(key)
        if cpo is None:
            cpo = framework_services.cpo_create(
                dwcp=dwcp, priority=priority, code=parsed.cpo_code, title=parsed.cpo_title,
                reason=self.reason, user=self.user)
            changes.append(f"CPO {cpo.code} created")
            self._count("cpos")
        elif cpo.title != parsed.cpo_title or cpo.priority_id != priority.pk:
            cpo = framework_services.cpo_update(
                cpo=cpo, priority=priority, code=cpo.code, title=parsed.cpo_title,
                description=cpo.description, planned_resources=cpo.planned_resources,
                reason=self.reason, user=self.user)
            changes.append(f"CPO {cpo.code} updated")
        self.cpos[key] = cpo
        return cpo

    def indicator_row(self, parsed: _IndicatorRow) -> None:
        changes: list[str] = []
        dwcp = self._dwcp(parsed, changes)
        priority = self._priority(dwcp, parsed, changes)
        cpo = self._cpo(dwcp, priority, parsed, changes)
        indicator = self.indicators.get(parsed.code.upper())
        if indicator is None:
            indicator = indicator_services.indicator_create(
                user=self.user, cpo=cpo, title=parsed.title, code=parsed.code,
                milestones=parsed.milestones,
                **{k: v for k, v in parsed.fields.items() if v is not None})
            self._count("indicators")
            self.result.counts["milestones"] += len(parsed.milestones)
            action = "create"
            changes.append(f"{len(parsed.milestones)} milestone(s)")
        else:
            self._update_indicator(indicator, cpo, parsed, changes)
            action = "update" if changes else "unchanged"
        self.indicators[parsed.code.upper()] = indicator
        self.result.rows.append(RowSummary(INDICATORS, parsed.row.number, parsed.code, action,
                                           changes))

    def _update_indicator(self, indicator: Indicator, cpo, parsed: _IndicatorRow,
                          changes: list[str]) -> None:
        row = parsed.row
        if indicator.cpo_id != cpo.pk:
            row.error("indicator_code", f"Indicator {indicator.code} belongs to CPO "
                                        f"{indicator.cpo.code} of {indicator.cpo.dwcp}.")
            return
        data = {}
        if indicator.title != parsed.title:
            data["title"] = parsed.title
        for name, value in parsed.fields.items():
            current = getattr(indicator, name)
            if value is None or current == value:
                continue  # an empty cell keeps what is recorded
            if name in ("baseline_value", "target_value") and current is not None:
                row.error(name, f"The recorded value is {_plain(current)}: the workbook does "
                                "not revise baselines or targets. Revise it on the "
                                "indicator's page, giving a reason.")
                continue
            data[name] = value
        milestones = {m.biennium_id: m for m in indicator.milestones.all()}
        new_milestones = {}
        for biennium, (value, statement) in parsed.milestones.items():
            recorded = milestones.get(biennium.pk)
            if recorded is None:
                new_milestones[biennium] = (value, statement)
            elif (recorded.statement != statement if value is None
                  else recorded.value != value):
                shown = _plain(recorded.value) if recorded.value is not None else \
                    f"“{recorded.statement}”"
                row.error(f"milestone {biennium.code}",
                          f"The recorded milestone is {shown}: the workbook does not revise "
                          "milestones. Revise it on the indicator's page, giving a reason.")
        if not row.ok:
            return
        if data:
            indicator_services.indicator_update(user=self.user, indicator=indicator,
                                                data=data)
            changes.append("changed: " + ", ".join(sorted(data)))
        for biennium, (value, statement) in new_milestones.items():
            indicator_services.milestone_set(user=self.user, indicator=indicator,
                                             biennium=biennium, value=value,
                                             statement=statement)
            self._count("milestones")
            changes.append(f"milestone {biennium.code} added")

    def progress_row(self, parsed: _ProgressRow, existing: dict) -> None:
        indicator = self.indicators[parsed.code]
        values = parsed.values
        key = (indicator.pk, parsed.date)
        match = next((u for u in existing.get(key, ())
                      if all(getattr(u, name) == value for name, value in values.items())),
                     None)
        label = f"{indicator.code} {parsed.date.isoformat()}"
        if match is None:
            match = indicator_services.progress_update_create(
                user=self.user, indicator=indicator, date=parsed.date, **values,
                narrative=parsed.narrative, source=parsed.source,
                disaggregation=parsed.disaggregation, submit=True)
            self._count("updates")
            action = "create"
        else:
            action = "unchanged"
        if self.approve and match.status == UpdateStatus.SUBMITTED:
            match = indicator_services.progress_update_approve(user=self.approver,
                                                               update=match)
            self._count("approved")
            action = "create" if action == "create" else "approve"
        if action == "create":
            existing.setdefault(key, []).append(match)
        changes = [f"status {match.status}"] if action != "unchanged" else []
        self.result.rows.append(RowSummary(PROGRESS, parsed.row.number, label, action,
                                           changes))


def _plain(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


class _Rollback(Exception):
    pass


def _check_approval(*, user, approver, approve: bool) -> RowError | None:
    if not approve:
        return None
    if approver is None and user is None:
        return RowError("", None, "", "Approving imported updates needs a named approver "
                                      "(--approver), someone other than the person who "
                                      "submits them.")
    if approver is None or (user is not None and approver.pk == user.pk):
        name = user.get_username()
        return RowError("", None, "", f"{name} submits these updates and so cannot approve "
                                      "them: the approver must be someone else. Import "
                                      "without --approve and let a colleague approve them "
                                      "in the approval queue, or name a different approver "
                                      "with --approver.")
    return None


def workbook_import(*, file, user=None, approve: bool = False, approver=None,
                    dry_run: bool = False) -> ImportResult:
    """Read, check and (unless ``dry_run`` or any error) apply the workbook ``file`` (a path
    or a binary file object) as ``user``. Returns what each row did and every error; when
    there is an error nothing is written (``result.applied`` is False)."""
    result = ImportResult(dry_run=dry_run)
    approve = approve or approver is not None
    problem = _check_approval(user=user, approver=approver, approve=approve)
    if problem is not None:
        result.errors.append(problem)
        return result
    approver = approver or user
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        result.errors.append(RowError("", None, "", f"This is not an Excel workbook (.xlsx) "
                                                    f"that can be read: {exc}"))
        return result
    try:
        return _import(book, result, user=user, approver=approver, approve=approve,
                       name=getattr(file, "name", str(file)))
    finally:
        book.close()


def _import(book, result: ImportResult, *, user, approver, approve: bool,
            name: str) -> ImportResult:
    biennia = {b.code: b for b in Biennium.objects.all()}
    errors: list[RowError] = []
    indicator_rows, milestone_columns = _read_sheet(book, INDICATORS, INDICATOR_COLUMNS,
                                                    biennia, errors, required=True)
    progress_rows, _ = _read_sheet(book, PROGRESS, PROGRESS_COLUMNS, biennia, errors,
                                   required=False)
    countries = {c.iso3.upper(): c for c in Country.objects.all()}

    # 1. Every row checked on its own and against the other rows of the file.
    referenced = {_text(r.raw("indicator_code")).upper()
                  for r in (*indicator_rows, *progress_rows)} - {""}
    recorded_units = {code.upper(): unit for code, unit in Indicator.objects.filter(
        code__in=referenced).values_list("code", "unit")}
    parsed_indicators = [_parse_indicator(r, countries, milestone_columns, recorded_units)
                         for r in indicator_rows]
    _check_consistency(parsed_indicators)
    sheet_codes: dict[str, _IndicatorRow] = {}
    for parsed in parsed_indicators:  # a duplicate row is the error, not the first one
        if parsed.code:
            sheet_codes.setdefault(parsed.code.upper(), parsed)
    units = dict(recorded_units)
    units.update({code: p.fields["unit"] or recorded_units.get(code, Unit.NUMBER)
                  for code, p in sheet_codes.items()})
    parsed_progress = [_parse_progress(r, units) for r in progress_rows]
    _check_duplicate_updates(parsed_progress)

    # 2. Applied through the services, in one transaction, each row in a savepoint.
    applier = _Applier(user=user, approver=approver, approve=approve, result=result,
                       reason=f"Imported from the workbook {name}")
    try:
        with transaction.atomic():
            applier.load(parsed_indicators, referenced)
            for parsed in parsed_indicators:
                if not parsed.row.ok:
                    continue
                state = applier.state()
                try:
                    with transaction.atomic():
                        applier.indicator_row(parsed)
                        if not parsed.row.ok:
                            raise _Rollback
                except _Rollback:
                    applier.restore(state)
                except (ApplicationError, ValidationError, PermissionDenied) as exc:
                    applier.restore(state)
                    _report(parsed.row, exc, INDICATOR_ERROR_COLUMNS,
                            "country" if isinstance(exc, PermissionDenied) else "indicator_code")
            existing = _existing_updates(applier.indicators.values())
            for parsed in parsed_progress:
                source = sheet_codes.get(parsed.code)
                if not parsed.row.ok or (source is not None and not source.row.ok) \
                        or parsed.code not in applier.indicators:
                    continue  # the indicator's own row has the error
                try:
                    with transaction.atomic():
                        applier.progress_row(parsed, existing)
                except (ApplicationError, ValidationError, PermissionDenied) as exc:
                    _report(parsed.row, exc, PROGRESS_ERROR_COLUMNS, "indicator_code")
            for row in (*indicator_rows, *progress_rows):
                errors.extend(row.errors)
            if errors or result.dry_run:
                raise _Rollback
    except _Rollback:
        pass
    result.errors = sorted(errors, key=lambda e: (e.sheet != INDICATORS, e.sheet,
                                                  e.row or 0))
    result.applied = not errors and not result.dry_run
    return result


def _check_consistency(rows: list[_IndicatorRow]) -> None:
    """The same DWCP, priority, CPO and indicator described the same way on every row."""
    priorities: dict[tuple, _IndicatorRow] = {}
    cpos: dict[tuple, _IndicatorRow] = {}
    codes: dict[str, _IndicatorRow] = {}
    for parsed in rows:
        if parsed.dwcp_key is None:
            continue
        row = parsed.row
        code = parsed.code.upper()
        if code in codes:
            row.error("indicator_code", f"Indicator {parsed.code} is also in row "
                                        f"{codes[code].row.number}; give each indicator "
                                        "one row.")
        codes.setdefault(code, parsed)
        key = (*parsed.dwcp_key, parsed.priority_code.upper())
        first = priorities.setdefault(key, parsed)
        if first.priority_title != parsed.priority_title:
            row.error("priority_title", f"Priority {parsed.priority_code} has another title "
                                        f"in row {first.row.number}.")
        key = (*parsed.dwcp_key, parsed.cpo_code.upper())
        first = cpos.setdefault(key, parsed)
        if first.cpo_title != parsed.cpo_title:
            row.error("cpo_title", f"CPO {parsed.cpo_code} has another title in row "
                                   f"{first.row.number}.")
        if first.priority_code.upper() != parsed.priority_code.upper():
            row.error("priority_code", f"CPO {parsed.cpo_code} is under priority "
                                       f"{first.priority_code} in row {first.row.number}.")


def _check_duplicate_updates(rows: list[_ProgressRow]) -> None:
    seen: dict[tuple, _ProgressRow] = {}
    for parsed in rows:
        if not parsed.row.ok:
            continue
        key = (parsed.code, parsed.date, *sorted(parsed.values.items()))
        if key in seen:
            parsed.row.error("indicator_code", f"The same update is in row "
                                               f"{seen[key].row.number}.")
        seen.setdefault(key, parsed)


def _existing_updates(indicators) -> dict[tuple, list[ProgressUpdate]]:
    ids = [i.pk for i in indicators]
    out: dict[tuple, list[ProgressUpdate]] = defaultdict(list)
    for update in ProgressUpdate.objects.filter(indicator_id__in=ids).order_by("id"):
        out[(update.indicator_id, update.date)].append(update)
    return out


def workbook_preview(file, *, user=None, approve: bool = False, approver=None
                     ) -> tuple[list[RowSummary], list[RowError]]:
    """What importing ``file`` would do, row by row, and every error — nothing is written
    (a dry run through the same services). Pass the signed-in ``user`` so that the
    permission rules are those of the real import."""
    result = workbook_import(file=file, user=user, approve=approve, approver=approver,
                             dry_run=True)
    return result.rows, result.errors


# --- template -------------------------------------------------------------------------------

COLUMN_HELP = {
    "country": "ISO 3166 alpha-3 code, e.g. ALB",
    "dwcp_start": "first year of the DWCP; created if missing",
    "dwcp_end": "last year of the DWCP",
    "priority_code": "code of the country priority within the DWCP, e.g. 1",
    "priority_title": "title of the country priority",
    "cpo_code": "code of the country programme outcome, e.g. ALB101",
    "cpo_title": "title of the CPO",
    "indicator_code": "<CPO code>.<n>, e.g. ALB101.2; unique",
    "indicator_title": "what is measured",
    "unit": "number, percentage or qualitative (empty: number)",
    "direction": "increase or decrease (empty: increase)",
    "cumulative": "yes or no: numbers only; each update adds to the total",
    "baseline_value": "number (percentages 0-100); empty when not known yet",
    "baseline_year": "year of the baseline",
    "target_value": "end target of the DWCP",
    "target_year": "year of the end target",
    "milestone": "one column per biennium: the value (or, qualitative, the statement) "
                 "expected at its end; empty if none",
    "date": "date the value refers to, YYYY-MM-DD",
    "value": "the value (percentages 0-100); qualitative: yes or no (milestone reached)",
    "numerator": "percentages: instead of the value, numerator and denominator",
    "denominator": "greater than 0",
    "women": "of the value, women (optional; with men it must add up to the value)",
    "men": "of the value, men",
    "source": "where the figure comes from",
    "narrative": "what happened",
}


def workbook_template(*, biennia=None) -> bytes:
    """The blank workbook field staff fill in: sheets Indicators (with one ``milestone
    YYYY-YY`` column per biennium, all known biennia by default) and Progress, headers in
    bold, lists for unit, direction and cumulative, and a Read me sheet."""
    biennia = list(biennia if biennia is not None else Biennium.objects.order_by("start_year"))
    book = Workbook()
    sheet = book.active
    sheet.title = INDICATORS
    headers = [*INDICATOR_COLUMNS, *(f"milestone {b.code}" for b in biennia)]
    _headers(sheet, headers)
    for column, values in (("unit", Unit.values), ("direction", Direction.values),
                           ("cumulative", ["yes", "no"])):
        letter = sheet.cell(row=1, column=headers.index(column) + 1).column_letter
        validation = DataValidation(type="list", formula1=f'"{",".join(values)}"',
                                    allow_blank=True)
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}5000")
    _headers(book.create_sheet(PROGRESS), list(PROGRESS_COLUMNS))
    readme = book.create_sheet("Read me")
    readme.append(["sheet", "column", "what to enter"])
    readme["A1"].font = readme["B1"].font = readme["C1"].font = Font(bold=True)
    for name, columns in ((INDICATORS, [*INDICATOR_COLUMNS, "milestone"]),
                          (PROGRESS, PROGRESS_COLUMNS)):
        for column in columns:
            label = "milestone YYYY-YY" if column == "milestone" else column
            readme.append([name, label, COLUMN_HELP[column]])
    readme.column_dimensions["B"].width = 20
    readme.column_dimensions["C"].width = 90
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _headers(sheet, headers: list[str]) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(12, len(cell.value) + 2)
    sheet.freeze_panes = "A2"


# --- export ---------------------------------------------------------------------------------

@dataclass
class ProgressExport:
    biennium: Biennium
    as_of: dt.date
    from_current: bool  # read from the current snapshot (else computed for this export)
    rows: list[dict]

    def csv_bytes(self) -> bytes:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in self.rows:
            writer.writerow({k: _csv_value(k, v) for k, v in row.items()})
        return buffer.getvalue().encode("utf-8")

    def xlsx_bytes(self) -> bytes:
        book = Workbook()
        sheet = book.active
        sheet.title = f"Progress {self.biennium.code}"
        _headers(sheet, list(EXPORT_COLUMNS))
        for row in self.rows:
            sheet.append([row[column] for column in EXPORT_COLUMNS])
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def _csv_value(column: str, value):
    if not isinstance(value, Decimal):
        return "" if value is None else value
    # Progress is reported with one decimal (docs/indicators.md); values as entered.
    return f"{value:.1f}" if column == "progress_pct" else _plain(value)


def progress_export(*, biennium: Biennium, as_of: dt.date | None = None) -> ProgressExport:
    """One row per indicator with a result in ``biennium`` (an indicator with a milestone in
    it), as of ``as_of`` (default today): country, CPO, indicator, start value, actual,
    milestone, progress in per cent, indicator status and CPO status.

    The figures come from the worker's own code: when the current snapshot is as of that
    date they are read from it (what every results page shows); otherwise
    :func:`results_recompute_all` computes a snapshot as of that date inside a transaction
    that is then rolled back, so the current results are left untouched."""
    as_of = as_of or timezone.localdate()
    snapshot = current_snapshot()
    if snapshot is not None and snapshot.as_of == as_of:
        return ProgressExport(biennium, as_of, True, _export_rows(snapshot, biennium))
    try:
        with transaction.atomic():
            snapshot = results_recompute_all(as_of=as_of)
            rows = _export_rows(snapshot, biennium)
            raise _Rollback
    except _Rollback:
        pass
    return ProgressExport(biennium, as_of, False, rows)


def _export_rows(snapshot, biennium: Biennium) -> list[dict]:
    cpo_status = dict(CpoResult.objects.filter(snapshot=snapshot, biennium=biennium)
                      .values_list("cpo_id", "status"))
    results = (IndicatorResult.objects.filter(snapshot=snapshot, biennium=biennium)
               .select_related("indicator__cpo__dwcp__country")
               .order_by("indicator__cpo__dwcp__country__iso3", "indicator__cpo__code",
                         "indicator__code"))
    return [{
        "country": r.indicator.cpo.dwcp.country.iso3,
        "cpo_code": r.indicator.cpo.code,
        "indicator_code": r.indicator.code,
        "biennium": biennium.code,
        "start_value": r.start,
        "actual": r.actual,
        "milestone": r.milestone,
        "progress_pct": r.progress,
        "status": r.status,
        "cpo_status": cpo_status.get(r.indicator.cpo_id, ""),
    } for r in results]
