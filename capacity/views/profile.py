"""The constituent capacity profile: scores by dimension over the assessment rounds (an SVG
chart drawn on the server, no script), the change between baseline and follow-up, needs and
their states, plans, interventions received and participation."""
from __future__ import annotations

from collections import Counter

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from constituents.models import Constituent
from core import policy

from .. import computation, selectors
from ..models import (
    SCALE,
    CapacityAssessment,
    CapacityDevelopmentPlan,
    CapacityNeed,
    NeedStatus,
    Participant,
    Sex,
)
from ._common import may_record_for, may_see_assessments_of

SERIES_CLASSES = 8  # static/css/capacity.css colours series 0–7


def score_chart(assessments: list[CapacityAssessment]) -> dict | None:
    """Geometry of the profile chart: x = the assessments in date order (equally spaced),
    y = the score 1–5, one line per dimension (matched by framework and dimension code across
    versions). None without assessments."""
    if not assessments:
        return None
    width, height = 760, 320
    left, right, top, bottom = 56, 24, 20, 56
    count = len(assessments)
    span = width - left - right

    def x(i: int) -> float:
        return round(left + span / 2 if count == 1 else left + span * i / (count - 1), 1)

    def y(score: float) -> float:
        return round(top + (height - top - bottom) * (SCALE[-1] - score)
                     / (SCALE[-1] - SCALE[0]), 1)

    series: dict[tuple[str, str], dict] = {}
    for i, assessment in enumerate(assessments):
        for score in assessment.scores.all():
            key = (assessment.framework.code, score.dimension.code)
            entry = series.setdefault(key, {"name": score.dimension.name, "points": []})
            entry["name"] = score.dimension.name  # the latest wording
            entry["points"].append((i, score.score, assessment))
    lines = []
    total = len(series)
    for n, entry in enumerate(series.values()):
        # Lines on the same score are drawn a few pixels apart so each stays visible.
        offset = (n - (total - 1) / 2) * 3
        points = [{"x": x(i), "y": round(y(s) + offset, 1),
                   "label": _("%(d)s — %(r)s %(date)s: %(s)s") % {
                       "d": entry["name"], "r": a.get_round_display(),
                       "date": a.date.isoformat(), "s": s}}
                  for i, s, a in entry["points"]]
        lines.append({
            "name": entry["name"], "css": f"series-{n % SERIES_CLASSES}", "points": points,
            "path": " ".join(f"{'M' if k == 0 else 'L'}{p['x']},{p['y']}"
                             for k, p in enumerate(points)),
        })
    return {
        "width": width, "height": height, "left": left, "right": width - right, "top": top,
        "bottom": height - bottom,
        "y_ticks": [{"y": y(s), "label": s} for s in SCALE],
        "x_labels": [{"x": x(i), "round": a.get_round_display(), "date": a.date.strftime("%b %Y")}
                     for i, a in enumerate(assessments)],
        "lines": lines,
        "description": _("Scores from 1 to 5 on %(n)s dimensions over %(r)s assessments, "
                         "from %(first)s to %(last)s; the table below gives every score.")
        % {"n": total, "r": count, "first": assessments[0].date.isoformat(),
           "last": assessments[-1].date.isoformat()},
    }


def score_table(assessments: list[CapacityAssessment], computed) -> dict:
    """Rows of dimensions, a column per assessment, and the change between the latest
    follow-up and the latest baseline before it: the worker's figures when computed, else
    the same computation (capacity.computation) over the scores shown."""
    columns = list(assessments)
    rows: dict[tuple[str, str], dict] = {}
    for column, assessment in enumerate(columns):
        for score in assessment.scores.all():
            key = (assessment.framework.code, score.dimension.code)
            row = rows.setdefault(key, {"name": score.dimension.name,
                                        "level": score.dimension.get_level_display(),
                                        "type": score.dimension.get_capacity_type_display(),
                                        "scores": [None] * len(columns), "change": None})
            row["scores"][column] = score.score
    computed = list(computed)
    if computed:
        changes = {(c.framework_code, c.dimension_code): c.latest_score - c.baseline_score
                   for c in computed}
    else:
        points = [computation.AssessmentPoint(
            assessment_id=a.pk, constituent_id=a.constituent_id, framework_code=a.framework.code,
            date=a.date, round=a.round,
            scores={s.dimension.code: s.score for s in a.scores.all()}) for a in assessments]
        changes = {(c.framework_code, c.dimension_code): c.change
                   for c in computation.dimension_changes(points)}
    for key, row in rows.items():
        row["change"] = changes.get(key)
    return {"columns": columns, "rows": list(rows.values()), "from_worker": bool(computed),
            "has_change": any(r["change"] is not None for r in rows.values())}


@login_required
def constituent_profile(request, pk: int):
    user = request.user
    constituent = (Constituent.objects.select_related("country__region")
                   .filter(pk=pk).first())
    if constituent is None:
        raise Http404
    if not policy.can_view(user, constituent) or not may_see_assessments_of(user, constituent):
        raise PermissionDenied
    assessments = list(selectors.assessments_of(user=user, constituent=constituent)
                       .select_related("framework"))
    needs = list(selectors.needs_of(user=user, constituent=constituent))
    interventions = list(selectors.interventions_for(user=user, constituent=constituent)
                         .order_by("-start_date"))
    people = list(policy.visible(user, Participant.objects.filter(constituent=constituent))
                  .values_list("sex", "intervention_id"))
    sexes = Counter(sex for sex, _i in people)
    states = Counter(n.status for n in needs)
    snapshot = selectors.current_snapshot()
    indices = {}
    if snapshot and assessments:
        for row in selectors.assessment_indices(user=user, assessments=[a.pk for a in
                                                                        assessments]):
            if row.axis == "overall":
                indices[row.assessment_id] = row.index
    for assessment in assessments:
        assessment.overall_index = indices.get(assessment.pk)
    return render(request, "capacity/profile.html", {
        "constituent": constituent,
        "assessments": assessments,
        "chart": score_chart(assessments),
        "table": score_table(assessments, selectors.dimension_changes(
            user=user, constituent=constituent) if snapshot else []),
        "indices": indices, "snapshot": snapshot,
        "needs": needs,
        "need_states": [(label, states.get(value, 0)) for value, label in NeedStatus.choices],
        "plans": list(selectors.plans_of(user=user, constituent=constituent)),
        "interventions": interventions,
        "participation": {
            "people": len(people), "interventions": len({i for _s, i in people}),
            "women": sexes.get(Sex.FEMALE, 0), "men": sexes.get(Sex.MALE, 0),
            "women_share": computation.share(sexes.get(Sex.FEMALE, 0),
                                             sexes.get(Sex.FEMALE, 0) + sexes.get(Sex.MALE, 0)),
        },
        "can_assess": may_record_for(user, CapacityAssessment, constituent),
        "can_add_need": may_record_for(user, CapacityNeed, constituent),
        "can_plan": may_record_for(user, CapacityDevelopmentPlan, constituent),
    })


urlpatterns = [
    path("constituents/<int:pk>/profile/", constituent_profile, name="profile"),
]
