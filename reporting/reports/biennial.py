"""Biennial progress report, global or for one region: summary figures, results by P&B
outcome (CPOs achieved, member States with an outcome achieved), per-region tables,
milestone status by country, capacity development, resources by funding source and
resource gaps, and a draft decision. Counts come from the worker's roll-ups of the current
results snapshot; capacity figures from the capacity worker's snapshot."""
from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from constituents.models import Region
from constituents.selectors_for_reports import region_by_code_or_name, regions_and_countries
from core import content
from core.errors import ApplicationError
from programmes.models import (
    Biennium,
    FundingSource,
    ResultRollup,
    ResultSnapshot,
    ResultStatus,
)
from programmes.selectors import resources as resources_selectors
from programmes.selectors.reports import (
    biennium_by_code,
    funding_by_source,
    outcome_figures_of_region,
    pb_outcomes_by_id,
    pb_outcomes_of_framework,
    rollup_counts,
)
from reporting.capacity_section.biennial import add_biennial_section
from reporting.document.blocks import Column, Document
from reporting.document.builder import DocumentBuilder
from reporting.document.values import Fmt, count, millions, per_cent
from reporting.evaluation_section import add_biennial_evaluation_section
from reporting.outcome_tables import add_biennium_appendix
from reporting.portfolio_section import add_biennial_portfolio_section
from reporting.renderers.charts import stacked_bars

from . import base

Level, Subject = ResultRollup.Level, ResultRollup.Subject
ACHIEVED = ResultStatus.ACHIEVED.value


def find_biennium(code: str) -> Biennium:
    biennium = biennium_by_code(code=code)
    if biennium is None:
        raise ApplicationError(
            _("There is no biennium “%(code)s” (write it as 2020-21).") % {"code": code},
            field_errors={"biennium": [_("Unknown biennium.")]})
    return biennium


def find_region(code: str | None) -> Region | None:
    if not code:
        return None
    region = region_by_code_or_name(code=code)
    if region is None:
        raise ApplicationError(_("There is no region “%(code)s”.") % {"code": code},
                               field_errors={"region": [_("Unknown region.")]})
    return region


def clean_parameters(parameters: dict) -> dict:
    biennium = find_biennium(parameters.get("biennium", ""))
    region = find_region(parameters.get("region") or None)
    return {"biennium": biennium.code, "region": region.code if region else ""}


def default_front(parameters: dict) -> dict:
    biennium = find_biennium(parameters["biennium"])
    region = find_region(parameters.get("region") or None)
    where = region.label if region else _("all regions")
    return {
        "title": _("Decent Work Country Programmes: progress report for %(biennium)s "
                   "(%(where)s)") % {"biennium": biennium.label, "where": where},
        "purpose": _("This report presents the results of Decent Work Country Programmes in "
                     "the %(biennium)s biennium: country programme outcomes achieved by P&B "
                     "outcome and region, the status of milestones by country, the capacity "
                     "development of constituents and the resources that supported them.")
        % {"biennium": biennium.label},
        "draft_decision": _("The Governing Body takes note of the results of Decent Work "
                            "Country Programmes in %(biennium)s and requests the Office to "
                            "take into account its guidance in the next programme and budget "
                            "period.") % {"biennium": biennium.label},
        "author_unit": _("Strategic Programming and Management Department (PROGRAM)."),
        "section_name": _("Programme, Financial and Administrative Section"),
        "segment": _("Programme, Financial and Administrative Segment"),
        "section_code": "PFA",
        "place": _("Geneva"),
        "document_date": timezone.localdate(),
    }


class Counts:
    """Counts by status of one row (region, country, outcome)."""

    def __init__(self):
        self.by_status: dict[str, int] = defaultdict(int)

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    def get(self, status: str) -> int:
        return self.by_status.get(status, 0)


def _rollups(snapshot, biennium, level, subject, keys=None):
    out: dict[int, Counts] = defaultdict(Counts)
    for key, status, n in rollup_counts(snapshot=snapshot, biennium=biennium, level=level,
                                        subject=subject, keys=keys):
        out[key].by_status[status] += n
    return out


