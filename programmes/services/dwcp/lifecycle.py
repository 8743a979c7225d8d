"""The DWCP lifecycle: which step follows which, who may take it, and the transition service
(the signatures a DWCP needs before it comes into force)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import notifications, policy
from core.errors import ApplicationError
from core.history import attribute
from programmes.models import IN_FORCE, Dwcp, DwcpStatus, DwcpStatusChange, SignatoryParty
from programmes.notifications import DWCP_STATUS_CHANGED

from ..appraisal import appraisal_require_passed
from ._common import require_view
from .programme import check_no_overlap, lock_country

if TYPE_CHECKING:
    from core.models import User


@dataclass(frozen=True)
class Transition:
    """One allowed step of the lifecycle."""

    from_status: str
    to_status: str
    label: str | Promise
    who: policy.Capability  # field staff of the country, managers and/or administrators
    note_required: bool = False


S = DwcpStatus
TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.IN_PREPARATION, S.QUALITY_APPRAISAL,
               gettext_lazy("Send to quality appraisal"), policy.PREPARE_DWCP),
    Transition(S.QUALITY_APPRAISAL, S.ACTIVE, gettext_lazy("Record signature (signed / active)"),
               policy.ENDORSE_DWCP),
    Transition(S.QUALITY_APPRAISAL, S.IN_PREPARATION,
               gettext_lazy("Return to preparation"), policy.ENDORSE_DWCP,
               note_required=True),
    Transition(S.ACTIVE, S.UNDER_REVIEW, gettext_lazy("Start review"),
               policy.REVIEW_DWCP),
    Transition(S.UNDER_REVIEW, S.ACTIVE, gettext_lazy("Conclude review and continue"),
               policy.REVIEW_DWCP),
    Transition(S.UNDER_REVIEW, S.COMPLETED, gettext_lazy("Mark completed"),
               policy.REVIEW_DWCP),
    Transition(S.COMPLETED, S.EVALUATED, gettext_lazy("Record evaluation"),
               policy.ENDORSE_DWCP),
)

# The parties whose signatures make a DWCP signed, and the constituent group each needs.
REQUIRED_PARTIES = (SignatoryParty.GOVERNMENT, SignatoryParty.EMPLOYERS,
                    SignatoryParty.WORKERS, SignatoryParty.ILO)


def _may(user: User | None, dwcp: Dwcp, transition: Transition) -> bool:
    return transition.who.allows(user, dwcp)


def dwcp_next_steps(*, dwcp: Dwcp, user: User | None) -> list[Transition]:
    """The transitions ``user`` may make from the DWCP's current status (for the buttons)."""
    return [t for t in TRANSITIONS if t.from_status == dwcp.status and _may(user, dwcp, t)]


def dwcp_missing_parties(*, dwcp: Dwcp) -> list[str]:
    """The parties (their labels) with no signatory yet: a DWCP comes into force only when
    the government, the employers, the workers and the ILO have signed it."""
    present = set(dwcp.signatories.values_list("party", flat=True))
    return [str(SignatoryParty(p).label) for p in REQUIRED_PARTIES if p not in present]


@transaction.atomic
def dwcp_transition(*, dwcp: Dwcp, to_status: str, effective_date: dt.date, note: str = "",
                    user: User | None) -> DwcpStatusChange:
    """Move a DWCP to ``to_status`` on ``effective_date``, recording who, when and why."""
    require_view(user, dwcp)
    locked = lock_country(dwcp.country_id)
    current = locked[dwcp.pk]
    from_status = current.status
    if to_status not in DwcpStatus.values:
        raise ApplicationError(field_errors={"to_status": [_("Unknown status.")]})
    options = [t for t in TRANSITIONS if t.from_status == from_status]
    transition = next((t for t in options if t.to_status == to_status), None)
    from_label = DwcpStatus(from_status).label
    if transition is None:
        if not options:
            raise ApplicationError(_("A DWCP that is %(from)s has no further steps.")
                                   % {"from": str(from_label).lower()})
        raise ApplicationError(
            _("A DWCP in status “%(from)s” cannot move to “%(to)s”; its next steps are: "
              "%(next)s.") % {"from": from_label, "to": DwcpStatus(to_status).label,
                              "next": ", ".join(f"“{DwcpStatus(t.to_status).label}”"
                                                for t in options)})
    if not _may(user, current, transition):
        raise ApplicationError(
            _("Only %(who)s may “%(step)s”.") % {"who": transition.who.who,
                                                  "step": transition.label})
    if effective_date is None:
        raise ApplicationError(field_errors={
            "effective_date": [_("Enter the date the change took effect.")]})
    if current.status_changed_on and effective_date < current.status_changed_on:
        raise ApplicationError(field_errors={"effective_date": [
            _("The date must not be before the previous status change (%(date)s).")
            % {"date": current.status_changed_on.isoformat()}]})
    if transition.note_required and not note.strip():
        raise ApplicationError(field_errors={
            "note": [_("Say why the DWCP is returned to preparation.")]})
    update_fields = ["status", "status_changed_on", "updated_at"]
    if to_status == DwcpStatus.ACTIVE and from_status == DwcpStatus.QUALITY_APPRAISAL:
        missing = dwcp_missing_parties(dwcp=current)
        if missing:
            raise ApplicationError(
                _("A DWCP is signed by the government, the employers, the workers and the ILO. "
                  "Record a signatory for: %(missing)s.") % {"missing": ", ".join(missing)})
        # The draft passes quality appraisal before it is signed [seeds/004 ¶33].
        appraisal_require_passed(dwcp=current)
        if current.signed_date is None:
            current.signed_date = effective_date
            update_fields.append("signed_date")
    if to_status in IN_FORCE:
        check_no_overlap(current, locked.values())
    current.status = to_status
    current.status_changed_on = effective_date
    reason = format_lazy("{}: {} → {}", _("Status"), from_label, DwcpStatus(to_status).label)
    attribute(current, user=user, reason=f"{reason}. {note}".strip() if note else str(reason))
    current.save(update_fields=update_fields)
    change = DwcpStatusChange.objects.create(
        dwcp=current, from_status=from_status, to_status=to_status,
        effective_date=effective_date, note=note,
        changed_by=user if getattr(user, "is_authenticated", False) else None)
    notifications.announce(DWCP_STATUS_CHANGED, current, event=str(change.pk),
                           from_status=from_status, to_status=to_status,
                           effective_date=effective_date.isoformat())
    # Keep the caller's object in step with the database.
    for name in ("status", "status_changed_on", "signed_date", "updated_at"):
        setattr(dwcp, name, getattr(current, name))
    return change
