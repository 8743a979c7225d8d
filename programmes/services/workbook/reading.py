"""Reading the workbook: cells to values, sheets to rows keyed by header, and rows to parsed
indicator and progress rows, each problem recorded on its row."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from constituents.models import Country
from core.errors import ApplicationError
from core.numbers import parse_decimal
from programmes.models import Biennium, Direction, Dwcp, Unit
from programmes.services import dwcp as dwcp_services
from programmes.services.framework import biennium_in_dwcp
from programmes.services.workbook._columns import (
    FOUR_PLACES,
    INDICATORS,
    MILESTONE_HEADER,
    NAMING,
    NO,
    PROGRESS,
    REQUIRED,
    YES,
)
from programmes.services.workbook._result import RowError


class _CellError(Exception):
    pass


# What a workbook may hold: more than this is not a results workbook but a mistake or an
# attack, refused with a sentence before it costs minutes of reading (issue 18).
MAX_DATA_ROWS = 5_000  # rows with a value, per sheet
MAX_SCANNED_ROWS = 20_000  # rows read, empty ones included (a sheet without <dimension>)
MAX_COLUMNS = 100


# --- reading cells --------------------------------------------------------------------------

def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def _decimal(value: Any, *, percent_format: bool = False) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool | dt.date):
        raise _CellError(_("Enter a number such as 12.5."))
    try:
        if isinstance(value, Decimal):
            number = value
        elif isinstance(value, str):  # typed: in the user's language ("12,5" in French)
            number = parse_decimal(value)
        else:
            number = Decimal(str(value))
    except InvalidOperation as exc:
        raise _CellError(_("“%(value)s” is not a number; enter one such as 12.5.")
                         % {"value": _text(value)}) from exc
    if not number.is_finite():
        raise _CellError(_("Enter a number such as 12.5."))
    if percent_format:  # a cell formatted as % holds 0.45 for 45 per cent
        number *= 100
    if number.as_tuple().exponent < -4:  # type: ignore[operator]  # 4 decimals are stored
        number = number.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)
    if abs(number) >= Decimal(10) ** 12:
        raise _CellError(_("This number is too large."))
    return number


def _year(value: Any) -> int | None:
    text = _text(value)
    if not text:
        return None
    if not re.fullmatch(r"\d{4}", text) or not 1990 <= int(text) <= 2100:
        raise _CellError(_("Enter a year such as 2020, not “%(value)s”.") % {"value": text})
    return int(text)


def _date(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            converted = from_excel(value)
        except (ValueError, OverflowError, TypeError) as exc:  # NaN, 1e300: no date
            raise _CellError(_("Enter the date as YYYY-MM-DD, e.g. 2021-06-30.")) from exc
        return converted.date() if isinstance(converted, dt.datetime) else converted
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise _CellError(_("Enter the date as YYYY-MM-DD, e.g. 2021-06-30, not “%(value)s”.")
                         % {"value": _text(value)}) from exc


def _yes_no(value: Any, *, default: bool | None = None) -> bool | None:
    text = _text(value).lower()
    if not text:
        return default
    if text in YES:
        return True
    if text in NO:
        return False
    raise _CellError(_("Enter yes or no, not “%(value)s”.") % {"value": _text(value)})


def _choice(value: Any, choices: Any, default: str) -> str:
    text = _text(value).lower()
    if not text:
        return default
    if text not in choices.values:
        raise _CellError(_("Enter one of %(choices)s, not “%(value)s”.")
                         % {"choices": ", ".join(choices.values), "value": _text(value)})
    return text


def _header(value: Any) -> str:
    return " ".join(_text(value).lower().split())


@dataclass
class _Row:
    sheet: str
    number: int
    cells: dict[str, Any]  # column → (value, is_percent_format)
    errors: list[RowError]

    def raw(self, column: str) -> Any:
        return self.cells.get(column, (None, False))[0]

    def get(self, column: str, parse: Any = _text, **kwargs: Any) -> Any:
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


def _read_sheet(book: Any, name: str, columns: tuple[str, ...], biennia: dict[str, Biennium],
                errors: list[RowError], *, required: bool) -> tuple[list[_Row], list[Any]]:
    """The sheet's non-empty rows keyed by header, and its milestone columns (Indicators)."""
    if name not in book.sheetnames:
        if required:
            errors.append(RowError(name, None, "", _(
                "The sheet “%(sheet)s” is missing; start from the template.") % {"sheet": name}))
        return [], []
    rows = book[name].iter_rows(max_col=MAX_COLUMNS)
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
            errors.append(RowError(name, 1, header, _(
                "There is no biennium %(code)s; biennia start in an even year, e.g. 2020-21.")
                % {"code": code}))
            continue
        errors.append(RowError(name, 1, header, _(
            "Unknown column; use the template's headers.")))
    for column in REQUIRED[name]:
        if column not in headers:
            errors.append(RowError(name, 1, column, _("The column is missing.")))
    out: list[_Row] = []
    for number, cells in enumerate(rows, start=2):
        if number > MAX_SCANNED_ROWS or len(out) >= MAX_DATA_ROWS:
            errors.append(RowError(name, number, "", _(
                "The sheet is longer than a results workbook can be (%(limit)s rows): split "
                "it, or delete the empty rows below the data.") % {
                    "limit": number_format(MAX_DATA_ROWS, force_grouping=True)}))
            break
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
    dwcp_key: tuple[Any, ...] | None = None
    priority_code: str = ""
    priority_title: str = ""
    cpo_code: str = ""
    cpo_title: str = ""
    code: str = ""
    title: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    milestones: dict[Biennium, tuple[Decimal | None, str]] = field(default_factory=dict)


