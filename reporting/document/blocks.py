"""The parts of a document: paragraphs, headings, tables, figures, boxes, sections,
appendices, the front matter and the document itself. Every text is plain text: the template
escapes it, except a figure's SVG, which our own chart code draws."""
from __future__ import annotations

import base64
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .values import Fmt, format_value

LONG_WORD = re.compile(r"\S{21,}")
ZERO_WIDTH_SPACE = "\u200b"


def breakable(text: str) -> str:
    """The text with a break opportunity (a zero-width space, invisible) every 20 characters
    of a word longer than that, so a table cell holding it can be narrower than the word
    (issue 11: a 60-character word in a title pushed the status columns off the page)."""
    return LONG_WORD.sub(lambda m: ZERO_WIDTH_SPACE.join(
        m.group()[i:i + 20] for i in range(0, len(m.group()), 20)), text)


def one_line(label: str, *, length: int = 60) -> str:
    """A group label short enough for the one-line slot of a "(continued)" label: cut at a
    word before ``length`` characters, with an ellipsis."""
    if len(label) <= length:
        return label
    return label[:length].rsplit(" ", 1)[0].rstrip(",;:") + "…"


@dataclass
class Footnote:
    number: int
    text: str


@dataclass
class SubParagraph:
    letter: str
    text: str


@dataclass
class Paragraph:
    number: int | None
    text: str
    items: list[SubParagraph] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    decision: bool = False
    kind: str = "paragraph"


@dataclass
class Heading:
    """An Arabic-numbered sub-section heading inside a Roman-numbered section."""

    number: int
    title: str
    kind: str = "heading"


BIENNIUM_LABEL = re.compile(r"\d{4}[–-]\d{2}")


@dataclass
class Column:
    label: str
    fmt: str = Fmt.TEXT

    @property
    def numeric(self) -> bool:
        return self.fmt != Fmt.TEXT

    @property
    def unbreakable(self) -> bool:
        """A biennium ("2026–27") heads the column: it is never split over two lines."""
        return bool(BIENNIUM_LABEL.fullmatch(self.label))


@dataclass
class Table:
    number: int
    caption: str
    columns: list[Column]
    rows: list[list[Any]]
    total: list[Any] | None = None
    source: str = ""
    note: str = ""
    # Rows whose first cell is a group label (e.g. a region above its countries).
    group_rows: frozenset[int] = frozenset()
    kind: str = "table"
    # Rows that open a page after the table's first one: the renderer sets them after a
    # first layout (reporting.renderers.paging), and the label of their group is repeated
    # above them as "<label> (continued)".
    continued_before: set[int] = field(default_factory=set)
    # A layout of the stylesheet's (class gb-table--<style>), e.g. "outcomes".
    style: str = ""

    def _format(self, row: list[Any]) -> list[dict]:
        return [{"text": breakable(format_value(value, col.fmt)) if not col.numeric
                 else format_value(value, col.fmt), "num": col.numeric}
                for value, col in zip(row, self.columns, strict=True)]

    def _group_row(self, label: str, cells: list[dict], *, index: int,
                   continued: bool) -> dict:
        """A group label row: the label, and no dashes in its empty cells."""
        blank = [{"text": "", "num": c["num"]} for c in cells[1:]]
        return {"cells": [{"text": label, "num": False}] + blank, "group": True,
                "index": index, "continued": continued}

    @property
    def printed_rows(self) -> list[dict]:
        out = []
        group_label = None
        for index, row in enumerate(self.rows):
            cells = self._format(row)
            if index in self.group_rows:
                group_label = cells[0]["text"]
                out.append(self._group_row(group_label, cells, index=index, continued=False))
                continue
            if index in self.continued_before and group_label is not None:
                out.append(self._group_row(_("%(label)s (continued)") % {
                    "label": one_line(group_label)}, cells, index=index, continued=True))
            out.append({"cells": cells, "group": False, "index": index, "continued": False})
        return out

    @property
    def printed_total(self) -> list[dict] | None:
        return self._format(self.total) if self.total is not None else None


