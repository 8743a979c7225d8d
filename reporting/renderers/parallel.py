"""A long report rendered in parts on several processes and merged (issue 11, point 8).

WeasyPrint lays a document out on one CPU: the biennial report with its appendix of outcome
tables for 150 countries (about 160 pages) takes over a minute. Its last appendix is a run of
independent tables, so :func:`render_pdf_in_parts` cuts it at table boundaries into parts: the
first part is the whole body with the start of the appendix, each later part a run of its
tables (``gb_document_part.html``: no cover, the symbol atop every page). The parts are laid
out at the same time, each by a child program of its own (:mod:`.part_process`, started
from a thread: a Celery prefork worker may not start a multiprocessing pool) with its own
"(continued)" labels (:mod:`.paging`), and merged with pypdf; the later parts' page numbers
are then stamped on, continuing the first part's (a page of numbers only, laid out by
WeasyPrint, merged onto each page).

The merged file stays tagged (PDF/UA): each later part's structure elements are hung under
the first part's ``/Document`` element and its parent tree is appended with shifted keys
(:func:`merge`); the stamped page numbers are pagination artifacts. A report is rendered in
parts only when it is long (``settings.REPORT_PARTS_MIN_TABLES``) and more than one process is
allowed (``settings.REPORT_RENDER_WORKERS``). Tables, words and numbers are those of the
single rendering.
"""
from __future__ import annotations

import io
import logging
import os
import pickle
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from weasyprint import HTML

from reporting.document.blocks import Document, Table

from .paging import layout_with_continued_labels
from .pdf import layout_html, render_pdf, write_pdf

logger = logging.getLogger(__name__)

PART_TEMPLATE = "reporting/document/gb_document_part.html"


def workers() -> int:
    """Processes a long report may be rendered on (``settings.REPORT_RENDER_WORKERS``)."""
    return max(1, int(settings.REPORT_RENDER_WORKERS))


def min_tables_for_parts() -> int:
    """Below this many tables in the last appendix, one rendering is fast enough
    (``settings.REPORT_PARTS_MIN_TABLES``)."""
    return max(2, int(settings.REPORT_PARTS_MIN_TABLES))


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
    """One part's PDF (in the child program of :func:`_render_part_in_process`)."""
    if first:
        return render_pdf(document, language=language)
    laid_out = layout_with_continued_labels(document, lambda: _part_html(document, language),
                                            layout_html)
    return write_pdf(laid_out)


def _render_part_in_process(document: Document, language: str, first: bool) -> bytes:
    """One part's PDF, laid out by a child program (:mod:`.part_process`): a thread waits
    for it, so parts are laid out at the same time on several CPUs, also inside a Celery
    prefork worker (whose daemonic processes may not start a multiprocessing pool)."""
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "reporting.renderers.part_process"],
        input=pickle.dumps((document, language, first)), capture_output=True,
        cwd=settings.BASE_DIR, check=False)
    if done.returncode != 0:
        reason = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["?"]
        raise RuntimeError(f"a part of the report could not be laid out: {reason[0]}")
    return done.stdout


def _page_numbers(first: int, count: int) -> PdfWriter:
    """``count`` empty A4 pages numbered from ``first`` at the foot, as the stylesheet
    prints page numbers; each page's drawing is marked as a pagination artifact, so that the
    merged file's structure tree stays complete (PDF/UA: content is tagged or an artifact)."""
    html = ("<html><head><style>@page { size: A4; margin: 22mm 20mm 24mm 24mm; "
            "@bottom-center { content: counter(page); font: 9.5pt 'Liberation Serif', "
            "'Tinos', 'Times New Roman', 'DejaVu Serif', serif; } } "
            f"@page :first {{ counter-reset: page {first}; }} "
            "div { break-after: page; } div:last-child { break-after: auto; }</style></head>"
            "<body>" + "<div></div>" * count + "</body></html>")
    numbers = PdfWriter(clone_from=PdfReader(io.BytesIO(HTML(string=html).write_pdf())))
    for page in numbers.pages:
        drawing = page.get_contents()
        if drawing is not None:
            drawing.set_data(b"/Artifact <</Type /Pagination>> BDC\n" + drawing.get_data()
                             + b"\nEMC\n")
            page.replace_contents(drawing)
    return numbers


def _top_element(tree: Any) -> Any:
    """The reference of a structure tree's top element (WeasyPrint's ``/Document``; ``/K``
    holds it alone or in a one-element array)."""
    top = tree["/K"]
    return top[0] if isinstance(top, ArrayObject) else top


def _document_element(writer: PdfWriter) -> tuple[Any, Any]:
    """The merged file's structure tree root and its ``/Document`` element (by reference)."""
    tree = writer.root_object["/StructTreeRoot"].get_object()
    return tree, _top_element(tree)


def _parent_tree(tree: Any) -> list[Any]:
    """The ``/Nums`` array of a structure tree's parent tree (WeasyPrint writes it flat)."""
    return tree["/ParentTree"].get_object()["/Nums"]