@dataclass
class _ProgressRow:
    row: _Row
    code: str = ""
    date: dt.date | None = None
    values: dict[str, Any] = field(default_factory=dict)
    disaggregation: dict[str, Any] | None = None
    source: str = ""
    narrative: str = ""


def _parse_indicator(row: _Row, countries: dict[str, Country], milestone_columns: Any,
                     recorded_units: dict[str, str]) -> _IndicatorRow:
    parsed = _IndicatorRow(row)
    iso3 = row.get("country").upper()
    if iso3:
        parsed.country = countries.get(iso3)
        if parsed.country is None:
            row.error("country", _(
                "There is no country with ISO code “%(code)s”; use the three-letter code, "
                "e.g. ALB.") % {"code": iso3})
    start, end = row.get("dwcp_start", _year), row.get("dwcp_end", _year)
    if start is not None and end is not None:
        try:
            dwcp_services.validate_period(start, end)
        except ApplicationError as exc:
            for name, messages in exc.field_errors.items():
                row.error("dwcp_start" if name == "start_year" else "dwcp_end", messages[0])
    parsed.priority_code, parsed.priority_title = row.get("priority_code"), row.get(
        "priority_title")
    parsed.cpo_code, parsed.cpo_title = row.get("cpo_code"), row.get("cpo_title")
    parsed.code, parsed.title = row.get("indicator_code"), row.get("indicator_title")
    for column in REQUIRED[INDICATORS]:
        if column not in NAMING and not _text(row.raw(column)):
            row.error(column, _("This column is required."))
    if parsed.code and parsed.cpo_code and not re.fullmatch(
            rf"{re.escape(parsed.cpo_code)}\.\d+", parsed.code, flags=re.IGNORECASE):
        row.error("indicator_code", _(
            "An indicator code is the CPO code, a dot and a number, e.g. %(code)s.1.")
            % {"code": parsed.cpo_code})
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
            row.error(header, _(
                "Biennium %(biennium)s lies outside the DWCP period %(start)s–%(end)s.")
                % {"biennium": biennium, "start": start, "end": end})
            continue
        parsed.milestones[biennium] = (value, statement)
    return parsed


def _parse_progress(row: _Row, units: dict[str, str]) -> _ProgressRow:
    parsed = _ProgressRow(row, code=row.get("indicator_code").upper())
    parsed.date = row.get("date", _date)
    for column in REQUIRED[PROGRESS]:
        if not _text(row.raw(column)):
            row.error(column, _("This column is required."))
    unit = units.get(parsed.code)
    if parsed.code and unit is None:
        row.error("indicator_code", _(
            "Indicator %(code)s is neither in the Indicators sheet nor recorded yet.")
            % {"code": parsed.code})
    if unit == Unit.QUALITATIVE:
        reached = row.get("value", _yes_no)
        if reached is None and not row.get("value"):
            row.error("value", _("Say whether the milestone is reached: yes or no."))
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
        row.error("source", _(
            "Keep the source under 300 characters; use the narrative for more."))
    return parsed