@dataclass
class Figure:
    number: int
    caption: str
    svg: str
    alt: str
    source: str = ""
    kind: str = "figure"

    @property
    def svg_data_uri(self) -> str:
        """The chart as a ``data:`` URL (fetched by WeasyPrint without any request)."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


@dataclass
class Box:
    number: int
    title: str
    paragraphs: list[str]
    source: str = ""
    kind: str = "box"


@dataclass
class Section:
    number: str
    title: str
    blocks: list = field(default_factory=list)


@dataclass
class Appendix:
    label: str
    title: str
    blocks: list = field(default_factory=list)


@dataclass
class FrontMatter:
    """The cover block and the "Purpose of the document" box."""

    title: str
    symbol: str = ""
    session: int | None = None
    place: str = "Geneva"
    dates: str = ""
    section_name: str = ""
    section_code: str = ""
    segment: str = ""
    document_date: dt.date | None = None
    original_language: str = "en"
    agenda_item: int | None = None
    purpose: list[str] = field(default_factory=list)
    strategic_objective: str = ""
    main_outcome: str = ""
    policy_implications: str = ""
    legal_implications: str = ""
    financial_implications: str = ""
    follow_up: str = ""
    author_unit: str = ""
    related_documents: str = ""

    def fields(self) -> list[tuple[str, str]]:
        """The labelled fields in the order the Office prints them (empty ones left out,
        implications shown as "None." as the Office does)."""
        rows = [
            (_("Relevant strategic objective:"), self.strategic_objective),
            (_("Main relevant outcome:"), self.main_outcome),
            (_("Policy implications:"), self.policy_implications or _("None.")),
            (_("Legal implications:"), self.legal_implications or _("None.")),
            (_("Financial implications:"), self.financial_implications or _("None.")),
            (_("Follow-up action required:"), self.follow_up),
            (_("Author unit:"), self.author_unit),
            (_("Related documents:"), self.related_documents),
        ]
        return [(label, value) for label, value in rows if value]

    @property
    def draft(self) -> bool:
        """A document without a symbol is a draft, not a Governing Body paper: it says so in
        the place of the symbol (cover and running header) rather than print a made-up one."""
        return not self.symbol.strip()

    def header_text(self) -> str:
        """The symbol, or the draft mark, printed on the cover and atop every later page."""
        return self.symbol.strip() or _("Draft — not an official document")

    def session_line(self) -> str:
        """"317th Session, Geneva, 6–28 March 2013" in the active language; without a
        session number, a placeholder that says it is still to be set."""
        parts = [session_ordinal(self.session) if self.session
                 else _("Session to be confirmed")]
        parts += [p for p in (self.place, self.dates) if p]
        return ", ".join(parts)

    def agenda_line(self) -> str:
        return agenda_item_label(self.agenda_item) if self.agenda_item else ""

    def original_language_name(self) -> str:
        return {"en": _("English"), "fr": _("French"), "es": _("Spanish")}.get(
            self.original_language, self.original_language)


def session_ordinal(number: int) -> str:
    language = (get_language() or "en")[:2]
    if language == "fr":
        return _("%(n)s Session") % {"n": f"{number}e"}
    if language == "es":
        return _("%(n)s Session") % {"n": f"{number}.ª"}
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return _("%(n)s Session") % {"n": f"{number}{suffix}"}


def agenda_item_label(number: int) -> str:
    """"THIRD ITEM ON THE AGENDA" (each ordinal a whole string, so translators can agree the
    adjective with the noun)."""
    labels = {
        1: _("FIRST ITEM ON THE AGENDA"), 2: _("SECOND ITEM ON THE AGENDA"),
        3: _("THIRD ITEM ON THE AGENDA"), 4: _("FOURTH ITEM ON THE AGENDA"),
        5: _("FIFTH ITEM ON THE AGENDA"), 6: _("SIXTH ITEM ON THE AGENDA"),
        7: _("SEVENTH ITEM ON THE AGENDA"), 8: _("EIGHTH ITEM ON THE AGENDA"),
        9: _("NINTH ITEM ON THE AGENDA"), 10: _("TENTH ITEM ON THE AGENDA"),
        11: _("ELEVENTH ITEM ON THE AGENDA"), 12: _("TWELFTH ITEM ON THE AGENDA"),
        13: _("THIRTEENTH ITEM ON THE AGENDA"), 14: _("FOURTEENTH ITEM ON THE AGENDA"),
        15: _("FIFTEENTH ITEM ON THE AGENDA"), 16: _("SIXTEENTH ITEM ON THE AGENDA"),
        17: _("SEVENTEENTH ITEM ON THE AGENDA"), 18: _("EIGHTEENTH ITEM ON THE AGENDA"),
        19: _("NINETEENTH ITEM ON THE AGENDA"), 20: _("TWENTIETH ITEM ON THE AGENDA"),
    }
    return labels.get(number) or _("ITEM %(n)s ON THE AGENDA") % {"n": number}


@dataclass
class Document:
    front: FrontMatter
    sections: list[Section]
    decision: Paragraph | None
    appendices: list[Appendix]
    footnotes: list[Footnote]
    as_of: dt.date | None = None
    # The capacity worker's figures may be computed as of another day than the results.
    capacity_as_of: dt.date | None = None
    # When and by which computation the results were made; the open biennium, if any, whose
    # figures are provisional.
    computed_at: dt.datetime | None = None
    computation: int | None = None
    provisional: str = ""

    @property
    def paragraphs(self) -> list[Paragraph]:
        """Every numbered paragraph in order, the draft decision last."""
        out = [b for s in self.sections for b in s.blocks
               if isinstance(b, Paragraph) and b.number is not None]
        if self.decision is not None:
            out.append(self.decision)
        return out

    @property
    def tables(self) -> list[Table]:
        blocks = [b for s in self.sections for b in s.blocks]
        blocks += [b for a in self.appendices for b in a.blocks]
        return [b for b in blocks if isinstance(b, Table)]
