"""DWCP country progress report: for a country's current DWCP, the results framework with
each indicator's baseline, milestones, actuals, progress and status (from the current
results snapshot), the resources of each CPO, and the capacity of constituents."""
from __future__ import annotations

from collections import Counter

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from constituents.models import Country
from constituents.selectors_for_reports import country_by_iso3
from core.content import text as translated_text
from core.errors import ApplicationError
from programmes.models import (
    Dwcp,
    FundingSource,
    ResultSnapshot,
)
from programmes.selectors import resources as resources_selectors
from programmes.selectors.reports import current_dwcp_for_report, dwcp_results_for_report
from reporting.capacity_section.country import add_country_section
from reporting.document.blocks import Column, Document
from reporting.document.builder import DocumentBuilder
from reporting.document.values import Fmt, millions, per_cent
from reporting.evaluation_section import add_dwcp_evaluations
from reporting.outcome_tables import add_dwcp_outcome_tables, rule_notes
from reporting.renderers.charts import stacked_bars

from . import base


def find_country(iso3: str) -> Country:
    country = country_by_iso3(iso3=iso3)
    if country is None:
        raise ApplicationError(
            _("There is no country with the code “%(code)s”.") % {"code": iso3},
            field_errors={"country": [_("Unknown country code.")]})
    return country


def current_dwcp(country: Country) -> Dwcp:
    """The DWCP in force, else the most recent one."""
    dwcp = current_dwcp_for_report(country=country)
    if dwcp is None:
        raise ApplicationError(
            _("%(country)s has no Decent Work Country Programme.") % {"country": country.label},
            field_errors={"country": [_("This country has no DWCP.")]})
    return dwcp


def clean_parameters(parameters: dict) -> dict:
    country = find_country(parameters.get("country", ""))
    current_dwcp(country)
    return {"country": country.iso3}


def default_front(parameters: dict) -> dict:
    country = find_country(parameters["country"])
    dwcp = current_dwcp(country)
    return {
        "title": _("Decent Work Country Programme of %(country)s (%(period)s): progress "
                   "report") % {"country": country.label, "period": dwcp.period},
        "purpose": _("This report presents the progress of the Decent Work Country Programme "
                     "of %(country)s: its results framework with each indicator's baseline, "
                     "milestones, actual values, progress and status; the resources of its "
                     "outcomes; and the capacity of the constituents.")
        % {"country": country.label},
        "draft_decision": _("The Governing Body takes note of the progress of the Decent Work "
                            "Country Programme of %(country)s and requests the Office to take "
                            "into account its guidance in supporting the tripartite "
                            "constituents in implementing the programme.")
        % {"country": country.label},
        "author_unit": _("Partnerships and Field Support Department (PARTNERSHIPS)."),
        "section_name": _("Policy Development Section"),
        "segment": _("Development Cooperation Segment"),
        "section_code": "POL",
        "place": _("Geneva"),
        "document_date": timezone.localdate(),
    }


def _counts_sentence(counts: Counter) -> str:
    parts = [f"{counts[s]} {base.status_label(s).lower()}" for s in base.STATUS_ORDER
             if counts.get(s)]
    return "; ".join(parts) if parts else _("none")


