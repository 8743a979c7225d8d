"""Writes of results monitoring: indicators, biennial milestones and their revisions, progress
updates and their approval workflow, closing and reopening a biennium [DOMAIN §3].

Every function is atomic and audited (``user`` is the history user, ``reason`` the change
reason) and checks every rule before its first write, so a refused write leaves nothing
behind. Rule violations raise :class:`core.errors.ApplicationError` with field errors.
``user=None`` is a system write (imports, demo data) that skips the access check.

Workflow of a progress update: draft → submitted → approved, or → returned (with a comment)
→ edited and submitted again. Only approved updates count in results. The approver may not be
the submitter. Updates dated in a closed biennium can be neither added, edited nor approved.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import policy
from core.errors import ApplicationError
from core.history import attribute
from programmes.models import (
    DISAGGREGATION_CATEGORIES,
    BiennialMilestone,
    Biennium,
    CountryProgrammeOutcome,
    DisaggregatedValue,
    EvidenceFile,
    Indicator,
    IndicatorRevision,
    ProgressUpdate,
    Unit,
    UpdateStatus,
)
from programmes.results import computation as rules

from .framework import biennium_in_dwcp

if TYPE_CHECKING:
    from django.db.models import Model

    from core.models import User

__all__ = [
    "biennium_close", "biennium_reopen", "evidence_add", "indicator_create", "indicator_save",
    "indicator_update",
    "milestone_set", "progress_update_approve", "progress_update_create",
    "progress_update_return", "progress_update_submit", "progress_update_update",
]

INDICATOR_FIELDS = (
    "title", "unit", "numerator_label", "denominator_label", "direction", "cumulative",
    "baseline_value", "baseline_year", "baseline_source", "baseline_description",
    "baseline_due_date", "target_value", "target_increase_pct", "target_year",
    "target_description", "means_of_verification", "data_source", "responsible_person",
    "disaggregate_by_sex", "disaggregate_by_group", "pb_indicators", "sdg_indicators", "output",
)
# Changing these is a revision: it needs a reason and is kept in IndicatorRevision.
REVISED_FIELDS = {"baseline_value": IndicatorRevision.Kind.BASELINE,
                  "target_value": IndicatorRevision.Kind.TARGET,
                  "target_increase_pct": IndicatorRevision.Kind.TARGET}


def _error(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, field_errors={field: [message]})


_NOT_YOURS = gettext_lazy("You may not change the indicators of this DWCP.")


def _require_change(user: User | None, obj: Model) -> None:
    policy.require_change(user, obj, _NOT_YOURS)


# --- indicators ----------------------------------------------------------------------------

def _validate_indicator(indicator: Indicator) -> None:
    """The rules of one indicator's fields, checked together before any write."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not (indicator.title or "").strip():
        add("title", _("Enter a title."))
    if indicator.cumulative and indicator.unit != Unit.NUMBER:
        add("cumulative", _("Only number indicators can be cumulative."))
    if indicator.unit != Unit.PERCENTAGE and (indicator.numerator_label
                                              or indicator.denominator_label):
        add("numerator_label", _("Numerator and denominator apply to percentages only."))
    if indicator.target_value is not None and indicator.target_increase_pct is not None:
        add("target_increase_pct",
            _("Give the end target either as a value or as an increase over the baseline, "
              "not both."))
    if indicator.target_increase_pct is not None and indicator.baseline_value is None:
        add("target_increase_pct",
            _("A target set as an increase over the baseline needs a baseline value."))
    if indicator.unit == Unit.QUALITATIVE and (indicator.baseline_value is not None
                                               or indicator.target_value is not None):
        add("target_value", _("A qualitative indicator has no numeric baseline or target; "
                              "describe them in the text fields."))
    if indicator.unit == Unit.PERCENTAGE:
        for field in ("baseline_value", "target_value"):
            value = getattr(indicator, field)
            if value is not None and not (0 <= value <= 100):
                add(field, _("A percentage lies between 0 and 100."))
    dwcp = indicator.cpo.dwcp
    for field in ("baseline_year", "target_year"):
        year = getattr(indicator, field)
        if year is not None and not (1990 <= year <= 2100):
            add(field, _("Enter a year such as %(year)s.") % {"year": dwcp.start_year})
    if indicator.target_year is not None and not (
            dwcp.start_year <= indicator.target_year <= dwcp.end_year + 1):
        add("target_year", _("The target year should fall within the DWCP period %(period)s.")
            % {"period": dwcp.period})
    if (indicator.baseline_year and indicator.target_year
            and indicator.baseline_year > indicator.target_year):
        add("baseline_year", _("The baseline year comes before the target year."))
    if indicator.output_id and indicator.output.cpo_id != indicator.cpo_id:  # type: ignore[union-attr]
        add("output", _("This output belongs to another CPO."))
    if errors:
        first = next(iter(errors.values()))[0]
        raise ApplicationError(first, field_errors=errors)


