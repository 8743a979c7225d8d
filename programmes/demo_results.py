"""Illustrative results-monitoring demo data: indicators with baselines, targets and biennial
milestones on the demo CPOs, progress updates through the real workflow (field staff submit,
the manager approves; a few left waiting for approval), then the results computed by the same
code as the worker.

Deterministic (values follow from the CPO code) and idempotent: indicators are matched on
their code and updates on indicator and date, so a second run creates nothing and leaves the
computed results alone. Called by :func:`programmes.demo.load`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import sys
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from programmes.models import (
    CountryProgrammeOutcome,
    DwcpStatus,
    Indicator,
    ReportingDate,
    ResultSnapshot,
    Unit,
)
from programmes.services import indicators as svc
from programmes.services.framework import biennia_spanned
from programmes.services.results import results_recompute_all

from . import demo_data as D

REFERENCE_DATE = D.REFERENCE_DATE


@dataclass(frozen=True)
class Template:
    title: str
    unit: str = Unit.NUMBER
    direction: str = "increase"
    cumulative: bool = False
    baseline: int = 0
    target: int = 0
    source: str = ""
    numerator: str = ""
    denominator: str = ""
    # Qualitative indicators: the baseline, the end target and the milestones in words (the
    # first biennium's, then the later ones').
    baseline_text: str = ""
    target_text: str = ""
    milestone_texts: tuple[str, str] = ("", "")


# Two indicators per theme, measuring what its CPO says (ILO DWCP practice: one output-level
# count and one outcome-level measure, each with its source).
Q = Unit.QUALITATIVE
P = Unit.PERCENTAGE
THEME_INDICATORS: dict[str, tuple[Template, Template]] = {
    "employment_policy": (
        Template("National employment policy adopted and monitored by a tripartite committee",
                 unit=Q, source="Official gazette; minutes of the monitoring committee",
                 baseline_text="No national employment policy",
                 target_text="Policy adopted, monitoring committee reports every year",
                 milestone_texts=("Employment diagnostic validated by the constituents",
                                  "Policy adopted and monitoring committee meets")),
        Template("Employment-to-population ratio, persons aged 15–64", unit=P, baseline=52,
                 target=58, source="Labour force survey", numerator="employed persons",
                 denominator="population aged 15–64")),
    "youth_employment": (
        Template("Young women and men placed in jobs through the public employment services",
                 cumulative=True, baseline=0, target=6000, source="Employment service records"),
        Template("Share of young people not in employment, education or training (NEET)",
                 unit=P, direction="decrease", baseline=27, target=20,
                 source="Labour force survey", numerator="young people NEET",
                 denominator="population aged 15–24")),
    "skills": (
        Template("Sector skills councils with employers' and workers' representatives that "
                 "meet at least twice a year", baseline=1, target=6,
                 source="Ministry of education and labour records"),
        Template("Share of vocational training graduates employed six months after "
                 "graduating", unit=P, baseline=41, target=55, source="Tracer study",
                 numerator="graduates employed", denominator="graduates surveyed")),
    "enterprises": (
        Template("Small enterprises trained in business management (SIYB)", cumulative=True,
                 baseline=0, target=1500, source="Training provider records"),
        Template("Jobs created by the enterprises supported, after two years", cumulative=True,
                 baseline=0, target=3000, source="Enterprise follow-up survey")),
    "informal_economy": (
        Template("Workers and economic units newly registered with the social security "
                 "institute", cumulative=True, baseline=0, target=25000,
                 source="Social security institute register"),
        Template("Share of informal employment in total employment", unit=P,
                 direction="decrease", baseline=58, target=50, source="Labour force survey",
                 numerator="persons in informal employment", denominator="employed persons")),
    "crisis_response": (
        Template("Workdays of employment created through employment-intensive investment",
                 cumulative=True, baseline=0, target=120000,
                 source="Project monitoring records"),
        Template("Refugees and host community members placed in jobs", cumulative=True,
                 baseline=0, target=4000, source="Employment service records")),
    "social_protection": (
        Template("Share of the population covered by at least one social protection benefit",
                 unit=P, baseline=38, target=52, source="Social security institute",
                 numerator="persons covered", denominator="total population"),
        Template("Social protection floor defined through national dialogue and costed",
                 unit=Q, source="Report of the national dialogue; budget law",
                 baseline_text="No agreed definition of the floor",
                 target_text="Floor defined, costed and included in the budget",
                 milestone_texts=("Assessment-based national dialogue held",
                                  "Floor defined and costed")),
    ),
    "osh": (
        Template("Fatal occupational injuries per 100,000 workers", direction="decrease",
                 baseline=12, target=8, source="Labour inspectorate statistics"),
        Template("Enterprises with a functioning joint safety and health committee",
                 baseline=120, target=400, source="Labour inspectorate records")),
    "labour_inspection": (
        Template("Labour inspection visits carried out in a year", baseline=1200, target=2000,
                 source="Labour inspectorate annual report"),
        Template("Share of violations found that are remedied within the time set", unit=P,
                 baseline=45, target=70, source="Labour inspectorate case records",
                 numerator="violations remedied", denominator="violations found")),
    "labour_law": (
        Template("Comments of the ILO supervisory bodies addressed in amended legislation",
                 baseline=2, target=10, source="CEACR comments; official gazette"),
        Template("Draft labour code amendments examined by the tripartite council",
                 unit=Q, source="Minutes of the tripartite council",
                 baseline_text="Labour code not reviewed since 2008",
                 target_text="Amended labour code adopted after tripartite consultation",
                 milestone_texts=("Gap analysis of the labour code discussed by the council",
                                  "Amendments agreed in the council")),
    ),
    "social_dialogue": (
        Template("National tripartite social dialogue council meets at least twice a year and "
                 "issues opinions on labour legislation", unit=Q,
                 source="Minutes of the council", baseline_text="No functioning council",
                 target_text="The council meets regularly and is consulted on labour "
                             "legislation",
                 milestone_texts=("Council re-established by decree",
                                  "Council met twice and issued opinions")),
        Template("Number of collective agreements registered with the labour ministry",
                 baseline=14, target=40, source="Ministry of labour register")),
    "employers": (
        Template("Member enterprises of the employers' organization", baseline=350,
                 target=600, source="Membership register of the employers' organization"),
        Template("Policy positions submitted by the employers' organization to government",
                 baseline=2, target=8, source="Records of the employers' organization")),
    "workers": (
        Template("Members of the trade union confederation", baseline=42000, target=55000,
                 source="Membership register of the confederation"),
        Template("Share of women among trade union leadership", unit=P, baseline=18,
                 target=30, source="Records of the confederation",
                 numerator="women in leadership", denominator="leadership positions")),
    "child_labour": (
        Template("Children withdrawn or prevented from child labour", cumulative=True,
                 baseline=0, target=5000, source="Child labour monitoring system"),
        Template("Districts with a functioning child labour monitoring system", baseline=3,
                 target=15, source="Ministry of labour records")),
    "forced_labour": (
        Template("Labour inspectors and police officers trained to identify forced labour",
                 cumulative=True, baseline=0, target=400, source="Training records"),
        Template("Cases of forced labour referred to prosecution or remedy", baseline=5,
                 target=30, source="Labour inspectorate and police records")),
    "migration": (
        Template("Migrant workers who received pre-departure orientation", cumulative=True,
                 baseline=0, target=8000, source="Migrant resource centre records"),
        Template("Average recruitment cost paid by migrant workers, in months of earnings",
                 direction="decrease", baseline=4, target=1,
                 source="Migrant worker survey")),
    "hiv": (
        Template("Enterprises with an HIV and AIDS workplace policy", baseline=40, target=150,
                 source="National AIDS council records"),
        Template("Workers reached by voluntary counselling and testing at work",
                 cumulative=True, baseline=0, target=20000,
                 source="Workplace programme records")),
    "wages": (
        Template("Minimum wage adjusted on the advice of the tripartite wage board", unit=Q,
                 source="Decisions of the wage board",
                 baseline_text="Minimum wage unchanged since 2012",
                 target_text="Minimum wage reviewed every two years on evidence",
                 milestone_texts=("Wage board set up with a statistical secretariat",
                                  "Minimum wage adjusted on the board's advice")),
        Template("Share of wage earners paid at least the minimum wage", unit=P, baseline=78,
                 target=90, source="Labour force survey",
                 numerator="wage earners at or above the minimum wage",
                 denominator="wage earners")),
}


def _h(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)


# How well a country's programme does as a whole, then each outcome within it: outcomes and
# countries differ (some on track, some lagging), and the indicators of one outcome move
# together, as they do when an outcome's work goes well or stalls.
COUNTRY_PACE = (Decimal("0.75"), Decimal("0.9"), Decimal("1"), Decimal("1.1"))
CPO_PACE = (Decimal("0.45"), Decimal("0.7"), Decimal("0.9"), Decimal("1.05"), Decimal("1.2"))


BIENNIUM_PACE = (Decimal("0.8"), Decimal("0.95"), Decimal("1.05"), Decimal("1.2"))


def _spell(indicator: Indicator, biennium) -> Decimal:
    """A good or a bad biennium for the outcome (the same for its indicators)."""
    return BIENNIUM_PACE[_h(f"{indicator.cpo.code}/{biennium.code}") % len(BIENNIUM_PACE)]


def _pace(indicator: Indicator) -> Decimal:
    """The share of the way to each milestone the indicator goes (about 0.3 … 1.4)."""
    cpo = indicator.cpo
    country = COUNTRY_PACE[_h(cpo.dwcp.country.iso3) % len(COUNTRY_PACE)]
    outcome = CPO_PACE[_h(cpo.code) % len(CPO_PACE)]
    own = Decimal(90 + _h(indicator.code) % 21) / 100  # 0.90 … 1.10
    return (country * outcome * own).quantize(Decimal("0.01"))


def _between(start: Decimal, end: Decimal, share: Decimal) -> Decimal:
    return (start + (end - start) * share).quantize(Decimal("1"))


class ResultsLoader:
    def __init__(self, actors) -> None:
        self.actors = actors
        self.created = {"indicators": 0, "progress updates": 0}

    def cpo(self, cpo: CountryProgrammeOutcome, theme: str) -> None:
        biennia = list(biennia_spanned(cpo.dwcp))
        for n, template in enumerate(THEME_INDICATORS[theme], start=1):
            code = f"{cpo.code}.{n}"
            indicator = Indicator.objects.filter(code=code).first()
            if indicator is None:
                indicator = self._indicator(cpo, code, template, biennia)
                self.created["indicators"] += 1
            self._updates(indicator, template, biennia)

    def _indicator(self, cpo, code: str, template: Template, biennia) -> Indicator:
        dwcp = cpo.dwcp
        editor = self.actors.editor(dwcp.country)
        milestones = {}
        qualitative = template.unit == Unit.QUALITATIVE
        for i, biennium in enumerate(biennia, start=1):
            share = Decimal(i) / Decimal(len(biennia))
            if qualitative:
                milestones[biennium] = (None, template.milestone_texts[min(i, 2) - 1])
            else:
                milestones[biennium] = (_between(Decimal(template.baseline),
                                                 Decimal(template.target), share), "")
        numeric = {} if qualitative else {
            "baseline_value": Decimal(template.baseline),
            "baseline_year": dwcp.start_year - 1, "target_value": Decimal(template.target),
            "target_year": dwcp.end_year}
        return svc.indicator_create(
            user=editor, cpo=cpo, code=code, title=template.title, unit=template.unit,
            direction=template.direction, cumulative=template.cumulative,
            numerator_label=template.numerator, denominator_label=template.denominator,
            baseline_source=template.source, data_source=template.source,
            means_of_verification=template.source,
            baseline_description=template.baseline_text,
            target_description=template.target_text,
            disaggregate_by_sex=template.unit == Unit.PERCENTAGE or template.cumulative,
            milestones=milestones, **numeric)

    def _updates(self, indicator: Indicator, template: Template, biennia) -> None:
        dwcp = indicator.cpo.dwcp
        if dwcp.status == DwcpStatus.IN_PREPARATION:
            return
        pace = _pace(indicator)
        submitter = self.actors.editor(dwcp.country)
        approver = self.actors.manager or self.actors.admin
        baseline = Decimal(template.baseline)
        milestones = {m.biennium_id: m.value for m in indicator.milestones.all()}
        last_date = min(REFERENCE_DATE, dt.date(dwcp.end_year, 12, 31))
        active = dwcp.status in (DwcpStatus.ACTIVE, DwcpStatus.UNDER_REVIEW)
        previous = baseline
        dates = []  # (biennium, day, share of the biennium's way done, pending approval)
        for biennium in biennia:
            for k, (year, month, day_of_month) in enumerate((
                    (biennium.start_year, 3, 31), (biennium.start_year, 9, 30),
                    (biennium.end_year, 3, 31), (biennium.end_year, 9, 30))):
                day = dt.date(year, month, day_of_month)
                if dt.date(dwcp.start_year, 1, 1) <= day <= last_date:
                    dates.append((biennium, day, Decimal(k + 1) / 4, False))
        if active and dates:
            # The latest figures of a programme in force wait in the approval queue.
            biennium, _day, share, _pending = dates[-1]
            dates.append((biennium, REFERENCE_DATE - dt.timedelta(days=2),
                          min(share + Decimal("0.125"), Decimal(1)), True))
        existing = set(indicator.updates.values_list("date", flat=True))
        # Each biennium moves on from where the previous one ended, toward its milestone.
        start_level, last_level, current = baseline, baseline, None
        for i, (biennium, day, share, pending) in enumerate(dates):
            if biennium != current:
                start_level, current = last_level, biennium
            if template.unit == Unit.QUALITATIVE:
                values = {"reached": pace >= Decimal("0.8") or i < len(dates) - 1}
            else:
                goal = milestones.get(biennium.pk) or Decimal(template.target)
                level = _between(start_level, goal, pace * _spell(indicator, biennium) * share)
                if template.unit == Unit.PERCENTAGE:
                    level = min(max(level, Decimal(0)), Decimal(100))
                last_level = level
                if template.cumulative:
                    values = {"value": max(level - previous, Decimal(0))}
                    previous = max(level, previous)
                elif template.unit == Unit.PERCENTAGE:
                    values = {"numerator": level * 10, "denominator": Decimal(1000)}
                else:
                    values = {"value": max(level, Decimal(0))}
            if day in existing:
                continue
            update = svc.progress_update_create(
                user=submitter, indicator=indicator, date=day, submit=True,
                source=template.source,
                narrative="Figures reported by the constituents and checked by the ILO "
                          "office." if not pending else
                "Preliminary figures for the current biennium.", **values)
            if not pending:
                # One full recompute follows the load: no recompute per approval.
                svc.progress_update_approve(user=approver, update=update, recompute=False)
            else:  # sent in over the past weeks, not all at once
                waited = dt.timedelta(days=1 + (indicator.pk * 7) % 33, hours=indicator.pk % 9)
                after_the_date = timezone.make_aware(
                    dt.datetime.combine(day + dt.timedelta(days=1), dt.time(9)))
                type(update).objects.filter(pk=update.pk).update(
                    submitted_at=max(timezone.now() - waited, after_the_date))
            self.created["progress updates"] += 1


def load(*, actors, stdout=None) -> dict[str, int]:
    stdout = stdout or sys.stdout
    loader = ResultsLoader(actors)
    cpos = (CountryProgrammeOutcome.objects.select_related("dwcp__country")
            .filter(dwcp__country__iso3__in=list(D.PROGRAMMES))
            .order_by("dwcp__country__iso3", "code"))
    from .demo import cpo_codes  # demo imports this module

    themes = {code: spec.theme for iso3, programme in D.PROGRAMMES.items()
              for _priority, spec, code in cpo_codes(iso3, programme)}
    for cpo in cpos:
        loader.cpo(cpo, themes[cpo.code])
    # Every programme reports progress by 30 June and 30 November (its reporting calendar).
    for dwcp_id in {cpo.dwcp_id for cpo in cpos}:
        for month, day in ((6, 30), (11, 30)):
            ReportingDate.objects.get_or_create(dwcp_id=dwcp_id, month=month, day=day)
    created = loader.created
    computed = any(created.values()) or not ResultSnapshot.objects.filter(
        is_current=True).exists()
    if computed:
        results_recompute_all()
    stdout.write("Results demo data: created {}{}.\n".format(
        ", ".join(f"{n} {label}" for label, n in created.items() if n) or "nothing new",
        "; results computed" if computed else ""))
    return created
