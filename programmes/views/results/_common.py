"""Helpers shared by the results pages: URLs and how values read (access: core.access and
the capabilities of core.policy)."""
from __future__ import annotations

from decimal import Decimal

from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core.numbers import format_number, rounded
from core.routing import page_url_of
from programmes.models import Indicator, ProgressUpdate, Unit
from programmes.results import computation as rules

indicator_url = page_url_of("programmes:indicator-detail")


def next_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


def fmt(value, unit: str = "") -> str:
    if value is None:
        return "—"
    number = rounded(value, 2)
    places = next(p for p in (0, 1, 2) if number == rounded(number, p))
    text = format_number(number, places, grouping=True)  # "1,234.5"; "1 234,5" in French
    return f"{text} %" if unit == Unit.PERCENTAGE else text


def measured(update: ProgressUpdate) -> Decimal | None:
    """The value of an update, by the rule (and rounding) the computation uses."""
    return rules.measured_value(value=update.value, numerator=update.numerator,
                                denominator=update.denominator)


def update_value(indicator: Indicator, update: ProgressUpdate) -> str:
    """How an update's value reads: "45 %", "18 / 40 (45 %)", "Reached", "+12"."""
    if indicator.unit == Unit.QUALITATIVE:
        if update.reached is None:
            return "—"
        return _("Milestone reached") if update.reached else _("Milestone not reached")
    if update.value is None and update.numerator is not None:
        return f"{fmt(update.numerator)} / {fmt(update.denominator)} " \
               f"({fmt(measured(update), Unit.PERCENTAGE)})"
    text = fmt(update.value, indicator.unit)
    return f"+{text}" if indicator.cumulative and update.value and update.value > 0 else text