def _next_code(cpo: CountryProgrammeOutcome) -> str:
    pattern = re.compile(rf"^{re.escape(cpo.code)}\.(\d+)$")
    numbers = [int(m.group(1)) for code in
               Indicator.objects.filter(code__startswith=f"{cpo.code}.")
               .values_list("code", flat=True) if (m := pattern.match(code))]
    return f"{cpo.code}.{max(numbers, default=0) + 1}"


def _check_code(code: str, cpo: CountryProgrammeOutcome, *, exclude_pk: Any = None) -> str:
    code = (code or "").strip() or _next_code(cpo)
    if not re.fullmatch(rf"{re.escape(cpo.code)}\.\d+", code):
        raise _error("code", _("An indicator code is the CPO code, a dot and a number, "
                               "e.g. %(example)s.") % {"example": f"{cpo.code}.1"})
    if Indicator.objects.filter(code=code).exclude(pk=exclude_pk).exists():
        raise _error("code", _("Indicator %(code)s exists already.") % {"code": code})
    return code


def _check_milestones(indicator: Indicator,
                      milestones: Mapping[Biennium, tuple[Decimal | None, str]]) -> None:
    dwcp = indicator.cpo.dwcp
    for biennium, (value, statement) in milestones.items():
        if not biennium_in_dwcp(biennium, dwcp):
            raise _error("milestones", _("Biennium %(b)s lies outside the DWCP period "
                                         "%(period)s.") % {"b": biennium, "period": dwcp.period})
        if indicator.unit == Unit.QUALITATIVE:
            if value is not None:
                raise _error("milestones", _("A qualitative milestone is a statement, "
                                             "not a number (%(b)s).") % {"b": biennium})
        elif value is None and not statement:
            raise _error("milestones", _("Enter the value expected at the end of %(b)s.")
                         % {"b": biennium})
        if (indicator.unit == Unit.PERCENTAGE and value is not None
                and not (0 <= value <= 100)):
            raise _error("milestones", _("A percentage lies between 0 and 100 (%(b)s).")
                         % {"b": biennium})


@transaction.atomic
def indicator_create(*, user: User | None, cpo: CountryProgrammeOutcome, title: str, code: str = "",
                     milestones: Mapping[Biennium, tuple[Decimal | None, str]] | None = None,
                     **fields: Any) -> Indicator:
    """Create an indicator of ``cpo`` (code ``<CPO code>.<n>``, the next free one when empty)
    with its biennial milestones."""
    _require_change(user, cpo)
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise ValueError(f"unknown indicator fields: {sorted(unknown)}")
    indicator = Indicator(cpo=cpo, title=(title or "").strip(), **fields)
    indicator.code = _check_code(code, cpo)
    _validate_indicator(indicator)
    _check_milestones(indicator, milestones or {})
    attribute(indicator, user=user)
    indicator.save()
    for biennium, (value, statement) in (milestones or {}).items():
        milestone = BiennialMilestone(indicator=indicator, biennium=biennium, value=value,
                                      statement=statement or "")
        attribute(milestone, user=user)
        milestone.save()
    return indicator


