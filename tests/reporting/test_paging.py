"""Tables that run over pages, read back from the PDF (issue 11): the header row on every
page, the group label repeated as "(continued)" atop each page a group runs onto, the total
once and only at the end, nothing wider than the text block."""
import pytest

from reporting.document.blocks import Column
from reporting.document.builder import DocumentBuilder
from reporting.document.values import Fmt
from reporting.renderers.pdf import render_pdf
from tests.reporting.helpers import front, page_lines, pdf_words, words_outside_text_block

LONG_WORD = "Decentworkcountryprogrammeoutcomeswithoutasinglebreakinthem!"  # 60 characters


@pytest.fixture(scope="module")
def long_table_pdf():
    builder = DocumentBuilder(front())
    builder.section("Findings")
    builder.paragraph("The table below runs over several pages.")
    rows, groups = [], []
    for region in ("Africa", "Americas", "Europe"):
        groups.append(len(rows))
        rows.append([region, None, None])
        rows += [[f"{region} country {n}" + (f" {LONG_WORD}" if n == 3 else ""), n,
                  "Partly achieved"] for n in range(1, 41)]
    builder.table("Outcomes by country", [Column("Country"), Column("CPOs", Fmt.INT),
                                          Column("Status")], rows, group_rows=groups,
                  total=["Total", 2460, ""], source="Synthetic figures.")
    builder.paragraph("After the table.")
    builder.draft_decision("The Governing Body takes note.")
    return render_pdf(builder.build(), language="en")


def table_pages(pages):
    """The pages the table runs over (from its caption to its source line)."""
    start = next(i for i, p in enumerate(pages) if any("Table 1." in line for line in p))
    end = next(i for i, p in enumerate(pages) if any("Source:" in line for line in p))
    return pages[start:end + 1]


def test_a_long_table_repeats_its_header_row_on_every_page(long_table_pdf):
    pages = table_pages([page_lines(w) for w in pdf_words(long_table_pdf)])
    assert len(pages) >= 3
    for lines in pages:
        assert sum(line == "Country CPOs Status" for line in lines) == 1


def test_each_page_a_group_runs_onto_opens_with_its_label_continued(long_table_pdf):
    pages = table_pages([page_lines(w) for w in pdf_words(long_table_pdf)])
    for lines in pages[1:]:
        header = lines.index("Country CPOs Status")
        first_row = lines[header + 1]
        # Either a new group starts the page, or the group it continues is named again.
        assert first_row in ("Africa", "Americas", "Europe") or first_row.endswith(
            "(continued)"), first_row
        if first_row.endswith("(continued)"):
            region = first_row.removesuffix(" (continued)")
            assert lines[header + 2].startswith(f"{region} country"), lines[header + 2]
    # And "(continued)" never stands in the middle of a page.
    for lines in pages:
        assert all(not line.endswith("(continued)") or i == lines.index(
            "Country CPOs Status") + 1 for i, line in enumerate(lines))


def test_the_total_is_printed_once_at_the_end(long_table_pdf):
    pages = table_pages([page_lines(w) for w in pdf_words(long_table_pdf)])
    totals = [(n, line) for n, lines in enumerate(pages) for line in lines
              if line.startswith("Total")]
    assert totals == [(len(pages) - 1, "Total 2,460")]
    last = pages[-1]
    # The total follows the last row, and the source line follows the total.
    row = next(i for i, line in enumerate(last) if line.startswith("Europe country 40 40"))
    assert last.index("Total 2,460") in (row + 1, row + 2)  # after "achieved" if it wraps


def test_no_word_stands_outside_the_text_block(long_table_pdf):
    words = [w for page in pdf_words(long_table_pdf) for w in page]
    assert any(LONG_WORD[:10] in w["text"] for w in words)  # the long word is there, broken
    assert words_outside_text_block(long_table_pdf) == []
    # The status column kept its words whole.
    assert sum(w["text"] == "achieved" for w in words) == 120
