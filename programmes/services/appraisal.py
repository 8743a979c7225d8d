"""Quality appraisal of DWCP drafts and development cooperation proposals against versioned,
data-driven checklists [seeds/004 ¶33; seeds/003 ¶68].

An appraiser (:data:`core.policy.APPRAISE`) starts an appraisal of a DWCP in quality appraisal
or of a proposal at the concept or appraisal stage: one rating row per criterion of the
checklist in use, each comment pre-filled with what the automatic pre-checks
(:data:`PRECHECKS`, named by the criterion's ``precheck``) found in the data; the rating is
left to the appraiser. Ratings are saved a form at a time; completing needs every criterion
rated (and a comment for each one partly or not met); it passes when none is not met. The
DWCP's move from quality appraisal to signed (``programmes.services.dwcp.dwcp_transition``)
and a proposal's approval require the latest completed appraisal to have passed
(:func:`appraisal_require_passed`).

Administrators keep the checklists: a new version copies the criteria of the one in use;
activating a version retires the other of the same subject; criteria of a version a completed
appraisal used are never edited (make a new version)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from core import policy
from core.errors import ApplicationError, validate_model
from core.history import attribute
from core.writes import Errors, delete, plausible_date, save, today
from programmes.models import (
    Appraisal,
    AppraisalChecklist,
    AppraisalCriterion,
    AppraisalOutcome,
    AppraisalRating,
    AppraisalSubject,
    CountryProgrammeOutcome,
    Dwcp,
    DwcpStatus,
    FundingAgreement,
    Indicator,
    NationalDevelopmentPlan,
    Project,
    ProjectFunding,
    ProjectStage,
    Rating,
    ReportingDate,
    Signatory,
    SignatoryParty,
    SteeringCommitteeMember,
    UNFrameworkOutcome,
)

if TYPE_CHECKING:
    from core.models import User

__all__ = [
    "APPRAISABLE_STAGES", "CRITERION_FIELDS", "PRECHECKS", "appraisal_checklist_activate",
    "appraisal_checklist_check_editable", "appraisal_checklist_new_version",
    "appraisal_checklist_update", "appraisal_complete", "appraisal_criterion_create",
    "appraisal_criterion_delete", "appraisal_criterion_update", "appraisal_prechecks",
    "appraisal_rate", "appraisal_reopen", "appraisal_require_passed", "appraisal_start",
    "rating_field", "comment_field",
]

# The stages at which a proposal is appraised.
APPRAISABLE_STAGES = (ProjectStage.CONCEPT, ProjectStage.APPRAISAL)
CRITERION_FIELDS = ("code", "order", "text", "guidance", "precheck")
# How many codes a pre-check finding lists before "…".
FEW = 5

Subject = Dwcp | Project
Precheck = Callable[[Any], list[str]]


def rating_field(code: str) -> str:
    """The name under which a criterion's rating is given and refused (forms, API)."""
    return f"rating-{code}"


def comment_field(code: str) -> str:
    return f"comment-{code}"


# --- automatic pre-checks --------------------------------------------------------------------

def _codes(codes: list[str]) -> str:
    shown = ", ".join(codes[:FEW])
    more = len(codes) - FEW
    if more <= 0:
        return shown
    return ngettext("%(codes)s and %(n)d more", "%(codes)s and %(n)d more", more) % {
        "codes": shown, "n": more}


def _counted(codes: list[str], one: str, many: str) -> list[str]:
    """One finding naming how many (``%(n)d``) and the first few codes (``%(codes)s``)."""
    if not codes:
        return []
    return [ngettext(one, many, len(codes)) % {"n": len(codes), "codes": _codes(codes)}]