@transaction.atomic
def indicator_update(*, user: User | None, indicator: Indicator, data: Mapping[str, Any],
                     reason: str = "") -> Indicator:
    """Change an indicator's fields. Changing the baseline or end target is a revision: it
    needs a ``reason`` and is kept (old value, new value, date, who, why)."""
    current = Indicator.objects.select_for_update().select_related("cpo__dwcp").get(
        pk=indicator.pk)
    _require_change(user, current)
    unknown = set(data) - set(INDICATOR_FIELDS) - {"code"}
    if unknown:
        raise ValueError(f"unknown indicator fields: {sorted(unknown)}")
    old = {field: getattr(current, field) for field in REVISED_FIELDS}
    changed = []
    for field, value in data.items():
        if field == "code":
            value = _check_code(value, current.cpo, exclude_pk=current.pk)
        if getattr(current, field) != value:
            setattr(current, field, value)
            changed.append(field)
    if not changed:
        return current
    _validate_indicator(current)
    revised = [f for f in REVISED_FIELDS if f in changed and old[f] is not None]
    if revised and not (reason or "").strip():
        raise _error("reason", _("Say why the baseline or target is revised: the old value is "
                                 "kept with your reason."))
    for field in revised:
        IndicatorRevision.objects.create(
            indicator=current, kind=REVISED_FIELDS[field], old_value=old[field],
            new_value=getattr(current, field), reason=reason.strip(), revised_by=user)
    attribute(current, user=user, reason=reason)
    current.save(update_fields=[*changed,
                                "updated_at"])
    return current


@transaction.atomic
def indicator_save(*, user: User | None, indicator: Indicator, data: Mapping[str, Any],
                   milestones: Mapping[Biennium, tuple[Decimal | None, str]] | None = None,
                   reason: str = "") -> Indicator:
    """Change an indicator and the milestones given, together or not at all (the form of
    the indicator page edits both)."""
    indicator = indicator_update(user=user, indicator=indicator, data=data, reason=reason)
    for biennium, (value, statement) in (milestones or {}).items():
        milestone_set(user=user, indicator=indicator, biennium=biennium, value=value,
                      statement=statement, reason=reason)
    return indicator


@transaction.atomic
def milestone_set(*, user: User | None, indicator: Indicator, biennium: Biennium,
                  value: Decimal | None = None, statement: str = "",
                  reason: str = "") -> BiennialMilestone:
    """Set the milestone of ``indicator`` for ``biennium``. Changing an existing value is a
    revision that needs a ``reason``; the old value is kept."""
    indicator = Indicator.objects.select_related("cpo__dwcp").get(pk=indicator.pk)
    _require_change(user, indicator)
    _check_milestones(indicator, {biennium: (value, statement)})
    milestone = (BiennialMilestone.objects.select_for_update()
                 .filter(indicator=indicator, biennium=biennium).first())
    if milestone is None:
        milestone = BiennialMilestone(indicator=indicator, biennium=biennium, value=value,
                                      statement=statement or "")
        attribute(milestone, user=user, reason=reason)
        milestone.save()
        return milestone
    if milestone.value == value and milestone.statement == (statement or ""):
        return milestone
    if not (reason or "").strip():
        raise _error("reason", _("Say why the milestone is revised: the old value is kept "
                                 "with your reason."))
    IndicatorRevision.objects.create(
        indicator=indicator, kind=IndicatorRevision.Kind.MILESTONE, biennium=biennium,
        old_value=milestone.value, new_value=value, old_text=milestone.statement,
        new_text=statement or "", reason=reason.strip(), revised_by=user)
    milestone.value, milestone.statement = value, statement or ""
    attribute(milestone, user=user, reason=reason)
    milestone.save(update_fields=["value", "statement", "updated_at"])
    _after_commit_recompute(indicator.pk)
    return milestone


# --- progress updates ----------------------------------------------------------------------

def _biennium_of(day: dt.date) -> Biennium | None:
    return Biennium.objects.filter(start_year=rules.biennium_start_year(day.year)).first()


