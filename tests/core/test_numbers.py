"""One formatting of numbers (issue 11, point 1): rounded half away from zero at the precision
shown, in the active language — the defects the issue found among them."""
from decimal import Decimal as D

import pytest
from django.template import Context, Template
from django.utils import translation

from core.numbers import format_number, rounded
from reporting.document.values import Fmt, format_value, millions, per_cent


@pytest.mark.parametrize(("value", "places", "expected"), [
    (D("2.25"), 1, D("2.3")), (D("-2.25"), 1, D("-2.3")), (D("2.35"), 1, D("2.4")),
    (D("2.249"), 1, D("2.2")), (84.15, 1, D("84.2")), (D("0.5"), 0, D("1")),
    (D("-0.5"), 0, D("-1")), (D("1.005"), 2, D("1.01")), (2, 1, D("2.0")),
])
def test_rounding_is_half_away_from_zero(value, places, expected):
    assert rounded(value, places) == expected


def test_the_issue_s_figures_are_rounded_not_cut():
    assert per_cent(D(16) * 100 / D(58)) == "27.6 per cent"  # 27.586…, was 27.5
    assert format_value(D(16) * 100 / D(58), Fmt.PERCENT) == "27.6"
    assert format_value(D("84.15"), Fmt.PERCENT) == "84.2"  # was 84.1
    assert millions(D("5380000")) == "US$5.4 million"  # was US$5.3 million
    assert format_value(D("2.5"), Fmt.INT) == "3" and format_value(D("999.5"), Fmt.MONEY) == "1,000"
    assert format_value(D("-1.25"), Fmt.CHANGE) == "−1.3"


def test_the_active_language_writes_the_number():
    with translation.override("fr"):
        assert format_number(D("1234.56"), 1, grouping=True).replace("\u202f", " ") \
            .replace("\xa0", " ") == "1 234,6"
    with translation.override("en"):
        assert format_number(D("1234.56"), 1, grouping=True) == "1,234.6"


@pytest.mark.parametrize(("value", "arg", "expected"), [
    (D("84.15"), "1", "84.2"), (D("2.5"), "0g", "3"), (D("1234567.5"), "0g", "1,234,568"),
    (D("2.50"), "-2", "2.50"), (D("2.00"), "-2", "2"), (D("1234.5"), "-2g", "1,234.50"),
    (None, "1", ""), ("n/a", "1", "n/a"),
])
def test_the_page_filter_rounds_like_the_reports(value, arg, expected):
    html = Template('{% load core_tags %}{{ v|number:arg }}').render(
        Context({"v": value, "arg": arg}))
    assert html == expected
