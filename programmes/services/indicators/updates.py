"""Progress updates and their approval workflow: draft → submitted → approved, or → returned
(with a comment) → edited and submitted again."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core import notifications, policy
from core.errors import ApplicationError
from core.events.record import EVENT_ORDER_LOCK
from core.history import attribute
from core.uploads import EVIDENCE, check_upload
from core.writes import plausible_date
from programmes.models import (
    DISAGGREGATION_CATEGORIES,
    DisaggregatedValue,
    EvidenceFile,
    Indicator,
    ProgressUpdate,
    Unit,
    UpdateStatus,
)
from programmes.notifications import UPDATE_APPROVED, UPDATE_RETURNED, UPDATE_SUBMITTED

from ._common import NOT_YOURS, after_commit_recompute, check_not_locked, error, require_change

if TYPE_CHECKING:
    from core.models import User


def _validate_values(indicator: Indicator, *, date: dt.date | None, value: Any, numerator: Any,
                     denominator: Any, reached: Any, disaggregation: Any) -> None:
    if date is None:
        raise error("date", _("Enter the date the value refers to."))
    if date > timezone.localdate():
        raise error("date", _("The date cannot be in the future."))
    plausible_date("date", date)
    if indicator.unit == Unit.QUALITATIVE:
        if reached is None:
            raise error("reached", _("Say whether the milestone is reached."))
        if value is not None or numerator is not None:
            raise error("value", _("A qualitative indicator takes no number; use the "
                                    "narrative."))
        return
    if indicator.unit == Unit.PERCENTAGE and value is None:
        if numerator is None or denominator is None:
            raise error("value", _("Enter the percentage, or its numerator and denominator."))
        if denominator <= 0:
            raise error("denominator", _("The denominator must be greater than zero."))
        if numerator < 0 or numerator > denominator:
            raise error("numerator", _("The numerator lies between 0 and the denominator."))
    elif value is None:
        raise error("value", _("Enter a value."))
    if value is not None:
        if value < 0 and not indicator.cumulative:
            raise error("value", _("A value cannot be negative."))
        if indicator.unit == Unit.PERCENTAGE and not (0 <= value <= 100):
            raise error("value", _("A percentage lies between 0 and 100."))
    total = value if value is not None else numerator
    for dimension, values in (disaggregation or {}).items():
        categories = DISAGGREGATION_CATEGORIES.get(dimension)
        if categories is None:
            raise ValueError(f"unknown disaggregation {dimension!r}")
        unknown = set(values) - set(categories)
        if unknown:
            raise ValueError(f"unknown categories for {dimension}: {sorted(unknown)}")
        if any(v is not None and v < 0 for v in values.values()):
            raise error(dimension, _("A disaggregated value cannot be negative."))
        filled = [v for v in values.values() if v is not None]
        if len(filled) == len(categories) and total is not None and sum(filled) != total:
            raise error(dimension, _("The values by %(dim)s add up to %(sum)s, not to the "
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
    require_change(user, indicator)
    _validate_values(indicator, date=date, value=value, numerator=numerator,
                     denominator=denominator, reached=reached, disaggregation=disaggregation)
    check_not_locked(date)
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
    if submit:
        _announce(UPDATE_SUBMITTED, update, update.submitted_at)
    return update


def _announce(kind: str, update: ProgressUpdate, at: Any) -> None:
    """Tell whom it concerns once the transaction commits (programmes.notifications); the
    event is this decision or submission, named by its time."""
    notifications.announce(kind, update, event=at.isoformat() if at else "")


# Evidence: documents, spreadsheets, presentations, images, PDF, text and zip files, each
# recognized by its content (core.uploads), up to 20 MB.
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024


def check_evidence(upload: Any) -> None:
    """Refuse (on the field ``evidence``) a file that is not evidence by its content."""
    check_upload(upload, field="evidence", kinds=EVIDENCE, max_bytes=EVIDENCE_MAX_BYTES)


def evidence_add(*, user: User | None, update: ProgressUpdate, files: Any,
                 title: str = "") -> list[EvidenceFile]:
    """Attach uploaded evidence files to a draft or returned update (audited); each file is
    checked by its content first (:func:`check_evidence`)."""
    policy.EDIT_PROGRESS_UPDATE.require(
        user, update, _("You may not change the updates of this country."))
    if update.status not in (UpdateStatus.DRAFT, UpdateStatus.RETURNED, UpdateStatus.SUBMITTED):
        raise ApplicationError(_("Evidence is added before the update is approved."))
    for upload in files or ():
        check_evidence(upload)
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
    policy.EDIT_PROGRESS_UPDATE.require(user, current, NOT_YOURS)
    if current.status not in (UpdateStatus.DRAFT, UpdateStatus.RETURNED):
        raise ApplicationError(_("Only a draft or a returned update can be edited."))
    check_not_locked(current.date)
    fields = ("date", "value", "numerator", "denominator", "reached", "narrative", "source")
    unknown = set(data) - set(fields)
    if unknown:
        raise ValueError(f"unknown update fields: {sorted(unknown)}")
    for field, value in data.items():
        setattr(current, field, value)
    _validate_values(current.indicator, date=current.date, value=current.value,
                     numerator=current.numerator, denominator=current.denominator,
                     reached=current.reached, disaggregation=disaggregation)
    check_not_locked(current.date)
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
    policy.EDIT_PROGRESS_UPDATE.require(user, current, NOT_YOURS)
    if current.status not in (UpdateStatus.DRAFT, UpdateStatus.RETURNED):
        raise ApplicationError(_("This update has been submitted already."))
    check_not_locked(current.date)
    current.status = UpdateStatus.SUBMITTED
    current.submitted_by, current.submitted_at = user, timezone.now()
    attribute(current, user=user, reason=_("Submitted for approval"))
    current.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
    _announce(UPDATE_SUBMITTED, current, current.submitted_at)
    return current


# Key of the PostgreSQL advisory lock that numbers approvals one at a time: the lock that
# orders the event feed (core.events.record), since an approval records an event anyway. One
# lock, not two taken in either order (a workbook import submits, recording an event, then
# approves, in one transaction), so that two such transactions never wait for each other.
APPROVAL_ORDER_LOCK = EVENT_ORDER_LOCK


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
    check_not_locked(current.date)
    current.status = UpdateStatus.APPROVED
    current.decided_by, current.decided_at = user, timezone.now()
    current.approval_seq = _next_approval_seq()
    current.return_comment = ""
    attribute(current, user=user, reason=_("Approved"))
    current.save(update_fields=["status", "decided_by", "decided_at", "approval_seq",
                                "return_comment", "updated_at"])
    _announce(UPDATE_APPROVED, current, current.decided_at)
    if recompute:
        after_commit_recompute(current.indicator_id)
    return current


@transaction.atomic
def progress_updates_approve(*, user: User | None,
                             updates: list[ProgressUpdate]) -> list[ProgressUpdate]:
    """Approve several submitted updates together (the approvals workbench), all or none:
    each as :func:`progress_update_approve` does it (the same checks and history); the first
    that may not be approved is named and nothing is approved."""
    if not updates:
        raise error("updates", _("Choose at least one update to approve."))
    done = []
    for update in updates:
        try:
            done.append(progress_update_approve(user=user, update=update))
        except (ApplicationError, PermissionDenied) as exc:
            reason = exc.message if isinstance(exc, ApplicationError) else str(exc)
            raise ApplicationError(
                _("Nothing was approved: the update of %(code)s dated %(date)s cannot be: "
                  "%(reason)s") % {"code": update.indicator.code,
                                   "date": formats.date_format(update.date),
                                   "reason": reason}) from exc
    return done


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
        raise error("comment", _("Say what needs to change before the update can be "
                                  "approved."))
    current.status = UpdateStatus.RETURNED
    current.decided_by, current.decided_at = user, timezone.now()
    current.return_comment = comment.strip()
    attribute(current, user=user, reason=_("Returned: %(comment)s") % {"comment": comment.strip()})
    current.save(update_fields=["status", "decided_by", "decided_at", "return_comment",
                                "updated_at"])
    _announce(UPDATE_RETURNED, current, current.decided_at)
    return current
