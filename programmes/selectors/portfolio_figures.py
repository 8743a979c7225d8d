"""Reads of the development cooperation statistical tables: the worker's current
:class:`~programmes.models.PortfolioSnapshot` turned into tables (:class:`Grid`) in the shapes
of the Office's [seeds/003 Table V.1 approvals by source with period averages, shares and
percentage change; Table V.2 shares of expenditure by region, interregional included; Annex 1
local resource mobilization; Annex 2 approvals by donor], with the caption data (the periods
and the "as of" date). Pages, their xlsx, the API and the biennial report all read these.

Each table costs one query on the snapshot's rows (its sums by year are the worker's); the
averages over the periods asked for, the shares (exact; printed to one decimal by
``core.numbers``) and the percentage changes are worked out here from those few rows. The
share of gaps filled is summed in the database over the snapshot's CPO rows.

Periods are whole years, ``first`` before ``second`` (e.g. 2016–19 and 2020–23); without
them, :func:`default_periods` takes the last two four-year periods with data before the
"as of" year.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, DecimalField, Exists, F, OuterRef, Q, Sum, When
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import policy
from core.snapshots import current_snapshot as _current
from programmes.models import (
    AssistanceType,
    CountryProgrammeOutcome,
    DonorCategory,
    FigureTable,
    FundingSource,
    PortfolioFigure,
    PortfolioSnapshot,
)
from programmes.services.portfolio_figures import (
    INTERREGIONAL,
    MARKER_KEYS,
    NOT_ATTRIBUTED,
    NOT_SPECIFIED,
)

__all__ = ["Column", "Grid", "Period", "TABLES", "current_snapshot", "default_periods",
           "gaps_filled", "grid", "may_view", "parse_period"]

HUNDRED = Decimal(100)
PERIOD_LENGTH = 4
MONEY_FIELD: DecimalField[Any, Decimal] = DecimalField(max_digits=20, decimal_places=2)


def may_view(user: Any) -> bool:
    return policy.VIEW_PORTFOLIO_FIGURES.allows(user)


def current_snapshot() -> PortfolioSnapshot | None:
    return _current(PortfolioSnapshot)


# --- periods ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    start: int
    end: int

    @property
    def years(self) -> list[int]:
        return list(range(self.start, self.end + 1))

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    @property
    def label(self) -> str:
        """"2016–19" as the Governing Body writes a period (one year: "2016")."""
        if self.start == self.end:
            return str(self.start)
        end = (f"{self.end % 100:02d}" if self.start // 100 == self.end // 100
               else str(self.end))
        return f"{self.start}\N{EN DASH}{end}"

    @property
    def code(self) -> str:
        return f"{self.start}-{self.end}"


PERIOD = re.compile(r"^\s*(\d{4})\s*(?:[-–]\s*(\d{2}|\d{4}))?\s*$")


def parse_period(text: str) -> Period | None:
    """``2016-2019``, ``2016–19`` or ``2016`` as a period; None when not one (the form says
    why)."""
    match = PERIOD.match(text or "")
    if not match:
        return None
    start = int(match.group(1))
    end_text = match.group(2)
    if end_text is None:
        end = start
    elif len(end_text) == 2:
        end = start // 100 * 100 + int(end_text)
    else:
        end = int(end_text)
    if end < start or end - start >= 30:
        return None
    return Period(start, end)


def default_periods(snapshot: PortfolioSnapshot | None) -> tuple[Period | None, Period | None]:
    """The last two periods of :data:`PERIOD_LENGTH` years with data: the second ends with
    the last whole year before the "as of" date (or the last year with data, if earlier)."""
    if snapshot is None or snapshot.last_year is None or snapshot.first_year is None:
        return None, None
    end = min(snapshot.last_year, snapshot.as_of.year - 1)
    if end < snapshot.first_year:
        end = snapshot.last_year
    second = Period(max(snapshot.first_year, end - PERIOD_LENGTH + 1), end)
    if second.start <= snapshot.first_year:
        return None, second
    first = Period(max(snapshot.first_year, second.start - PERIOD_LENGTH), second.start - 1)
    return first, second


# --- tables -----------------------------------------------------------------------------------

class Kind:
    TEXT = "text"
    COUNT = "count"  # a number of things (CPOs)
    MONEY = "money"  # US$, whole dollars
    SHARE = "share"  # per cent, one decimal
    CHANGE = "change"  # per cent, signed, one decimal


@dataclass
class Column:
    label: str
    kind: str = Kind.TEXT

    @property
    def numeric(self) -> bool:
        return self.kind != Kind.TEXT


@dataclass
class Row:
    cells: list[Any]
    group: bool = False  # a group label (e.g. a donor category above its donors)


@dataclass
class Grid:
    """A table as pages, the xlsx, the API and the report print it."""

    slug: str
    title: str
    caption: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    total: list[Any] | None = None
    note: str = ""
    as_of: Any = None
    periods: tuple[Period | None, ...] = ()

    def _cells(self, values: list[Any]) -> list[dict[str, Any]]:
        return [{"value": v, "kind": c.kind, "numeric": c.numeric}
                for v, c in zip(values, self.columns, strict=True)]

    @property
    def printed_rows(self) -> list[dict[str, Any]]:
        """Rows for a template: each cell with its column's kind."""
        return [{"cells": self._cells(r.cells), "group": r.group} for r in self.rows]

    @property
    def printed_total(self) -> list[dict[str, Any]] | None:
        return self._cells(self.total) if self.total is not None else None

    def value(self, label: str, column: int) -> Any:
        """The cell of the row labelled ``label`` (or the total) in ``column`` (tests)."""
        if self.total is not None and self.total[0] == label:
            return self.total[column]
        for row in self.rows:
            if row.cells[0] == label:
                return row.cells[column]
        raise KeyError(label)


