"""Writes of evaluations: the record, its team and report files, and its status lifecycle
(planned → in progress → report submitted → approved → published, or cancelled with a
reason).

Rules: the subject is one of a DWCP, a project, a CPO, a capacity development intervention
or a theme (its title), as ``subject_kind`` says, and only that one; the managing country
defaults to the subject's, and its region follows it; the countries covered default to the
managing or the subject's country; the planned completion is required, dates are in order
and an actual completion is not in the future; a published evaluation is changed only with
a reason. Who may: :data:`core.policy.MANAGE_EVALUATION` records and runs an evaluation,
:data:`core.policy.APPROVE_EVALUATION` approves, returns and publishes its report
(:data:`TRANSITIONS`)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import notifications, policy
from core.errors import ApplicationError
from core.roles import ConstituentGroup
from core.writes import check_plausible_dates
from evaluation.models import (
    Evaluation,
    EvaluationStatus,
    EvaluationStatusChange,
    EvaluationType,
    Evaluator,
    EvaluatorKind,
    Language,
    Management,
    SubjectKind,
    Timing,
)
from evaluation.notifications import EVALUATION_PUBLISHED

from ._common import (
    Errors,
    check_choice,
    check_choices,
    delete,
    error,
    recompute_after_commit,
    save,
    text,
    today,
    unknown_fields,
)
from .documents import check_document

if TYPE_CHECKING:
    from core.models import User

__all__ = [
    "EVALUATION_FIELDS", "RELATION_FIELDS", "TRANSITIONS", "Transition",
    "evaluation_attach_files", "evaluation_create", "evaluation_delete",
    "evaluation_next_steps", "evaluation_transition", "evaluation_update", "evaluator_add",
    "evaluator_remove", "evaluator_update",
]

EVALUATION_FIELDS = (
    "title", "subject_kind", "dwcp", "project", "cpo", "intervention", "theme_title",
    "technical_area", "evaluation_type", "timing", "management", "manager", "country",
    "constituent_groups", "planned_start", "planned_end", "actual_start", "actual_end",
    "budget", "summary", "languages")
RELATION_FIELDS = ("countries", "regions", "pb_outcomes", "cpos", "sdg_targets")
SUBJECT_FIELDS = {SubjectKind.DWCP: "dwcp", SubjectKind.PROJECT: "project",
                  SubjectKind.CPO: "cpo", SubjectKind.INTERVENTION: "intervention"}


@dataclass(frozen=True)
class Transition:
    """One allowed step of the lifecycle."""

    from_status: str
    to_status: str
    label: str | Promise
    who: policy.Capability
    note_required: bool = False


S = EvaluationStatus
_CANCEL = gettext_lazy("Cancel the evaluation")
TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.PLANNED, S.IN_PROGRESS, gettext_lazy("Start the evaluation"),
               policy.MANAGE_EVALUATION),
    Transition(S.IN_PROGRESS, S.REPORT_SUBMITTED, gettext_lazy("Submit the report"),
               policy.MANAGE_EVALUATION),
    Transition(S.REPORT_SUBMITTED, S.IN_PROGRESS, gettext_lazy("Return the report for revision"),
               policy.APPROVE_EVALUATION, note_required=True),
    Transition(S.REPORT_SUBMITTED, S.APPROVED, gettext_lazy("Approve the report"),
               policy.APPROVE_EVALUATION),
    Transition(S.APPROVED, S.PUBLISHED, gettext_lazy("Publish"), policy.APPROVE_EVALUATION),
    Transition(S.PLANNED, S.CANCELLED, _CANCEL, policy.MANAGE_EVALUATION, note_required=True),
    Transition(S.IN_PROGRESS, S.CANCELLED, _CANCEL, policy.MANAGE_EVALUATION,
               note_required=True),
    Transition(S.REPORT_SUBMITTED, S.CANCELLED, _CANCEL, policy.MANAGE_EVALUATION,
               note_required=True),
    Transition(S.CANCELLED, S.PLANNED, gettext_lazy("Reinstate as planned"),
               policy.MANAGE_EVALUATION, note_required=True),
)

NOTE_NEEDED: dict[str, Promise] = {
    S.IN_PROGRESS: gettext_lazy("Say what the evaluators should revise."),
    S.CANCELLED: gettext_lazy("Say why the evaluation is cancelled."),
    S.PLANNED: gettext_lazy("Say why the evaluation is planned again."),
}


def _subject_country(values: Mapping[str, Any]) -> Any:
    kind = values.get("subject_kind")
    subject = values.get(SUBJECT_FIELDS[kind]) if kind in SUBJECT_FIELDS else None
    if subject is None:
        return None
    if kind == SubjectKind.CPO:
        return subject.dwcp.country
    return subject.country


def _check(errors: Errors, values: dict[str, Any], *, relations: dict[str, list[Any]]) -> None:
    if not text(values.get("title")):
        errors.add("title", _("This field is required."))
    check_choice(errors, "subject_kind", values.get("subject_kind"), SubjectKind)
    check_choice(errors, "evaluation_type", values.get("evaluation_type"), EvaluationType)
    check_choice(errors, "timing", values.get("timing"), Timing)
    check_choice(errors, "management", values.get("management"), Management)
    from capacity.models import TechnicalArea

    check_choice(errors, "technical_area", values.get("technical_area"), TechnicalArea,
                 required=False)
    kind = values.get("subject_kind")
    for field_kind, name in SUBJECT_FIELDS.items():
        if kind == field_kind and values.get(name) is None:
            errors.add(name, _("Choose what is evaluated."))
        elif kind != field_kind and values.get(name) is not None:
            values[name] = None
    if kind == SubjectKind.THEME and not text(values.get("theme_title")):
        errors.add("theme_title", _("Name the theme or strategy evaluated."))
    values["constituent_groups"] = check_choices(errors, "constituent_groups",
                                                 values.get("constituent_groups"),
                                                 ConstituentGroup)
    values["languages"] = check_choices(errors, "languages", values.get("languages"), Language)
    planned_start, planned_end = values.get("planned_start"), values.get("planned_end")
    actual_start, actual_end = values.get("actual_start"), values.get("actual_end")
    if planned_end is None:
        errors.add("planned_end", _("Enter the planned completion date."))
    elif planned_start and planned_end < planned_start:
        errors.add("planned_end", _("The planned completion must not be before the planned "
                                    "start."))
    if actual_start and actual_end and actual_end < actual_start:
        errors.add("actual_end", _("The completion must not be before the start."))
    check_plausible_dates(errors, planned_start=planned_start, planned_end=planned_end,
                          actual_start=actual_start, actual_end=actual_end)
    if actual_end and actual_end > today():
        errors.add("actual_end", _("An evaluation completed in the future is not completed "
                                   "yet: enter the planned completion instead."))
    budget = values.get("budget")
    if budget not in (None, ""):
        try:
            values["budget"] = Decimal(str(budget))
        except (InvalidOperation, ValueError):
            errors.add("budget", _("Enter an amount in US dollars."))
        else:
            if not values["budget"].is_finite() or values["budget"] < 0:
                errors.add("budget", _("The budget must not be negative."))
    else:
        values["budget"] = None
    country = values.get("country")
    covered = {c.pk for c in relations.get("countries", [])} | (
        {country.pk} if country is not None else set())
    for cpo in relations.get("cpos", []):
        if covered and cpo.dwcp.country_id not in covered:
            errors.add("cpos", _("%(code)s is a CPO of a country the evaluation does not "
                                 "cover.") % {"code": cpo.code})


def _set_relations(evaluation: Evaluation, relations: Mapping[str, Iterable[Any]]) -> None:
    for name, objects in relations.items():
        getattr(evaluation, name).set(objects)


def _require_manage(user: User | None, evaluation: Evaluation, message: Any = None) -> None:
    policy.MANAGE_EVALUATION.require(user, evaluation,
            message or _("You may not manage this evaluation."))


@transaction.atomic
def evaluation_create(*, user: User | None, data: Mapping[str, Any],
                      reason: str = "") -> Evaluation:
    """Record a planned evaluation from ``data`` (:data:`EVALUATION_FIELDS` and the
    :data:`RELATION_FIELDS` as lists). Without a ``country`` key the managing country is the
    subject's; ``country=None`` is an evaluation managed at headquarters."""
    unknown_fields(data, EVALUATION_FIELDS + RELATION_FIELDS)
    values: dict[str, Any] = {name: data.get(name) for name in EVALUATION_FIELDS}
    values.update({
        "title": text(values["title"]), "theme_title": text(values["theme_title"]),
        "summary": text(values["summary"]), "technical_area": values["technical_area"] or "",
        "management": values["management"] or Management.DECENTRALIZED})
    relations = {name: list(data.get(name) or []) for name in RELATION_FIELDS}
    errors = Errors()
    _check(errors, values, relations=relations)
    errors.raise_if_any(_("The evaluation could not be saved: check the fields marked."))
    if "country" not in data:
        values["country"] = _subject_country(values)
    country = values["country"]
    values["region"] = country.region if country is not None else None
    evaluation = Evaluation(**values, status=EvaluationStatus.PLANNED)
    _require_manage(user, evaluation, _("You may not record evaluations managed there."))
    save(evaluation, user=user, reason=reason)
    if not relations["countries"]:
        subject_country = _subject_country(values)
        relations["countries"] = [c for c in {country, subject_country} if c is not None]
    if not relations["regions"]:
        relations["regions"] = list({c.region for c in relations["countries"]})
    _set_relations(evaluation, relations)
    recompute_after_commit()
    return evaluation


