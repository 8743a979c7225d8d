"""The indicator chart: the geometry of the inline SVG that
templates/programmes/results/_chart.html draws."""
from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from django.utils.translation import gettext as _

from programmes.models import Indicator, Unit, UpdateStatus
from programmes.views.results._common import fmt, measured


def _nice_step(span: float) -> float:
    raw = span / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if raw <= m * magnitude)


def indicator_chart(indicator: Indicator, milestones, updates) -> dict | None:
    """Geometry of the indicator's chart (an inline SVG drawn by the template): the planned
    path baseline → milestones → end target, dashed, and the approved values (the running
    total for cumulative indicators) as a line with points. None for qualitative indicators
    or when there is nothing numeric to draw."""
    if indicator.unit == Unit.QUALITATIVE:
        return None
    dwcp = indicator.cpo.dwcp
    unit = indicator.unit
    plan: list[tuple[dt.date, Decimal, str, str]] = []
    if indicator.baseline_value is not None:
        year = indicator.baseline_year or dwcp.start_year
        plan.append((dt.date(year, 1, 1), indicator.baseline_value, "baseline",
                     _("Baseline (%(year)s): %(v)s") % {"year": year,
                                                        "v": fmt(indicator.baseline_value,
                                                                  unit)}))
    for m in sorted(milestones, key=lambda m: m.biennium.start_year):
        if m.value is not None:
            plan.append((m.biennium.end_date, m.value, "milestone",
                         _("Milestone %(b)s: %(v)s") % {"b": m.biennium.code,
                                                        "v": fmt(m.value, unit)}))
    target = indicator.end_target
    if target is not None:
        year = indicator.target_year or dwcp.end_year
        plan.append((dt.date(year, 12, 31), target, "target",
                     _("End target (%(year)s): %(v)s") % {"year": year,
                                                          "v": fmt(target, unit)}))
    plan.sort(key=lambda p: p[0])  # the target year may come before the last milestone
    actual: list[tuple[dt.date, Decimal, str, str]] = []
    approved = sorted((u for u in updates if u.status == UpdateStatus.APPROVED),
                      key=lambda u: (u.date, u.approval_seq or 0))
    running = indicator.baseline_value or Decimal(0)
    for u in approved:
        value = measured(u)
        if value is None:
            continue
        if indicator.cumulative:
            running += value
            value = running
        actual.append((u.date, value, "actual",
                       _("Approved value on %(date)s: %(v)s")
                       % {"date": u.date.isoformat(), "v": fmt(value, unit)}))
    points = plan + actual
    if not points:
        return None
    width, height = 720, 300
    left, right, top, bottom = 64, 20, 16, 36
    first_year = min(p[0].year for p in points)
    last_year = max(p[0].year for p in points)
    x0, x1 = dt.date(first_year, 1, 1), dt.date(last_year + 1, 1, 1)
    values = [float(p[1]) for p in points]
    low, high = min(0.0, min(values)), max(values)
    if unit == Unit.PERCENTAGE:
        high = max(high, 100.0) if high > 60 else high
    step = _nice_step((high - low) or 1.0)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step if high > low else low + step

    def x(day: dt.date) -> float:
        return round(left + (width - left - right) * (day - x0).days / (x1 - x0).days, 1)

    def y(value) -> float:
        return round(top + (height - top - bottom) * (high - float(value)) / (high - low), 1)

    def place(items):
        return [{"x": x(d), "y": y(v), "kind": kind, "label": label}
                for d, v, kind, label in items]

    plan_points, actual_points = place(plan), place(actual)
    years = list(range(first_year, last_year + 1))
    every = 1 if len(years) <= 12 else 2
    y_ticks, tick = [], low
    while tick <= high + step / 1000:
        y_ticks.append({"y": y(tick), "label": fmt(Decimal(str(round(tick, 6))), unit)})
        tick += step
    return {
        "width": width, "height": height, "left": left, "right": width - right, "top": top,
        "bottom": height - bottom,
        # A tick at each new year, the year's label in the middle of its span, so a
        # milestone due at the end of 2013 sits at the right edge of "2013".
        "x_ticks": [{"x": x(dt.date(year, 1, 1))} for year in [*years, last_year + 1]],
        "x_labels": [{"x": x(dt.date(year, 7, 2)), "label": str(year)}
                     for i, year in enumerate(years) if i % every == 0],
        "y_ticks": y_ticks,
        "plan": plan_points, "actual": actual_points,
        "plan_path": " ".join(f"{'M' if i == 0 else 'L'}{p['x']},{p['y']}"
                              for i, p in enumerate(plan_points)),
        "actual_path": " ".join(f"{'M' if i == 0 else 'L'}{p['x']},{p['y']}"
                                for i, p in enumerate(actual_points)),
        "description": "; ".join(p[3] for p in points) + ".",
    }

