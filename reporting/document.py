"""The structure of a Governing Body document, numbered in Python [DOMAIN §6; seeds/001, 002].

A report builds a :class:`Document` through :class:`DocumentBuilder`: Roman-numbered sections,
Arabic sub-sections, paragraphs numbered continuously through the whole document, lettered
sub-paragraphs, boxes, tables and figures numbered through the document, footnotes numbered
in order of appearance, the draft decision as the last numbered paragraph, and appendices.
The template only lays out what is numbered here, so the PDF, the xlsx export and the tests
all see the same numbers.

Every text is plain text (user text included): the template escapes it. The only markup that
goes through unescaped is a figure's SVG, which our own chart code draws (renderers/charts).
"""
from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

LETTERS = "abcdefghijklmnopqrstuvwxyz"
ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
         (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(number: int) -> str:
    """1 → I, 4 → IV, 14 → XIV."""
    if number < 1:
        raise ValueError("Roman numerals start at 1")
    out = []
    for value, numeral in ROMAN:
        while number >= value:
            out.append(numeral)
            number -= value
    return "".join(out)


def letter(index: int) -> str:
    """0 → a, 25 → z, 26 → aa."""
    return LETTERS[index] if index < 26 else LETTERS[index // 26 - 1] + LETTERS[index % 26]


# --- values in tables ------------------------------------------------------------------------

class Fmt:
    TEXT = "text"
    INT = "int"
    DECIMAL = "decimal"
    PERCENT = "percent"
    MONEY = "money"
    INDEX = "index"  # one decimal always (capacity indices 0–100)
    CHANGE = "change"  # signed: +1 for whole numbers, +2.5 for decimals
    CENTS = "cents"  # US$ with cents (costs per participant)


def format_value(value: Any, fmt: str) -> str:
    """A table cell as printed, in the active language's number format; "–" when empty."""
    if fmt == Fmt.TEXT:  # an empty string is a deliberately blank cell (e.g. a repeated label)
        return "–" if value is None else str(value)
    if value is None or value == "":
        return "–"
    if fmt == Fmt.INT:
        return formats.number_format(int(value), 0, use_l10n=True, force_grouping=True)
    if fmt == Fmt.MONEY:
        return formats.number_format(Decimal(value).quantize(Decimal("1")), 0, use_l10n=True,
                                     force_grouping=True)
    if fmt == Fmt.PERCENT:
        return formats.number_format(Decimal(value), 1, use_l10n=True)
    if fmt == Fmt.INDEX:
        return formats.number_format(Decimal(value), 1, use_l10n=True)
    if fmt == Fmt.CENTS:
        return formats.number_format(Decimal(value), 2, use_l10n=True, force_grouping=True)
    if fmt == Fmt.CHANGE:
        places = 0 if isinstance(value, int) else 1
        shown = formats.number_format(abs(Decimal(value)), places, use_l10n=True)
        return ("+" if value > 0 else "−" if value < 0 else "") + shown
    if fmt == Fmt.DECIMAL:
        number = Decimal(value)
        places = (0 if number == number.to_integral_value()
                  else min(2, -number.normalize().as_tuple().exponent))
        return formats.number_format(number, places, use_l10n=True, force_grouping=True)
    return str(value)


def millions(amount: Decimal | None) -> str:
    """US$ amounts in prose as the Office writes them: "US$3.6 million"."""
    if amount is None:
        return "–"
    value = Decimal(amount)
    if abs(value) >= Decimal("1000000"):
        shown = formats.number_format(value / Decimal("1000000"), 1, use_l10n=True)
        return _("US$%(amount)s million") % {"amount": shown}
    shown = formats.number_format(value.quantize(Decimal("1")), 0, use_l10n=True,
                                  force_grouping=True)
    return _("US$%(amount)s") % {"amount": shown}


def count(number: int) -> str:
    """A whole number in prose, grouped as in tables: "2,520"."""
    return formats.number_format(int(number), 0, use_l10n=True, force_grouping=True)


def per_cent(value: Decimal | float | None) -> str:
    """"42.5 per cent" in prose."""
    if value is None:
        return "–"
    return _("%(value)s per cent") % {"value": formats.number_format(Decimal(value), 1,
                                                                     use_l10n=True)}


# --- blocks --------------------------------------------------------------------------------

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


@dataclass
class Column:
    label: str
    fmt: str = Fmt.TEXT

    @property
    def numeric(self) -> bool:
        return self.fmt != Fmt.TEXT


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

    def _format(self, row: list[Any]) -> list[dict]:
        return [{"text": format_value(value, col.fmt), "num": col.numeric}
                for value, col in zip(row, self.columns, strict=True)]

    @property
    def printed_rows(self) -> list[dict]:
        out = []
        for index, row in enumerate(self.rows):
            cells = self._format(row)
            group = index in self.group_rows
            if group:  # a group label row: no dashes in its empty cells
                cells = [cells[0]] + [{"text": "", "num": c["num"]} for c in cells[1:]]
            out.append({"cells": cells, "group": group})
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


class DocumentBuilder:
    """Builds a :class:`Document` in reading order, numbering as it goes."""

    def __init__(self, front: FrontMatter, *, as_of: dt.date | None = None):
        self.front = front
        self.as_of = as_of
        self.capacity_as_of: dt.date | None = None
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
              group_rows=()) -> Table:
        self._tables += 1
        block = Table(self._tables, caption, columns, rows, total, source, note,
                      frozenset(group_rows))
        self._blocks().append(block)
        return block

    def figure(self, caption: str, svg: str, *, alt: str, source: str = "") -> Figure:
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
                        self.footnotes, self.as_of, self.capacity_as_of)
