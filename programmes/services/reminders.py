"""Reminders of the reporting calendar (issue 13, point 2): for each DWCP in force, the next
reporting date when it is near ("due soon") and the last one passed when some indicators
have no progress for its period ("late"); the worker tells the country's field staff once per
date (beat, daily: ``programmes.send_reminders``), and their home page lists both.

The period a reporting date closes runs from the reporting date before it (or the start of
the programme): an indicator is reported for it when it has a progress update (submitted or
approved) dated after that earlier date. Three queries, whatever the number of programmes."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Max, Q

from core import notifications
from programmes.models import IN_FORCE, Dwcp, Indicator, UpdateStatus
from programmes.notifications import REPORTING_DUE, REPORTING_LATE

# A reporting date is "due soon" this many days before it.
REMINDER_DAYS = 14


@dataclass
class Due:
    """A reporting date of a DWCP and the indicators not yet reported for its period."""

    dwcp: Dwcp
    label: str
    due: dt.date
    late: bool
    missing: list[str] = field(default_factory=list)  # indicator codes


def _dates(dwcp: Dwcp) -> list[tuple[dt.date, str]]:
    return sorted((entry.due_in(year), entry.label)
                  for entry in dwcp.reporting_dates.all()
                  for year in range(dwcp.start_year, dwcp.end_year + 1))


def reporting_due(*, today: dt.date, dwcps: Iterable[Dwcp] | None = None,
                  window: int = REMINDER_DAYS) -> list[Due]:
    """What is due soon or late today in the DWCPs in force (all, or ``dwcps``)."""
    qs = Dwcp.objects.filter(status__in=IN_FORCE).select_related("country") \
        .prefetch_related("reporting_dates")
    if dwcps is not None:
        qs = qs.filter(pk__in=[d.pk for d in dwcps])
    programmes = [d for d in qs if d.reporting_dates.all()]
    last_reported: dict[int, dict[str, dt.date | None]] = defaultdict(dict)
    for row in (Indicator.objects.filter(cpo__dwcp__in=programmes)
                .annotate(last=Max("updates__date", filter=Q(updates__status__in=[
                    UpdateStatus.SUBMITTED, UpdateStatus.APPROVED])))
                .values("cpo__dwcp_id", "code", "last").order_by("code")):
        last_reported[row["cpo__dwcp_id"]][row["code"]] = row["last"]
    found = []
    for dwcp in programmes:
        dates = _dates(dwcp)
        start = dt.date(dwcp.start_year, 1, 1) - dt.timedelta(days=1)
        before = [start] + [d for d, _ in dates]
        for index, (due, label) in enumerate(dates):
            since = before[index]  # the period this date closes began after this day
            late = due < today
            soon = today <= due <= today + dt.timedelta(days=window)
            if not (soon or (late and (index + 1 == len(dates) or dates[index + 1][0] >= today))):
                continue
            missing = [code for code, last in last_reported[dwcp.pk].items()
                       if last is None or last <= since]
            if missing:
                found.append(Due(dwcp, label, due, late, missing))
    return found


def reminders_send(*, today: dt.date | None = None) -> int:
    """Tell the field staff of each DWCP what is due soon or late (once per reporting
    date and kind). Returns how many reminders were announced."""
    from django.utils import timezone

    today = today or timezone.localdate()
    count = 0
    for item in reporting_due(today=today):
        notifications.announce(REPORTING_LATE if item.late else REPORTING_DUE, item.dwcp,
                               event=item.due.isoformat(), due=item.due.isoformat(),
                               label=item.label, missing=item.missing[:50],
                               count=len(item.missing))
        count += 1
    return count