def _append_tagged(writer: PdfWriter, part: PdfReader, *, number: int) -> None:
    """Append a part's pages and its structure under the merged file's ``/Document``: its
    elements become children of that element, its parent-tree keys (pages' marked content →
    elements) are shifted past the merged file's, and note IDs are made unique."""
    tree, document_ref = _document_element(writer)
    nums = _parent_tree(tree)
    offset = int(tree.get("/ParentTreeNextKey", 0))
    if nums:
        offset = max(offset, max(int(k) for k in nums[::2]) + 1)
    root: Any = part.trailer["/Root"]
    source_tree: Any = root["/StructTreeRoot"].get_object()
    source_ref = _top_element(source_tree)
    source_document: Any = source_ref.get_object()
    # The part's top elements are hung under our /Document before they are copied (a
    # reference to the merged file is kept as it is by the copy), so nothing of the part's
    # own tree root is copied along.
    kids = source_document["/K"]
    kids = kids if isinstance(kids, ArrayObject) else ArrayObject([kids])
    for kid in kids:
        if isinstance(kid, IndirectObject):
            element: Any = kid.get_object()
            element[NameObject("/P")] = document_ref
    source_nums = _parent_tree(source_tree)
    for index in range(1, len(source_nums), 2):
        value = source_nums[index].get_object()
        if isinstance(value, ArrayObject):
            for position, item in enumerate(value):
                if item == source_ref:
                    value[position] = document_ref
        elif value == source_document:
            source_nums[index] = document_ref
    for page in part.pages:
        added: Any = writer.add_page(page)  # add_page leaves out /StructParents: set it again
        if "/StructParents" in page:
            added[NameObject("/StructParents")] = NumberObject(
                int(page["/StructParents"]) + offset)  # type: ignore[call-overload]
        for annotation in added.get("/Annots", ArrayObject()):
            annotation = annotation.get_object()
            if "/StructParent" in annotation:
                annotation[NameObject("/StructParent")] = NumberObject(
                    int(annotation["/StructParent"]) + offset)
    document = document_ref.get_object()
    ours = document["/K"]
    if not isinstance(ours, ArrayObject):
        ours = ArrayObject([ours])
        document[NameObject("/K")] = ours
    for kid in kids:
        copied = kid.clone(writer)
        ours.append(copied.indirect_reference if copied.indirect_reference else copied)
        _rename_notes(copied.get_object(), f"part-{number}-")
    highest = offset - 1
    for index in range(0, len(source_nums), 2):
        key = int(source_nums[index]) + offset
        nums.extend([NumberObject(key), source_nums[index + 1].clone(writer)])
        highest = max(highest, key)
    tree[NameObject("/ParentTreeNextKey")] = NumberObject(highest + 1)


def _rename_notes(element: Any, prefix: str) -> None:
    """Give the part's /Note elements IDs of their own (``note-1`` is in every part)."""
    if not hasattr(element, "get"):
        return
    if element.get("/S") == "/Note" and "/ID" in element:
        element[NameObject("/ID")] = TextStringObject(prefix + str(element["/ID"]))
    kids = element.get("/K")
    for kid in kids if isinstance(kids, ArrayObject) else [kids] if kids is not None else []:
        if isinstance(kid, IndirectObject):
            _rename_notes(kid.get_object(), prefix)


def merge(parts: list[bytes]) -> bytes:
    """The parts as one tagged PDF: the first part's file (cover, metadata, language,
    outline) with the later parts' pages and structure appended, their pages numbered after
    the first part's."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(parts[0])))
    first_count = len(writer.pages)
    for number, data in enumerate(parts[1:], start=1):
        _append_tagged(writer, PdfReader(io.BytesIO(data)), number=number)
    later = len(writer.pages) - first_count
    if later:
        numbers = _page_numbers(first_count + 1, later)
        for index, page in enumerate(writer.pages[first_count:]):
            page.merge_page(numbers.pages[index])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render_pdf_in_parts(document: Document, *, language: str,
                        processes: int | None = None) -> bytes:
    """The document's PDF, rendered in parts on ``processes`` processes when its last
    appendix is long, else in one rendering."""
    processes = processes or workers()
    last = document.appendices[-1].blocks if document.appendices else []
    if processes < 2 or sum(isinstance(b, Table) for b in last) < min_tables_for_parts():
        return render_pdf(document, language=language)
    # Twice as many parts as processes, so that a process done early takes another.
    parts = document_parts(document, parts=2 * processes)
    if len(parts) == 1:
        return render_pdf(document, language=language)
    used = min(processes, len(parts), os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=used) as pool:
        pdfs = list(pool.map(_render_part_in_process, parts, [language] * len(parts),
                             [n == 0 for n in range(len(parts))]))
    logger.info("report laid out in %d parts on %d processes", len(parts), used)
    return merge(pdfs)