def _dwcp_indicators(dwcp: Dwcp) -> list[str]:
    rows = list(Indicator.objects.filter(cpo__dwcp=dwcp).order_by("code")
                .annotate(milestone_count=Count("milestones"))
                .values_list("code", "baseline_value", "baseline_description", "target_value",
                             "target_increase_pct", "target_description", "milestone_count"))
    if not rows:
        return [_("The results framework has no indicator yet.")]
    no_baseline = [r[0] for r in rows if r[1] is None and not r[2].strip()]
    no_target = [r[0] for r in rows if r[3] is None and r[4] is None and not r[5].strip()]
    no_milestone = [r[0] for r in rows if r[6] == 0]
    return [
        *_counted(no_baseline, "%(n)d indicator has no baseline: %(codes)s.",
                  "%(n)d indicators have no baseline: %(codes)s."),
        *_counted(no_target, "%(n)d indicator has no end target: %(codes)s.",
                  "%(n)d indicators have no end target: %(codes)s."),
        *_counted(no_milestone, "%(n)d indicator has no biennial milestone: %(codes)s.",
                  "%(n)d indicators have no biennial milestone: %(codes)s."),
    ]


def _cpo_rows(dwcp: Dwcp) -> list[tuple[Any, ...]]:
    return list(CountryProgrammeOutcome.objects.filter(dwcp=dwcp).order_by("code")
                .annotate(convention_count=Count("conventions"))
                .values_list("code", "gender_marker", "convention_count", "planned_resources"))


def _no_cpo() -> list[str]:
    return [_("The results framework has no country programme outcome yet.")]


def _dwcp_gender(dwcp: Dwcp) -> list[str]:
    rows = _cpo_rows(dwcp)
    if not rows:
        return _no_cpo()
    return _counted([r[0] for r in rows if r[1] is None],
                    "%(n)d CPO has no gender equality marker: %(codes)s.",
                    "%(n)d CPOs have no gender equality marker: %(codes)s.")


def _dwcp_standards(dwcp: Dwcp) -> list[str]:
    rows = _cpo_rows(dwcp)
    if not rows:
        return _no_cpo()
    return _counted([r[0] for r in rows if r[2] == 0],
                    "%(n)d CPO names no labour standard (Convention) concerned: %(codes)s.",
                    "%(n)d CPOs name no labour standard (Convention) concerned: %(codes)s.")


def _dwcp_resources(dwcp: Dwcp) -> list[str]:
    rows = _cpo_rows(dwcp)
    if not rows:
        return _no_cpo()
    return _counted([r[0] for r in rows if not r[3]],
                    "%(n)d CPO has no planned resources: %(codes)s.",
                    "%(n)d CPOs have no planned resources: %(codes)s.")


def _dwcp_tripartite(dwcp: Dwcp) -> list[str]:
    parties = set(Signatory.objects.filter(
        dwcp=dwcp, party__in=(SignatoryParty.EMPLOYERS, SignatoryParty.WORKERS))
        .values_list("party", flat=True))
    findings = []
    if SignatoryParty.EMPLOYERS not in parties:
        findings.append(_("No employers' organization is among the signatories."))
    if SignatoryParty.WORKERS not in parties:
        findings.append(_("No workers' organization is among the signatories."))
    return findings


def _dwcp_governance(dwcp: Dwcp) -> list[str]:
    parties = set(SteeringCommitteeMember.objects.filter(dwcp=dwcp)
                  .values_list("party", flat=True))
    if not parties:
        return [_("No steering committee member is recorded.")]
    missing = [str(SignatoryParty(p).label) for p in
               (SignatoryParty.GOVERNMENT, SignatoryParty.EMPLOYERS, SignatoryParty.WORKERS)
               if p not in parties]
    if missing:
        return [_("The steering committee has no member for: %(parties)s.")
                % {"parties": ", ".join(missing)}]
    return []


def _dwcp_un_framework(dwcp: Dwcp) -> list[str]:
    if dwcp.un_framework_id is None:
        return [_("No UN Cooperation Framework (UNDAF) is linked to the programme.")]
    linked = UNFrameworkOutcome.objects.filter(
        Q(dwcps=dwcp) | Q(cpos__dwcp=dwcp) | Q(alignments__priority__dwcp=dwcp)).exists()
    if not linked:
        return [_("No UN framework outcome is linked to the programme, its priorities or its "
                  "outcomes.")]
    return []


