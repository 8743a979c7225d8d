"""The rules of evaluation coverage as pure functions (the worker applies them to every
project and DWCP a rule covers, evaluation.services.computed; docs/evaluation.md)."""
from __future__ import annotations

import calendar
import datetime as dt

from evaluation.models import CARRIED_OUT, CoverageAnchor, CoverageStatus


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` (negative: back), kept within the month (31 Jan + 1 month
    is 28 or 29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_date(*, start: dt.date, end: dt.date, anchor: str, offset_months: int) -> dt.date:
    """When a required evaluation is due: the subject's end (or midpoint), moved by
    ``offset_months``."""
    base = end if anchor == CoverageAnchor.END else start + (end - start) / 2
    return add_months(base, offset_months)


def coverage_status(*, due: dt.date, window_months: int, as_of: dt.date,
                    evaluation_status: str | None) -> CoverageStatus:
    """Where a required evaluation stands on ``as_of``, given the status of the evaluation
    that meets it (None: none recorded, or only cancelled ones):

    * done — the evaluation was carried out (report submitted, approved or published);
    * overdue — not done and the due date has passed;
    * due — planned or in progress, and the due date is within ``window_months``;
    * missing — nothing planned, and the due date is within ``window_months``;
    * scheduled — planned, the due date further away;
    * upcoming — nothing planned yet, the due date further away."""
    if evaluation_status in CARRIED_OUT:
        return CoverageStatus.DONE
    if as_of > due:
        return CoverageStatus.OVERDUE
    if as_of >= add_months(due, -window_months):
        return CoverageStatus.DUE if evaluation_status else CoverageStatus.MISSING
    return CoverageStatus.SCHEDULED if evaluation_status else CoverageStatus.UPCOMING
