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
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import TYPE_STRING
from openpyxl.worksheet.worksheet import Worksheet

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
