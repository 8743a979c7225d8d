"""Writes of capacity assessments and their scores.

Rules: the constituent's type fits the framework; the method fits the constituent group
(ACT/EMP assessments are of employers' organizations, ACTRAV assessments of workers',
labour administration audits of government institutions); every dimension of the framework is
scored within the 1–5 scale; the date is not in the future; a follow-up needs a baseline of the
same constituent and framework (any version; dimensions are matched by code) dated before it,
and no change (of date or round, or a deletion) may leave a follow-up without one; a linked
DWCP and CPO are of the constituent's country, the CPO of that DWCP."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from capacity.models import (
    SCALE,
    AssessmentDimension,
    AssessmentFramework,
    AssessmentMethod,
    AssessmentRound,
    CapacityAssessment,
    DimensionScore,
)
from constituents.models import Constituent
from core.errors import ApplicationError
from core.roles import ConstituentGroup
from programmes.models import CountryProgrammeOutcome, Dwcp

from ._common import (
    Errors,
    check_choice,
    check_plausible_dates,
    delete,
    require_change,
    require_create,
    save,
    text,
    today,
    unknown_fields,
)
from .computed import capacity_recompute_after_commit as _after_commit_recompute

if TYPE_CHECKING:
    from core.models import User

ASSESSMENT_FIELDS = ("date", "method", "round", "assessors", "dwcp", "cpo", "summary")

# Methods run by one bureau apply to its constituent group only.
METHOD_GROUP: dict[str, ConstituentGroup] = {
    AssessmentMethod.ACTEMP: ConstituentGroup.EMPLOYERS,
    AssessmentMethod.ACTRAV: ConstituentGroup.WORKERS,
    AssessmentMethod.LABOUR_ADMINISTRATION_AUDIT: ConstituentGroup.GOVERNMENT,
}


def score_field(dimension: AssessmentDimension) -> str:
    """The field name under which errors about a dimension's score are reported."""
    return f"score_{dimension.code}"


def _resolve_scores(errors: Errors, framework: AssessmentFramework,
                    scores: Mapping[Any, Any], *, require_all: bool
                    ) -> dict[int, tuple[AssessmentDimension, int, str]]:
    """Map ``scores`` (keyed by dimension, dimension id or code; values a score or
    ``{"score": …, "evidence": …}``) to dimension id → (dimension, score, evidence)."""
    dimensions = list(framework.dimensions.all())
    by_id = {d.pk: d for d in dimensions}
    by_code = {d.code: d for d in dimensions}
    result: dict[int, tuple[AssessmentDimension, int, str]] = {}
    for key, value in (scores or {}).items():
        if isinstance(key, AssessmentDimension):
            dimension = by_id.get(key.pk)
        elif isinstance(key, int):
            dimension = by_id.get(key)
        else:
            dimension = by_code.get(str(key))
        if dimension is None:
            errors.add("scores", _("“%(k)s” is not a dimension of %(f)s.")
                       % {"k": getattr(key, "name", key), "f": framework})
            continue
        if isinstance(value, Mapping):
            raw, evidence = value.get("score"), text(value.get("evidence"))
        else:
            raw, evidence = value, ""
        if raw in (None, ""):
            if require_all:
                errors.add(score_field(dimension), _("Score %(d)s.") % {"d": dimension.name})
            continue
        try:
            score = int(raw)  # type: ignore[arg-type]  # not None: skipped above
            if str(raw).strip() not in (str(score), f"{score}.0"):
                raise ValueError
        except (TypeError, ValueError):
            errors.add(score_field(dimension), _("Enter a whole number from %(lo)s to %(hi)s.")
                       % {"lo": SCALE[0], "hi": SCALE[-1]})
            continue
        if score not in SCALE:
            errors.add(score_field(dimension),
                       _("The score of “%(d)s” must be from %(lo)s to %(hi)s, not %(s)s.")
                       % {"d": dimension.name, "lo": SCALE[0], "hi": SCALE[-1], "s": score})
            continue
        result[dimension.pk] = (dimension, score, evidence)
    if require_all:
        for dimension in dimensions:
            if dimension.pk not in result and score_field(dimension) not in errors.fields:
                errors.add(score_field(dimension), _("Score “%(d)s”: every dimension of the "
                                                     "framework is scored.")
                           % {"d": dimension.name})
    return result