def _dwcp_national_plan(dwcp: Dwcp) -> list[str]:
    plans = list(NationalDevelopmentPlan.objects.filter(
        country_id=dwcp.country_id, start_year__lte=dwcp.end_year,
        end_year__gte=dwcp.start_year).annotate(priority_count=Count("priorities"))
        .values_list("priority_count", flat=True))
    if not plans:
        return [_("No national development plan covering %(start)d–%(end)d is recorded for the "
                  "country.") % {"start": dwcp.start_year, "end": dwcp.end_year}]
    if not any(plans):
        return [_("The national development plan has no priorities recorded, so the alignment "
                  "cannot be checked.")]
    return []


def _dwcp_evaluation(dwcp: Dwcp) -> list[str]:
    # The evaluation app's data, read through its selectors (imported here: that app's
    # modules import the programmes app's).
    from evaluation.selectors_for_reports import dwcp_evaluations_for_report

    findings = []
    if not ReportingDate.objects.filter(dwcp=dwcp).exists():
        findings.append(_("No reporting dates for progress are set."))
    if not dwcp_evaluations_for_report(dwcp=dwcp).exists():
        findings.append(_("No evaluation or review of the programme is planned."))
    return findings


def _proposal_alignment(project: Project) -> list[str]:
    if project.cpo_links.exists() or project.pb_links.exists():
        return []
    return [_("The proposal contributes to no CPO and no P&B outcome.")]


def _proposal_gender(project: Project) -> list[str]:
    if project.gender_marker is None:
        return [_("The gender equality marker is not assessed.")]
    return []


def _proposal_standards(project: Project) -> list[str]:
    if not project.conventions.exists():
        return [_("No labour standard (Convention) concerned is marked.")]
    return []


def _proposal_social_dialogue(project: Project) -> list[str]:
    if not project.social_dialogue:
        return [_("The proposal is not marked as promoting social dialogue and tripartism.")]
    return []


def _proposal_budget(project: Project) -> list[str]:
    if (FundingAgreement.objects.filter(project=project).exists()
            or ProjectFunding.objects.filter(project=project, allocation__gt=0).exists()):
        return []
    return [_("No funding agreement and no budget by year are recorded.")]


# Key (``AppraisalCriterion.precheck``) → what it finds in the subject's data, as sentences;
# none: the data show nothing missing. A key starts with the subject it reads.
PRECHECKS: dict[str, Precheck] = {
    "dwcp.national_plan": _dwcp_national_plan,
    "dwcp.un_framework": _dwcp_un_framework,
    "dwcp.tripartite": _dwcp_tripartite,
    "dwcp.standards": _dwcp_standards,
    "dwcp.gender": _dwcp_gender,
    "dwcp.indicators": _dwcp_indicators,
    "dwcp.resources": _dwcp_resources,
    "dwcp.evaluation": _dwcp_evaluation,
    "dwcp.governance": _dwcp_governance,
    "proposal.alignment": _proposal_alignment,
    "proposal.social_dialogue": _proposal_social_dialogue,
    "proposal.standards": _proposal_standards,
    "proposal.gender": _proposal_gender,
    "proposal.budget": _proposal_budget,
}


def _run_prechecks(subject: Subject, criteria: Iterable[AppraisalCriterion]
                   ) -> dict[int, list[str]]:
    """The findings of each criterion's pre-check (criteria without one: none)."""
    return {c.pk: [str(f) for f in PRECHECKS[c.precheck](subject)]
            if c.precheck in PRECHECKS else [] for c in criteria}


def appraisal_prechecks(*, appraisal: Appraisal) -> dict[int, list[str]]:
    """The pre-checks run now on the appraisal's subject, by criterion id (for its page)."""
    return _run_prechecks(_subject_of(appraisal), appraisal.checklist.criteria.all())