@transaction.atomic
def evaluation_update(*, user: User | None, evaluation: Evaluation, data: Mapping[str, Any],
                      reason: str = "") -> Evaluation:
    """Change the fields and relations (whole lists) given in ``data``. The status moves only
    through :func:`evaluation_transition`."""
    unknown_fields(data, EVALUATION_FIELDS + RELATION_FIELDS)
    current = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    _require_manage(user, current)
    values = {name: getattr(current, name) for name in EVALUATION_FIELDS}
    values.update({k: v for k, v in data.items() if k in EVALUATION_FIELDS})
    for name in ("title", "theme_title", "summary"):
        values[name] = text(values[name])
    values["technical_area"] = values["technical_area"] or ""
    relations = {name: list(data[name]) for name in RELATION_FIELDS if name in data}
    checked = dict(relations)
    checked.setdefault("countries", list(current.countries.all()))
    if "cpos" in relations:
        checked["cpos"] = relations["cpos"]
    errors = Errors()
    _check(errors, values, relations=checked)
    if current.status == EvaluationStatus.PUBLISHED and not text(reason):
        errors.add("reason", _("The evaluation is published: say why it is changed."))
    errors.raise_if_any(_("The evaluation could not be saved: check the fields marked."))
    values["region"] = values["country"].region if values["country"] is not None else None
    changed = [n for n in (*EVALUATION_FIELDS, "region") if getattr(current, n) != values[n]]
    for name in changed:
        setattr(current, name, values[name])
    if "country" in changed:
        _require_manage(user, current, _("You may not move the evaluation to this office."))
    if changed:
        save(current, user=user, reason=reason, update_fields=changed)
        for name in changed:
            setattr(evaluation, name, values[name])
    _set_relations(current, relations)
    recompute_after_commit()
    return current


