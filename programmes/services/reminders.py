"""Reminders of the reporting calendar (issue 13, point 2): for each DWCP in force, the next
reporting date when it is near ("due soon") and the last one passed when some indicators
have no progress for its period ("late"); the worker tells the country's field staff once per
date (beat, daily: ``programmes.send_reminders``), and their home page lists both.

Milestones are reminded the same way (issue 13, point 1): a biennium's milestones fall due on
its last day; ``REMINDER_MILESTONE_DAYS`` before it, the milestones not yet reached in the
current results are "due soon"; once it has ended (for ``REMINDER_MILESTONE_OVERDUE_DAYS``,
the end-of-biennium reporting), those with no progress dated inside the biennium are
"overdue". The windows are settings.

The period a reporting date closes runs from the reporting date before it (or the start of
the programme): an indicator is reported for it when it has a progress update (submitted or
approved) dated after that earlier date. Three queries, whatever the number of programmes."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Q

from core import notifications
from programmes.models import (
    IN_FORCE,
    BiennialMilestone,
    Biennium,
    Dwcp,
    Indicator,
    IndicatorResult,
    ResultStatus,
    UpdateStatus,
)
from programmes.notifications import (
    MILESTONES_DUE,
    MILESTONES_OVERDUE,
    REPORTING_DUE,
    REPORTING_LATE,
)


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
                  window: int | None = None) -> list[Due]:
    """What is due soon or late today in the DWCPs in force (all, or ``dwcps``); due soon
    is ``window`` days ahead (``REMINDER_REPORTING_DAYS``)."""
    window = settings.REMINDER_REPORTING_DAYS if window is None else window
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


@dataclass
class MilestonesDue:
    """A DWCP's milestones of a biennium that falls due soon (not yet achieved) or has
    ended (nothing reported for them)."""

    dwcp: Dwcp
    biennium: Biennium
    late: bool
    codes: list[str] = field(default_factory=list)  # indicator codes

    @property
    def due(self) -> dt.date:
        return dt.date(self.biennium.end_year, 12, 31)


def milestones_due(*, today: dt.date, dwcps: Iterable[Dwcp] | None = None,
                   window: int | None = None, grace: int | None = None) -> list[MilestonesDue]:
    """The milestones of the DWCPs in force (all, or ``dwcps``) whose biennium ends within
    ``window`` days and that the current results do not show achieved, and those of a
    biennium ended less than ``grace`` days ago with no progress dated inside it. Three
    queries (biennia, current results, milestones), whatever the number of programmes.
    The windows default to the settings ``REMINDER_MILESTONE_DAYS`` and
    ``REMINDER_MILESTONE_OVERDUE_DAYS``."""
    from programmes.selectors.results import current_snapshot

    window = settings.REMINDER_MILESTONE_DAYS if window is None else window
    grace = settings.REMINDER_MILESTONE_OVERDUE_DAYS if grace is None else grace
    biennia = list(Biennium.objects.all())
    soon = [b for b in biennia
            if today <= dt.date(b.end_year, 12, 31) <= today + dt.timedelta(days=window)]
    ended = [b for b in biennia
             if today - dt.timedelta(days=grace) <= dt.date(b.end_year, 12, 31) < today]
    if not soon and not ended:
        return []
    milestones = BiennialMilestone.objects.filter(
        biennium__in=[*soon, *ended], indicator__cpo__dwcp__status__in=IN_FORCE)
    if dwcps is not None:
        milestones = milestones.filter(indicator__cpo__dwcp__in=[d.pk for d in dwcps])
    snapshot = current_snapshot()
    achieved = IndicatorResult.objects.filter(  # reached already, or achieved at the end
        Q(reached=True) | Q(status=ResultStatus.ACHIEVED), snapshot=snapshot,
        indicator=OuterRef("indicator"), biennium=OuterRef("biennium"))
    reported = Indicator.objects.filter(
        pk=OuterRef("indicator"), updates__status__in=[UpdateStatus.SUBMITTED,
                                                       UpdateStatus.APPROVED],
        updates__date__year__gte=OuterRef("biennium__start_year"),
        updates__date__year__lte=OuterRef("biennium__start_year") + 1)
    rows = (milestones.annotate(achieved=Exists(achieved), reported=Exists(reported))
            .select_related("biennium", "indicator__cpo__dwcp__country")
            .order_by("indicator__cpo__dwcp_id", "biennium__start_year", "indicator__code"))
    found: dict[tuple[int, int], MilestonesDue] = {}
    for row in rows:
        late = row.biennium in ended
        if (row.achieved if not late else row.reported):
            continue
        dwcp = row.indicator.cpo.dwcp
        item = found.setdefault((dwcp.pk, row.biennium.pk),
                                MilestonesDue(dwcp, row.biennium, late))
        item.codes.append(row.indicator.code)
    return list(found.values())


def reminders_send(*, today: dt.date | None = None) -> int:
    """Tell the field staff of each DWCP what is due soon or late: reporting dates (once
    per date and kind) and a biennium's milestones (once per biennium and kind). Returns
    how many reminders were announced."""
    from django.utils import timezone

    today = today or timezone.localdate()
    count = 0
    for item in reporting_due(today=today):
        notifications.announce(REPORTING_LATE if item.late else REPORTING_DUE, item.dwcp,
                               event=item.due.isoformat(), due=item.due.isoformat(),
                               label=item.label, missing=item.missing[:50],
                               count=len(item.missing))
        count += 1
    for milestones in milestones_due(today=today):
        notifications.announce(MILESTONES_OVERDUE if milestones.late else MILESTONES_DUE,
                               milestones.dwcp, event=milestones.biennium.code,
                               biennium=milestones.biennium.label,
                               due=milestones.due.isoformat(), codes=milestones.codes[:50],
                               count=len(milestones.codes))
        count += 1
    return count