# --- the gate ------------------------------------------------------------------------------

def _latest_completed(*, dwcp: Dwcp | None, project: Project | None) -> Appraisal | None:
    if (dwcp is None) == (project is None):
        raise TypeError("give exactly one of dwcp= or project=")
    subject: dict[str, Any] = {"dwcp": dwcp} if dwcp is not None else {"project": project}
    return (Appraisal.objects.filter(**subject, completed_on__isnull=False)
            .exclude(outcome=AppraisalOutcome.IN_PROGRESS)
            .order_by("-completed_on", "-pk").first())


def appraisal_require_passed(*, dwcp: Dwcp | None = None, project: Project | None = None) -> None:
    """Refuse (``ApplicationError`` on ``status``) unless the subject's latest completed quality
    appraisal passed; the sentence names the criteria not met when it did not."""
    latest = _latest_completed(dwcp=dwcp, project=project)
    if latest is None:
        raise ApplicationError(field_errors={"status": [
            _("The latest completed quality appraisal must have passed, and none has been "
              "completed yet.")]})
    if latest.outcome == AppraisalOutcome.PASSED:
        return
    failing = [f"{code} {text}" for code, text in latest.ratings
               .filter(rating=Rating.NOT_MET).order_by("criterion__order", "criterion__code")
               .values_list("criterion__code", "criterion__text")]
    raise ApplicationError(field_errors={"status": [
        _("The latest completed quality appraisal must have passed; it did not, with these "
          "criteria not met: %(criteria)s.") % {"criteria": "; ".join(failing) or "—"}]})


# --- appraisals ----------------------------------------------------------------------------

def _subject_of(appraisal: Appraisal) -> Subject:
    return appraisal.dwcp if appraisal.dwcp_id else appraisal.project  # type: ignore[return-value]


def _require_appraise(user: User | None, obj: Any) -> None:
    if user is not None and not policy.can_view(user, obj):
        raise PermissionDenied(_("You may not see this record."))
    policy.APPRAISE.require(user, obj, _("Only %(who)s appraise DWCP drafts and proposals.")
                            % {"who": policy.APPRAISE.who})


def _locked_subject(dwcp: Dwcp | None, project: Project | None) -> tuple[str, Subject]:
    if (dwcp is None) == (project is None):
        raise TypeError("give exactly one of dwcp= or project=")
    if dwcp is not None:
        return AppraisalSubject.DWCP, Dwcp.objects.select_for_update(of=("self",)).get(
            pk=dwcp.pk)
    assert project is not None
    return AppraisalSubject.PROPOSAL, Project.objects.select_for_update(of=("self",)).get(
        pk=project.pk)


def _check_stage(kind: str, subject: Subject) -> None:
    if kind == AppraisalSubject.DWCP:
        if subject.status != DwcpStatus.QUALITY_APPRAISAL:
            raise ApplicationError(field_errors={"status": [
                _("A DWCP is appraised while its status is “%(status)s”; this one is “%(now)s”.")
                % {"status": DwcpStatus.QUALITY_APPRAISAL.label,
                   "now": DwcpStatus(subject.status).label}]})
    elif subject.status not in APPRAISABLE_STAGES:
        raise ApplicationError(field_errors={"status": [
            _("A proposal is appraised at the concept or appraisal stage; this one is at "
              "“%(now)s”.") % {"now": ProjectStage(subject.status).label}]})


