"""A long report rendered in parts on several processes and merged (issue 11, point 8).

WeasyPrint lays a document out on one CPU: the biennial report with its appendix of outcome
tables for 150 countries (about 160 pages) takes over a minute. Its last appendix is a run of
independent tables, so :func:`render_pdf_in_parts` cuts it at table boundaries into parts: the
first part is the whole body with the start of the appendix, each later part a run of its
tables (``gb_document_part.html``: no cover, the symbol atop every page). The parts are laid
out at the same time in a process pool — each with its own "(continued)" labels
(:mod:`.paging`) — and merged with pypdf; the later parts' page numbers are then stamped on,
continuing the first part's (a page of numbers only, laid out by WeasyPrint, merged onto
each page).

What is lost: the merged file is not tagged PDF/UA (pypdf does not merge structure trees),
so a report is rendered in parts only when it is long (:data:`MIN_TABLES_FOR_PARTS`) and
more than one worker is allowed (``settings.REPORT_RENDER_WORKERS``). Tables, words and
numbers are those of the single rendering.
"""
from __future__ import annotations

import io
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from reporting.document.blocks import Document, Table

from .paging import layout_with_continued_labels
from .pdf import layout_html, render_pdf, write_pdf

PART_TEMPLATE = "reporting/document/gb_document_part.html"
# Below this many tables in the last appendix, one rendering is fast enough.
MIN_TABLES_FOR_PARTS = 40


def workers() -> int:
    """Processes a long report may be rendered on (``REPORT_RENDER_WORKERS``, default 1)."""
    return max(1, int(getattr(settings, "REPORT_RENDER_WORKERS", 1)))


def document_parts(document: Document, *, parts: int) -> list[Document]:
    """The document cut into about ``parts`` parts at table boundaries of its last appendix:
    the first is the document with the start of that appendix (and half a share of its
    tables, as it carries the body too), the others runs of its tables. A document without
    such an appendix is one part."""
    if not document.appendices or parts < 2:
        return [document]
    last = document.appendices[-1]
    tables = [b for b in last.blocks if isinstance(b, Table)]
    lead = last.blocks[:last.blocks.index(tables[0])] if tables else last.blocks
    if len(tables) < 2 or len(lead) + len(tables) != len(last.blocks):
        return [document]  # tables mixed with other blocks: not cut
    size = -(-len(tables) // parts)
    first = max(1, size // 2)
    runs = [tables[:first]] + [tables[i:i + size] for i in range(first, len(tables), size)]
    head = replace(document, appendices=[*document.appendices[:-1],
                                         replace(last, blocks=[*lead, *runs[0]])])
    return [head] + [replace(document, sections=[], decision=None, footnotes=[],
                             appendices=[replace(last, blocks=list(run))]) for run in runs[1:]]


def _part_html(document: Document, language: str) -> str:
    with translation.override(language):
        return render_to_string(PART_TEMPLATE, {"doc": document, "language": language})


def render_part(document: Document, language: str, first: bool) -> bytes:
    """One part's PDF (run in a worker process)."""
    if first:
        return render_pdf(document, language=language)
    laid_out = layout_with_continued_labels(document, lambda: _part_html(document, language),
                                            layout_html)
    return write_pdf(laid_out)


def _page_numbers(first: int, count: int) -> PdfReader:
    """``count`` empty A4 pages numbered from ``first`` at the foot, as the stylesheet
    prints page numbers."""
    html = ("<html><head><style>@page { size: A4; margin: 22mm 20mm 24mm 24mm; "
            "@bottom-center { content: counter(page); font: 9.5pt 'Liberation Serif', "
            "'Tinos', 'Times New Roman', 'DejaVu Serif', serif; } } "
            f"@page :first {{ counter-reset: page {first}; }} "
            "div { break-after: page; } div:last-child { break-after: auto; }</style></head>"
            "<body>" + "<div></div>" * count + "</body></html>")
    return PdfReader(io.BytesIO(HTML(string=html).write_pdf()))


def merge(parts: list[bytes]) -> bytes:
    """The parts as one PDF, the later parts' pages numbered after the first part's."""
    readers = [PdfReader(io.BytesIO(p)) for p in parts]
    writer = PdfWriter()
    for reader in readers:
        writer.append(reader)
    first_count = len(readers[0].pages)
    later = len(writer.pages) - first_count
    if later:
        numbers = _page_numbers(first_count + 1, later)
        for index, page in enumerate(writer.pages[first_count:]):
            page.merge_page(numbers.pages[index])
    if readers[0].metadata:
        writer.add_metadata({k: v for k, v in readers[0].metadata.items()
                             if isinstance(v, str)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render_pdf_in_parts(document: Document, *, language: str,
                        processes: int | None = None) -> bytes:
    """The document's PDF, rendered in parts on ``processes`` processes when its last
    appendix is long, else in one rendering."""
    processes = processes or workers()
    last = document.appendices[-1].blocks if document.appendices else []
    if processes < 2 or sum(isinstance(b, Table) for b in last) < MIN_TABLES_FOR_PARTS:
        return render_pdf(document, language=language)
    # Twice as many parts as processes, so that a process done early takes another.
    parts = document_parts(document, parts=2 * processes)
    if len(parts) == 1:
        return render_pdf(document, language=language)
    with ProcessPoolExecutor(max_workers=min(processes, len(parts),
                                             os.cpu_count() or 1)) as pool:
        pdfs = list(pool.map(render_part, parts, [language] * len(parts),
                             [n == 0 for n in range(len(parts))]))
    return merge(pdfs)
