"""Outcome tables in the shape of the Office's measurement tables (seeds/004): for each
indicator its unit, baseline (value, year) and end target, and for each biennium its
milestone, the start value the biennium is measured from, the actual value, progress and
status (issue 11).

The figures are the results worker's (``IndicatorResult`` of the current snapshot: start,
actual, milestone, progress and status as ``programmes.results.computation`` computes them);
nothing is computed again here. Qualitative milestones print their statement, and their
actual value says whether the milestone was reached. :func:`rule_notes` states the rules as
the computation applies them, for the footnotes (DWCP report) and the appendix's notes
(biennial report).

* DWCP country report (:func:`add_dwcp_outcome_tables`): per priority, a table of the
  indicators (grouped by CPO) with unit, baseline and end target, and a table of their
  biennial milestones and results (grouped by indicator, one row per biennium).
* Biennial report (:func:`add_biennium_appendix`): an appendix with one table per country,
  its indicators that have a milestone in the biennium (grouped by CPO), baseline, end target
  and the biennium's milestone, start value, actual value, progress and status.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from core import content
from programmes.models import (
    BiennialMilestone,
    Biennium,
    CountryProgrammeOutcome,
    Indicator,
    IndicatorResult,
    ResultSnapshot,
)
from programmes.selectors.reports import DwcpResults, outcome_tables_of_biennium
from reporting.document.blocks import Column
from reporting.document.builder import DocumentBuilder
from reporting.document.values import Fmt, format_value
from reporting.reports.base import status_label


def rule_notes() -> list[str]:
    """The rules of programmes/results/computation.py (docs/indicators.md), one sentence
    each, in the words of the tables' columns."""
    return [
        _("Start value: the value the biennium is measured from, that is the latest approved "
          "value dated before the biennium began (for a cumulative indicator, the baseline "
          "plus every approved increment dated before it); the baseline when there is none."),
        _("Actual value: the latest approved value dated within the biennium (of two dated "
          "the same day, the one approved last); for a cumulative indicator, the baseline "
          "plus every approved increment dated up to the end of the biennium. Without an "
          "approved update dated within the biennium there is no actual value and the status "
          "is “%(no_data)s”.") % {"no_data": status_label("no_data")},
        _("Progress = (actual value − start value) ÷ (milestone − start value) × 100, "
          "rounded to one decimal (half up) and not capped: it can be negative or above 100. "
          "When the milestone equals the start value, progress is 100 if the milestone is "
          "reached and 0 otherwise; without a start value it is not computed."),
        _("A milestone is reached when the actual value is at least the milestone (at most "
          "the milestone for an indicator meant to decrease). A qualitative milestone is "
          "reached or not as the latest approved update dated within the biennium says."),
        _("Status after the biennium: “%(achieved)s” when the milestone is reached, "
          "“%(partly)s” when progress is 50 or more, otherwise “%(not)s”. During the "
          "biennium: “%(on)s” when progress is at least the share of the biennium's days "
          "elapsed (× 100), otherwise “%(off)s” (qualitative and indicators without a start "
          "value: “%(on)s” only when the milestone is reached). Before it: “%(ns)s”.")
        % {"achieved": status_label("achieved"), "partly": status_label("partly_achieved"),
           "not": status_label("not_achieved"), "on": status_label("on_track"),
           "off": status_label("off_track"), "ns": status_label("not_started")},
        _("End target: the target value, or the baseline raised by the percentage set as "
          "the target."),
    ]


# --- cells ----------------------------------------------------------------------------------

def _number(value: Decimal | None) -> str | None:
    return format_value(value, Fmt.DECIMAL) if value is not None else None


def indicator_label(indicator: Indicator) -> str:
    return f"{indicator.code} {content.text(indicator)}"


def unit_label(indicator: Indicator) -> str:
    return str(indicator.get_unit_display())