@transaction.atomic
def appraisal_start(*, user: User | None, dwcp: Dwcp | None = None,
                    project: Project | None = None, started_on: dt.date | None = None,
                    reason: str = "") -> Appraisal:
    """Start the quality appraisal of a DWCP draft (in quality appraisal) or of a proposal
    (at the concept or appraisal stage; one at concept moves to appraisal) with the checklist
    in use: a rating row per criterion, its comment pre-filled with the pre-checks'
    findings. Refused while another appraisal of the subject is in progress. Dated today
    unless ``started_on`` says otherwise (data loads of past appraisals)."""
    kind, subject = _locked_subject(dwcp, project)
    _require_appraise(user, subject)
    _check_stage(kind, subject)
    subject_filter: dict[str, Any] = ({"dwcp": subject} if kind == AppraisalSubject.DWCP
                                      else {"project": subject})
    if Appraisal.objects.filter(**subject_filter, outcome=AppraisalOutcome.IN_PROGRESS).exists():
        raise ApplicationError(_("An appraisal of this %(subject)s is already in progress: "
                                 "complete it first.")
                               % {"subject": AppraisalSubject(kind).label.lower()})
    started_on = started_on or today()
    plausible_date("started_on", started_on)
    if started_on > today():
        raise ApplicationError(field_errors={"started_on": [
            _("An appraisal cannot start in the future.")]})
    checklist = AppraisalChecklist.objects.filter(subject=kind, is_active=True).first()
    if checklist is None:
        raise ApplicationError(_("No appraisal checklist is in use for this kind of subject: "
                                 "an administrator must activate one."))
    if isinstance(subject, Project) and subject.status == ProjectStage.CONCEPT:
        from programmes.services.resources import project_update

        # The appraiser may not edit the project (managers): the stage follows the appraisal,
        # so the move is the system's, its reason naming the appraisal.
        project_update(user=user if policy.can_change(user, subject) else None,
                       project=subject, data={"status": ProjectStage.APPRAISAL},
                       reason=_("Quality appraisal started"))
        subject.status = ProjectStage.APPRAISAL
    appraisal = Appraisal(checklist=checklist, **subject_filter, country_id=subject.country_id,
                          appraiser=user if getattr(user, "is_authenticated", False) else None,
                          started_on=started_on)
    save(appraisal, user=user, reason=reason or _("Quality appraisal started"))
    criteria = list(checklist.criteria.order_by("order", "code"))
    findings = _run_prechecks(subject, criteria)
    ratings = [AppraisalRating(appraisal=appraisal, criterion=c,
                               comment="\n".join(findings[c.pk])) for c in criteria]
    bulk_create_with_history(ratings, AppraisalRating,
                             default_user=user if getattr(user, "is_authenticated", False)
                             else None,
                             default_change_reason=_("Pre-checks run"))
    return appraisal


def _locked(appraisal: Appraisal) -> Appraisal:
    return (Appraisal.objects.select_for_update(of=("self",))
            .select_related("dwcp", "project", "checklist").get(pk=appraisal.pk))


def _require_in_progress(appraisal: Appraisal) -> None:
    if appraisal.outcome != AppraisalOutcome.IN_PROGRESS:
        raise ApplicationError(_("This appraisal is completed: reopen it to change it."))


def _apply_ratings(appraisal: Appraisal, ratings: Mapping[str, Mapping[str, Any]], *,
                   user: User | None, reason: str) -> dict[str, AppraisalRating]:
    """Write the given ratings and comments (by criterion code) and return every criterion's
    rating row by code (rows missing for criteria added since the start are created)."""
    criteria = {c.code: c for c in appraisal.checklist.criteria.all()}
    rows = {r.criterion.code: r for r in appraisal.ratings.select_related("criterion")}
    errors = Errors()
    for code, given in ratings.items():
        if code not in criteria:
            errors.add(rating_field(code), _("This criterion is not on the appraisal's "
                                             "checklist."))
            continue
        value = given.get("rating")
        if value not in (None, "", *Rating.values):
            errors.add(rating_field(code), _("Choose met, partly met or not met."))
    errors.raise_if_any(_("The ratings could not be saved: check the criteria marked."))
    for code, given in ratings.items():
        row = rows.get(code) or AppraisalRating(appraisal=appraisal, criterion=criteria[code])
        changed = []
        if "rating" in given and (given["rating"] or "") != row.rating:
            row.rating = given["rating"] or ""
            changed.append("rating")
        if "comment" in given and (given["comment"] or "").strip() != row.comment:
            row.comment = (given["comment"] or "").strip()
            changed.append("comment")
        if row.pk is None:
            save(row, user=user, reason=reason)
        elif changed:
            save(row, user=user, reason=reason, update_fields=changed)
        rows[code] = row
    return {code: rows.get(code) or AppraisalRating(appraisal=appraisal, criterion=c)
            for code, c in criteria.items()}


