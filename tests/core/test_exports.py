"""No export carries a formula in (issue 18, item 2): text that a spreadsheet would run as a
formula is kept as text in xlsx and prefixed with an apostrophe in CSV; numbers unchanged."""
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from core.exports import append_row, csv_cell
from reporting.document.blocks import Column
from reporting.document.builder import DocumentBuilder
from reporting.document.values import Fmt
from reporting.renderers.xlsx import tables_to_xlsx
from tests.reporting.helpers import front

HOSTILE = ["=HYPERLINK(\"http://example.org\",\"x\")", "+1+1", "-2+3", "@SUM(A1)",
           "\t=1", "\r=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_is_neutralized_and_plain_text_and_numbers_are_not(text):
    assert csv_cell(text) == "'" + text
    assert csv_cell("ALB101") == "ALB101" and csv_cell(-5) == -5
    sheet = Workbook().active
    append_row(sheet, [text, "plain", -5, Decimal("-1.5")])
    saved = io.BytesIO()
    sheet.parent.save(saved)
    row = next(load_workbook(saved).active.iter_rows())
    # Text, as typed (older openpyxl stored a carriage return as a line feed).
    assert row[0].value in (text, text.replace("\r", "\n")) and row[0].data_type == "s"
    assert row[1].value == "plain"
    assert row[2].value == -5 and row[2].data_type == "n"
    assert row[3].value == -1.5 and row[3].data_type == "n"


def test_the_report_tables_keep_formula_like_text_as_text():
    builder = DocumentBuilder(front())
    builder.section("Findings")
    builder.table("CPOs", [Column("CPO"), Column("Planned (US$)", Fmt.MONEY)],
                  [["=1+2", 500000], ["-ALB102", -250000]], source="ILO.")
    sheet = load_workbook(io.BytesIO(tables_to_xlsx(builder.build()))).active
    cells = {c.coordinate: c for row in sheet.iter_rows() for c in row}
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    first = next(i for i, r in enumerate(rows, start=1) if r[0] == "=1+2")
    assert cells[f"A{first}"].data_type == "s" and cells[f"B{first}"].value == 500000
    assert cells[f"A{first + 1}"].value == "-ALB102"
    assert cells[f"B{first + 1}"].value == -250000 and cells[f"B{first + 1}"].data_type == "n"


@pytest.mark.parametrize("number", ["-5", "-1,234.50", "-1\u202f234,5", "+3", "-12.5 %", "-0"])
def test_numbers_written_as_text_stay_numbers_in_csv(number):
    """A figure printed by core.numbers (a CSV has no cell types) is not turned into text."""
    assert csv_cell(number) == number


@pytest.mark.parametrize("text", ["-1+2", "-2-3", "+A1", "-SUM(A1:A2)", "=1", "-1,2+3", "@1"])
def test_arithmetic_that_starts_like_a_number_is_still_neutralized(text):
    assert csv_cell(text) == "'" + text
