"""Dates and numbers are written as each language writes them (issue 16, point 4): the
Office's "3 December 2026" in English rather than Django's American "Dec. 3, 2026"."""
import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from core.numbers import format_number

DAY = dt.date(2026, 12, 3)


@pytest.mark.parametrize(("language", "long", "short", "number"), [
    ("en", "3 December 2026", "3 Dec 2026", "1,234.5"),
    ("fr", "3 décembre 2026", "3 déc. 2026", "1\u202f234,5"),
    ("es", "3 de diciembre de 2026", "3 dic 2026", "1\u202f234,5"),
])
def test_dates_and_numbers_in_each_language(language, long, short, number):
    with translation.override(language):
        assert formats.date_format(DAY) == long
        assert Template('{{ d|date:"SHORT_DATE_FORMAT" }}').render(Context({"d": DAY})) == short
        assert format_number(Decimal("1234.5"), 1, grouping=True).replace("\xa0", "\u202f") \
            == number


def test_indicator_values_on_pages_follow_the_language():
    from programmes.models import Unit
    from programmes.views.results._common import fmt

    with translation.override("en"):
        assert [fmt(Decimal("6000")), fmt(Decimal("45.25"), Unit.PERCENTAGE)] == [
            "6,000", "45.25 %"]
    with translation.override("fr"):
        assert [fmt(Decimal("1835.5")).replace("\xa0", " "), fmt(Decimal("0.333"))] == [
            "1 835,5", "0,33"]
