"""Writes of DWCPs: creation and edits, the status lifecycle, signatories and the tripartite
steering committee [DOMAIN §2; seeds/001 ¶6, ¶16(b)].

Every function checks the access policy, validates the business rules with messages a field
officer understands (:class:`core.errors.ApplicationError`, with the fields concerned), and
writes in one transaction, so a refused action leaves nothing behind. Rows whose rules depend
on other rows (the overlap rule, transitions) are locked with ``select_for_update``.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from constituents.models import Constituent
from core import policy
from core.errors import ApplicationError, validate_model
from core.history import attribute
from core.roles import ConstituentGroup
from programmes.models import (
    IN_FORCE,
    Dwcp,
    DwcpStatus,
    DwcpStatusChange,
    Signatory,
    SignatoryParty,
    SteeringCommitteeDecision,
    SteeringCommitteeMeeting,
    SteeringCommitteeMember,
    UNFramework,
    UNFrameworkOutcome,
)
from programmes.models.dwcp import MAX_YEARS, MIN_YEARS

if TYPE_CHECKING:
    from django.db.models import Model

    from core.models import User

__all__ = [
    "TRANSITIONS", "Transition", "committee_decision_create", "committee_decision_delete",
    "committee_decision_update", "committee_meeting_create", "committee_meeting_delete",
    "committee_meeting_update", "committee_member_create", "committee_member_delete",
    "committee_member_update", "dwcp_check_period", "dwcp_create", "dwcp_delete", "dwcp_next_steps",
    "dwcp_transition", "dwcp_update", "signatory_create", "signatory_delete",
    "signatory_update", "validate_period",
]

FIRST_YEAR, LAST_YEAR = 1990, 2100



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


# --- access helpers -------------------------------------------------------------------------

def _require_view(user: User | None, obj: Model) -> None:
    if not policy.can_view(user, obj):
        raise PermissionDenied(_("You may not see this DWCP."))


def _require_change(user: User | None, obj: Model) -> None:
    if not policy.can_change(user, obj):
        raise PermissionDenied(_("You may not change this DWCP."))


def _apply(obj: Model, data: dict[str, Any], allowed: Iterable[str]) -> list[str]:
    """Set the allowed fields that differ; return their names."""
    changed = []
    for name in allowed:
        if name in data and getattr(obj, name) != data[name]:
            setattr(obj, name, data[name])
            changed.append(name)
    return changed


# --- DWCP -----------------------------------------------------------------------------------

def validate_period(start_year: int | None, end_year: int | None) -> None:
    """Refuse (an ApplicationError on the fields) a period that is not 2–6 years in order."""
    errors: dict[str, list[str]] = {}
    for name, value in (("start_year", start_year), ("end_year", end_year)):
        if value is not None and not FIRST_YEAR <= value <= LAST_YEAR:
            errors[name] = [_("Enter a year between %(first)d and %(last)d.")
                            % {"first": FIRST_YEAR, "last": LAST_YEAR}]
    if errors or start_year is None or end_year is None:
        if errors:
            raise ApplicationError(field_errors=errors)
        return
    years = end_year - start_year + 1
    if end_year < start_year:
        errors["end_year"] = [_("The last year must not be before the first year.")]
    elif not MIN_YEARS <= years <= MAX_YEARS:
        errors["end_year"] = [
            _("A DWCP runs for %(min)d to %(max)d years; %(start)d–%(end)d is %(n)d year(s).")
            % {"min": MIN_YEARS, "max": MAX_YEARS, "start": start_year, "end": end_year,
               "n": years}]
    if errors:
        raise ApplicationError(field_errors=errors)


def _lock_country(country_id: int) -> dict[int, Dwcp]:
    """Lock every DWCP of a country (in id order, so concurrent writers cannot deadlock)."""
    rows = Dwcp.objects.select_for_update().filter(country_id=country_id).order_by("pk")
    return {row.pk: row for row in rows}


def _check_no_overlap(dwcp: Dwcp, others: Iterable[Dwcp]) -> None:
    for other in others:
        if (other.pk != dwcp.pk and other.status in IN_FORCE
                and other.start_year <= dwcp.end_year and other.end_year >= dwcp.start_year):
            raise ApplicationError(
                _("%(country)s already has a DWCP in force for %(period)s (“%(title)s”); two "
                  "DWCPs of one country may not be in force for overlapping years. Complete "
                  "that one first or change the period.")
                % {"country": dwcp.country.name, "period": other.period, "title": other.title},
                field_errors={"end_year": [_("Overlaps with the DWCP in force %(period)s.")
                                           % {"period": other.period}]})


def _check_un_links(*, country_id: int, un_framework: UNFramework | None,
                    un_outcomes: Iterable[UNFrameworkOutcome]) -> None:
    if un_framework is not None and un_framework.country_id != country_id:
        raise ApplicationError(field_errors={"un_framework": [
            _("Choose a UN framework of the DWCP's country.")]})
    wrong = [o for o in un_outcomes if o.framework.country_id != country_id
             or (un_framework is not None and o.framework_id != un_framework.pk)]
    if wrong:
        if un_framework is not None:
            msg = _("These outcomes are not outcomes of the chosen UN framework: %(codes)s.")
        else:
            msg = _("These outcomes belong to another country's UN framework: %(codes)s.")
        raise ApplicationError(field_errors={
            "un_outcomes": [msg % {"codes": ", ".join(o.code for o in wrong)}]})


def _check_links_in_period(dwcp: Dwcp) -> None:
    """A new period must still contain every biennium a CPO is linked to a P&B outcome in."""
    from programmes.models import CpoOutcomeLink

    links = (CpoOutcomeLink.objects.filter(cpo__dwcp_id=dwcp.pk)
             .select_related("biennium", "cpo").order_by("biennium__start_year"))
    before = [x for x in links if x.biennium.end_year < dwcp.start_year]
    after = [x for x in links if x.biennium.start_year > dwcp.end_year]
    errors: dict[str, list[str]] = {}
    for field, outside in (("start_year", before), ("end_year", after)):
        if outside:
            errors[field] = [
                _("Outcome %(cpo)s is linked to a P&B outcome in %(b)s, which this period "
                  "leaves out; change that link first.")
                % {"cpo": outside[0].cpo.code, "b": outside[0].biennium.code}]
    if errors:
        raise ApplicationError(field_errors=errors)


def dwcp_check_period(*, dwcp: Dwcp) -> None:
    """The period rules for a DWCP as it stands (unsaved changes included): 2–6 years in
    order, no overlap with another DWCP of the country in force (when this one is), every
    P&B link of its CPOs inside. Raises an ``ApplicationError`` on the year fields; writes
    nothing (the admin's form uses it)."""
    validate_period(dwcp.start_year, dwcp.end_year)
    if dwcp.status in IN_FORCE:
        others = Dwcp.objects.filter(country_id=dwcp.country_id).exclude(pk=dwcp.pk)
        try:
            _check_no_overlap(dwcp, others)
        except ApplicationError as exc:
            raise ApplicationError(field_errors=exc.field_errors) from exc
    if dwcp.pk:
        _check_links_in_period(dwcp)


@transaction.atomic
def dwcp_create(*, user: User | None, country: Any, title: str, start_year: int, end_year: int,
                summary: str = "", document_url: str = "",
                signed_date: dt.date | None = None,
                un_framework: UNFramework | None = None,
                un_outcomes: Iterable[UNFrameworkOutcome] = ()) -> Dwcp:
    """Create a DWCP in preparation for ``country``."""
    if not policy.can_create(user, Dwcp, country_id=country.pk):
        raise PermissionDenied(_("You may not create a DWCP for this country."))
    validate_period(start_year, end_year)
    un_outcomes = list(un_outcomes)
    _check_un_links(country_id=country.pk, un_framework=un_framework, un_outcomes=un_outcomes)
    dwcp = Dwcp(country=country, title=title, start_year=start_year, end_year=end_year,
                summary=summary, document_url=document_url, un_framework=un_framework,
                signed_date=signed_date, status=DwcpStatus.IN_PREPARATION)
    validate_model(dwcp)
    attribute(dwcp, user=user, reason=_("Created"))
    dwcp.save()
    if un_outcomes:
        dwcp.un_outcomes.set(un_outcomes)
    return dwcp


DWCP_EDITABLE = ("title", "start_year", "end_year", "summary", "document_url", "un_framework",
                 "signed_date")


@transaction.atomic
def dwcp_update(*, dwcp: Dwcp, user: User | None, data: dict[str, Any], reason: str = "") -> Dwcp:
    """Change a DWCP's description, period or UN links (not its country or status: statuses
    change through :func:`dwcp_transition`)."""
    _require_change(user, dwcp)
    locked = _lock_country(dwcp.country_id)
    current = locked[dwcp.pk]
    changed = _apply(current, data, DWCP_EDITABLE)
    validate_period(current.start_year, current.end_year)
    if {"start_year", "end_year"} & set(changed):
        if current.status in IN_FORCE:
            _check_no_overlap(current, locked.values())
        _check_links_in_period(current)
    outcomes = list(data["un_outcomes"]) if "un_outcomes" in data else None
    _check_un_links(country_id=current.country_id, un_framework=current.un_framework,
                    un_outcomes=outcomes if outcomes is not None else
                    current.un_outcomes.select_related("framework"))
    validate_model(current)
    outcomes_changed = (outcomes is not None and
                        {o.pk for o in outcomes} != set(current.un_outcomes.values_list(
                            "pk", flat=True)))
    if changed or outcomes_changed:
        attribute(current, user=user, reason=reason)
        if outcomes_changed:
            current.un_outcomes.set(outcomes)  # type: ignore[arg-type]  # changed: not None
        # The history row records who and why, also when only the UN outcome links changed.
        current.save(update_fields=[*changed, "updated_at"])
    return current


@transaction.atomic
def dwcp_delete(*, dwcp: Dwcp, user: User | None) -> None:
    """Delete a DWCP still in preparation (later ones are part of the record)."""
    _require_change(user, dwcp)
    if dwcp.status != DwcpStatus.IN_PREPARATION:
        raise ApplicationError(_("Only a DWCP in preparation can be deleted; this one is %(s)s.")
                               % {"s": dwcp.get_status_display()})
    attribute(dwcp, user=user)
    dwcp.delete()


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
    _require_view(user, dwcp)
    locked = _lock_country(dwcp.country_id)
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
        if current.signed_date is None:
            current.signed_date = effective_date
            update_fields.append("signed_date")
    if to_status in IN_FORCE:
        _check_no_overlap(current, locked.values())
    current.status = to_status
    current.status_changed_on = effective_date
    reason = format_lazy("{}: {} → {}", _("Status"), from_label, DwcpStatus(to_status).label)
    attribute(current, user=user, reason=f"{reason}. {note}".strip() if note else str(reason))
    current.save(update_fields=update_fields)
    change = DwcpStatusChange.objects.create(
        dwcp=current, from_status=from_status, to_status=to_status,
        effective_date=effective_date, note=note,
        changed_by=user if getattr(user, "is_authenticated", False) else None)
    # Keep the caller's object in step with the database.
    for name in ("status", "status_changed_on", "signed_date", "updated_at"):
        setattr(dwcp, name, getattr(current, name))
    return change


# --- signatories and committee members ------------------------------------------------------

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
    _require_change(user, dwcp)
    dwcp_check_party(dwcp=dwcp, party=party, constituent=constituent)
    obj = Signatory(dwcp=dwcp, party=party, constituent=constituent, name=name,
                    position=position, signed_date=signed_date)
    validate_model(obj)
    attribute(obj, user=user)
    obj.save()
    return obj


@transaction.atomic
def signatory_update(*, signatory: Signatory, user: User | None, data: dict[str, Any],
                     reason: str = "") -> Signatory:
    _require_change(user, signatory)
    changed = _apply(signatory, data, SIGNATORY_FIELDS)
    dwcp_check_party(dwcp=signatory.dwcp, party=signatory.party, constituent=signatory.constituent)
    validate_model(signatory)
    if changed:
        attribute(signatory, user=user, reason=reason)
        signatory.save(update_fields=[*changed, "updated_at"])
    return signatory


@transaction.atomic
def signatory_delete(*, signatory: Signatory, user: User | None) -> None:
    _require_change(user, signatory)
    if signatory.dwcp.status not in (DwcpStatus.IN_PREPARATION, DwcpStatus.QUALITY_APPRAISAL):
        raise ApplicationError(_("The DWCP is signed; its signatories are part of the record "
                                 "and cannot be removed."))
    attribute(signatory, user=user)
    signatory.delete()


MEMBER_FIELDS = ("party", "constituent", "name", "position", "since", "until")


@transaction.atomic
def committee_member_create(*, user: User | None, dwcp: Dwcp, party: str, name: str,
                            constituent: Constituent | None = None, position: str = "",
                            since: dt.date | None = None,
                            until: dt.date | None = None) -> SteeringCommitteeMember:
    """Seat a member of the tripartite steering committee for a group (or the ILO)."""
    _require_change(user, dwcp)
    dwcp_check_party(dwcp=dwcp, party=party, constituent=constituent)
    _check_dates(since, until)
    obj = SteeringCommitteeMember(dwcp=dwcp, party=party, constituent=constituent, name=name,
                                  position=position, since=since, until=until)
    validate_model(obj)
    attribute(obj, user=user)
    obj.save()
    return obj


@transaction.atomic
def committee_member_update(*, member: SteeringCommitteeMember, user: User | None,
                            data: dict[str, Any],
                            reason: str = "") -> SteeringCommitteeMember:
    _require_change(user, member)
    changed = _apply(member, data, MEMBER_FIELDS)
    dwcp_check_party(dwcp=member.dwcp, party=member.party, constituent=member.constituent)
    _check_dates(member.since, member.until)
    validate_model(member)
    if changed:
        attribute(member, user=user, reason=reason)
        member.save(update_fields=[*changed, "updated_at"])
    return member


@transaction.atomic
def committee_member_delete(*, member: SteeringCommitteeMember, user: User | None) -> None:
    _require_change(user, member)
    attribute(member, user=user)
    member.delete()


# --- meetings and decisions -----------------------------------------------------------------

MEETING_FIELDS = ("date", "location", "summary")


@transaction.atomic
def committee_meeting_create(*, user: User | None, dwcp: Dwcp, date: dt.date, location: str = "",
                             summary: str = "") -> SteeringCommitteeMeeting:
    _require_change(user, dwcp)
    if date is None:
        raise ApplicationError(field_errors={"date": [_("Enter the date of the meeting.")]})
    obj = SteeringCommitteeMeeting(dwcp=dwcp, date=date, location=location, summary=summary)
    validate_model(obj)
    attribute(obj, user=user)
    obj.save()
    return obj


@transaction.atomic
def committee_meeting_update(*, meeting: SteeringCommitteeMeeting, user: User | None,
                             data: dict[str, Any],
                             reason: str = "") -> SteeringCommitteeMeeting:
    _require_change(user, meeting)
    changed = _apply(meeting, data, MEETING_FIELDS)
    validate_model(meeting)
    late = [d for d in meeting.decisions.all() if d.due_date and d.due_date < meeting.date]
    if late:
        raise ApplicationError(field_errors={"date": [
            _("A decision of this meeting is due before this date (%(due)s).")
            % {"due": late[0].due_date}]})
    if changed:
        attribute(meeting, user=user, reason=reason)
        meeting.save(update_fields=[*changed, "updated_at"])
    return meeting


@transaction.atomic
def committee_meeting_delete(*, meeting: SteeringCommitteeMeeting, user: User | None) -> None:
    _require_change(user, meeting)
    attribute(meeting, user=user)
    meeting.delete()


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
    _require_change(user, meeting)
    _check_due(meeting, due_date)
    obj = SteeringCommitteeDecision(meeting=meeting, text=text, responsible=responsible,
                                    due_date=due_date, status=status)
    validate_model(obj)
    attribute(obj, user=user)
    obj.save()
    return obj


@transaction.atomic
def committee_decision_update(*, decision: SteeringCommitteeDecision, user: User | None,
                              data: dict[str, Any],
                              reason: str = "") -> SteeringCommitteeDecision:
    _require_change(user, decision)
    changed = _apply(decision, data, DECISION_FIELDS)
    _check_due(decision.meeting, decision.due_date)
    validate_model(decision)
    if changed:
        attribute(decision, user=user, reason=reason)
        decision.save(update_fields=[*changed, "updated_at"])
    return decision


@transaction.atomic
def committee_decision_delete(*, decision: SteeringCommitteeDecision, user: User | None) -> None:
    _require_change(user, decision)
    attribute(decision, user=user)
    decision.delete()