@transaction.atomic
def evaluation_delete(*, user: User | None, evaluation: Evaluation, reason: str = "") -> None:
    """Delete an evaluation recorded by mistake: only a planned or cancelled one with no
    findings or recommendations (otherwise cancel it)."""
    current = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    _require_manage(user, current, _("You may not delete this evaluation."))
    if current.status not in (EvaluationStatus.PLANNED, EvaluationStatus.CANCELLED) or (
            current.recommendations.exists() or current.ratings.exists()
            or current.lessons.exists() or current.good_practices.exists()):
        raise ApplicationError(_("Only a planned or cancelled evaluation without ratings, "
                                 "lessons, good practices or recommendations can be deleted; "
                                 "cancel this one instead."))
    delete(current, user=user, reason=reason)
    recompute_after_commit()


@transaction.atomic
def evaluation_attach_files(*, user: User | None, evaluation: Evaluation, report: Any = None,
                            report_summary: Any = None, reason: str = "") -> Evaluation:
    """Attach (or replace) the report and / or its summary: PDF or DOCX, checked by their
    content and size. Not once the evaluation is published or cancelled."""
    current = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    _require_manage(user, current)
    if current.status in (EvaluationStatus.PUBLISHED, EvaluationStatus.CANCELLED):
        raise ApplicationError(_("The evaluation is %(status)s: its files are final.")
                               % {"status": current.get_status_display().lower()})
    changed = []
    for name, upload in (("report", report), ("report_summary", report_summary)):
        if upload is None:
            continue
        check_document(upload, field=name)
        getattr(current, name).save(getattr(upload, "name", f"{name}.pdf"), upload, save=False)
        changed.append(name)
    if not changed:
        raise ApplicationError(field_errors={"report": [_("Choose a file to upload.")]})
    save(current, user=user, reason=reason or _("Report files uploaded"), update_fields=changed)
    for name in changed:
        setattr(evaluation, name, getattr(current, name))
    return current