def _check_not_locked(day: dt.date, field: str = "date") -> None:
    biennium = _biennium_of(day)
    if biennium is not None and biennium.closed_at is not None:
        raise _error(field, _("Biennium %(b)s is closed: its updates are locked. A manager "
                              "can reopen it, giving a reason.") % {"b": biennium})


def _validate_values(indicator: Indicator, *, date: dt.date | None, value: Any, numerator: Any,
                     denominator: Any, reached: Any, disaggregation: Any) -> None:
    if date is None:
        raise _error("date", _("Enter the date the value refers to."))
    if date > timezone.localdate():
        raise _error("date", _("The date cannot be in the future."))
    if indicator.unit == Unit.QUALITATIVE:
        if reached is None:
            raise _error("reached", _("Say whether the milestone is reached."))
        if value is not None or numerator is not None:
            raise _error("value", _("A qualitative indicator takes no number; use the "
                                    "narrative."))
        return
    if indicator.unit == Unit.PERCENTAGE and value is None:
        if numerator is None or denominator is None:
            raise _error("value", _("Enter the percentage, or its numerator and denominator."))
        if denominator <= 0:
            raise _error("denominator", _("The denominator must be greater than zero."))
        if numerator < 0 or numerator > denominator:
            raise _error("numerator", _("The numerator lies between 0 and the denominator."))
    elif value is None:
        raise _error("value", _("Enter a value."))
    if value is not None:
        if value < 0 and not indicator.cumulative:
            raise _error("value", _("A value cannot be negative."))
        if indicator.unit == Unit.PERCENTAGE and not (0 <= value <= 100):
            raise _error("value", _("A percentage lies between 0 and 100."))
    total = value if value is not None else numerator
    for dimension, values in (disaggregation or {}).items():
        categories = DISAGGREGATION_CATEGORIES.get(dimension)
        if categories is None:
            raise ValueError(f"unknown disaggregation {dimension!r}")
        unknown = set(values) - set(categories)
        if unknown:
            raise ValueError(f"unknown categories for {dimension}: {sorted(unknown)}")
        if any(v is not None and v < 0 for v in values.values()):
            raise _error(dimension, _("A disaggregated value cannot be negative."))
        filled = [v for v in values.values() if v is not None]
        if len(filled) == len(categories) and total is not None and sum(filled) != total:
            raise _error(dimension, _("The values by %(dim)s add up to %(sum)s, not to the "
                                      "total %(total)s.")
                         % {"dim": dimension, "sum": sum(filled), "total": total})


def _write_disaggregation(update: ProgressUpdate, disaggregation: Any, user: User | None) -> None:
    update.disaggregated_values.all().delete()
    for dimension, values in (disaggregation or {}).items():
        for category, value in values.items():
            if value is None:
                continue
            row = DisaggregatedValue(update=update, dimension=dimension, category=category,
                                     value=value)
            attribute(row, user=user)
            row.save()


@transaction.atomic
def progress_update_create(*, user: User | None, indicator: Indicator, date: dt.date,
                           value: Decimal | None = None, numerator: Decimal | None = None,
                           denominator: Decimal | None = None, reached: bool | None = None,
                           narrative: str = "", source: str = "",
                           disaggregation: Mapping[str, Mapping[str, Decimal | None]] | None
                           = None, submit: bool = False, evidence_files: Any = (),
                           evidence_title: str = "") -> ProgressUpdate:
    """Record a progress update (a draft, or submitted at once with ``submit``) with its
    evidence files."""
    indicator = Indicator.objects.select_related("cpo__dwcp").get(pk=indicator.pk)
    _require_change(user, indicator)
    _validate_values(indicator, date=date, value=value, numerator=numerator,
                     denominator=denominator, reached=reached, disaggregation=disaggregation)
    _check_not_locked(date)
    update = ProgressUpdate(indicator=indicator, date=date, value=value, numerator=numerator,
                            denominator=denominator, reached=reached, narrative=narrative,
                            source=source, created_by=user)
    if submit:
        update.status = UpdateStatus.SUBMITTED
        update.submitted_by, update.submitted_at = user, timezone.now()
    attribute(update, user=user)
    update.save()
    _write_disaggregation(update, disaggregation, user)
    evidence_add(user=user, update=update, files=evidence_files, title=evidence_title)
    return update


