"""Every table of a report as a sheet of an xlsx workbook (openpyxl), with raw numbers (not
the printed strings) so the figures can be reused."""
from __future__ import annotations

import io
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.exports import append_row
from reporting.document.blocks import Document
from reporting.document.values import Fmt

FORMATS = {Fmt.INT: "#,##0", Fmt.MONEY: "#,##0", Fmt.PERCENT: "0.0", Fmt.DECIMAL: "#,##0.##",
           Fmt.INDEX: "0.0", Fmt.CHANGE: "+0.0;-0.0;0.0", Fmt.CENTS: "#,##0.00"}
INVALID = re.compile(r"[\\/*?:\[\]]")


def _value(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def tables_to_xlsx(document: Document) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for table in document.tables:
        sheet = workbook.create_sheet(INVALID.sub(" ", f"Table {table.number}")[:31])
        append_row(sheet, [f"Table {table.number}. {table.caption}"])
        sheet["A1"].font = bold
        if document.as_of:
            sheet.append([f"As of {document.as_of.isoformat()}"])
        append_row(sheet, [col.label for col in table.columns])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for row in table.rows + ([table.total] if table.total else []):
            append_row(sheet, [_value(v) for v in row])
            for cell, col in zip(sheet[sheet.max_row], table.columns, strict=True):
                if col.fmt in FORMATS:
                    cell.number_format = FORMATS[col.fmt]
        if table.total:
            for cell in sheet[sheet.max_row]:
                cell.font = bold
        if table.source:
            append_row(sheet, [f"Source: {table.source}"])
        sheet.column_dimensions["A"].width = 60
        for index in range(2, len(table.columns) + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 16
    if not workbook.sheetnames:
        workbook.create_sheet("Tables")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