@transaction.atomic
def appraisal_rate(*, user: User | None, appraisal: Appraisal,
                   ratings: Mapping[str, Mapping[str, Any]], summary: str | None = None,
                   reason: str = "") -> Appraisal:
    """Save the ratings (``met`` / ``partly`` / ``not_met``, blank for not yet) and comments
    of a form, by criterion code (``{"D01": {"rating": "met", "comment": "…"}}``), and the
    summary when given, in one transaction."""
    current = _locked(appraisal)
    _require_appraise(user, current)
    _require_in_progress(current)
    _apply_ratings(current, ratings, user=user, reason=reason)
    if summary is not None and summary.strip() != current.summary:
        current.summary = summary.strip()
        save(current, user=user, reason=reason, update_fields=["summary"])
    return current


@transaction.atomic
def appraisal_complete(*, user: User | None, appraisal: Appraisal,
                       ratings: Mapping[str, Mapping[str, Any]] | None = None,
                       summary: str | None = None, completed_on: dt.date | None = None,
                       reason: str = "") -> Appraisal:
    """Save the ratings given (as :func:`appraisal_rate`), then complete the appraisal: every
    criterion rated, a comment for each one partly or not met; it passes when no criterion
    is not met, else the subject needs revision. Dated today unless ``completed_on`` says
    otherwise (data loads), never before the start nor in the future."""
    current = _locked(appraisal)
    _require_appraise(user, current)
    _require_in_progress(current)
    rows = _apply_ratings(current, ratings or {}, user=user, reason=reason)
    if summary is not None:
        current.summary = summary.strip()
    errors = Errors()
    unrated = [code for code, row in rows.items() if not row.rating]
    for code in unrated:
        errors.add(rating_field(code), _("Rate this criterion."))
    for code, row in rows.items():
        if row.rating in (Rating.PARTLY, Rating.NOT_MET) and not row.comment.strip():
            errors.add(comment_field(code), _("Say what is missing."))
    if errors:
        message = (ngettext("Rate every criterion before completing the appraisal; "
                            "%(n)d is not rated: %(codes)s.",
                            "Rate every criterion before completing the appraisal; "
                            "%(n)d are not rated: %(codes)s.", len(unrated))
                   % {"n": len(unrated), "codes": ", ".join(unrated)} if unrated else
                   _("A criterion partly or not met needs a comment saying what is missing."))
        raise ApplicationError(message, field_errors=errors.fields)
    completed_on = completed_on or today()
    if not current.started_on <= completed_on <= today():
        raise ApplicationError(field_errors={"completed_on": [
            _("Enter a date from the start of the appraisal (%(start)s) to today.")
            % {"start": current.started_on.isoformat()}]})
    failing = any(row.rating == Rating.NOT_MET for row in rows.values())
    current.outcome = AppraisalOutcome.REVISE if failing else AppraisalOutcome.PASSED
    current.completed_on = completed_on
    save(current, user=user, reason=reason or _("Quality appraisal completed"),
         update_fields=["outcome", "completed_on", "summary"])
    return current


