"""Spreadsheet exports that cannot carry a formula in (CSV/formula injection, OWASP): text
a user typed — a CPO code or title, an organization's name — that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return would run as a formula when the file is opened.
Every export writes its cells through these two functions; numbers are left as they are.

- xlsx (openpyxl): the cell is stored as text, never as a formula, so its value stays
  exactly what was typed;
- CSV: the text is prefixed with an apostrophe, which spreadsheets read as "this is text"
  (a CSV has no cell types).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import TYPE_STRING
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """``value`` as a CSV cell: formula-like text prefixed with an apostrophe."""
    return "'" + value if is_formula_like(value) else value


def append_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """Appends a row to an openpyxl sheet, formula-like text kept as text."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if is_formula_like(cell.value):
            cell.data_type = TYPE_STRING