def baseline_text(indicator: Indicator) -> str | None:
    """"12 (2019)"; the baseline's words when it is not a number; when it is still to be
    set, by when; None when there is none."""
    shown = _number(indicator.baseline_value) or indicator.baseline_description.strip()
    if shown:
        year = indicator.baseline_year
        return f"{shown} ({year})" if year else shown
    if indicator.baseline_due_date:
        return _("To be set by %(date)s") % {"date": indicator.baseline_due_date.isoformat()}
    return None


def target_text(indicator: Indicator) -> str | None:
    """"30 (2025)"; "15 (+50 % over the baseline)"; the target's words for a qualitative
    indicator; None when there is none."""
    value = indicator.end_target
    year = f" ({indicator.target_year})" if indicator.target_year else ""
    if value is not None and indicator.target_value is None:
        return _("%(value)s (baseline + %(pct)s %%)%(year)s") % {
            "value": _number(value), "year": year,
            "pct": format_value(indicator.target_increase_pct, Fmt.DECIMAL)}
    if value is not None:
        return f"{_number(value)}{year}"
    if indicator.target_increase_pct is not None:
        return _("Baseline + %(pct)s %%") % {
            "pct": format_value(indicator.target_increase_pct, Fmt.DECIMAL)}
    text = indicator.target_description.strip()
    return f"{text}{year}" if text else None


def milestone_text(indicator: Indicator, result: IndicatorResult | None,
                   milestone: BiennialMilestone | None) -> str | None:
    """The milestone's value, or its statement in words (qualitative milestones)."""
    if not indicator.is_qualitative:
        value = result.milestone if result is not None else None
        if value is None and milestone is not None:
            value = milestone.value
        if value is not None:
            return _number(value)
    return milestone.statement.strip() or None if milestone is not None else None


def actual_text(indicator: Indicator, result: IndicatorResult | None) -> str | None:
    if result is None:
        return None
    if indicator.is_qualitative:
        if result.reached is None:
            return None
        return _("Reached") if result.reached else _("Not reached")
    return _number(result.actual)


def result_cells(indicator: Indicator, result: IndicatorResult | None,
                 milestone: BiennialMilestone | None) -> list[Any]:
    """Milestone, start value, actual value, progress and status of one biennium."""
    start = None if indicator.is_qualitative or result is None else result.start
    return [milestone_text(indicator, result, milestone), start,
            actual_text(indicator, result), result.progress if result is not None else None,
            status_label(result.status) if result is not None else None]


def _result_columns() -> list[Column]:
    """The columns of :func:`result_cells`."""
    return [Column(_("Milestone")), Column(_("Start value"), Fmt.DECIMAL),
            Column(_("Actual value")), Column(_("Progress (%)"), Fmt.PERCENT),
            Column(_("Status"))]


# --- DWCP country report --------------------------------------------------------------------