@transaction.atomic
def appraisal_reopen(*, user: User | None, appraisal: Appraisal, reason: str) -> Appraisal:
    """Take a completed appraisal back to in progress (with the reason), while its subject is
    still at the appraisal stage and no other appraisal of it is in progress."""
    current = _locked(appraisal)
    _require_appraise(user, current)
    if current.outcome == AppraisalOutcome.IN_PROGRESS:
        raise ApplicationError(_("This appraisal is still in progress."))
    if not (reason or "").strip():
        raise ApplicationError(field_errors={"reason": [_("Say why the appraisal is "
                                                          "reopened.")]})
    kind = AppraisalSubject.DWCP if current.dwcp_id else AppraisalSubject.PROPOSAL
    subject = _subject_of(current)
    try:
        _check_stage(kind, subject)
    except ApplicationError as exc:
        raise ApplicationError(_("The %(subject)s has moved past appraisal: its appraisal can "
                                 "no longer be reopened.")
                               % {"subject": AppraisalSubject(kind).label.lower()}) from exc
    if Appraisal.objects.filter(Q(dwcp_id=current.dwcp_id, project_id=current.project_id),
                                outcome=AppraisalOutcome.IN_PROGRESS).exists():
        raise ApplicationError(_("Another appraisal of this %(subject)s is in progress.")
                               % {"subject": AppraisalSubject(kind).label.lower()})
    current.outcome = AppraisalOutcome.IN_PROGRESS
    current.completed_on = None
    save(current, user=user, reason=reason, update_fields=["outcome", "completed_on"])
    return current


# --- checklists (administrators) -------------------------------------------------------------

def _require_admin(user: User | None) -> None:
    if user is not None and not policy.may_change_any(user, AppraisalChecklist):
        raise PermissionDenied(_("Only administrators edit the appraisal checklists."))


def appraisal_checklist_check_editable(checklist: AppraisalChecklist) -> None:
    """Refuse to change the criteria of a version that a completed appraisal used."""
    if checklist.pk and checklist.appraisals.exclude(
            outcome=AppraisalOutcome.IN_PROGRESS).exists():
        raise ApplicationError(
            _("Version %(version)d of this checklist was used by a completed appraisal: its "
              "criteria cannot change. Make a new version instead.")
            % {"version": checklist.version})


@transaction.atomic
def appraisal_checklist_new_version(*, user: User | None, subject: str, title: str = "",
                                    reason: str = "") -> AppraisalChecklist:
    """A new version (not in use yet) of the subject's checklist, copying the criteria of the
    version in use (or of the latest one)."""
    _require_admin(user)
    if subject not in AppraisalSubject.values:
        raise ApplicationError(field_errors={"subject": [_("Unknown kind of subject.")]})
    versions = AppraisalChecklist.objects.select_for_update().filter(subject=subject)
    source = versions.filter(is_active=True).first() or versions.order_by("-version").first()
    number = (versions.aggregate(n=Max("version"))["n"] or 0) + 1
    checklist = AppraisalChecklist(
        subject=subject, version=number, is_active=False,
        title=(title or "").strip() or (source.title if source else
                                         str(AppraisalSubject(subject).label)))
    validate_model(checklist)
    save(checklist, user=user, reason=reason or _("New version"))
    if source is not None:
        copies = [AppraisalCriterion(checklist=checklist, **{
            name: getattr(c, name) for name in CRITERION_FIELDS})
            for c in source.criteria.order_by("order", "code")]
        bulk_create_with_history(
            copies, AppraisalCriterion,
            default_user=user if getattr(user, "is_authenticated", False) else None,
            default_change_reason=_("Copied from version %(v)d") % {"v": source.version})
    return checklist


