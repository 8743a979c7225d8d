"""A long appendix rendered in parts on several processes and merged (issue 11): the same
tables in the same order, the symbol atop every later page, page numbers that run on."""
import pytest

from reporting.document.blocks import Column
from reporting.document.builder import DocumentBuilder
from reporting.document.values import Fmt
from reporting.renderers import parallel
from tests.reporting.helpers import front, page_lines, pdf_words


def long_document():
    builder = DocumentBuilder(front())
    builder.section("Findings")
    builder.paragraph("The appendix gives one table per country.")
    builder.draft_decision("The Governing Body takes note.")
    builder.appendix("Outcome tables by country")
    builder.paragraph("For each country, its indicators.")
    for n in range(1, 9):
        rows, groups = [], []
        for cpo in range(3):
            groups.append(len(rows))
            rows.append([f"CPO {n}.{cpo}", None])
            rows += [[f"Indicator {n}.{cpo}.{i}", i] for i in range(1, 9)]
        builder.table(f"Country {n}: indicators", [Column("Indicator"), Column("Value", Fmt.INT)],
                      rows, group_rows=groups)
    return builder.build()


def test_parts_cut_the_last_appendix_at_table_boundaries():
    document = long_document()
    parts = parallel.document_parts(document, parts=4)
    assert len(parts) > 2
    tables = [[t.number for t in p.appendices[-1].blocks if hasattr(t, "columns")]
              for p in parts]
    assert sum(tables, []) == list(range(1, 9))
    assert parts[0].sections and all(not p.sections and p.decision is None for p in parts[1:])


def test_a_report_rendered_in_parts_reads_as_one(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_TABLES_FOR_PARTS", 2)
    pdf = parallel.render_pdf_in_parts(long_document(), language="en", processes=2)
    pages = [page_lines(words) for words in pdf_words(pdf)]
    text = [" ".join(lines) for lines in pages]
    captions = [line for lines in pages for line in lines if line.startswith("Table ")]
    assert captions == [f"Table {n}. Country {n}: indicators" for n in range(1, 9)]
    # The symbol atop every page after the cover, the page number at the foot of each.
    assert all(lines[0] == "GB.350/POL/3" for lines in pages[1:])
    assert [lines[-1] for lines in pages] == [str(n) for n in range(1, len(pages) + 1)]
    assert "Draft decision" in text[0] or "Draft decision" in text[1]


def test_a_short_report_is_rendered_once(monkeypatch):
    def refuse(*args, **kwargs):
        pytest.fail("a short report is not cut into parts")

    monkeypatch.setattr(parallel, "document_parts", refuse)
    assert parallel.render_pdf_in_parts(long_document(), language="en", processes=2)