def _check_fields(errors: Errors, *, constituent: Constituent, framework: AssessmentFramework,
                  date: dt.date | None, method: str, round: str, assessors: str,
                  dwcp: Dwcp | None, cpo: CountryProgrammeOutcome | None) -> None:
    if not framework.fits_type(constituent.type):
        errors.add("framework",
                   _("“%(f)s” is not for %(c)s, which is a %(t)s.")
                   % {"f": framework.title, "c": constituent.name,
                      "t": constituent.get_type_display().lower()})
    if date is None:
        errors.add("date", _("Enter the date of the assessment."))
    elif date > today():
        errors.add("date", _("The date of an assessment cannot be in the future."))
    check_plausible_dates(errors, date=date)
    check_choice(errors, "method", method, AssessmentMethod, label=_("method"))
    group = METHOD_GROUP.get(method)
    if group is not None and group != constituent.group:
        errors.add("method", _("An %(m)s is for %(g)s, not for %(c)s.")
                   % {"m": AssessmentMethod(method).label,
                      "g": ConstituentGroup(group).label.lower(), "c": constituent.name})
    check_choice(errors, "round", round, AssessmentRound, label=_("round"))
    if not text(assessors):
        errors.add("assessors", _("Say who carried out the assessment."))
    if dwcp is not None and dwcp.country_id != constituent.country_id:
        errors.add("dwcp", _("Choose a DWCP of %(country)s.") % {"country": constituent.country})
    if cpo is not None:
        if dwcp is not None and cpo.dwcp_id != dwcp.pk:
            errors.add("cpo", _("Choose a CPO of the DWCP chosen."))
        elif dwcp is None and cpo.dwcp.country_id != constituent.country_id:
            errors.add("cpo", _("Choose a CPO of %(country)s.") % {"country": constituent.country})


def _round_problem(rows: list[tuple[dt.date, str]]) -> dt.date | None:
    """The date of the first follow-up without an earlier baseline, else None."""
    baselines = sorted(d for d, r in rows if r == AssessmentRound.BASELINE)
    for day, kind in sorted(rows):
        if kind == AssessmentRound.FOLLOW_UP and not (baselines and baselines[0] < day):
            return day
    return None


def _check_rounds(errors: Errors, *, constituent: Constituent, framework_code: str,
                  exclude_pk: int | None, extra: tuple[dt.date, str] | None) -> None:
    """After the write, every follow-up of the constituent and framework still has an
    earlier baseline."""
    others = CapacityAssessment.objects.select_for_update().filter(
        constituent=constituent, framework__code=framework_code)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    rows = list(others.values_list("date", "round"))
    if extra is not None and extra[0] is not None:
        rows.append(extra)
    problem = _round_problem(rows)
    if problem is None:
        return
    if extra is not None and extra == (problem, AssessmentRound.FOLLOW_UP):
        errors.add("round", _("A follow-up needs a baseline of %(c)s with this framework dated "
                              "before %(d)s: record the baseline first.")
                   % {"c": constituent.name, "d": problem.isoformat()})
    else:
        errors.add("round" if extra is not None else "__all__",
                   _("The follow-up of %(d)s would be left without an earlier baseline.")
                   % {"d": problem.isoformat()})


def _write_scores(assessment: CapacityAssessment,
                  scores: Mapping[int, tuple[AssessmentDimension, int, str]], *,
                  user: User | None, reason: str) -> None:
    existing = {s.dimension_id: s for s in assessment.scores.all()}
    for dimension_id, (_dimension, score, evidence) in scores.items():
        row = existing.get(dimension_id)
        if row is None:
            save(DimensionScore(assessment=assessment, dimension_id=dimension_id, score=score,
                                evidence=evidence), user=user, reason=reason)
        elif (row.score, row.evidence) != (score, evidence):
            row.score, row.evidence = score, evidence
            save(row, user=user, reason=reason, update_fields=["score", "evidence"])


