"""Building a document in reading order, numbering as it goes."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from .blocks import (
    Appendix,
    Box,
    Column,
    Document,
    Figure,
    Footnote,
    FrontMatter,
    Heading,
    Paragraph,
    Section,
    SubParagraph,
    Table,
)
from .values import letter, roman


class DocumentBuilder:
    """Builds a :class:`Document` in reading order, numbering as it goes."""

    def __init__(self, front: FrontMatter, *, as_of: dt.date | None = None):
        self.front = front
        self.as_of = as_of
        self.capacity_as_of: dt.date | None = None
        self.computed_at: dt.datetime | None = None
        self.computation: int | None = None
        self.provisional: str = ""
        self.sections: list[Section] = []
        self.appendices: list[Appendix] = []
        self.footnotes: list[Footnote] = []
        self.decision: Paragraph | None = None
        self._target: list | None = None
        self._paragraphs = 0
        self._headings = 0
        self._tables = 0
        self._figures = 0
        self._boxes = 0

    def provenance(self, *, computed_at: dt.datetime | None, computation: int | None,
                   provisional: str = "") -> None:
        """When and by which computation the figures were made, and the open biennium whose
        figures are provisional (its code, or empty): said in the purpose box."""
        self.computed_at, self.computation, self.provisional = (computed_at, computation,
                                                                provisional)

    @property
    def next_table(self) -> int:
        """The number the next table will have (for "Table 3 shows …")."""
        return self._tables + 1

    def _blocks(self) -> list:
        if self._target is None:
            raise ValueError("start a section before adding content")
        return self._target

    def section(self, title: str) -> Section:
        if self.decision is not None or self.appendices:
            raise ValueError("sections come before the draft decision and the appendices")
        section = Section(roman(len(self.sections) + 1), title)
        self.sections.append(section)
        self._target = section.blocks
        self._headings = 0
        return section

    def heading(self, title: str) -> Heading:
        self._headings += 1
        block = Heading(self._headings, title)
        self._blocks().append(block)
        return block

    def _footnotes(self, texts) -> list[Footnote]:
        notes = []
        for text in texts:
            note = Footnote(len(self.footnotes) + 1, text)
            self.footnotes.append(note)
            notes.append(note)
        return notes

    def paragraph(self, text: str, *, items=(), footnotes=()) -> Paragraph:
        """A numbered paragraph (unnumbered in appendices); ``items`` become (a), (b), …"""
        in_appendix = bool(self.appendices)
        if in_appendix and footnotes:
            raise ValueError("footnotes belong to the body of the document")
        number = None
        if not in_appendix:
            self._paragraphs += 1
            number = self._paragraphs
        block = Paragraph(number, text,
                          [SubParagraph(letter(i), t) for i, t in enumerate(items)],
                          self._footnotes(footnotes))
        self._blocks().append(block)
        return block

    def table(self, caption: str, columns: list[Column], rows: list[list[Any]], *,
              total: list[Any] | None = None, source: str = "", note: str = "",
              group_rows=(), style: str = "") -> Table:
        self._tables += 1
        block = Table(self._tables, caption, columns, rows, total, source, note,
                      frozenset(group_rows), style=style)
        self._blocks().append(block)
        return block

    def figure(self, caption: str, svg: str, *, alt: str, source: str) -> Figure:
        """A chart: its caption is its title, and it always says where its figures come
        from (issue 11)."""
        if not source.strip():
            raise ValueError("a figure needs a source line")
        self._figures += 1
        block = Figure(self._figures, caption, svg, alt, source)
        self._blocks().append(block)
        return block

    def box(self, title: str, paragraphs: list[str], *, source: str = "") -> Box:
        self._boxes += 1
        block = Box(self._boxes, title, list(paragraphs), source)
        self._blocks().append(block)
        return block

    def draft_decision(self, text: str) -> Paragraph:
        """The final numbered paragraph, printed in italics."""
        if self.decision is not None:
            raise ValueError("a document has one draft decision")
        self._paragraphs += 1
        self.decision = Paragraph(self._paragraphs, text, decision=True)
        self._target = None
        return self.decision

    def appendix(self, title: str) -> Appendix:
        appendix = Appendix(_("Appendix %(n)s") % {"n": roman(len(self.appendices) + 1)},
                            title)
        self.appendices.append(appendix)
        self._target = appendix.blocks
        return appendix

    def build(self) -> Document:
        return Document(self.front, self.sections, self.decision, self.appendices,
                        self.footnotes, self.as_of, self.capacity_as_of,
                        computed_at=self.computed_at, computation=self.computation,
                        provisional=self.provisional)