def build(parameters: dict, content: dict, snapshot: ResultSnapshot, progress) -> Document:
    country = find_country(parameters["country"])
    dwcp = current_dwcp(country)
    front, narrative, decision = base.front_matter(content, default_front(parameters))
    builder = DocumentBuilder(front, as_of=snapshot.as_of)

    read = dwcp_results_for_report(snapshot=snapshot, dwcp=dwcp)
    cpos, indicators, results = read.cpos, read.indicators, read.results
    cpo_results, biennia = read.cpo_results, read.biennia
    progress(30)

    cpo_status = {(r.cpo_id, r.biennium_id): r.status for r in cpo_results}
    as_of = snapshot.as_of
    current = next((b for b in biennia if b.start_date <= as_of <= b.end_date), None)
    provisional = base.open_biennium(current)
    base.state_provenance(builder, snapshot, provisional)

    # I. Introduction
    builder.section(_("Introduction"))
    if not base.add_narrative(builder, narrative):
        builder.paragraph(
            _("The Decent Work Country Programme of %(country)s covers %(period)s and is "
              "%(status)s. It has %(cpos)s country programme outcomes measured by "
              "%(indicators)s indicators. This report gives their results as computed on "
              "%(date)s.")
            % {"country": country.label, "period": dwcp.period,
               "status": dwcp.get_status_display().lower(), "cpos": len(cpos),
               "indicators": len(indicators), "date": formats.date_format(as_of)},
            footnotes=[_("Results are computed from the approved progress updates; an "
                         "indicator's progress in a biennium is the share of the way from "
                         "its value when the biennium began (the start value) to its "
                         "milestone.")])

    # II. Results framework
    builder.section(_("Results framework"))
    if current is not None:
        counts = Counter(r.status for r in results if r.biennium_id == current.pk)
        builder.paragraph(
            ngettext("In the %(biennium)s biennium, the %(n)s indicator with a milestone "
                     "stands as follows: %(counts)s.",
                     "In the %(biennium)s biennium, the %(n)s indicators with a milestone "
                     "stand as follows: %(counts)s.", sum(counts.values()))
            % {"biennium": current.label, "n": sum(counts.values()),
               "counts": _counts_sentence(counts)})
    spanned = [b for b in biennia if b.start_year <= dwcp.end_year
               and b.end_year >= dwcp.start_year]
    status_counts = {b.pk: Counter(r.status for r in cpo_results if r.biennium_id == b.pk)
                     for b in spanned}
    results_source = base.results_source(snapshot, provisional)
    builder.table(
        _("Status of the country programme outcomes by biennium"),
        [Column(_("Country programme outcome"))] + [Column(b.label) for b in spanned],
        [[f"{c.code} {translated_text(c)}"] + [base.status_label(cpo_status[(c.pk, b.pk)])
                                    if (c.pk, b.pk) in cpo_status else None for b in spanned]
         for c in cpos],
        source=results_source)
    builder.figure(
        _("Country programme outcomes by status and biennium"),
        stacked_bars(categories=[b.label for b in spanned],
                     series=[(st, base.status_label(st),
                              [status_counts[b.pk].get(st, 0) for b in spanned])
                             for st in base.STATUS_ORDER
                             if any(status_counts[b.pk].get(st) for b in spanned)],
                     xlabel=_("Country programme outcomes")),
        alt=_("Bar chart of the country programme outcomes of each biennium by status; the "
              "figures are those of the table above."),
        source=results_source)
    if cpos:
        builder.paragraph(
            _("Tables %(first)s to %(last)s give, for each priority, its indicators with "
              "their unit, baseline and end target, then each biennium's milestone, the value "
              "the biennium is measured from, the actual value, progress and status.")
            % {"first": builder.next_table, "last": builder.next_table + 2 * len(
                {c.priority_id for c in cpos}) - 1},
            footnotes=rule_notes())
    add_dwcp_outcome_tables(builder, read=read, biennia=spanned)
    progress(50)

    # III. Resources
    builder.section(_("Resources"))
    totals = resources_selectors.dwcp_resource_totals(dwcp=dwcp)
    builder.paragraph(
        _("The outcomes of the programme plan %(planned)s; the projects contributing to them "
          "make %(available)s available, of which %(spent)s has been spent (a delivery rate "
          "of %(rate)s). The resource gap is %(gap)s.")
        % {"planned": millions(totals["planned"]), "available": millions(totals["available"]),
           "spent": millions(totals["spent"]), "rate": per_cent(totals["delivery_rate"]),
           "gap": millions(totals["resource_gap"])},
        footnotes=[_("Available resources of an outcome are the shares of the allocations of "
                     "the projects linked to it; the delivery rate is expenditure as a "
                     "percentage of those resources.")])
    cpo_rows = (resources_selectors.cpos_with_resources().filter(dwcp=dwcp)
                .order_by("priority__order", "priority__code", "order", "code"))
    builder.table(
        _("Resources by country programme outcome (US$)"),
        [Column(_("Country programme outcome")), Column(_("Planned"), Fmt.MONEY),
         Column(_("Available"), Fmt.MONEY), Column(_("Gap"), Fmt.MONEY),
         Column(_("Delivery (%)"), Fmt.PERCENT)],
        [[f"{c.code} {translated_text(c)}", c.planned_resources, c.available, c.resource_gap,
          c.delivery_rate] for c in cpo_rows],
        total=[_("Total"), totals["planned"], totals["available"], totals["resource_gap"],
               totals["delivery_rate"]])
    sources = list(resources_selectors.dwcp_resources_by_source(dwcp=dwcp))
    if sources:
        builder.table(
            _("Resources by funding source (US$)"),
            [Column(_("Funding source")), Column(_("Available"), Fmt.MONEY),
             Column(_("Spent"), Fmt.MONEY), Column(_("Delivery (%)"), Fmt.PERCENT)],
            [[str(FundingSource(r["project__funding_source"]).label), r["available"],
              r["spent"], r["delivery_rate"]] for r in sources])
    progress(60)

    # IV. Capacity development of the constituents (the capacity worker's figures)
    add_country_section(builder, country=country, dwcp=dwcp)
    progress(65)

    # V. Evaluations of the programme and its outcomes
    add_dwcp_evaluations(builder, dwcp=dwcp)

    builder.draft_decision(decision)
    return builder.build()