def evidence_add(*, user: User | None, update: ProgressUpdate, files: Any,
                 title: str = "") -> list[EvidenceFile]:
    """Attach uploaded evidence files to a draft or returned update (audited)."""
    policy.EDIT_PROGRESS_UPDATE.require(
        user, update, _("You may not change the updates of this country."))
    if update.status not in (UpdateStatus.DRAFT, UpdateStatus.RETURNED, UpdateStatus.SUBMITTED):
        raise ApplicationError(_("Evidence is added before the update is approved."))
    rows = []
    for upload in files or ():
        row = EvidenceFile(update=update, file=upload, title=(title or upload.name)[:200])
        attribute(row, user=user)
        row.save()
        rows.append(row)
    return rows


def _locked_update(update: ProgressUpdate) -> ProgressUpdate:
    return (ProgressUpdate.objects.select_for_update().select_related("indicator__cpo__dwcp")
            .get(pk=update.pk))


@transaction.atomic
def progress_update_update(*, user: User | None, update: ProgressUpdate, data: Mapping[str, Any],
                           disaggregation: Any = None, reason: str = "", evidence_files: Any = (),
                           evidence_title: str = "", submit: bool = False) -> ProgressUpdate:
    """Edit a draft or returned update (submitted and approved ones are not edited), add
    evidence, and with ``submit`` send it for approval — all or nothing."""
    current = _locked_update(update)
    policy.EDIT_PROGRESS_UPDATE.require(user, current, _NOT_YOURS)
    if current.status not in (UpdateStatus.DRAFT, UpdateStatus.RETURNED):
        raise ApplicationError(_("Only a draft or a returned update can be edited."))
    _check_not_locked(current.date)
    fields = ("date", "value", "numerator", "denominator", "reached", "narrative", "source")
    unknown = set(data) - set(fields)
    if unknown:
        raise ValueError(f"unknown update fields: {sorted(unknown)}")
    for field, value in data.items():
        setattr(current, field, value)
    _validate_values(current.indicator, date=current.date, value=current.value,
                     numerator=current.numerator, denominator=current.denominator,
                     reached=current.reached, disaggregation=disaggregation)
    _check_not_locked(current.date)
    attribute(current, user=user, reason=reason)
    current.save(update_fields=[*data, "updated_at"])
    if disaggregation is not None:
        _write_disaggregation(current, disaggregation, user)
    evidence_add(user=user, update=current, files=evidence_files, title=evidence_title)
    if submit:
        current = progress_update_submit(user=user, update=current)
    return current


@transaction.atomic
def progress_update_submit(*, user: User | None, update: ProgressUpdate) -> ProgressUpdate:
    current = _locked_update(update)
    policy.EDIT_PROGRESS_UPDATE.require(user, current, _NOT_YOURS)
    if current.status not in (UpdateStatus.DRAFT, UpdateStatus.RETURNED):
        raise ApplicationError(_("This update has been submitted already."))
    _check_not_locked(current.date)
    current.status = UpdateStatus.SUBMITTED
    current.submitted_by, current.submitted_at = user, timezone.now()
    attribute(current, user=user, reason=_("Submitted for approval"))
    current.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
    return current


# Key of the PostgreSQL advisory lock that numbers approvals one at a time.
APPROVAL_ORDER_LOCK = 82732


