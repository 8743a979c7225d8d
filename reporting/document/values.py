"""Numbering and the values printed in a document: Roman numerals, letters, table cells,
millions, counts and percentages (in the active language's number format)."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from core.numbers import format_number

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
        return format_number(value, 0, grouping=True)
    if fmt == Fmt.MONEY:
        return format_number(value, 0, grouping=True)
    if fmt in (Fmt.PERCENT, Fmt.INDEX):
        return format_number(value, 1)
    if fmt == Fmt.CENTS:
        return format_number(value, 2, grouping=True)
    if fmt == Fmt.CHANGE:
        places = 0 if isinstance(value, int) else 1
        shown = format_number(abs(Decimal(value)), places)
        return ("+" if value > 0 else "−" if value < 0 else "") + shown
    if fmt == Fmt.DECIMAL:
        number = Decimal(value)
        places = (0 if number == number.to_integral_value()
                  else min(2, -number.normalize().as_tuple().exponent))
        return format_number(number, places, grouping=True)
    return str(value)


def millions(amount: Decimal | None) -> str:
    """US$ amounts in prose as the Office writes them: "US$3.6 million"."""
    if amount is None:
        return "–"
    value = Decimal(amount)
    if abs(value) >= Decimal("1000000"):
        shown = format_number(value / Decimal("1000000"), 1)
        return _("US$%(amount)s million") % {"amount": shown}
    shown = format_number(value, 0, grouping=True)
    return _("US$%(amount)s") % {"amount": shown}


def count(number: int) -> str:
    """A whole number in prose, grouped as in tables: "2,520"."""
    return format_number(number, 0, grouping=True)


def per_cent(value: Decimal | float | None) -> str:
    """"42.5 per cent" in prose."""
    if value is None:
        return "–"
    return _("%(value)s per cent") % {"value": format_number(value, 1)}