@transaction.atomic
def assessment_create(*, user: User | None, constituent: Constituent,
                      framework: AssessmentFramework,
                      date: dt.date, method: str, round: str, assessors: str,
                      scores: Mapping[Any, Any], dwcp: Dwcp | None = None,
                      cpo: CountryProgrammeOutcome | None = None, summary: str = "",
                      reason: str = "") -> CapacityAssessment:
    """Record an assessment with a score (and evidence note) for every dimension of the
    framework. Score errors are reported under ``score_<dimension code>``."""
    require_create(user, CapacityAssessment, country_id=constituent.country_id,
                   group=constituent.group, field="constituent",
                   message=_("You may not record assessments of %(c)s.")
                   % {"c": constituent.name})
    if cpo is not None and dwcp is None:
        dwcp = cpo.dwcp
    errors = Errors()
    _check_fields(errors, constituent=constituent, framework=framework, date=date,
                  method=method, round=round, assessors=assessors, dwcp=dwcp, cpo=cpo)
    resolved = _resolve_scores(errors, framework, scores, require_all=True)
    if date is not None and round in AssessmentRound.values:
        _check_rounds(errors, constituent=constituent, framework_code=framework.code,
                      exclude_pk=None, extra=(date, round))
    errors.raise_if_any(_("The assessment could not be saved: check the fields marked."))
    assessment = CapacityAssessment(constituent=constituent, framework=framework, date=date,
                                    method=method, round=round, assessors=text(assessors),
                                    dwcp=dwcp, cpo=cpo, summary=text(summary))
    save(assessment, user=user, reason=reason)
    _write_scores(assessment, resolved, user=user, reason=reason)
    _after_commit_recompute()
    return assessment


@transaction.atomic
def assessment_update(*, user: User | None, assessment: CapacityAssessment, data: Mapping[str, Any],
                      scores: Mapping[Any, Any] | None = None,
                      reason: str = "") -> CapacityAssessment:
    """Change the fields in ``data`` and the scores given (other scores are kept). The
    constituent and the framework version of an assessment do not change."""
    unknown_fields(data, ASSESSMENT_FIELDS)
    current = (CapacityAssessment.objects.select_for_update()
               .select_related("constituent__country", "framework").get(pk=assessment.pk))
    require_change(user, current, _("You may not change this assessment."))
    values = {name: getattr(current, name) for name in ASSESSMENT_FIELDS}
    values.update(data)
    if "cpo" in data and data["cpo"] is not None and "dwcp" not in data:
        values["dwcp"] = data["cpo"].dwcp
    errors = Errors()
    _check_fields(errors, constituent=current.constituent, framework=current.framework,
                  date=values["date"], method=values["method"], round=values["round"],
                  assessors=values["assessors"], dwcp=values["dwcp"], cpo=values["cpo"])
    resolved = (_resolve_scores(errors, current.framework, scores, require_all=False)
                if scores else {})
    if values["date"] is not None and values["round"] in AssessmentRound.values:
        _check_rounds(errors, constituent=current.constituent,
                      framework_code=current.framework.code, exclude_pk=current.pk,
                      extra=(values["date"], values["round"]))
    errors.raise_if_any(_("The assessment could not be saved: check the fields marked."))
    values["assessors"], values["summary"] = text(values["assessors"]), text(values["summary"])
    changed = [name for name in ASSESSMENT_FIELDS if getattr(current, name) != values[name]]
    for name in changed:
        setattr(current, name, values[name])
    if changed:
        save(current, user=user, reason=reason, update_fields=changed)
    _write_scores(current, resolved, user=user, reason=reason)
    for name in ASSESSMENT_FIELDS + ("updated_at",):
        setattr(assessment, name, getattr(current, name))
    _after_commit_recompute()
    return current


@transaction.atomic
def assessment_delete(*, user: User | None, assessment: CapacityAssessment,
                      reason: str = "") -> None:
    """Delete an assessment and its scores; refused if a follow-up would lose its baseline.
    Needs it identified stay, no longer linked to it."""
    current = (CapacityAssessment.objects.select_for_update()
               .select_related("constituent", "framework").get(pk=assessment.pk))
    require_change(user, current, _("You may not delete this assessment."))
    errors = Errors()
    _check_rounds(errors, constituent=current.constituent, framework_code=current.framework.code,
                  exclude_pk=current.pk, extra=None)
    if errors:
        raise ApplicationError(
            _("This baseline is the only one before a follow-up of %(c)s: delete or change "
              "the follow-up first.") % {"c": current.constituent.name})
    for score in current.scores.all():
        delete(score, user=user, reason=reason)
    delete(current, user=user, reason=reason)
    _after_commit_recompute()
