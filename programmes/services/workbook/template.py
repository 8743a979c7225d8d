"""The blank workbook field staff fill in (:func:`workbook_template`)."""
from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from core import policy
from programmes.models import IN_FORCE, BiennialMilestone, Biennium, Direction, Indicator, Unit
from programmes.services.workbook._columns import (
    INDICATOR_COLUMNS,
    INDICATORS,
    PROGRESS,
    PROGRESS_COLUMNS,
    _headers,
)

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


def _indicator_rows(user: Any, biennia: list[Biennium]) -> list[list[Any]]:
    """The indicators of the DWCPs in force that ``user`` may change, as the Indicators sheet
    holds them (importing them again changes nothing). Three queries."""
    indicators = list(policy.visible(user, Indicator.objects.filter(
        cpo__dwcp__status__in=IN_FORCE)).select_related("cpo__priority", "cpo__dwcp__country")
        .order_by("cpo__dwcp__country__iso3", "code"))
    indicators = [i for i in indicators if policy.can_change(user, i.cpo.dwcp)]
    milestones = {(m.indicator_id, m.biennium_id): m for m in BiennialMilestone.objects.filter(
        indicator__in=indicators)}
    rows = []
    for i in indicators:
        cpo, dwcp = i.cpo, i.cpo.dwcp
        row: list[Any] = [
            dwcp.country.iso3, dwcp.start_year, dwcp.end_year, cpo.priority.code,
            cpo.priority.title, cpo.code, cpo.title, i.code, i.title, i.unit, i.direction,
            "yes" if i.cumulative else "no", _cell_number(i.baseline_value), i.baseline_year,
            _cell_number(i.target_value), i.target_year]
        for biennium in biennia:
            m = milestones.get((i.pk, biennium.pk))
            row.append(None if m is None else m.statement if i.unit == Unit.QUALITATIVE
                       else _cell_number(m.value))
        rows.append(row)
    return rows


def _cell_number(value: Any) -> Any:
    """A stored decimal as the cell shows it (12, 12.5)."""
    return None if value is None else float(value) if value % 1 else int(value)


def workbook_template(*, biennia: Iterable[Biennium] | None = None,
                      user: Any = None) -> bytes:
    """The workbook field staff fill in: sheets Indicators (with one ``milestone YYYY-YY``
    column per biennium, all known biennia by default) and Progress, headers in bold, lists
    for unit, direction and cumulative, and a Read me sheet. With ``user``, the Indicators
    sheet already holds the indicators of their DWCPs in force, so that they only add
    progress rows."""
    biennia = list(biennia if biennia is not None else Biennium.objects.order_by("start_year"))
    book = Workbook()
    sheet = book.active
    sheet.title = INDICATORS
    headers = [*INDICATOR_COLUMNS, *(f"milestone {b.code}" for b in biennia)]
    _headers(sheet, headers)
    for row in _indicator_rows(user, biennia) if user is not None else []:
        sheet.append(row)
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