def build(parameters: dict, content: dict, snapshot: ResultSnapshot, progress) -> Document:
    biennium = find_biennium(parameters["biennium"])
    region = find_region(parameters.get("region") or None)
    front, narrative, decision = base.front_matter(content, default_front(parameters))
    builder = DocumentBuilder(front, as_of=snapshot.as_of)
    provisional = base.open_biennium(biennium)
    base.state_provenance(builder, snapshot, provisional)
    results_source = base.results_source(snapshot, provisional)

    regions, countries = regions_and_countries(region=region)
    country_cpos = _rollups(snapshot, biennium, Level.COUNTRY, Subject.CPO, list(countries))
    country_indicators = _rollups(snapshot, biennium, Level.COUNTRY, Subject.INDICATOR,
                                  list(countries))
    progress(20)
    region_cpos: dict[int, Counts] = defaultdict(Counts)
    for key, counts in country_cpos.items():
        for status, n in counts.by_status.items():
            region_cpos[countries[key].region_id].by_status[status] += n
    statuses = [s for s in base.STATUS_ORDER
                if any(c.get(s) for c in region_cpos.values())]
    cpos_total = sum(c.total for c in region_cpos.values())
    cpos_achieved = sum(c.get(ACHIEVED) for c in region_cpos.values())
    indicators_total = sum(c.total for c in country_indicators.values())
    indicators_achieved = sum(c.get(ACHIEVED) for c in country_indicators.values())
    states_with_results = sum(1 for c in country_cpos.values() if c.total)
    states_achieved = sum(1 for c in country_cpos.values() if c.get(ACHIEVED))

    # I. Introduction
    builder.section(_("Introduction"))
    if not base.add_narrative(builder, narrative):
        builder.paragraph(
            _("This report covers the %(biennium)s biennium for %(where)s. It draws on the "
              "results computed on %(date)s from the progress updates approved for each "
              "indicator of each Decent Work Country Programme.")
            % {"biennium": biennium.label, "where": region.label if region else _("all regions"),
               "date": formats.date_format(snapshot.as_of)},
            footnotes=[_("A country programme outcome is achieved when all its indicators "
                         "reach their milestones for the biennium.")])

    # II. Summary
    builder.section(_("Summary of results"))
    builder.paragraph(" ".join([
        ngettext("In %(biennium)s, %(states)s member State had country programme outcomes "
                 "with results.",
                 "In %(biennium)s, %(states)s member States had country programme outcomes "
                 "with results.", states_with_results)
        % {"biennium": biennium.label, "states": count(states_with_results)},
        _("The number of their outcomes achieved was %(achieved)s of %(cpos)s "
          "(%(share)s).")
        % {"cpos": count(cpos_total), "achieved": count(cpos_achieved),
           "share": per_cent(Decimal(100 * cpos_achieved) / cpos_total if cpos_total
                             else None)},
        ngettext("At least one outcome was achieved in %(n)s member State.",
                 "At least one outcome was achieved in %(n)s member States.", states_achieved)
        % {"n": count(states_achieved)},
        _("The number of indicator milestones reached was %(n)s of %(indicators)s.")
        % {"indicators": count(indicators_total), "n": count(indicators_achieved)}]))
    builder.table(
        _("Summary figures"), [Column(_("Figure")), Column(_("Number"), Fmt.INT)],
        [[_("Member States with results"), states_with_results],
         [_("Member States with at least one outcome achieved"), states_achieved],
         [_("Country programme outcomes with results"), cpos_total],
         [_("Country programme outcomes achieved"), cpos_achieved],
         [_("Indicator milestones"), indicators_total],
         [_("Indicator milestones reached"), indicators_achieved]])
    region_rows = [[r.label] + [region_cpos[pk].get(s) for s in statuses]
                   + [region_cpos[pk].total] for pk, r in regions.items()]
    builder.table(
        _("Country programme outcomes by status and region"),
        [Column(_("Region"))] + [Column(base.status_label(s), Fmt.INT) for s in statuses]
        + [Column(_("Total"), Fmt.INT)],
        region_rows,
        total=[_("Total")] + [sum(c.get(s) for c in region_cpos.values()) for s in statuses]
        + [cpos_total],
        source=results_source)
    builder.figure(
        _("Country programme outcomes by status and region, %(biennium)s")
        % {"biennium": biennium.label},
        stacked_bars(categories=[r.label for r in regions.values()],
                     series=[(s, base.status_label(s), [region_cpos[pk].get(s)
                                                        for pk in regions])
                             for s in statuses],
                     xlabel=_("Country programme outcomes")),
        alt=_("Bar chart of the country programme outcomes of each region by status; the "
              "figures are those of the table above."),
        source=results_source)
    progress(35)

    # III. Results by P&B outcome
    builder.section(_("Results by P&B outcome"))
    outcome_rows = _outcome_rows(snapshot, biennium, region)
    builder.paragraph(
        _("Table %(n)s shows, for each outcome of the Programme and Budget, the country "
          "programme outcomes linked to it, those achieved and the member States with at "
          "least one achieved.") % {"n": builder.next_table})
    builder.table(
        _("Country programme outcomes by P&B outcome, %(biennium)s")
        % {"biennium": biennium.label},
        [Column(_("P&B outcome")), Column(_("CPOs"), Fmt.INT),
         Column(_("CPOs achieved"), Fmt.INT),
         Column(_("Member States with an outcome achieved"), Fmt.INT)],
        outcome_rows,
        total=[_("Total"), sum(r[1] for r in outcome_rows), sum(r[2] for r in outcome_rows),
               None], source=results_source)
    progress(45)

    # IV. Results by region
    builder.section(_("Results by region"))
    by_region = defaultdict(list)
    for key, country in countries.items():
        if key in country_cpos:
            by_region[country.region_id].append(country)
    for pk, reg in regions.items():
        builder.heading(reg.label)
        its = sorted(by_region.get(pk, []), key=lambda c: c.label)
        if not its:
            builder.paragraph(_("No member State of the region had country programme "
                                "outcomes with results in %(biennium)s.")
                              % {"biennium": biennium.label})
            continue
        achieved = region_cpos[pk].get(ACHIEVED)
        builder.paragraph(" ".join([
            ngettext("In %(biennium)s, %(n)s member State of the region had country "
                     "programme outcomes with results.",
                     "In %(biennium)s, %(n)s member States of the region had country "
                     "programme outcomes with results.", len(its))
            % {"n": count(len(its)), "biennium": biennium.label},
            _("The number of their outcomes achieved was %(achieved)s of %(total)s.")
            % {"achieved": count(achieved), "total": count(region_cpos[pk].total)}]))
        builder.table(
            _("Country programme outcomes by status: %(region)s") % {"region": reg.label},
            [Column(_("Country"))] + [Column(base.status_label(s), Fmt.INT)
                                      for s in statuses] + [Column(_("Total"), Fmt.INT)],
            [[c.label] + [country_cpos[c.pk].get(s) for s in statuses]
             + [country_cpos[c.pk].total] for c in its], source=results_source)
    progress(55)

    # V. Capacity development (the capacity worker's figures)
    add_biennial_section(builder, biennium=biennium, regions=regions, countries=countries,
                         region=region)
    progress(60)

    # VI. Evaluation (the evaluation worker's figures; every region's, whatever the report's)
    add_biennial_evaluation_section(builder, biennium=biennium, all_regions_note=bool(region))

    # VII. Resources
    builder.section(_("Resources"))
    sources = _resources_by_source(biennium, region)
    total_alloc = sum((r[1] for r in sources), Decimal(0))
    total_exp = sum((r[2] for r in sources), Decimal(0))
    total_rate = total_exp * 100 / total_alloc if total_alloc else None  # rounded when printed
    builder.paragraph(
        _("Projects contributing to Decent Work Country Programmes had %(alloc)s allocated "
          "for %(biennium)s and spent %(spent)s, a delivery rate of %(rate)s.")
        % {"alloc": millions(total_alloc), "biennium": biennium.label,
           "spent": millions(total_exp), "rate": per_cent(total_rate)})
    builder.table(
        _("Resources by funding source, %(biennium)s (US$)") % {"biennium": biennium.label},
        [Column(_("Funding source")), Column(_("Allocation"), Fmt.MONEY),
         Column(_("Expenditure"), Fmt.MONEY), Column(_("Delivery (%)"), Fmt.PERCENT)],
        sources, total=[_("Total"), total_alloc, total_exp, total_rate])
    gaps = _resource_gaps(biennium, regions)
    builder.table(
        _("Resource gaps of country programme outcomes by region (US$)"),
        [Column(_("Region")), Column(_("Planned"), Fmt.MONEY),
         Column(_("Available"), Fmt.MONEY), Column(_("Gap"), Fmt.MONEY)],
        gaps, note=_("Outcomes of the programmes that span the biennium, over their whole "
                     "period."))
    progress(65)

    # VIII. Development cooperation (the portfolio worker's tables; every region's)
    add_biennial_portfolio_section(builder, biennium=biennium)

    builder.draft_decision(decision)

    # Appendix: milestone status by country
    indicator_statuses = [s for s in base.STATUS_ORDER
                          if any(c.get(s) for c in country_indicators.values())]
    builder.appendix(_("Milestone status by country, %(biennium)s")
                     % {"biennium": biennium.label})
    rows, groups = [], []
    for pk, reg in regions.items():
        its = sorted((countries[k] for k in country_indicators
                      if countries[k].region_id == pk), key=lambda c: c.label)
        if not its:
            continue
        groups.append(len(rows))
        rows.append([reg.label] + [None] * (len(indicator_statuses) + 1))
        rows += [[c.label] + [country_indicators[c.pk].get(s) for s in indicator_statuses]
                 + [country_indicators[c.pk].total] for c in its]
    builder.table(
        _("Indicator milestones by status and country"),
        [Column(_("Country"))] + [Column(base.status_label(s), Fmt.INT)
                                  for s in indicator_statuses]
        + [Column(_("Total"), Fmt.INT)], rows, group_rows=groups)

    # Appendix: the outcome tables of each country (issue 11)
    add_biennium_appendix(builder, snapshot=snapshot, biennium=biennium, countries=countries)
    return builder.build()