def add_dwcp_outcome_tables(builder: DocumentBuilder, *, read: DwcpResults,
                            biennia: list[Biennium]) -> None:
    """Per priority, the indicators with unit, baseline and end target (grouped by CPO),
    then their milestones and results in each biennium the programme spans (grouped by
    indicator)."""
    spanned = {b.pk for b in biennia}
    results = {(r.indicator_id, r.biennium_id): r for r in read.results}
    milestones = {(m.indicator_id, m.biennium_id): m for m in read.milestones}
    biennia_of: dict[int, list[Biennium]] = defaultdict(list)
    for key_source in (read.milestones, read.results):
        for row in key_source:
            if row.biennium_id in spanned and row.biennium not in biennia_of[row.indicator_id]:
                biennia_of[row.indicator_id].append(row.biennium)
    indicators_of: dict[int, list[Indicator]] = defaultdict(list)
    for indicator in read.indicators:
        indicators_of[indicator.cpo_id].append(indicator)
    priorities: list[tuple[Any, list[CountryProgrammeOutcome]]] = []
    for cpo in read.cpos:
        if not priorities or priorities[-1][0].pk != cpo.priority_id:
            priorities.append((cpo.priority, []))
        priorities[-1][1].append(cpo)

    for priority, its_cpos in priorities:
        builder.heading(content.text(priority))
        rows: list[list[Any]] = []
        groups: list[int] = []
        for cpo in its_cpos:
            groups.append(len(rows))
            rows.append([f"{cpo.code} {content.text(cpo)}", None, None, None])
            rows += [[indicator_label(i), unit_label(i), baseline_text(i), target_text(i)]
                     for i in indicators_of[cpo.pk]]
        builder.table(
            _("Indicators of priority %(code)s: unit, baseline and end target")
            % {"code": priority.code},
            [Column(_("Indicator")), Column(_("Unit")), Column(_("Baseline (year)")),
             Column(_("End target (year)"))], rows, group_rows=groups, style="outcomes")
        rows, groups = [], []
        for cpo in its_cpos:
            for indicator in indicators_of[cpo.pk]:
                groups.append(len(rows))
                rows.append([indicator_label(indicator), None, None, None, None, None])
                its = sorted(biennia_of[indicator.pk], key=lambda b: b.start_year)
                if not its:
                    rows.append([_("No milestone"), None, None, None, None, None])
                for biennium in its:
                    key = (indicator.pk, biennium.pk)
                    rows.append([biennium.label, *result_cells(indicator, results.get(key),
                                                              milestones.get(key))])
        builder.table(
            _("Indicators of priority %(code)s: biennial milestones and results")
            % {"code": priority.code},
            [Column(_("Indicator and biennium")), *_result_columns()], rows,
            group_rows=groups, style="outcomes")


# --- biennial report ------------------------------------------------------------------------

def add_biennium_appendix(builder: DocumentBuilder, *, snapshot: ResultSnapshot,
                          biennium: Biennium, countries: dict[int, Any]) -> int:
    """The appendix of outcome tables, one per country with indicators that have a milestone
    in the biennium. Returns the number of tables added."""
    read = outcome_tables_of_biennium(snapshot=snapshot, biennium=biennium,
                                      country_ids=countries)
    builder.appendix(_("Outcome tables by country, %(biennium)s")
                     % {"biennium": biennium.label})
    builder.paragraph(
        _("For each country, the indicators of its country programme outcomes that have a "
          "milestone in %(biennium)s: baseline, end target, the biennium's milestone, the "
          "start value the biennium is measured from, the actual value, progress and status, "
          "as computed on %(date)s. The figures follow these rules:")
        % {"biennium": biennium.label, "date": formats.date_format(snapshot.as_of)},
        items=rule_notes())
    by_country: dict[int, list[IndicatorResult]] = defaultdict(list)
    for result in read.results:
        by_country[result.indicator.cpo.dwcp.country_id].append(result)
    columns = [Column(_("Indicator (unit)")), Column(_("Baseline (year)")),
               Column(_("End target (year)")), *_result_columns()]
    for results in by_country.values():
        country = results[0].indicator.cpo.dwcp.country
        rows: list[list[Any]] = []
        groups: list[int] = []
        cpo_id = None
        for result in results:
            indicator = result.indicator
            if indicator.cpo_id != cpo_id:
                cpo_id = indicator.cpo_id
                groups.append(len(rows))
                rows.append([f"{indicator.cpo.code} {content.text(indicator.cpo)}"]
                            + [None] * (len(columns) - 1))
            rows.append([f"{indicator_label(indicator)} ({unit_label(indicator).lower()})",
                         baseline_text(indicator), target_text(indicator),
                         *result_cells(indicator, result, read.milestones.get(indicator.pk))])
        builder.table(_("%(country)s: indicators, %(biennium)s")
                      % {"country": country.label, "biennium": biennium.label},
                      columns, rows, group_rows=groups, style="outcomes")
    return len(by_country)