def _next_approval_seq() -> int:
    """The next number in the order of approvals (which breaks ties between updates of the
    same day). Concurrent approvals take turns until their transactions end, so the second
    reads the number the first committed and no two get the same; SQLite writes one at a
    time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [APPROVAL_ORDER_LOCK])
    return (ProgressUpdate.objects.aggregate(seq=Max("approval_seq"))["seq"] or 0) + 1


@transaction.atomic
def progress_update_approve(*, user: User | None, update: ProgressUpdate,
                            recompute: bool = True) -> ProgressUpdate:
    """Approve a submitted update: from now on it counts. Results of its indicator, CPO and
    roll-ups are recomputed by the worker once the transaction commits (``recompute=False``
    for bulk loads that run one full recompute at the end)."""
    current = _locked_update(update)
    if current.status != UpdateStatus.SUBMITTED:
        raise ApplicationError(_("Only a submitted update can be approved."))
    if current.submitted_by_id is not None and user is not None \
            and current.submitted_by_id == user.pk:
        raise ApplicationError(_("You submitted this update: someone else must approve it."))
    policy.DECIDE_PROGRESS_UPDATE.require(user, current,
                                          _("You may not approve updates of this country."))
    _check_not_locked(current.date)
    current.status = UpdateStatus.APPROVED
    current.decided_by, current.decided_at = user, timezone.now()
    current.approval_seq = _next_approval_seq()
    current.return_comment = ""
    attribute(current, user=user, reason=_("Approved"))
    current.save(update_fields=["status", "decided_by", "decided_at", "approval_seq",
                                "return_comment", "updated_at"])
    if recompute:
        _after_commit_recompute(current.indicator_id)
    return current


@transaction.atomic
def progress_update_return(*, user: User | None, update: ProgressUpdate,
                           comment: str) -> ProgressUpdate:
    """Send a submitted update back to its author with a comment saying what to fix."""
    current = _locked_update(update)
    if current.status != UpdateStatus.SUBMITTED:
        raise ApplicationError(_("Only a submitted update can be returned."))
    policy.DECIDE_PROGRESS_UPDATE.require(user, current,
                                          _("You may not return updates of this country."))
    if not (comment or "").strip():
        raise _error("comment", _("Say what needs to change before the update can be "
                                  "approved."))
    current.status = UpdateStatus.RETURNED
    current.decided_by, current.decided_at = user, timezone.now()
    current.return_comment = comment.strip()
    attribute(current, user=user, reason=_("Returned: %(comment)s") % {"comment": comment.strip()})
    current.save(update_fields=["status", "decided_by", "decided_at", "return_comment",
                                "updated_at"])
    return current


def _after_commit_recompute(indicator_id: int) -> None:
    """Mark the indicator for recompute in this transaction; the worker recomputes it (and
    its CPO and roll-ups) shortly after the commit, together with other pending ones."""
    from programmes.services.results import results_mark_for_recompute

    results_mark_for_recompute(indicator_ids=[indicator_id])


# --- closing a biennium --------------------------------------------------------------------

def _require_manager(user: User | None) -> None:
    policy.CLOSE_BIENNIUM.require(user, message=_("Only managers close and reopen biennia."))


@transaction.atomic
def biennium_close(*, user: User | None, biennium: Biennium) -> Biennium:
    """Close a biennium: its progress updates are locked from now on."""
    _require_manager(user)
    current = Biennium.objects.select_for_update().get(pk=biennium.pk)
    if current.closed_at is not None:
        raise ApplicationError(_("Biennium %(b)s is closed already.") % {"b": current})
    current.closed_at = timezone.now()
    attribute(current, user=user, reason=_("Biennium closed"))
    current.save(update_fields=["closed_at", "updated_at"])
    return current


@transaction.atomic
def biennium_reopen(*, user: User | None, biennium: Biennium, reason: str) -> Biennium:
    """Reopen a closed biennium; the reason is kept in its history."""
    _require_manager(user)
    current = Biennium.objects.select_for_update().get(pk=biennium.pk)
    if current.closed_at is None:
        raise ApplicationError(_("Biennium %(b)s is open.") % {"b": current})
    if not (reason or "").strip():
        raise _error("reason", _("Say why the biennium is reopened."))
    current.closed_at = None
    attribute(current, user=user, reason=_("Reopened: %(reason)s") % {"reason": reason.strip()})
    current.save(update_fields=["closed_at", "updated_at"])
    return current
