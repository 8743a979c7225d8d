"""The IATI 2.03 activity file: one activity per CPO per biennium, as the ILO publishes
(``docs/iati.md`` maps each element). The data are read through the programmes' report
selectors, the results from the current snapshot of the computed tables; nothing is computed
here but the sums of the linked projects' resources by each project's share."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from lxml import etree

from programmes.selectors import reports as programme_reports
from programmes.selectors.results import current_snapshot

ILO_REF = "XM-DAC-41302"
ILO_NAME = "International Labour Organization"
ILO_TYPE = "40"  # OrganisationType: multilateral
# The official IATI 2.03 activity schema, kept with the code (reporting/iati_schema/).
SCHEMA = Path(settings.BASE_DIR) / "reporting" / "iati_schema" / "iati-activities-schema.xsd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# DAC 5-digit purpose codes (Sector vocabulary 1) of the activities, by the strategic
# objective of the CPO's P&B outcome in the biennium: the CRS code nearest to what each
# objective funds. Enabling and cross-cutting outcomes, and CPOs without a link, fall back
# to employment policy (16020), the ILO's core purpose code.
SECTOR_BY_OBJECTIVE = {
    "standards": "15160",  # Human rights (labour standards, fundamental rights at work)
    "employment": "16020",  # Employment creation
    "social_protection": "16010",  # Social protection
    "social_dialogue": "15150",  # Democratic participation and civil society
}
DEFAULT_SECTOR = "16020"

# DWCP status → ActivityStatus (1 pipeline, 2 implementation, 3 finalisation, 4 closed).
STATUS_PIPELINE = {"in_preparation", "quality_appraisal"}
STATUS_CLOSED = {"completed", "evaluated"}

# Indicator unit → IndicatorMeasure (1 unit, 2 percentage, 5 qualitative).
MEASURE = {"number": "1", "percentage": "2", "qualitative": "5"}


def activity_identifier(cpo_code: str, biennium_code: str) -> str:
    """``XM-DAC-41302-<CPO code>-<biennium>``, with every character IATI identifiers refuse
    (anything but letters, digits, ``-``, ``.`` and ``_``) replaced by a hyphen."""
    return re.sub(r"[^A-Za-z0-9._-]", "-", f"{ILO_REF}-{cpo_code}-{biennium_code}")


def _number(value: Decimal | None) -> str:
    """A decimal as IATI writes it: no exponent, no trailing zeros."""
    assert value is not None
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _sub(parent: Any, tag: str, text: str | None = None, **attrs: str) -> Any:
    element = etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        etree.SubElement(element, "narrative", {XML_LANG: "en"}).text = text
    return element


def _status(dwcp_status: str, period_end: dt.date, today: dt.date) -> str:
    if dwcp_status in STATUS_PIPELINE:
        return "1"
    if dwcp_status in STATUS_CLOSED:
        return "4"
    return "3" if period_end < today else "2"


def _activity(root: Any, cpo: Any, biennium: Any, today: dt.date) -> None:
    dwcp = cpo.dwcp
    years = (biennium.start_year, biennium.start_year + 1)
    start = dt.date(max(years[0], dwcp.start_year), 1, 1)
    end = dt.date(min(years[1], dwcp.end_year), 12, 31)
    link = cpo.iati_links[0] if cpo.iati_links else None

    activity = etree.SubElement(root, "iati-activity", {
        "last-updated-datetime": timezone.now().replace(microsecond=0).isoformat(),
        XML_LANG: "en", "default-currency": "USD", "hierarchy": "1"})
    etree.SubElement(activity, "iati-identifier").text = activity_identifier(cpo.code,
                                                                             biennium.code)
    _sub(activity, "reporting-org", ILO_NAME, ref=ILO_REF, type=ILO_TYPE)
    _sub(activity, "title", f"{cpo.code}: {cpo.title}")
    _sub(activity, "description", cpo.description or cpo.title, type="1")
    _sub(activity, "description", f"{dwcp.title} ({dwcp.start_year}–{dwcp.end_year}), "
         f"priority {cpo.priority.code}: {cpo.priority.title}", type="2")

    # Participating organisations: donors fund (1), the ILO is accountable (2) and
    # extending (3), the constituents who signed the DWCP implement (4).
    donors = sorted({a.donor.name for pl in cpo.iati_projects
                     for a in pl.project.iati_agreements})
    for name in donors:
        _sub(activity, "participating-org", name, role="1")
    _sub(activity, "participating-org", ILO_NAME, role="2", ref=ILO_REF, type=ILO_TYPE)
    _sub(activity, "participating-org", ILO_NAME, role="3", ref=ILO_REF, type=ILO_TYPE)
    for name in sorted({s.constituent.name for s in dwcp.iati_parties}):
        _sub(activity, "participating-org", name, role="4")

    # The CPO and P&B outcome codes as the ILO's own identifiers of the activity.
    _sub(activity, "other-identifier", ref=cpo.code, type="A1")
    if link is not None:
        _sub(activity, "other-identifier", ref=f"{link.pb_outcome.framework.code}"
             f"-{link.pb_outcome.code}".replace(" ", "-"), type="A1")

    _sub(activity, "activity-status", code=_status(dwcp.status, end, today))
    _sub(activity, "activity-date", type="1", iso_date=start.isoformat())
    if dwcp.status not in STATUS_PIPELINE and start <= today:
        _sub(activity, "activity-date", type="2", iso_date=start.isoformat())
    _sub(activity, "activity-date", type="3", iso_date=end.isoformat())
    if dwcp.status in STATUS_CLOSED and end <= today:
        _sub(activity, "activity-date", type="4", iso_date=end.isoformat())
    _sub(activity, "activity-scope", code="4")  # national
    _sub(activity, "recipient-country", code=dwcp.country.iso2, percentage="100")

    objective = link.pb_outcome.strategic_objective if link is not None else None
    sector = SECTOR_BY_OBJECTIVE.get(objective.code if objective else "", DEFAULT_SECTOR)
    _sub(activity, "sector", vocabulary="1", code=sector, percentage="100")
    targets = sorted(cpo.sdg_targets.all(), key=lambda t: (t.goal, t.code))
    for goal in sorted({t.goal for t in targets}):
        _sub(activity, "tag", vocabulary="2", code=str(goal))
    for target in targets:
        _sub(activity, "tag", vocabulary="3", code=target.code)

    # Budgets and expenditure: the linked projects' allocation and expenditure of each year,
    # by the share of the project the CPO counts on.
    allocation = {year: Decimal(0) for year in years}
    expenditure = {year: Decimal(0) for year in years}
    for project_link in cpo.iati_projects:
        share = project_link.share / 100
        for row in project_link.project.iati_funding:
            allocation[row.year] += row.allocation * share
            expenditure[row.year] += row.expenditure * share
    for year in years:
        if not dwcp.start_year <= year <= dwcp.end_year:
            continue
        budget = _sub(activity, "budget", type="1", status="2")
        _sub(budget, "period-start", iso_date=f"{year}-01-01")
        _sub(budget, "period-end", iso_date=f"{year}-12-31")
        _sub(budget, "value", value_date=f"{year}-01-01").text = \
            _number(allocation[year].quantize(Decimal("0.01")))
    for year in years:
        if expenditure[year] and dt.date(year, 12, 31) <= max(today, dt.date(year, 12, 31)):
            transaction = _sub(activity, "transaction")
            _sub(transaction, "transaction-type", code="4")  # expenditure
            _sub(transaction, "transaction-date", iso_date=f"{year}-12-31")
            _sub(transaction, "value", value_date=f"{year}-12-31").text = \
                _number(expenditure[year].quantize(Decimal("0.01")))
            _sub(transaction, "description", f"Expenditure of {year} on the CPO's projects")

    _results(activity, cpo, biennium, link)


def _results(activity: Any, cpo: Any, biennium: Any, link: Any) -> None:
    """One outcome result (type 2) for the CPO's own indicators and one output result
    (type 1) per output with indicators, each indicator with its baseline and the biennium's
    period: the milestone as target, the computed value as actual."""
    groups: dict[Any, list[Any]] = {}
    for indicator in cpo.iati_indicators:
        groups.setdefault(indicator.output, []).append(indicator)
    # A CPO without indicators has no result to publish (IATI requires an indicator).
    for output in sorted(groups, key=lambda o: (o is not None, o.order if o else 0,
                                                o.code if o else "")):
        result = _sub(activity, "result", type="2" if output is None else "1",
                      aggregation_status="0")
        if output is None:
            _sub(result, "title", f"{cpo.code}: {cpo.title}")
        else:
            _sub(result, "title", f"{cpo.code} output {output.code}: {output.title}")
        _sub(result, "reference", vocabulary="99", code=cpo.code)
        if link is not None:
            _sub(result, "reference", vocabulary="99",
                 code=f"{link.pb_outcome.framework.code} outcome {link.pb_outcome.code}")
        for indicator in groups[output]:
            _indicator(result, indicator, biennium)


def _indicator(result: Any, indicator: Any, biennium: Any) -> None:
    measure = MEASURE.get(indicator.unit, "1")
    qualitative = measure == "5"
    attrs = {"measure": measure}
    if not qualitative:
        attrs["ascending"] = "0" if indicator.direction == "decrease" else "1"
    element = _sub(result, "indicator", **attrs)
    _sub(element, "title", f"{indicator.code}: {indicator.title}")
    if indicator.means_of_verification:
        _sub(element, "description", indicator.means_of_verification)
    _sub(element, "reference", vocabulary="99", code=indicator.code)
    if indicator.baseline_year:
        baseline = {"year": str(indicator.baseline_year)}
        if not qualitative and indicator.baseline_value is not None:
            baseline["value"] = _number(indicator.baseline_value)
        base = _sub(element, "baseline", **baseline)
        if indicator.baseline_description:
            _sub(base, "comment", indicator.baseline_description)
    computed = indicator.iati_results[0] if indicator.iati_results else None
    milestone = indicator.iati_milestones[0] if indicator.iati_milestones else None
    target = computed.milestone if computed is not None and computed.milestone is not None \
        else (milestone.value if milestone is not None else None)
    period = _sub(element, "period")
    _sub(period, "period-start", iso_date=f"{biennium.start_year}-01-01")
    _sub(period, "period-end", iso_date=f"{biennium.start_year + 1}-12-31")
    target_element = _sub(period, "target", **(
        {"value": _number(target)} if target is not None and not qualitative else {}))
    if milestone is not None and milestone.statement:
        _sub(target_element, "comment", milestone.statement)
    actual = {}
    if computed is not None and computed.actual is not None and not qualitative:
        actual["value"] = _number(computed.actual)
    actual_element = _sub(period, "actual", **actual)
    if computed is not None:
        _sub(actual_element, "comment", f"Status: {computed.get_status_display()}")


def build_activities(*, biennium: Any, country_ids: Iterable[int] | None = None,
                     user: Any = None, today: dt.date | None = None) -> bytes:
    """The IATI 2.03 activity file (UTF-8 XML) of the CPOs of the DWCPs spanning
    ``biennium`` in the given countries (all when None) that ``user`` may view (all when
    None: commands), with the current results."""
    today = today or timezone.localdate()
    snapshot = current_snapshot()
    cpos = programme_reports.cpos_for_iati(snapshot=snapshot, biennium=biennium,
                                           country_ids=country_ids, user=user)
    root = etree.Element("iati-activities", {
        "version": "2.03",
        "generated-datetime": timezone.now().replace(microsecond=0).isoformat()})
    for cpo in cpos:
        _activity(root, cpo, biennium, today)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                pretty_print=True))


def schema() -> Any:
    """The official IATI 2.03 activity schema."""
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def validation_errors(xml: bytes) -> list[str]:
    """The XSD's complaints about ``xml`` (none when valid)."""
    xsd = schema()
    xsd.validate(etree.fromstring(xml))
    return [f"line {e.line}: {e.message}" for e in xsd.error_log]
