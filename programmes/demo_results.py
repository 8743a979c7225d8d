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

from programmes.models import (
    CountryProgrammeOutcome,
    DwcpStatus,
    Indicator,
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


TEMPLATES = (
    Template("Number of collective agreements registered with the labour ministry",
             baseline=14, target=40, source="Ministry of labour register"),
    Template("Share of workers covered by at least one social protection benefit",
             unit=Unit.PERCENTAGE, baseline=38, target=52, source="Social security institute",
             numerator="workers covered", denominator="employed persons"),
    Template("Labour inspection visits carried out in a year", baseline=1200, target=2000,
             source="Labour inspectorate annual report"),
    Template("Young women and men placed in jobs through the public employment services",
             cumulative=True, baseline=0, target=6000, source="Employment service records"),
    Template("Share of women among constituents' representatives trained",
             unit=Unit.PERCENTAGE, baseline=28, target=40, source="Training records",
             numerator="women trained", denominator="participants trained"),
    Template("National tripartite social dialogue council meets at least twice a year and "
             "issues opinions on labour legislation", unit=Unit.QUALITATIVE,
             source="Minutes of the council"),
    Template("Fatal occupational injuries per 100,000 workers", direction="decrease",
             baseline=12, target=8, source="Labour inspectorate statistics"),
)


def _h(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)


def _between(start: Decimal, end: Decimal, share: Decimal) -> Decimal:
    return (start + (end - start) * share).quantize(Decimal("1"))


class ResultsLoader:
    def __init__(self, actors) -> None:
        self.actors = actors
        self.created = {"indicators": 0, "progress updates": 0}

    def cpo(self, cpo: CountryProgrammeOutcome, rank: int) -> None:
        biennia = list(biennia_spanned(cpo.dwcp))
        for n, template in enumerate((TEMPLATES[(2 * rank) % len(TEMPLATES)],
                                      TEMPLATES[(2 * rank + 1) % len(TEMPLATES)]), start=1):
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
                milestones[biennium] = (None, "Council met twice and issued opinions"
                                        if i > 1 else "Council re-established by decree")
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
            baseline_description="" if not qualitative else "No functioning council",
            target_description="" if not qualitative else
            "The council meets regularly and is consulted on labour legislation",
            disaggregate_by_sex=template.unit == Unit.PERCENTAGE or template.cumulative,
            milestones=milestones, **numeric)

    def _updates(self, indicator: Indicator, template: Template, biennia) -> None:
        dwcp = indicator.cpo.dwcp
        if dwcp.status == DwcpStatus.IN_PREPARATION:
            return
        # How well this indicator does: 0.35 … 1.25 of the way to each milestone.
        pace = Decimal(35 + _h(indicator.code) % 91) / 100
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
                    (biennium.start_year, 6, 30), (biennium.start_year, 12, 15),
                    (biennium.end_year, 6, 30), (biennium.end_year, 11, 30))):
                day = dt.date(year, month, day_of_month)
                if dt.date(dwcp.start_year, 1, 1) <= day <= last_date:
                    dates.append((biennium, day, Decimal(k + 1) / 4, False))
        if active and dates:
            # The latest figures of a programme in force wait in the approval queue.
            biennium, _day, share, _pending = dates[-1]
            dates.append((biennium, REFERENCE_DATE - dt.timedelta(days=10),
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
                level = _between(start_level, goal, pace * share)
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
            self.created["progress updates"] += 1


def load(*, actors, stdout=None) -> dict[str, int]:
    stdout = stdout or sys.stdout
    loader = ResultsLoader(actors)
    cpos = (CountryProgrammeOutcome.objects.select_related("dwcp__country")
            .filter(dwcp__country__iso3__in=list(D.PROGRAMMES))
            .order_by("dwcp__country__iso3", "code"))
    for rank, cpo in enumerate(cpos):
        loader.cpo(cpo, rank)
    created = loader.created
    computed = any(created.values()) or not ResultSnapshot.objects.filter(
        is_current=True).exists()
    if computed:
        results_recompute_all()
    stdout.write("Results demo data: created {}{}.\n".format(
        ", ".join(f"{n} {label}" for label, n in created.items() if n) or "nothing new",
        "; results computed" if computed else ""))
    return created