def _outcome_rows(snapshot, biennium, region) -> list[list]:
    """Per P&B outcome of the biennium's framework: CPOs, CPOs achieved and member States
    with a CPO achieved — the worker's roll-ups globally, the same counts over the region's
    CPO results otherwise."""
    outcomes = pb_outcomes_of_framework(framework_id=biennium.framework_id)
    if region is None:
        cpos = _rollups(snapshot, biennium, Level.PB_OUTCOME, Subject.CPO)
        states = _rollups(snapshot, biennium, Level.PB_OUTCOME, Subject.MEMBER_STATES_ACHIEVED)
        figures = {k: (c.total, c.get(ACHIEVED), states[k].total if k in states else 0)
                   for k, c in cpos.items()}
    else:
        figures = outcome_figures_of_region(snapshot=snapshot, biennium=biennium,
                                            region=region)
    known = {o.pk for o in outcomes}
    outcomes += pb_outcomes_by_id(ids=set(figures) - known)
    outcomes.sort(key=lambda o: (o.framework_id != biennium.framework_id,
                                 natural_key(o.code)))
    return [[f"{o.code}. {content.text(o)}", *figures.get(o.pk, (0, 0, 0))]
            for o in outcomes]


def natural_key(code: str) -> list:
    """"2" before "10", as the Programme and Budget numbers its outcomes."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part)
            for part in re.split(r"(\d+)", code) if part]


def _resources_by_source(biennium, region) -> list[list]:
    sums = funding_by_source(biennium=biennium, region=region)
    out = []
    for source in FundingSource:
        row = sums.get(source.value)
        if row is None:
            continue
        alloc, spent = row["allocation"], row["expenditure"]
        out.append([str(source.label), alloc, spent,
                    spent * 100 / alloc if alloc else None])
    return out


def _resource_gaps(biennium, regions) -> list[list]:
    cpos = (resources_selectors.cpos_with_resources()
            .filter(dwcp__country__region_id__in=list(regions),
                    dwcp__start_year__lte=biennium.end_year,
                    dwcp__end_year__gte=biennium.start_year)
            .values_list("dwcp__country__region_id", "planned_resources", "available"))
    planned: dict[int, Decimal] = defaultdict(Decimal)
    available: dict[int, Decimal] = defaultdict(Decimal)
    for region_id, plan, avail in cpos:
        planned[region_id] += plan
        available[region_id] += avail
    return [[r.label, planned[pk], available[pk], planned[pk] - available[pk]]
            for pk, r in regions.items() if pk in planned]
