"""The workbook's sheets and columns, and the cell formatting shared by the template, the
import and the export."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from openpyxl.styles import Font

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
# Cells that name what the row creates: needed for a new priority, CPO or indicator, and
# optional when the code matches one already recorded (an empty cell keeps its title).
NAMING = ("priority_code", "priority_title", "cpo_title", "indicator_title")
MILESTONE_HEADER = re.compile(r"^milestone (\d{4})-(\d{2})$")
FOUR_PLACES = Decimal("0.0001")
YES, NO = ("yes", "y", "true", "1", "reached"), ("no", "n", "false", "0", "not reached")


def _headers(sheet: Any, headers: list[str]) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(12, len(cell.value) + 2)
    sheet.freeze_panes = "A2"


def _plain(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text
