"""Helpers of the reporting tests: PDF text, a sample Governing Body document."""
from __future__ import annotations

import datetime as dt
import io
import re
import subprocess

from pypdf import PdfReader

from reporting.document.blocks import Column, FrontMatter
from reporting.document.builder import DocumentBuilder
from reporting.document.values import Fmt


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, in reading order (poppler's pdftotext)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf,
                         capture_output=True, check=True).stdout.decode()
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pdf_reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def pdf_text(pdf: bytes) -> str:
    return "\n".join(pdf_pages(pdf))


def paragraph_numbers(text: str) -> list[int]:
    """The numbers printed in the margin (paragraphs and sub-section headings), in reading
    order: a line that is only "12." in pdftotext's output."""
    return [int(n) for n in re.findall(r"(?m)^(\d{1,3})\.$", text)]


def numbers_in_document(document) -> list[int]:
    """The same numbers taken from the document structure, in reading order."""
    out = [block.number for section in document.sections for block in section.blocks
           if block.kind in ("paragraph", "heading") and block.number is not None]
    return out + ([document.decision.number] if document.decision else [])


def front(**overrides) -> FrontMatter:
    return FrontMatter(**{
        "title": "Decent work results: état des lieux, año", "symbol": "GB.350/POL/3",
        "session": 350, "place": "Geneva", "dates": "9–19 March 2024",
        "section_name": "Policy Development Section", "section_code": "POL",
        "document_date": dt.date(2024, 2, 1), "agenda_item": 3,
        "purpose": ["This paper reports on the results of DWCPs."],
        "strategic_objective": "Employment.", "follow_up": "None.", "author_unit": "PARDEV.",
        "related_documents": "GB.317/POL/6.", **overrides})


def sample_document(*, hostile: str = "", **overrides):
    builder = DocumentBuilder(front(**overrides), as_of=dt.date(2024, 3, 1))
    builder.section("Background")
    builder.paragraph("First paragraph of the background.", footnotes=["First note."])
    builder.paragraph("Second paragraph, with points:", items=["alpha point", "beta point"])
    builder.section("Findings")
    builder.heading("Resources")
    builder.paragraph("Third paragraph." + hostile, footnotes=["Second note."])
    builder.table("Resources by CPO", [Column("CPO"), Column("Planned (US$)", Fmt.MONEY)],
                  [["ALB101", 500000], ["ALB102" + hostile, 250000]], total=["Total", 750000],
                  source="ILO.")
    builder.box("A good practice", ["Box text" + hostile], source="ILO Tirana.")
    builder.paragraph("Fourth paragraph.", footnotes=["Third note."])
    builder.draft_decision("The Governing Body requests the Office to continue.")
    return builder.build()


# --- where words stand on the page (pdfplumber) -------------------------------------------------

# The text block of an A4 page (static/css/gb-print.css: margins 24 mm left, 20 mm right), in
# PDF points.
MM = 72 / 25.4
TEXT_LEFT, TEXT_RIGHT = 24 * MM, (210 - 20) * MM


def pdf_words(pdf: bytes) -> list[list[dict]]:
    """The words of each page with their positions (x0, x1, top, bottom in points)."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [page.extract_words(keep_blank_chars=False) for page in doc.pages]


def page_lines(words: list[dict]) -> list[str]:
    """The words of a page joined into lines (same top, left to right), top to bottom."""
    lines: dict[int, list[dict]] = {}
    for word in words:
        lines.setdefault(round(word["top"]), []).append(word)
    return [" ".join(w["text"] for w in sorted(ws, key=lambda w: w["x0"]))
            for _, ws in sorted(lines.items())]


# How far past the edge a word may end and still be inside: a justified line's last glyph
# ends up to about 1.3 pt (half a millimetre) past the edge in pdfplumber's reading of the
# glyph widths; a table or a word that really overflows goes far further.
EDGE_TOLERANCE = 2.0


def words_outside_text_block(pdf: bytes) -> list[tuple[str, int, int]]:
    """The words (text, x0, x1) that stand past the text block's left or right edge."""
    return [(w["text"], round(w["x0"]), round(w["x1"])) for page in pdf_words(pdf) for w in page
            if w["x1"] > TEXT_RIGHT + EDGE_TOLERANCE or w["x0"] < TEXT_LEFT - EDGE_TOLERANCE]


TEXT_TOP, TEXT_BOTTOM = 22 * MM, (297 - 24) * MM


def half_empty_pages(pdf: bytes) -> list[int]:
    """Pages (1-based) with a blank stretch of more than half the text block's height between
    two lines or below the last one — a table or figure that jumped to the next page — other
    than the last page and a page before an appendix (which starts on a new page)."""
    pages = pdf_words(pdf)
    out = []
    for number, words in enumerate(pages[:-1], start=1):
        lines = sorted((w["top"], w["bottom"]) for w in words if w["top"] < TEXT_BOTTOM)
        gaps, reached = [], TEXT_TOP
        for top, bottom in lines:
            gaps.append(top - reached)
            reached = max(reached, bottom)
        gaps.append(TEXT_BOTTOM - reached)
        next_lines = page_lines(pages[number])
        before_appendix = any(line.startswith("Appendix") for line in next_lines[:3])
        if max(gaps, default=0) > (TEXT_BOTTOM - TEXT_TOP) / 2 and not before_appendix:
            out.append(number)
    return out
