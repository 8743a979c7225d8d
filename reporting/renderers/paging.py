"""Tables that run over pages keep their group labels (issue 11).

CSS repeats a table's header row on every page (``thead``), but it cannot repeat the label of
the group a page starts in (the region above its countries, the outcome above its
indicators). So the document is laid out once; wherever a page opens on a data row of a table
begun on an earlier page, that row's group label is printed above it as "<label>
(continued)" and the document is laid out again. Inserting those rows can move others, so this
repeats until the rows asked for are those in place (at most :data:`MAX_PASSES` layouts). A
document whose grouped tables all fit on their page is laid out once, as before.

Rows are found by their ``data-table`` / ``data-row`` attributes
(templates/reporting/document/_table.html).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from weasyprint.formatting_structure.boxes import TableRowBox

from reporting.document.blocks import Document

MAX_PASSES = 4


def _rows(page: Any) -> Iterable[Any]:
    """The elements of the table body rows laid out on a page, in document order."""
    for box in page._page_box.descendants():
        if isinstance(box, TableRowBox) and box.element is not None \
                and box.element.get("data-row") is not None:
            yield box.element


def rows_opening_pages(pages: Iterable[Any]) -> dict[int, set[int]]:
    """Per table number, the rows that open a page after the table's first page and need
    their group label repeated above them: data rows (a group row carries its own label),
    and the rows above which a continued label already stands at the page's top."""
    wanted: dict[int, set[int]] = defaultdict(set)
    seen: set[int] = set()
    for page in pages:
        first_on_page: dict[int, Any] = {}
        for element in _rows(page):
            table = int(element.get("data-table"))
            first_on_page.setdefault(table, element)
        for table, element in first_on_page.items():
            if table in seen:
                continued = element.get("data-continued") is not None
                group = "group" in (element.get("class") or "").split()
                if continued or not group:
                    wanted[table].add(int(element.get("data-row")))
        seen.update(first_on_page)
    return wanted


def layout_with_continued_labels(document: Document, render_html: Callable[[], str],
                                 layout: Callable[[str], Any]) -> Any:
    """The laid-out document (WeasyPrint's), with "(continued)" group labels atop every page
    a grouped table runs onto. ``render_html`` renders ``document`` as it stands; ``layout``
    lays HTML out."""
    grouped = {t.number: t for t in document.tables if t.group_rows}
    for table in grouped.values():
        table.continued_before = set()
    rendered = layout(render_html())
    for _ in range(MAX_PASSES - 1):
        if not grouped:
            break
        wanted = rows_opening_pages(rendered.pages)
        changed = False
        for number, table in grouped.items():
            rows = wanted.get(number, set())
            if rows != table.continued_before:
                table.continued_before = rows
                changed = True
        if not changed:
            break
        rendered = layout(render_html())
    return rendered
