"""A DWCP's results framework at a glance (issue 13, point 3), in the shape of the outcome
tables of the Governing Body papers (seeds/004): priority → CPO → its indicators with unit,
baseline, end target, and per biennium the milestone, the actual value and the computed
status; filtered by biennium and status; a fixed number of queries whatever its size."""
from __future__ import annotations

from collections import defaultdict

from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from core import access, policy
from programmes.models import Dwcp, ResultStatus, Unit
from programmes.selectors.reports import dwcp_results_for_report
from programmes.selectors.results import current_snapshot

from ._common import fmt


def _value(indicator, value) -> str:
    return fmt(value, indicator.unit) if value is not None else "—"


def _baseline(indicator) -> str:
    if indicator.unit == Unit.QUALITATIVE:
        return indicator.baseline_description or "—"
    text = _value(indicator, indicator.baseline_value)
    return f"{text} ({indicator.baseline_year})" if indicator.baseline_year else text


def _target(indicator) -> str:
    if indicator.unit == Unit.QUALITATIVE:
        return indicator.target_description or "—"
    text = _value(indicator, indicator.target_value)
    return f"{text} ({indicator.target_year})" if indicator.target_year else text


def dwcp_glance(request, pk: int):
    dwcp = access.load(request.user, Dwcp.objects.select_related("country"), pk=pk).obj
    snapshot = current_snapshot()
    data = dwcp_results_for_report(snapshot=snapshot, dwcp=dwcp) if snapshot else None
    biennia = [b for b in (data.biennia if data else [])
               if b.start_year <= dwcp.end_year and b.end_year >= dwcp.start_year]
    chosen = next((b for b in biennia if b.code == request.GET.get("biennium")), None)
    status = request.GET.get("status", "")
    status = status if status in ResultStatus.values else ""
    shown = [chosen] if chosen else biennia
    results = {(r.indicator_id, r.biennium_id): r for r in (data.results if data else [])}
    milestones = {(m.indicator_id, m.biennium_id): m for m in (data.milestones if data else [])}
    cpo_status = {(r.cpo_id, r.biennium_id): r.status for r in (data.cpo_results if data else [])}
    by_cpo = defaultdict(list)
    for indicator in data.indicators if data else []:
        by_cpo[indicator.cpo_id].append(indicator)
    may_enter = policy.can_change(request.user, dwcp)
    labels = dict(ResultStatus.choices)
    priorities: list[dict] = []
    for cpo in data.cpos if data else []:
        rows = []
        for indicator in by_cpo[cpo.pk]:
            cells = []
            for biennium in shown:
                result = results.get((indicator.pk, biennium.pk))
                milestone = milestones.get((indicator.pk, biennium.pk))
                cells.append({
                    "milestone": (milestone.statement or _("(statement)")) if milestone
                    and indicator.unit == Unit.QUALITATIVE else
                    _value(indicator, milestone.value) if milestone else "—",
                    "actual": (_("Reached") if result.reached else _("Not reached"))
                    if result and indicator.unit == Unit.QUALITATIVE
                    and result.reached is not None else
                    _value(indicator, result.actual) if result else "—",
                    "status": result.status if result else "",
                    "status_label": result.get_status_display() if result else "",
                })
            if status and not any(c["status"] == status for c in cells):
                continue
            rows.append({"indicator": indicator, "unit": indicator.get_unit_display(),
                         "baseline": _baseline(indicator), "target": _target(indicator),
                         "cells": cells})
        if status and not rows:
            continue
        if not priorities or priorities[-1]["priority"].pk != cpo.priority_id:
            priorities.append({"priority": cpo.priority, "cpos": []})
        priorities[-1]["cpos"].append({
            "cpo": cpo, "rows": rows,
            "statuses": [(code, labels.get(code, "")) for code in
                         (cpo_status.get((cpo.pk, b.pk), "") for b in shown)]})
    return render(request, "programmes/results/glance.html", {
        "dwcp": dwcp, "snapshot": snapshot, "biennia": biennia, "shown": shown,
        "chosen": chosen, "status": status, "statuses": ResultStatus.choices,
        "priorities": priorities, "may_enter": may_enter, "width": 4 + 3 * len(shown)})


urlpatterns = [
    path("dwcps/<int:pk>/at-a-glance/", dwcp_glance, name="dwcp-glance"),
]