@transaction.atomic
def appraisal_checklist_activate(*, user: User | None, checklist: AppraisalChecklist,
                                 reason: str = "") -> AppraisalChecklist:
    """Put a version in use; the other version of its subject in use is retired. Appraisals
    started earlier keep their version."""
    _require_admin(user)
    current = AppraisalChecklist.objects.select_for_update().get(pk=checklist.pk)
    if current.is_active:
        return current
    if not current.criteria.exists():
        raise ApplicationError(_("A checklist without criteria cannot be put in use."))
    for other in AppraisalChecklist.objects.select_for_update().filter(
            subject=current.subject, is_active=True):
        other.is_active = False
        save(other, user=user, reason=reason or _("Replaced by version %(v)d")
             % {"v": current.version}, update_fields=["is_active"])
    current.is_active = True
    if current.introduced_on is None:
        current.introduced_on = today()
    save(current, user=user, reason=reason or _("Put in use"),
         update_fields=["is_active", "introduced_on"])
    checklist.is_active, checklist.introduced_on = current.is_active, current.introduced_on
    return current


@transaction.atomic
def appraisal_checklist_update(*, user: User | None, checklist: AppraisalChecklist,
                               data: Mapping[str, Any], reason: str = "") -> AppraisalChecklist:
    """Change a version's title or introduction date (its criteria: the criterion
    services)."""
    _require_admin(user)
    allowed = ("title", "introduced_on")
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValueError(f"unknown checklist fields: {sorted(unknown)}")
    changed = [name for name in allowed if name in data and getattr(checklist, name) != data[name]]
    for name in changed:
        setattr(checklist, name, data[name])
    if changed:
        validate_model(checklist)
        save(checklist, user=user, reason=reason, update_fields=changed)
    return checklist


def _check_precheck(checklist: AppraisalChecklist, precheck: str) -> None:
    if precheck and (precheck not in PRECHECKS
                     or not precheck.startswith(f"{checklist.subject}.")):
        raise ApplicationError(field_errors={"precheck": [
            _("Choose one of the pre-checks of this kind of subject: %(keys)s.")
            % {"keys": ", ".join(k for k in PRECHECKS if k.startswith(f"{checklist.subject}."))}
        ]})


@transaction.atomic
def appraisal_criterion_create(*, user: User | None, checklist: AppraisalChecklist, code: str,
                               text: str, guidance: str = "", precheck: str = "",
                               order: int | None = None, reason: str = ""
                               ) -> AppraisalCriterion:
    """Add a criterion to a version no completed appraisal used."""
    _require_admin(user)
    appraisal_checklist_check_editable(checklist)
    _check_precheck(checklist, precheck or "")
    if order is None:
        order = (checklist.criteria.aggregate(n=Max("order"))["n"] or 0) + 1
    criterion = AppraisalCriterion(checklist=checklist, code=(code or "").strip(),
                                   text=(text or "").strip(), guidance=guidance or "",
                                   precheck=precheck or "", order=order)
    validate_model(criterion)
    save(criterion, user=user, reason=reason)
    return criterion


@transaction.atomic
def appraisal_criterion_update(*, user: User | None, criterion: AppraisalCriterion,
                               data: Mapping[str, Any], reason: str = "") -> AppraisalCriterion:
    """Change a criterion of a version no completed appraisal used."""
    _require_admin(user)
    unknown = set(data) - set(CRITERION_FIELDS)
    if unknown:
        raise ValueError(f"unknown criterion fields: {sorted(unknown)}")
    appraisal_checklist_check_editable(criterion.checklist)
    if "precheck" in data:
        _check_precheck(criterion.checklist, data["precheck"] or "")
    changed = [n for n in CRITERION_FIELDS if n in data and getattr(criterion, n) != data[n]]
    for name in changed:
        value = data[name]
        setattr(criterion, name, value.strip() if name in ("code", "text") else value)
    if changed:
        validate_model(criterion)
        save(criterion, user=user, reason=reason, update_fields=changed)
    return criterion


@transaction.atomic
def appraisal_criterion_delete(*, user: User | None, criterion: AppraisalCriterion,
                               reason: str = "") -> None:
    """Remove a criterion from a version no completed appraisal used (refused while an
    appraisal in progress has rated it)."""
    _require_admin(user)
    appraisal_checklist_check_editable(criterion.checklist)
    attribute(criterion, user=user, reason=reason)
    delete(criterion, user=user, reason=reason)