# --- the lifecycle --------------------------------------------------------------------------

def _may(user: User | None, evaluation: Evaluation, transition: Transition) -> bool:
    return user is None or transition.who.allows(user, evaluation)


def evaluation_next_steps(*, evaluation: Evaluation, user: User | None) -> list[Transition]:
    """The steps ``user`` may take from the evaluation's status now (the page's buttons)."""
    return [t for t in TRANSITIONS
            if t.from_status == evaluation.status and _may(user, evaluation, t)]


@transaction.atomic
def evaluation_transition(*, user: User | None, evaluation: Evaluation, to_status: str,
                          effective_date: dt.date | None = None,
                          note: str = "") -> EvaluationStatusChange:
    """Move an evaluation to ``to_status`` on ``effective_date`` (default today), recording
    who, when and why. Submitting needs the report; publishing needs the summary; cancelling,
    returning and reinstating need a note (a cancellation's note is its reason)."""
    if user is not None and not policy.allows(user, policy.READ_EVALUATION, evaluation):
        raise PermissionDenied(_("You may not see this evaluation."))
    current = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    from_status = current.status
    if to_status not in EvaluationStatus.values:
        raise error("to_status", _("Unknown status."))
    options = [t for t in TRANSITIONS if t.from_status == from_status]
    transition = next((t for t in options if t.to_status == to_status), None)
    from_label, to_label = S(from_status).label, S(to_status).label
    if transition is None:
        if not options:
            raise ApplicationError(_("A %(from)s evaluation has no further steps.")
                                   % {"from": str(from_label).lower()})
        raise ApplicationError(
            _("An evaluation in status “%(from)s” cannot move to “%(to)s”; its next steps "
              "are: %(next)s.") % {"from": from_label, "to": to_label,
                                   "next": ", ".join(f"“{S(t.to_status).label}”"
                                                     for t in options)})
    if not _may(user, current, transition):
        raise ApplicationError(_("Only %(who)s may “%(step)s”.")
                               % {"who": transition.who.who, "step": transition.label})
    effective_date = effective_date or today()
    errors = Errors()
    if effective_date > today():
        errors.add("effective_date", _("The date must not be in the future."))
    if current.status_changed_on and effective_date < current.status_changed_on:
        errors.add("effective_date",
                   _("The date must not be before the previous status change (%(date)s).")
                   % {"date": current.status_changed_on.isoformat()})
    note = text(note)
    if transition.note_required and not note:
        errors.add("note", NOTE_NEEDED[to_status])
    if to_status == S.REPORT_SUBMITTED and not current.report:
        errors.add("report", _("Upload the evaluation report before submitting it."))
    if to_status == S.PUBLISHED and not (current.summary.strip() or current.report_summary):
        errors.add("summary", _("Add the executive summary (text or file) before publishing."))
    errors.raise_if_any(_("The status could not be changed: check the fields marked."))
    update_fields = ["status", "status_changed_on"]
    if to_status == S.IN_PROGRESS and current.actual_start is None:
        current.actual_start = effective_date
        update_fields.append("actual_start")
    if to_status == S.REPORT_SUBMITTED:
        current.actual_end = effective_date
        update_fields.append("actual_end")
    if to_status == S.CANCELLED or from_status == S.CANCELLED:
        current.cancellation_reason = note if to_status == S.CANCELLED else ""
        update_fields.append("cancellation_reason")
    current.status = to_status
    current.status_changed_on = effective_date
    step = format_lazy("{}: {} → {}", _("Status"), from_label, to_label)
    save(current, user=user, reason=f"{step}. {note}" if note else str(step),
         update_fields=update_fields)
    change = EvaluationStatusChange.objects.create(
        evaluation=current, from_status=from_status, to_status=to_status,
        effective_date=effective_date, note=note,
        changed_by=user if getattr(user, "is_authenticated", False) else None)
    for name in (*update_fields, "updated_at"):
        setattr(evaluation, name, getattr(current, name))
    if to_status == S.PUBLISHED:
        notifications.announce(EVALUATION_PUBLISHED, current, event=str(change.pk),
                               effective_date=effective_date.isoformat())
    recompute_after_commit()
    return change


