"""One way to print a number, for pages, exports and reports (issue 11): a figure is rounded
half away from zero at the precision it is shown with — per cent and US$ millions to one
decimal, counts whole — and only then formatted in the active language. Django's own
``number_format`` cuts the digits it does not show (16 of 58 = 27.586… would print 27.5); this
module rounds (27.6). The computations stay exact; only what is printed is rounded.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils import formats


def rounded(value: Any, places: int) -> Decimal:
    """``value`` rounded half away from zero to ``places`` decimals (``ROUND_HALF_UP`` in
    :mod:`decimal` rounds away from zero: 2.25 → 2.3, −2.25 → −2.3). Floats are read by their
    shortest representation (84.15 is 84.15, not 84.1499…)."""
    number = value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(
        value, float) else str(value))
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_number(value: Any, places: int, *, grouping: bool = False) -> str:
    """``value`` rounded to ``places`` decimals and written in the active language's number
    format (decimal mark, and thousands separators when ``grouping``)."""
    return formats.number_format(rounded(value, places), places, use_l10n=True,
                                 force_grouping=grouping)


def format_for_template(value: Any, arg: str | int = -1) -> str:
    """The ``number`` template filter: ``arg`` as Django's ``floatformat`` reads it
    (``1`` one decimal, ``"-2"`` up to two decimals, a trailing ``g`` for thousands
    separators), but rounded half away from zero by :func:`rounded`. Empty or not a number:
    returned as given (an empty string for None)."""
    if value is None or value == "":
        return ""
    text = str(arg)
    grouping = text.endswith("g")
    places = int(text.rstrip("g") or -1)
    try:
        number = rounded(value, abs(places))
    except (InvalidOperation, ValueError, TypeError):
        return str(value)
    if places < 0 and number == number.to_integral_value():
        places = 0
    return formats.number_format(number, abs(places), use_l10n=True, force_grouping=grouping)


_SPACES = ("\u00a0", "\u202f", "\u2009", " ")


def parse_decimal(text: str) -> Decimal:
    """A number typed in the active language: "1 234,5" in French or Spanish, "1,234.5" in
    English. The decimal point is accepted in every language (what spreadsheets and other
    tools write); a thousands separator only between groups of three digits, so "12,5" is
    twelve and a half in French and not a number in English (rather than 125).
    Raises :class:`decimal.InvalidOperation` when ``text`` is not a number."""
    value = text.strip()
    for space in _SPACES:
        value = value.replace(space, "")
    decimal_mark = str(formats.get_format("DECIMAL_SEPARATOR"))
    other = "." if decimal_mark == "," else ","
    grouped = re.fullmatch(rf"[-+]?\d{{1,3}}(?:{re.escape(other)}\d{{3}})+"
                           rf"(?:{re.escape(decimal_mark)}\d+)?", value)
    if grouped and not (other == "." and value.count(".") == 1 and decimal_mark not in value):
        value = value.replace(other, "")
    if decimal_mark != ".":
        if "." in value and decimal_mark in value:
            raise InvalidOperation(text)
        value = value.replace(decimal_mark, ".")
    if not re.fullmatch(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", value):
        raise InvalidOperation(text)
    return Decimal(value)
