"""Numbering and the values printed in a document: Roman numerals, letters, table cells,
millions, counts and percentages (in the active language's number format)."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import formats
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
