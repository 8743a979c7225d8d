"""Tables that run over pages keep their group labels (issue 11).

CSS repeats a table's header row on every page (``thead``), but it cannot repeat the label of
the group a page starts in (the region above its countries, the outcome above its
indicators). So the document is laid out once; wherever a page opens on a data row of a table
begun on an earlier page, that row's group label is printed above it as "<label>
(continued)" and the document is laid out again. Inserting those rows can move others, so this
repeats until the rows asked for are those in place (at most :data:`MAX_PASSES` layouts). A
document whose grouped tables all fit on their page is laid out once, as before.

Rows of grouped tables are found on the laid-out pages through WeasyPrint's public
``Page.anchors``: each data row and group row carries an ``id`` ``t<table>-r<row>``
(templates/reporting/document/_table.html), so the anchors of a page name the rows it holds.
A row is never split over two pages (``break-inside: avoid``), so its anchor is on the page
that shows it.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from reporting.document.blocks import Document

MAX_PASSES = 4
ROW_ANCHOR = re.compile(r"t(\d+)-r(\d+)")


def first_rows(pages: Iterable[Any]) -> list[dict[int, int]]:
    """Per page, the first row of each grouped table laid out on it (table → row index)."""
    out = []
    for page in pages:
        first: dict[int, int] = {}
        for name in page.anchors:
            match = ROW_ANCHOR.fullmatch(name)
            if match:
                table, row = int(match.group(1)), int(match.group(2))
                first[table] = min(row, first.get(table, row))
        out.append(first)
    return out


def rows_opening_pages(pages: Iterable[Any],
                       group_rows: dict[int, frozenset[int]]) -> dict[int, set[int]]:
    """Per table number, the rows that open a page after the table's first page and need
    their group label repeated above them: every first row but a group row, which carries
    its own label."""
    wanted: dict[int, set[int]] = {}
    seen: set[int] = set()
    for first in first_rows(pages):
        for table, row in first.items():
            if table in seen and row not in group_rows.get(table, ()):
                wanted.setdefault(table, set()).add(row)
        seen.update(first)
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
        wanted = rows_opening_pages(rendered.pages,
                                    {n: t.group_rows for n, t in grouped.items()})
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
