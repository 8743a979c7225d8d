"""Indicator and CPO progress, exactly as defined in docs/indicators.md.

Pure functions over plain values: no database, no clock. The worker's set-based layer gathers
the inputs (baseline, milestones, approved updates) and calls these; property tests check them.

Numbers are ``Decimal`` throughout so that 1/3 per cent is not rounded twice; progress is
rounded to one decimal (half up) as it is reported, and the on-track comparison uses that
reported figure.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

ONE_DECIMAL = Decimal("0.1")
# Percentages from a numerator and a denominator are kept to four decimals, as stored, so
# every engine computes progress from the same value.
VALUE_PLACES = Decimal("0.0001")
HUNDRED = Decimal(100)


class Status(StrEnum):
    ACHIEVED = "achieved"
    PARTLY_ACHIEVED = "partly_achieved"
    NOT_ACHIEVED = "not_achieved"
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"
    NOT_STARTED = "not_started"


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"


def biennium_start_year(year: int) -> int:
    """First (even) year of the biennium that ``year`` falls in: 2021 → 2020, 2020 → 2020.
    The biennium of a date is that of its year; :func:`biennium_start_year_sql` is the twin
    of this rule in SQL."""
    return year - year % 2


def biennium_start_year_sql(date_sql: str) -> str:
    """The SQL twin of :func:`biennium_start_year` for a PostgreSQL date expression, e.g.
    ``biennium_start_year_sql("p.date")``: the first year of the biennium the date falls in.
    (``mod`` rather than ``%``, so the text can go into a statement with parameters.)"""
    year = f"EXTRACT(YEAR FROM {date_sql})::int"
    return f"({year} - mod({year}, 2))"


@dataclass(frozen=True)
class Period:
    """A biennium: 1 January of its even first year to 31 December of the next year."""

    start_year: int

    @classmethod
    def of(cls, day: dt.date) -> Period:
        """The biennium a date falls in."""
        return cls(biennium_start_year(day.year))

    @property
    def start(self) -> dt.date:
        return dt.date(self.start_year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.start_year + 1, 12, 31)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Update:
    """An approved progress update. ``approved_seq`` orders approvals (later = larger); it
    breaks ties between updates dated the same day. ``reached`` is for qualitative indicators."""

    date: dt.date
    approved_seq: int
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    reached: bool | None = None

    @property
    def measured(self) -> Decimal | None:
        """The value of the update (:func:`measured_value`)."""
        return measured_value(value=self.value, numerator=self.numerator,
                              denominator=self.denominator)


def measured_value(*, value: Decimal | None, numerator: Decimal | None,
                   denominator: Decimal | None) -> Decimal | None:
    """The value of an update: its value, or 100 × numerator / denominator rounded to four
    decimals (half up), as stored; None without a value or with a denominator of 0."""
    if value is not None:
        return Decimal(value)
    if numerator is not None and denominator:
        return (HUNDRED * Decimal(numerator) / Decimal(denominator)).quantize(
            VALUE_PLACES, rounding=ROUND_HALF_UP)
    return None


def measured_value_sql(update: str) -> str:
    """The SQL twin of :func:`measured_value` for the row alias of a progress update, e.g.
    ``measured_value_sql("p")``."""
    return (f"COALESCE({update}.value, "
            f"ROUND(100 * {update}.numerator / NULLIF({update}.denominator, 0), 4))")


def _latest(updates: Iterable[Update]) -> Update | None:
    return max(updates, key=lambda u: (u.date, u.approved_seq), default=None)


def _latest_value(updates: Iterable[Update]) -> Decimal | None:
    """The measured value of the latest of ``updates`` (None when there is none)."""
    latest = _latest(updates)
    return latest.measured if latest is not None else None


def _total(updates: Iterable[Update]) -> Decimal:
    """The sum of the measured values of ``updates`` (those without one add nothing)."""
    return sum((u.measured for u in updates if u.measured is not None), Decimal(0))


def actual(updates: Sequence[Update], period: Period, *, cumulative: bool,
           baseline: Decimal | None) -> Decimal | None:
    """Actual(B): None ("no data") when no approved update is dated within B."""
    within = [u for u in updates if period.contains(u.date) and u.measured is not None]
    if not within:
        return None
    if cumulative:
        return (baseline or Decimal(0)) + _total(u for u in updates if u.date <= period.end)
    return _latest_value(within)


def start(updates: Sequence[Update], period: Period, *, cumulative: bool,
          baseline: Decimal | None) -> Decimal | None:
    """Start(B): the same quantity just before B begins; the baseline if there is none."""
    before = [u for u in updates if u.date < period.start and u.measured is not None]
    if cumulative:
        return (baseline or Decimal(0)) + _total(before)
    latest = _latest_value(before)
    return latest if latest is not None else baseline


def reached(value: Decimal, milestone: Decimal, direction: Direction) -> bool:
    return value >= milestone if direction == Direction.INCREASE else value <= milestone


def reached_sql(value: str, milestone: str, direction: str) -> str:
    """The SQL twin of :func:`reached` for SQL expressions (NULL when the value is)."""
    return (f"CASE WHEN {direction} = '{Direction.INCREASE}' THEN {value} >= {milestone} "
            f"ELSE {value} <= {milestone} END")


def progress(actual_value: Decimal, start_value: Decimal, milestone: Decimal,
             direction: Direction) -> Decimal:
    """(Actual − Start) / (Milestone − Start) × 100, one decimal, not clamped."""
    if milestone == start_value:
        return HUNDRED if reached(actual_value, milestone, direction) else Decimal(0)
    raw = (actual_value - start_value) / (milestone - start_value) * HUNDRED
    return raw.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def progress_sql(actual_value: str, start_value: str, milestone: str, direction: str) -> str:
    """The SQL twin of :func:`progress` for SQL expressions that are not NULL (PostgreSQL's
    ROUND of a numeric rounds half away from zero, as ROUND_HALF_UP does)."""
    return (f"CASE WHEN {milestone} = {start_value} THEN "
            f"CASE WHEN {reached_sql(actual_value, milestone, direction)} THEN 100 ELSE 0 END "
            f"ELSE ROUND(100 * ({actual_value} - {start_value}) / ({milestone} - {start_value}),"
            f" 1) END")


def end_target(*, target_value: Decimal | None, target_increase_pct: Decimal | None,
               baseline: Decimal | None) -> Decimal | None:
    """The DWCP end target as a value: the target value, or the baseline raised by the
    percentage; None when neither can be had."""
    if target_value is not None:
        return target_value
    if target_increase_pct is not None and baseline is not None:
        return baseline * (1 + target_increase_pct / 100)
    return None


def end_target_sql(indicator: str) -> str:
    """The SQL twin of :func:`end_target` for the row alias of an indicator."""
    return (f"COALESCE({indicator}.target_value, "
            f"{indicator}.baseline_value * (1 + {indicator}.target_increase_pct / 100))")


def target_progress(updates: Sequence[Update], *, baseline: Decimal | None,
                    target: Decimal | None, direction: Direction, cumulative: bool,
                    as_of: dt.date) -> Decimal | None:
    """Progress toward the DWCP end target: the progress formula from the baseline to the
    target, with the latest value (or the running total) known at ``as_of``; None without a
    baseline, a target or an approved value."""
    if target is None or baseline is None:
        return None
    known = [u for u in updates if u.date <= as_of and u.measured is not None]
    if not known:
        return None
    current = baseline + _total(known) if cumulative else _latest_value(known)
    if current is None:
        return None
    return progress(current, baseline, target, direction)


def elapsed_share(period: Period, as_of: dt.date) -> Decimal:
    """Whole days since B began / days in B (0 on its first day)."""
    return Decimal((as_of - period.start).days) / Decimal(period.days)


@dataclass(frozen=True)
class IndicatorResult:
    status: Status
    start: Decimal | None = None
    actual: Decimal | None = None
    milestone: Decimal | None = None
    progress: Decimal | None = None
    reached: bool | None = None


def quantitative_status(updates: Sequence[Update], period: Period, *, milestone: Decimal,
                        direction: Direction, cumulative: bool, baseline: Decimal | None,
                        as_of: dt.date) -> IndicatorResult:
    """Status of a number/percentage indicator for biennium ``period`` as of ``as_of``.

    Only updates dated on or before ``as_of`` are taken into account."""
    if as_of < period.start:
        return IndicatorResult(Status.NOT_STARTED, milestone=milestone)
    known = [u for u in updates if u.date <= as_of]
    act = actual(known, period, cumulative=cumulative, baseline=baseline)
    st = start(known, period, cumulative=cumulative, baseline=baseline)
    if act is None:
        return IndicatorResult(Status.NO_DATA, start=st, milestone=milestone)
    is_reached = reached(act, milestone, direction)
    prog = progress(act, st, milestone, direction) if st is not None else None
    if as_of > period.end:
        if is_reached:
            status = Status.ACHIEVED
        elif prog is not None and prog >= 50:
            status = Status.PARTLY_ACHIEVED
        else:
            status = Status.NOT_ACHIEVED
    else:
        target_share = elapsed_share(period, as_of) * HUNDRED
        # Without a start value (empty baseline, no earlier data) progress is undefined and
        # only reaching the milestone counts as on track.
        on_track = prog >= target_share if prog is not None else is_reached
        status = Status.ON_TRACK if on_track else Status.OFF_TRACK
    return IndicatorResult(status, start=st, actual=act, milestone=milestone, progress=prog,
                           reached=is_reached)


def qualitative_status(updates: Sequence[Update], period: Period, *,
                       as_of: dt.date) -> IndicatorResult:
    """A qualitative milestone is reached or not as the latest approved update within B
    says."""
    if as_of < period.start:
        return IndicatorResult(Status.NOT_STARTED)
    latest = _latest(u for u in updates if period.contains(u.date) and u.date <= as_of
                     and u.reached is not None)
    if latest is None:
        return IndicatorResult(Status.NO_DATA)
    if as_of > period.end:
        status = Status.ACHIEVED if latest.reached else Status.NOT_ACHIEVED
    else:
        status = Status.ON_TRACK if latest.reached else Status.OFF_TRACK
    return IndicatorResult(status, reached=latest.reached)


def cpo_status(indicator_statuses: Sequence[Status]) -> Status | None:
    """A CPO's status for B over its indicators that have a milestone in B (None if none)."""
    statuses = list(indicator_statuses)
    if not statuses:
        return None
    if all(s == Status.NOT_STARTED for s in statuses):
        return Status.NOT_STARTED
    with_data = [s for s in statuses if s not in (Status.NO_DATA, Status.NOT_STARTED)]
    if any(s in (Status.ON_TRACK, Status.OFF_TRACK) for s in statuses):
        if not with_data:
            return Status.NO_DATA
        return Status.OFF_TRACK if Status.OFF_TRACK in with_data else Status.ON_TRACK
    if all(s == Status.ACHIEVED for s in statuses):
        return Status.ACHIEVED
    if any(s in (Status.ACHIEVED, Status.PARTLY_ACHIEVED) for s in statuses):
        return Status.PARTLY_ACHIEVED
    if with_data:
        return Status.NOT_ACHIEVED
    return Status.NO_DATA