# --- the evaluation team --------------------------------------------------------------------

EVALUATOR_FIELDS = ("name", "kind", "organization", "team_leader")


def _check_evaluator(values: dict[str, Any]) -> None:
    errors = Errors()
    values["name"], values["organization"] = text(values.get("name")), text(
        values.get("organization"))
    if not values["name"]:
        errors.add("name", _("This field is required."))
    check_choice(errors, "kind", values.get("kind"), EvaluatorKind)
    errors.raise_if_any()


@transaction.atomic
def evaluator_add(*, user: User | None, evaluation: Evaluation, name: str,
                  kind: str = EvaluatorKind.EXTERNAL, organization: str = "",
                  team_leader: bool = False, reason: str = "") -> Evaluator:
    _require_manage(user, evaluation)
    values = {"name": name, "kind": kind, "organization": organization,
              "team_leader": bool(team_leader)}
    _check_evaluator(values)
    return save(Evaluator(evaluation=evaluation, **values), user=user, reason=reason)


@transaction.atomic
def evaluator_update(*, user: User | None, evaluator: Evaluator, data: Mapping[str, Any],
                     reason: str = "") -> Evaluator:
    unknown_fields(data, EVALUATOR_FIELDS)
    _require_manage(user, evaluator.evaluation)
    values = {name: data.get(name, getattr(evaluator, name)) for name in EVALUATOR_FIELDS}
    _check_evaluator(values)
    changed = [n for n in EVALUATOR_FIELDS if getattr(evaluator, n) != values[n]]
    for name in changed:
        setattr(evaluator, name, values[name])
    if changed:
        save(evaluator, user=user, reason=reason, update_fields=changed)
    return evaluator


@transaction.atomic
def evaluator_remove(*, user: User | None, evaluator: Evaluator, reason: str = "") -> None:
    _require_manage(user, evaluator.evaluation)
    delete(evaluator, user=user, reason=reason)