def _as_of(snapshot: PortfolioSnapshot) -> str:
    return formats.date_format(snapshot.as_of)


def _caption(title: str, snapshot: PortfolioSnapshot, *periods: Period | None) -> str:
    shown = [p.label for p in periods if p is not None]
    if len(shown) == 2:
        return _("%(title)s, %(first)s and %(second)s (US$), as of %(date)s") % {
            "title": title, "first": shown[0], "second": shown[1], "date": _as_of(snapshot)}
    if shown:
        return _("%(title)s, %(period)s (US$), as of %(date)s") % {
            "title": title, "period": shown[0], "date": _as_of(snapshot)}
    return _("%(title)s (US$), as of %(date)s") % {"title": title, "date": _as_of(snapshot)}


def _share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if part is None or not whole:
        return None
    return part * HUNDRED / whole


def _change(before: Decimal | None, after: Decimal | None) -> Decimal | None:
    if before is None or after is None or not before:
        return None
    return (after - before) * HUNDRED / before


def _average(by_year: dict[int, Decimal], period: Period | None) -> Decimal | None:
    if period is None:
        return None
    return sum((by_year.get(y, Decimal(0)) for y in period.years), Decimal(0)) / period.length


def _sum(values: Iterable[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


@dataclass
class _Series:
    key: str
    label: str
    group: str = ""
    group_label: str = ""
    order: int = 0
    amount: dict[int, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    local: dict[int, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    allocation: dict[int, Decimal] = field(default_factory=lambda: defaultdict(Decimal))


def _series(snapshot: PortfolioSnapshot, table: str, *, key: Callable[[PortfolioFigure], str]
            | None = None, label: Callable[[str, str], str] | None = None
            ) -> list[_Series]:
    """The rows of ``table`` by key (one query), in the worker's order; ``key`` folds keys
    together (V.1's "Other sources"), ``label`` names a key."""
    out: dict[str, _Series] = {}
    for figure in PortfolioFigure.objects.filter(snapshot=snapshot, table=table).order_by(
            "order", "key", "year"):
        k = key(figure) if key else figure.key
        series = out.get(k)
        if series is None:
            series = out[k] = _Series(k, label(k, figure.label) if label else figure.label,
                                      figure.group, figure.group_label, figure.order)
        if figure.year is not None:
            series.amount[figure.year] += figure.amount
            series.local[figure.year] += figure.local_amount or Decimal(0)
            series.allocation[figure.year] += figure.allocation or Decimal(0)
    return list(out.values())


def _category_label(key: str, stored: str) -> str:
    if key == NOT_SPECIFIED:
        return _("Without a funding agreement (regular budget)")
    try:
        return str(DonorCategory(key).label)
    except ValueError:
        return stored or key


def _category_order(series: list[_Series]) -> list[_Series]:
    order = {c.value: i for i, c in enumerate(DonorCategory)}
    return sorted(series, key=lambda s: order.get(s.key, len(order)))


def _two_periods(snapshot: PortfolioSnapshot, series: list[_Series], first: Period | None,
                 second: Period | None, *, slug: str, title: str, label_column: str,
                 note: str = "") -> Grid:
    """V.1's shape: per row the average of each period, its share of the total, and the
    percentage change between the periods."""
    averages = [(s.label, _average(s.amount, first), _average(s.amount, second))
                for s in series]
    total_first = _sum(a for _l, a, _b in averages) if first else None
    total_second = _sum(b for _l, _a, b in averages) if second else None
    rows = [Row([label, a, _share(a, total_first), b, _share(b, total_second), _change(a, b)])
            for label, a, b in averages
            if (a or b)]
    period_label = {"first": first.label if first else "–",
                    "second": second.label if second else "–"}
    columns = [Column(label_column),
               Column(_("Average %(first)s (US$)") % period_label, Kind.MONEY),
               Column(_("Share %(first)s (%%)") % period_label, Kind.SHARE),
               Column(_("Average %(second)s (US$)") % period_label, Kind.MONEY),
               Column(_("Share %(second)s (%%)") % period_label, Kind.SHARE),
               Column(_("Change (%)"), Kind.CHANGE)]
    total = [_("Total"), total_first, HUNDRED if total_first else None, total_second,
             HUNDRED if total_second else None, _change(total_first, total_second)]
    return Grid(slug, title, _caption(title, snapshot, first, second), columns, rows, total,
                note, snapshot.as_of, (first, second))


# V.1 prints the United Nations and the multi-bilateral donors and folds the rest into
# "Other sources" [seeds/003 Table V.1 and its footnote].
V1_OWN_ROWS = (DonorCategory.UN_SYSTEM, DonorCategory.MULTI_BILATERAL)
OTHER_SOURCES = "other"


def approvals_by_source(snapshot: PortfolioSnapshot, first: Period | None,
                        second: Period | None) -> Grid:
    """Table V.1: approvals by source, averages of two periods, shares and change."""
    folded: set[str] = set()

    def fold(figure: PortfolioFigure) -> str:
        if figure.key in V1_OWN_ROWS:
            return figure.key
        folded.add(figure.key)
        return OTHER_SOURCES

    series = _series(snapshot, FigureTable.APPROVALS_CATEGORY, key=fold,
                     label=lambda k, stored: (_("Other sources") if k == OTHER_SOURCES
                                              else _category_label(k, stored)))
    order = [*V1_OWN_ROWS, OTHER_SOURCES]
    series.sort(key=lambda s: order.index(s.key))
    category_order = [c.value for c in DonorCategory]
    note = (_("Other sources: %(categories)s.") % {"categories": ", ".join(
        _category_label(k, k) for k in sorted(
            folded, key=lambda k: category_order.index(k) if k in category_order else 99))}
            ) if folded else ""
    return _two_periods(snapshot, series, first, second, slug="approvals",
                        title=_("Approvals of extra-budgetary funding"),
                        label_column=_("Source"), note=note)


def approvals_by_category(snapshot: PortfolioSnapshot, first: Period | None,
                          second: Period | None) -> Grid:
    series = _category_order(_series(snapshot, FigureTable.APPROVALS_CATEGORY,
                                     label=_category_label))
    return _two_periods(snapshot, series, first, second, slug="approvals-category",
                        title=_("Approvals by donor category"),
                        label_column=_("Donor category"))


def expenditure_by_category(snapshot: PortfolioSnapshot, first: Period | None,
                            second: Period | None) -> Grid:
    series = _category_order(_series(snapshot, FigureTable.EXPENDITURE_CATEGORY,
                                     label=_category_label))
    return _two_periods(
        snapshot, series, first, second, slug="expenditure-category",
        title=_("Expenditure by donor category"), label_column=_("Donor category"),
        note=_("A project's expenditure is spread over its funding agreements in "
               "proportion to their amounts."))


def approvals_by_donor(snapshot: PortfolioSnapshot, period: Period | None) -> Grid:
    """Annex 2: approvals by donor (grouped by category) per year of ``period``, its total,
    average and share."""
    series = _series(snapshot, FigureTable.APPROVALS_DONOR)
    years = period.years if period else []
    by_category: dict[str, list[_Series]] = defaultdict(list)
    for s in series:
        by_category[s.group].append(s)
    grand = _sum(s.amount.get(y) for s in series for y in years)
    rows: list[Row] = []
    order = {c.value: i for i, c in enumerate(DonorCategory)}
    for category in sorted(by_category, key=lambda c: order.get(c, len(order))):
        donors = [s for s in by_category[category] if any(s.amount.get(y) for y in years)]
        if not donors:
            continue
        rows.append(Row([_category_label(category, category)] + [None] * (len(years) + 3),
                        group=True))
        for s in sorted(donors, key=lambda s: -_sum(s.amount.get(y) for y in years)):
            total = _sum(s.amount.get(y) for y in years)
            rows.append(Row([s.label, *(s.amount.get(y) for y in years), total,
                             total / len(years), _share(total, grand)]))
    columns = ([Column(_("Donor"))] + [Column(str(y), Kind.MONEY) for y in years]
               + [Column(_("Total (US$)"), Kind.MONEY), Column(_("Average (US$)"), Kind.MONEY),
                  Column(_("Share (%)"), Kind.SHARE)])
    total_row = ([_("Total")] + [_sum(s.amount.get(y) for s in series) for y in years]
                 + [grand, grand / len(years) if years else None, HUNDRED if grand else None])
    title = _("Approvals by donor")
    return Grid("approvals-donor", title, _caption(title, snapshot, period), columns, rows,
                total_row, "", snapshot.as_of, (period,))


def _region_label(key: str, stored: str) -> str:
    """The region's name in the active language (the snapshot stores the English one)."""
    from constituents.models import REGION_NAMES

    if key == INTERREGIONAL:
        return _("Interregional")
    english, translated = REGION_NAMES.get(key, ("", None))
    return str(translated) if translated is not None and stored == english else stored


def expenditure_by_region(snapshot: PortfolioSnapshot, first: Period | None,
                          second: Period | None) -> Grid:
    """Table V.2: share of expenditure by region (interregional a row of its own): the
    average of the first period, each year of the second, the average of the second."""
    series = _series(snapshot, FigureTable.EXPENDITURE_REGION, label=_region_label)
    series.sort(key=lambda s: (s.order, s.label))
    years = second.years if second else []

    def shares(values: list[Decimal | None]) -> list[Decimal | None]:
        whole = _sum(values)
        return [_share(v, whole) if v is not None else None for v in values]

    columns_values: list[list[Decimal | None]] = []
    if first:
        columns_values.append([_average(s.amount, first) for s in series])
    for year in years:
        columns_values.append([s.amount.get(year, Decimal(0)) for s in series])
    if second:
        columns_values.append([_average(s.amount, second) for s in series])
    share_columns = [shares(values) for values in columns_values]
    rows = [Row([s.label, *(col[i] for col in share_columns)]) for i, s in enumerate(series)
            if any(col[i] for col in columns_values)]
    columns = [Column(_("Region"))]
    if first:
        columns.append(Column(_("Average %(period)s") % {"period": first.label}, Kind.SHARE))
    columns += [Column(str(y), Kind.SHARE) for y in years]
    if second:
        columns.append(Column(_("Average %(period)s") % {"period": second.label}, Kind.SHARE))
    total = [_("Total")] + [HUNDRED if _sum(values) else None for values in columns_values]
    title = _("Share of total development cooperation expenditure by region")
    caption = (_("%(title)s (percentage), %(first)s and %(second)s, as of %(date)s")
               % {"title": title, "first": first.label if first else "–",
                  "second": second.label if second else "–", "date": _as_of(snapshot)})
    return Grid("expenditure-region", title, caption, columns, rows, total,
                _("Regional projects count in their region; interregional and global "
                  "projects are shown apart."), snapshot.as_of, (first, second))


def expenditure_by_outcome(snapshot: PortfolioSnapshot, first: Period | None,
                           second: Period | None) -> Grid:
    series = _series(snapshot, FigureTable.EXPENDITURE_OUTCOME, label=lambda k, stored: (
        _("Not attributed to a P&B outcome") if k == NOT_ATTRIBUTED else stored))
    return _two_periods(
        snapshot, series, first, second, slug="expenditure-outcome",
        title=_("Expenditure by P&B outcome"), label_column=_("P&B outcome"),
        note=_("A project linked to P&B outcomes counts its share of expenditure to each; "
               "a project without such links counts through the CPOs it serves to the P&B "
               "outcome each CPO is linked to in the biennium of the expenditure."))


def expenditure_by_objective(snapshot: PortfolioSnapshot, first: Period | None,
                             second: Period | None) -> Grid:
    series = _series(snapshot, FigureTable.EXPENDITURE_OUTCOME,
                     key=lambda f: f.group or NOT_ATTRIBUTED,
                     label=lambda k, stored: "")
    labels = dict(PortfolioFigure.objects.filter(
        snapshot=snapshot, table=FigureTable.EXPENDITURE_OUTCOME).exclude(group="")
        .values_list("group", "group_label").distinct())
    for s in series:
        s.label = labels.get(s.key) or _("Not attributed to a strategic objective")
    series.sort(key=lambda s: (s.key == NOT_ATTRIBUTED, s.key))
    return _two_periods(
        snapshot, series, first, second, slug="expenditure-objective",
        title=_("Expenditure by strategic objective"), label_column=_("Strategic objective"),
        note=_("Through the P&B outcomes (see the table by P&B outcome); outcomes of "
               "frameworks without strategic objectives are not attributed."))


def expenditure_by_assistance(snapshot: PortfolioSnapshot, first: Period | None,
                              second: Period | None) -> Grid:
    def label(key: str, stored: str) -> str:
        if key == NOT_SPECIFIED:
            return _("Not specified")
        try:
            return str(AssistanceType(key).label)
        except ValueError:
            return stored or key

    series = _series(snapshot, FigureTable.EXPENDITURE_ASSISTANCE, label=label)
    return _two_periods(snapshot, series, first, second, slug="expenditure-assistance",
                        title=_("Expenditure by type of assistance"),
                        label_column=_("Type of assistance"))


def local_mobilization(snapshot: PortfolioSnapshot, period: Period | None) -> Grid:
    """Annex 1: approvals and those mobilized locally by donor category over ``period``,
    with their shares and the locally mobilized share of each category."""
    series = _category_order(_series(snapshot, FigureTable.APPROVALS_CATEGORY,
                                     label=_category_label))
    years = period.years if period else []
    sums = [(s.label, _sum(s.amount.get(y) for y in years), _sum(s.local.get(y) for y in years))
            for s in series]
    total = _sum(t for _l, t, _x in sums)
    local = _sum(x for _l, _t, x in sums)
    rows = [Row([label, t, _share(t, total), x, _share(x, local), _share(x, t)])
            for label, t, x in sums if t]
    title = _("Local resource mobilization: comparison with total approvals")
    columns = [Column(_("Donor category")), Column(_("Total approvals (US$)"), Kind.MONEY),
               Column(_("Share (%)"), Kind.SHARE),
               Column(_("Locally mobilized (US$)"), Kind.MONEY),
               Column(_("Share (%)"), Kind.SHARE),
               Column(_("Locally mobilized / total (%)"), Kind.SHARE)]
    return Grid("local", title, _caption(title, snapshot, period), columns, rows,
                [_("Total"), total, HUNDRED if total else None, local,
                 HUNDRED if local else None, _share(local, total)],
                _("Approvals agreed with the donor's representation in the beneficiary "
                  "country."), snapshot.as_of, (period,))


def _delivery(snapshot: PortfolioSnapshot, table: str, first: Period | None,
              second: Period | None, *, slug: str, title: str, label_column: str,
              label: Callable[[str, str], str]) -> Grid:
    series = _series(snapshot, table, label=label)
    series.sort(key=lambda s: (s.order, s.label))
    periods = [p for p in (first, second) if p is not None]
    rows = []
    for s in series:
        cells: list[Any] = [s.label]
        for p in periods:
            allocation = _sum(s.allocation.get(y) for y in p.years)
            spent = _sum(s.amount.get(y) for y in p.years)
            cells += [allocation, spent, _share(spent, allocation)]
        if any(cells[1:]):
            rows.append(Row(cells))
    total: list[Any] = [_("Total")]
    columns = [Column(label_column)]
    for i, p in enumerate(periods):
        allocation = _sum(r.cells[1 + 3 * i] for r in rows)
        spent = _sum(r.cells[2 + 3 * i] for r in rows)
        total += [allocation, spent, _share(spent, allocation)]
        columns += [Column(_("Allocation %(period)s (US$)") % {"period": p.label}, Kind.MONEY),
                    Column(_("Expenditure %(period)s (US$)") % {"period": p.label},
                           Kind.MONEY),
                    Column(_("Delivery %(period)s (%%)") % {"period": p.label}, Kind.SHARE)]
    return Grid(slug, title, _caption(title, snapshot, first, second), columns, rows, total,
                _("Delivery rate: expenditure as a share of the allocation."), snapshot.as_of,
                (first, second))


def delivery_by_region(snapshot: PortfolioSnapshot, first: Period | None,
                       second: Period | None) -> Grid:
    return _delivery(snapshot, FigureTable.EXPENDITURE_REGION, first, second,
                     slug="delivery-region", title=_("Delivery rate by region"),
                     label_column=_("Region"), label=_region_label)


def delivery_by_source(snapshot: PortfolioSnapshot, first: Period | None,
                       second: Period | None) -> Grid:
    def label(key: str, stored: str) -> str:
        try:
            return str(FundingSource(key).label)
        except ValueError:
            return stored or key

    return _delivery(snapshot, FigureTable.DELIVERY_SOURCE, first, second,
                     slug="delivery-source", title=_("Delivery rate by funding source"),
                     label_column=_("Funding source"), label=label)


def delivery_by_office(snapshot: PortfolioSnapshot, first: Period | None,
                       second: Period | None) -> Grid:
    return _delivery(snapshot, FigureTable.DELIVERY_OFFICE, first, second,
                     slug="delivery-office", title=_("Delivery rate by office or unit"),
                     label_column=_("Office or unit"),
                     label=lambda k, stored: _("Not specified") if k == NOT_SPECIFIED
                     else stored)


def marker_labels() -> dict[str, str]:
    """The printed name of each cross-cutting marker row (the keys of ``MARKER_KEYS``)."""
    return {
        "gender_3": _("Gender equality the principal objective (marker 3)"),
        "gender_2": _("Gender equality a significant objective (marker 2)"),
        "gender_1": _("Limited contribution to gender equality (marker 1)"),
        "gender_0": _("No contribution to gender equality (marker 0)"),
        "gender_none": _("Gender equality marker not given"),
        "standards": _("International labour standards (Conventions named)"),
        "social_dialogue": _("Social dialogue and tripartism"),
        "just_transition": _("Just transition"),
    }


def cpo_marker_counts(period: Period | None) -> dict[str, int]:
    """CPOs of the DWCPs whose period overlaps ``period``, in all and under each marker
    (``total`` and the ``MARKER_KEYS``): one query, counted in the database."""
    if period is None:
        return {}
    standards = Exists(CountryProgrammeOutcome.conventions.through.objects.filter(
        countryprogrammeoutcome=OuterRef("pk")))
    by_key = {f"gender_{level}": Q(gender_marker=level) for level in range(4)}
    by_key |= {"gender_none": Q(gender_marker__isnull=True), "standards": Q(has_standards=True),
               "social_dialogue": Q(social_dialogue=True),
               "just_transition": Q(just_transition=True)}
    return (CountryProgrammeOutcome.objects
            .filter(dwcp__start_year__lte=period.end, dwcp__end_year__gte=period.start)
            .annotate(has_standards=standards)
            .aggregate(total=Count("pk"),
                       **{key: Count("pk", filter=by_key[key]) for key in MARKER_KEYS}))


def expenditure_by_marker(snapshot: PortfolioSnapshot, first: Period | None,
                          second: Period | None) -> Grid:
    """Expenditure under each cross-cutting marker in each period with its share of all
    expenditure, and the CPOs of the second period carrying the marker (issue 14 point 3).
    A project or CPO counts under every marker it carries besides its gender marker level."""
    series = {s.key: s for s in _series(snapshot, FigureTable.EXPENDITURE_MARKER)}
    everything = _series(snapshot, FigureTable.EXPENDITURE_REGION)
    periods = [p for p in (first, second) if p is not None]
    totals = [_sum(s.amount.get(y) for s in everything for y in p.years) for p in periods]
    cpos = cpo_marker_counts(second)
    labels = marker_labels()
    rows = []
    for key in MARKER_KEYS:
        cells: list[Any] = [labels[key]]
        for p, whole in zip(periods, totals, strict=True):
            spent = (_sum(series[key].amount.get(y) for y in p.years) if key in series
                     else Decimal(0)) if whole else None  # a period without expenditure: –
            cells += [spent, _share(spent, whole)]
        count = cpos.get(key) if second else None
        cells += [count, _share(Decimal(count), Decimal(cpos["total"]))
                  if count is not None and cpos.get("total") else None]
        rows.append(Row(cells))
    columns = [Column(_("Cross-cutting marker"))]
    for p in periods:
        columns += [Column(_("Expenditure %(period)s (US$)") % {"period": p.label}, Kind.MONEY),
                    Column(_("Share of expenditure %(period)s (%%)") % {"period": p.label},
                           Kind.SHARE)]
    period_label = {"period": second.label if second else "–"}
    columns += [Column(_("CPOs %(period)s") % period_label, Kind.COUNT),
                Column(_("Share of CPOs %(period)s (%%)") % period_label, Kind.SHARE)]
    total: list[Any] = [_("All expenditure and CPOs")]
    for spent in totals:
        total += [spent, HUNDRED if spent else None]
    total += [cpos.get("total"), HUNDRED if cpos.get("total") else None]
    title = _("Expenditure and CPOs by cross-cutting marker")
    return Grid("markers", title, _caption(title, snapshot, first, second), columns, rows,
                total, _("A project or CPO counts under its gender equality marker and under "
                         "every other marker it carries, so the rows do not add up to the "
                         "total. CPOs: those of the DWCPs whose period overlaps %(period)s.")
                % period_label, snapshot.as_of, (first, second))


def _filled(planned: Decimal | None, available: Decimal | None) -> Decimal | None:
    if not planned:
        return None
    return min(available or Decimal(0), planned) * HUNDRED / planned


def gaps_by_cpo(snapshot: PortfolioSnapshot) -> Grid:
    figures = PortfolioFigure.objects.filter(snapshot=snapshot,
                                             table=FigureTable.GAP_CPO).order_by("order")
    rows: list[Row] = []
    group = None
    for f in figures:
        if f.group_label != group:
            group = f.group_label
            rows.append(Row([group, None, None, None, None], group=True))
        rows.append(Row([f.label, f.planned, f.amount, (f.planned or 0) - f.amount,
                         _filled(f.planned, f.amount)]))
    title = _("Resource gap by country programme outcome")
    return Grid("gaps-cpo", title,
                _("%(title)s (US$), as of %(date)s") % {"title": title,
                                                        "date": _as_of(snapshot)},
                [Column(_("Country programme outcome")), Column(_("Planned (US$)"), Kind.MONEY),
                 Column(_("Available (US$)"), Kind.MONEY), Column(_("Gap (US$)"), Kind.MONEY),
                 Column(_("Filled (%)"), Kind.SHARE)], rows, None,
                _("Available: the CPO's share of the allocations of the projects serving it, "
                  "all years; gap: planned − available (negative: more than planned)."),
                snapshot.as_of)


def gaps_by_outcome(snapshot: PortfolioSnapshot) -> Grid:
    figures = PortfolioFigure.objects.filter(snapshot=snapshot,
                                             table=FigureTable.GAP_OUTCOME).order_by("order")
    rows: list[Row] = []
    group = None
    planned_total = available_total = Decimal(0)
    for f in figures:
        if f.group != group:
            group = f.group
            rows.append(Row([f.group_label or f.group, None, None, None, None], group=True))
        planned_total += f.planned or 0
        available_total += f.amount
        rows.append(Row([f.label, f.planned, f.amount, (f.planned or 0) - f.amount,
                         _filled(f.planned, f.amount)]))
    title = _("Resource gap by P&B outcome")
    return Grid("gaps-outcome", title,
                _("%(title)s (US$), as of %(date)s") % {"title": title,
                                                        "date": _as_of(snapshot)},
                [Column(_("P&B outcome")), Column(_("Planned (US$)"), Kind.MONEY),
                 Column(_("Available (US$)"), Kind.MONEY), Column(_("Gap (US$)"), Kind.MONEY),
                 Column(_("Filled (%)"), Kind.SHARE)], rows, None,
                _("Each CPO's planned and available resources are split equally over the "
                  "biennia in which it is linked to a P&B outcome."), snapshot.as_of)


def gaps_filled(snapshot: PortfolioSnapshot) -> Grid:
    """The share of gaps filled: Σ min(available, planned) / Σ planned over the CPOs with
    planned resources, by region and overall, summed in the database."""
    from constituents.selectors_for_reports import region_choices

    filled = Sum(Case(When(amount__lt=F("planned"), then=F("amount")),
                      default=F("planned"), output_field=MONEY_FIELD))
    rows_qs = (PortfolioFigure.objects.filter(snapshot=snapshot, table=FigureTable.GAP_CPO,
                                              planned__gt=0).order_by().values("group")
               .annotate(planned_sum=Sum("planned"), filled_sum=filled,
                         available_sum=Sum("amount")))
    by_region = {r["group"]: r for r in rows_qs}
    names = dict(region_choices())
    rows = [Row([names.get(code, code) or _("No region"), r["planned_sum"], r["available_sum"],
                 r["filled_sum"], _share(r["filled_sum"], r["planned_sum"])])
            for code, r in sorted(by_region.items(), key=lambda kv: names.get(kv[0], kv[0]))]
    planned = _sum(r["planned_sum"] for r in by_region.values())
    available = _sum(r["available_sum"] for r in by_region.values())
    filled_total = _sum(r["filled_sum"] for r in by_region.values())
    title = _("Share of resource gaps filled by region")
    return Grid("gaps-filled", title,
                _("%(title)s (US$), as of %(date)s") % {"title": title,
                                                        "date": _as_of(snapshot)},
                [Column(_("Region")), Column(_("Planned (US$)"), Kind.MONEY),
                 Column(_("Available (US$)"), Kind.MONEY),
                 Column(_("Planned and available (US$)"), Kind.MONEY),
                 Column(_("Filled (%)"), Kind.SHARE)], rows,
                [_("Total"), planned, available, filled_total, _share(filled_total, planned)],
                _("Share filled: Σ min(available, planned) / Σ planned over the CPOs with "
                  "planned resources, all DWCPs."), snapshot.as_of)


# The pages: slug → (title, the grids it shows). Each grid builder takes the snapshot and
# the two periods.
Builder = Callable[[PortfolioSnapshot, Period | None, Period | None], Grid]


def _second_only(build: Callable[[PortfolioSnapshot, Period | None], Grid]) -> Builder:
    return lambda snapshot, first, second: build(snapshot, second)


def _whole(build: Callable[[PortfolioSnapshot], Grid]) -> Builder:
    return lambda snapshot, first, second: build(snapshot)


TABLES: dict[str, tuple[Any, str, list[Builder]]] = {
    "approvals": (gettext_lazy("Approvals by source and donor"), "V.1",
                  [approvals_by_source, approvals_by_category,
                   _second_only(approvals_by_donor)]),
    "expenditure-region": (gettext_lazy("Expenditure by region"), "V.2",
                           [expenditure_by_region]),
    "expenditure-outcome": (gettext_lazy("Expenditure by strategic objective and P&B outcome"),
                            "", [expenditure_by_objective, expenditure_by_outcome]),
    "expenditure-other": (gettext_lazy("Expenditure by type of assistance and donor category"),
                          "", [expenditure_by_assistance, expenditure_by_category]),
    "local": (gettext_lazy("Local resource mobilization"), "Annex 1",
              [_second_only(local_mobilization)]),
    "delivery": (gettext_lazy("Delivery rates by region, source and office"), "",
                 [delivery_by_region, delivery_by_source, delivery_by_office]),
    "markers": (gettext_lazy("Cross-cutting markers"), "", [expenditure_by_marker]),
    "gaps": (gettext_lazy("Resource gaps"), "",
             [_whole(gaps_filled), _whole(gaps_by_outcome), _whole(gaps_by_cpo)]),
}


def grid(slug: str, snapshot: PortfolioSnapshot, first: Period | None,
         second: Period | None) -> list[Grid]:
    """The grids of the page ``slug`` (a key of :data:`TABLES`)."""
    return [build(snapshot, first, second) for build in TABLES[slug][2]]


def figures_count(snapshot: PortfolioSnapshot) -> int:
    return PortfolioFigure.objects.filter(snapshot=snapshot).count()


def has_figures(snapshot: PortfolioSnapshot | None) -> bool:
    return snapshot is not None and PortfolioFigure.objects.filter(
        Q(snapshot=snapshot)).exists()
