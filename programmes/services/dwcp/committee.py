"""Writes of the people and meetings around a DWCP: signatories, the tripartite steering
committee's members, its meetings and their decisions."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from constituents.models import Constituent
from core.errors import ApplicationError, validate_model
from core.roles import ConstituentGroup
from programmes.models import (
    Dwcp,
    DwcpStatus,
    Signatory,
    SignatoryParty,
    SteeringCommitteeDecision,
    SteeringCommitteeMeeting,
    SteeringCommitteeMember,
)

from ._common import apply, delete, require_change, save_changes, save_new

if TYPE_CHECKING:
    from core.models import User

# The constituent group each party needs.
PARTY_GROUP: dict[str, str] = {SignatoryParty.GOVERNMENT: ConstituentGroup.GOVERNMENT,
               SignatoryParty.EMPLOYERS: ConstituentGroup.EMPLOYERS,
               SignatoryParty.WORKERS: ConstituentGroup.WORKERS}
PARTY_NEEDS: dict[str, Promise] = {
    SignatoryParty.GOVERNMENT: gettext_lazy("a government body (e.g. the ministry of labour)"),
    SignatoryParty.EMPLOYERS: gettext_lazy("an employers' organization"),
    SignatoryParty.WORKERS: gettext_lazy("a workers' organization"),
}
GROUP_IS: dict[str, Promise] = {
    ConstituentGroup.GOVERNMENT: gettext_lazy("a government body"),
    ConstituentGroup.EMPLOYERS: gettext_lazy("an employers' organization"),
    ConstituentGroup.WORKERS: gettext_lazy("a workers' organization"),
    ConstituentGroup.OTHER: gettext_lazy("not a tripartite constituent"),
}


def dwcp_check_party(*, dwcp: Dwcp, party: str, constituent: Constituent | None) -> None:
    """The organization fits the party it signs / sits for, and is of the DWCP's country
    (the services of signatories and members, and the admin's form, check it)."""
    if party not in SignatoryParty.values:
        raise ApplicationError(field_errors={"party": [
            _("Choose the government, the employers, the workers or the ILO.")]})
    if party == SignatoryParty.ILO:
        if constituent is not None:
            raise ApplicationError(field_errors={"constituent": [
                _("Leave the organization empty for the ILO.")]})
        return
    needs = PARTY_NEEDS[party]
    if constituent is None:
        raise ApplicationError(field_errors={
            "constituent": [_("Choose %(needs)s.") % {"needs": needs}]})
    if constituent.group != PARTY_GROUP[party]:
        raise ApplicationError(field_errors={"constituent": [
            _("%(org)s is %(is)s; for the %(party)s choose %(needs)s.") % {
                "org": constituent, "is": GROUP_IS.get(constituent.group, constituent.group),
                "party": str(SignatoryParty(party).label).lower(), "needs": needs}]})
    if constituent.country_id != dwcp.country_id:
        raise ApplicationError(field_errors={"constituent": [
            _("%(org)s is an organization of %(other)s, not of %(country)s.") % {
                "org": constituent, "other": constituent.country.name,
                "country": dwcp.country.name}]})


def _check_dates(since: dt.date | None, until: dt.date | None, field: str = "until") -> None:
    if since and until and until < since:
        raise ApplicationError(field_errors={field: [_("This date must not be before %(date)s.")
                                       % {"date": since.isoformat()}]})


SIGNATORY_FIELDS = ("party", "constituent", "name", "position", "signed_date")


@transaction.atomic
def signatory_create(*, user: User | None, dwcp: Dwcp, party: str, name: str,
                     constituent: Constituent | None = None, position: str = "",
                     signed_date: dt.date | None = None) -> Signatory:
    """Record who signs the DWCP for a constituent group or the ILO."""
    require_change(user, dwcp)
    dwcp_check_party(dwcp=dwcp, party=party, constituent=constituent)
    return save_new(Signatory(dwcp=dwcp, party=party, constituent=constituent, name=name,
                              position=position, signed_date=signed_date), user=user)


@transaction.atomic
def signatory_update(*, signatory: Signatory, user: User | None, data: dict[str, Any],
                     reason: str = "") -> Signatory:
    require_change(user, signatory)
    changed = apply(signatory, data, SIGNATORY_FIELDS)
    dwcp_check_party(dwcp=signatory.dwcp, party=signatory.party, constituent=signatory.constituent)
    return save_changes(signatory, user=user, reason=reason, changed=changed)


@transaction.atomic
def signatory_delete(*, signatory: Signatory, user: User | None) -> None:
    require_change(user, signatory)
    if signatory.dwcp.status not in (DwcpStatus.IN_PREPARATION, DwcpStatus.QUALITY_APPRAISAL):
        raise ApplicationError(_("The DWCP is signed; its signatories are part of the record "
                                 "and cannot be removed."))
    delete(signatory, user=user)


MEMBER_FIELDS = ("party", "constituent", "name", "position", "since", "until")


@transaction.atomic
def committee_member_create(*, user: User | None, dwcp: Dwcp, party: str, name: str,
                            constituent: Constituent | None = None, position: str = "",
                            since: dt.date | None = None,
                            until: dt.date | None = None) -> SteeringCommitteeMember:
    """Seat a member of the tripartite steering committee for a group (or the ILO)."""
    require_change(user, dwcp)
    dwcp_check_party(dwcp=dwcp, party=party, constituent=constituent)
    _check_dates(since, until)
    return save_new(SteeringCommitteeMember(dwcp=dwcp, party=party, constituent=constituent,
                                            name=name, position=position, since=since,
                                            until=until), user=user)


@transaction.atomic
def committee_member_update(*, member: SteeringCommitteeMember, user: User | None,
                            data: dict[str, Any],
                            reason: str = "") -> SteeringCommitteeMember:
    require_change(user, member)
    changed = apply(member, data, MEMBER_FIELDS)
    dwcp_check_party(dwcp=member.dwcp, party=member.party, constituent=member.constituent)
    _check_dates(member.since, member.until)
    return save_changes(member, user=user, reason=reason, changed=changed)


@transaction.atomic
def committee_member_delete(*, member: SteeringCommitteeMember, user: User | None) -> None:
    delete(member, user=user)


# --- meetings and decisions -----------------------------------------------------------------

MEETING_FIELDS = ("date", "location", "summary")


@transaction.atomic
def committee_meeting_create(*, user: User | None, dwcp: Dwcp, date: dt.date, location: str = "",
                             summary: str = "") -> SteeringCommitteeMeeting:
    require_change(user, dwcp)
    if date is None:
        raise ApplicationError(field_errors={"date": [_("Enter the date of the meeting.")]})
    return save_new(SteeringCommitteeMeeting(dwcp=dwcp, date=date, location=location,
                                             summary=summary), user=user)


@transaction.atomic
def committee_meeting_update(*, meeting: SteeringCommitteeMeeting, user: User | None,
                             data: dict[str, Any],
                             reason: str = "") -> SteeringCommitteeMeeting:
    require_change(user, meeting)
    changed = apply(meeting, data, MEETING_FIELDS)
    validate_model(meeting)  # a valid date first: the decisions' due dates are compared to it
    late = [d for d in meeting.decisions.all() if d.due_date and d.due_date < meeting.date]
    if late:
        raise ApplicationError(field_errors={"date": [
            _("A decision of this meeting is due before this date (%(due)s).")
            % {"due": late[0].due_date}]})
    return save_changes(meeting, user=user, reason=reason, changed=changed, validate=False)


@transaction.atomic
def committee_meeting_delete(*, meeting: SteeringCommitteeMeeting, user: User | None) -> None:
    delete(meeting, user=user)


DECISION_FIELDS = ("text", "responsible", "due_date", "status")


def _check_due(meeting: SteeringCommitteeMeeting, due_date: dt.date | None) -> None:
    if due_date and due_date < meeting.date:
        raise ApplicationError(field_errors={"due_date": [
            _("The due date must not be before the meeting (%(date)s).")
            % {"date": meeting.date.isoformat()}]})


@transaction.atomic
def committee_decision_create(*, user: User | None, meeting: SteeringCommitteeMeeting, text: str,
                              responsible: str = "", due_date: dt.date | None = None,
                              status: str = SteeringCommitteeDecision.Status.OPEN
                              ) -> SteeringCommitteeDecision:
    require_change(user, meeting)
    _check_due(meeting, due_date)
    return save_new(SteeringCommitteeDecision(meeting=meeting, text=text, responsible=responsible,
                                              due_date=due_date, status=status), user=user)


@transaction.atomic
def committee_decision_update(*, decision: SteeringCommitteeDecision, user: User | None,
                              data: dict[str, Any],
                              reason: str = "") -> SteeringCommitteeDecision:
    require_change(user, decision)
    changed = apply(decision, data, DECISION_FIELDS)
    _check_due(decision.meeting, decision.due_date)
    return save_changes(decision, user=user, reason=reason, changed=changed)


@transaction.atomic
def committee_decision_delete(*, decision: SteeringCommitteeDecision, user: User | None) -> None:
    delete(decision, user=user)
