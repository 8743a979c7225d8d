"""The rules of DWCPs and their results framework, as the services apply them: the period,
no overlap in force, dates in order, unique codes, signatories fitting their party, P&B links
inside the period, the audited lifecycle and who may make each step. A refused write leaves
nothing behind."""
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from constituents.models import ConstituentType
from core.errors import ApplicationError
from programmes.models import (
    Biennium,
    CountryProgrammeOutcome,
    CpoOutcomeLink,
    Dwcp,
    DwcpStatus,
    DwcpStatusChange,
    PBOutcome,
    Signatory,
)
from programmes.services import dwcp as services
from programmes.services import framework as fw
from tests.constituents.factories import ConstituentFactory
from tests.factories import country
from tests.programmes.factories import CountryPriorityFactory, CpoFactory, DwcpFactory
from tests.programmes.factories_appraisal import appraise_passed

pytestmark = pytest.mark.django_db

D = dt.date


def _errors(exc) -> dict:
    if isinstance(exc, ApplicationError):
        return exc.field_errors
    return exc.message_dict


def _sign_all(dwcp, iso3="ALB"):
    """Signatories for the government, the employers, the workers and the ILO."""
    c = country(iso3)
    for party, kind in (("government", ConstituentType.LABOUR_MINISTRY),
                        ("employers", ConstituentType.EMPLOYERS),
                        ("workers", ConstituentType.WORKERS)):
        Signatory.objects.create(dwcp=dwcp, party=party, name=f"{party} signatory",
                                 constituent=ConstituentFactory(country=c, type=kind))
    Signatory.objects.create(dwcp=dwcp, party="ilo", name="ILO Director")


def _spf(code: str) -> PBOutcome:
    return PBOutcome.objects.get(framework__code="SPF 2010-15", code=code)


# --- period -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "end"), [(2012, 2013), (2012, 2017)])
def test_a_dwcp_may_run_two_to_six_years(field_user, start, end):
    dwcp = services.dwcp_create(user=field_user, country=country("ALB"), title="DWCP",
                                start_year=start, end_year=end)
    assert dwcp.status == DwcpStatus.IN_PREPARATION


@pytest.mark.parametrize(("start", "end", "words"), [
    (2012, 2012, "2 to 6 years"), (2012, 2018, "2 to 6 years"),
    (2016, 2012, "must not be before")])
def test_a_period_outside_two_to_six_years_or_reversed_is_refused_on_the_last_year(
        field_user, start, end, words):
    with pytest.raises(ApplicationError) as info:
        services.dwcp_create(user=field_user, country=country("ALB"), title="DWCP",
                             start_year=start, end_year=end)
    assert words in info.value.field_errors["end_year"][0]
    assert not Dwcp.objects.exists()


def test_field_staff_may_not_create_a_dwcp_for_another_country(field_user):
    with pytest.raises(PermissionDenied):
        services.dwcp_create(user=field_user, country=country("KEN"), title="DWCP",
                             start_year=2012, end_year=2016)
    assert not Dwcp.objects.exists()


def test_managers_cannot_create_a_dwcp(manager_user):
    with pytest.raises(PermissionDenied):
        services.dwcp_create(user=manager_user, country=country("ALB"), title="DWCP",
                             start_year=2012, end_year=2016)


# --- overlap of DWCPs in force ------------------------------------------------------------------

def test_signing_a_dwcp_that_overlaps_one_in_force_is_refused(manager_user):
    DwcpFactory(start_year=2012, end_year=2016, status=DwcpStatus.ACTIVE)
    new = DwcpFactory(start_year=2016, end_year=2019, status=DwcpStatus.QUALITY_APPRAISAL)
    _sign_all(new)
    appraise_passed(dwcp=new)
    with pytest.raises(ApplicationError) as info:
        services.dwcp_transition(dwcp=new, to_status=DwcpStatus.ACTIVE,
                                 effective_date=D(2016, 3, 1), user=manager_user)
    assert "2012–2016" in info.value.message
    assert "end_year" in info.value.field_errors
    new.refresh_from_db()
    assert new.status == DwcpStatus.QUALITY_APPRAISAL
    assert not DwcpStatusChange.objects.filter(dwcp=new).exists()


def test_a_dwcp_may_follow_or_overlap_one_no_longer_in_force(manager_user):
    DwcpFactory(start_year=2012, end_year=2016, status=DwcpStatus.COMPLETED)
    DwcpFactory(start_year=2017, end_year=2020, status=DwcpStatus.ACTIVE,
                country=country("ALB"))
    new = DwcpFactory(start_year=2015, end_year=2016, status=DwcpStatus.QUALITY_APPRAISAL)
    _sign_all(new)
    appraise_passed(dwcp=new)
    services.dwcp_transition(dwcp=new, to_status=DwcpStatus.ACTIVE,
                             effective_date=D(2015, 2, 1), user=manager_user)
    assert Dwcp.objects.get(pk=new.pk).status == DwcpStatus.ACTIVE


def test_dwcps_of_different_countries_may_overlap(manager_user):
    DwcpFactory(start_year=2012, end_year=2016, status=DwcpStatus.ACTIVE,
                country=country("KEN"))
    new = DwcpFactory(start_year=2012, end_year=2016, status=DwcpStatus.QUALITY_APPRAISAL)
    _sign_all(new)
    appraise_passed(dwcp=new)
    services.dwcp_transition(dwcp=new, to_status=DwcpStatus.ACTIVE,
                             effective_date=D(2012, 5, 1), user=manager_user)
    assert Dwcp.objects.get(pk=new.pk).status == DwcpStatus.ACTIVE


def test_moving_the_period_of_a_dwcp_in_force_onto_another_is_refused(field_user):
    DwcpFactory(start_year=2012, end_year=2016, status=DwcpStatus.ACTIVE)
    later = DwcpFactory(start_year=2017, end_year=2020, status=DwcpStatus.ACTIVE)
    with pytest.raises(ApplicationError) as info:
        services.dwcp_update(dwcp=later, user=field_user, data={"start_year": 2016})
    assert "end_year" in info.value.field_errors
    later.refresh_from_db()
    assert later.start_year == 2017


# --- dates in order ---------------------------------------------------------------------------

def test_a_status_change_cannot_be_dated_before_the_previous_one(field_user):
    dwcp = DwcpFactory(status_changed_on=D(2012, 6, 1))
    with pytest.raises(ApplicationError) as info:
        services.dwcp_transition(dwcp=dwcp, to_status=DwcpStatus.QUALITY_APPRAISAL,
                                 effective_date=D(2012, 5, 31), user=field_user)
    assert "2012-06-01" in info.value.field_errors["effective_date"][0]
    assert Dwcp.objects.get(pk=dwcp.pk).status == DwcpStatus.IN_PREPARATION


def test_a_committee_member_cannot_leave_before_joining(field_user):
    dwcp = DwcpFactory()
    with pytest.raises(ApplicationError) as info:
        services.committee_member_create(user=field_user, dwcp=dwcp, party="ilo",
                                         name="A. Person", since=D(2014, 1, 1),
                                         until=D(2013, 1, 1))
    assert "until" in info.value.field_errors


def test_a_decision_cannot_be_due_before_its_meeting(field_user):
    meeting = services.committee_meeting_create(user=field_user, dwcp=DwcpFactory(),
                                                date=D(2014, 3, 1))
    with pytest.raises(ApplicationError) as info:
        services.committee_decision_create(user=field_user, meeting=meeting, text="Act",
                                           due_date=D(2014, 2, 1))
    assert "due_date" in info.value.field_errors


# --- signatories --------------------------------------------------------------------------------

def test_an_employers_signatory_must_be_an_employers_organization(field_user):
    dwcp = DwcpFactory()
    union = ConstituentFactory(type=ConstituentType.WORKERS, name="Confederation of Trade "
                                                                  "Unions of Albania")
    with pytest.raises(ApplicationError) as info:
        services.signatory_create(user=field_user, dwcp=dwcp, party="employers",
                                  name="B. Employer", constituent=union)
    message = info.value.field_errors["constituent"][0]
    assert "workers' organization" in message and "employers' organization" in message
    assert not Signatory.objects.exists()


def test_a_signatory_organization_must_be_of_the_dwcps_country(field_user):
    dwcp = DwcpFactory()
    kenyan = ConstituentFactory(type=ConstituentType.EMPLOYERS, country=country("KEN"))
    with pytest.raises(ApplicationError) as info:
        services.signatory_create(user=field_user, dwcp=dwcp, party="employers",
                                  name="B. Employer", constituent=kenyan)
    assert "Kenya" in info.value.field_errors["constituent"][0]


def test_the_ilo_signs_without_an_organization(field_user):
    dwcp = DwcpFactory()
    ministry = ConstituentFactory(type=ConstituentType.LABOUR_MINISTRY)
    with pytest.raises(ApplicationError):
        services.signatory_create(user=field_user, dwcp=dwcp, party="ilo", name="ILO",
                                  constituent=ministry)
    signatory = services.signatory_create(user=field_user, dwcp=dwcp, party="ilo",
                                          name="ILO Director")
    assert signatory.constituent is None


def test_government_and_workers_signatories_fitting_their_party_are_recorded(field_user):
    dwcp = DwcpFactory()
    inspectorate = ConstituentFactory(type=ConstituentType.LABOUR_INSPECTORATE)
    union = ConstituentFactory(type=ConstituentType.WORKERS)
    services.signatory_create(user=field_user, dwcp=dwcp, party="government", name="Minister",
                              constituent=inspectorate)
    services.signatory_create(user=field_user, dwcp=dwcp, party="workers", name="Leader",
                              constituent=union)
    assert dwcp.signatories.count() == 2


# --- lifecycle ----------------------------------------------------------------------------------

def test_the_whole_lifecycle_is_dated_attributed_and_kept_in_history(
        field_user, manager_user):
    dwcp = DwcpFactory()
    _sign_all(dwcp)
    steps = [(field_user, DwcpStatus.QUALITY_APPRAISAL, D(2012, 2, 1)),
             (manager_user, DwcpStatus.ACTIVE, D(2012, 3, 1)),
             (field_user, DwcpStatus.UNDER_REVIEW, D(2014, 6, 1)),
             (manager_user, DwcpStatus.ACTIVE, D(2014, 9, 1)),
             (field_user, DwcpStatus.UNDER_REVIEW, D(2016, 6, 1)),
             (field_user, DwcpStatus.COMPLETED, D(2016, 12, 31)),
             (manager_user, DwcpStatus.EVALUATED, D(2017, 5, 1))]
    for user, to_status, date in steps:
        services.dwcp_transition(dwcp=dwcp, to_status=to_status, effective_date=date,
                                 user=user, note=f"to {to_status}")
        if to_status == DwcpStatus.QUALITY_APPRAISAL:
            appraise_passed(dwcp=dwcp, user=manager_user)  # before it may be signed
    dwcp.refresh_from_db()
    assert dwcp.status == DwcpStatus.EVALUATED
    assert dwcp.status_changed_on == D(2017, 5, 1)
    assert dwcp.signed_date == D(2012, 3, 1)
    changes = list(DwcpStatusChange.objects.filter(dwcp=dwcp).order_by("recorded_at", "id"))
    assert [(c.to_status, c.effective_date, c.changed_by) for c in changes] == [
        (s, d, u) for u, s, d in steps]
    latest = dwcp.history.order_by("-history_date").first()
    assert latest.history_user == manager_user
    assert "Completed → Evaluated" in latest.history_change_reason


@pytest.mark.parametrize(("status", "to_status", "who"), [
    (DwcpStatus.QUALITY_APPRAISAL, DwcpStatus.ACTIVE, "field"),
    (DwcpStatus.COMPLETED, DwcpStatus.EVALUATED, "field"),
    (DwcpStatus.IN_PREPARATION, DwcpStatus.QUALITY_APPRAISAL, "manager"),
    (DwcpStatus.QUALITY_APPRAISAL, DwcpStatus.ACTIVE, "actemp"),
])
def test_only_the_right_role_may_make_a_step(field_user, manager_user, actemp_user, status,
                                             to_status, who):
    user = {"field": field_user, "manager": manager_user, "actemp": actemp_user}[who]
    dwcp = DwcpFactory(status=status)
    _sign_all(dwcp)
    with pytest.raises(ApplicationError) as info:
        services.dwcp_transition(dwcp=dwcp, to_status=to_status,
                                 effective_date=D(2013, 1, 1), user=user)
    assert info.value.message.startswith("Only ")
    assert Dwcp.objects.get(pk=dwcp.pk).status == status
    assert not DwcpStatusChange.objects.exists()


def test_field_staff_of_another_country_cannot_move_a_dwcp(field_user_africa):
    dwcp = DwcpFactory()
    with pytest.raises(PermissionDenied):
        services.dwcp_transition(dwcp=dwcp, to_status=DwcpStatus.QUALITY_APPRAISAL,
                                 effective_date=D(2013, 1, 1), user=field_user_africa)


def test_a_step_out_of_order_is_refused_with_the_next_steps(field_user):
    dwcp = DwcpFactory()
    with pytest.raises(ApplicationError) as info:
        services.dwcp_transition(dwcp=dwcp, to_status=DwcpStatus.COMPLETED,
                                 effective_date=D(2013, 1, 1), user=field_user)
    assert "Quality appraisal" in info.value.message


def test_signing_needs_all_four_signatories(manager_user):
    dwcp = DwcpFactory(status=DwcpStatus.QUALITY_APPRAISAL)
    Signatory.objects.create(dwcp=dwcp, party="ilo", name="ILO Director")
    with pytest.raises(ApplicationError) as info:
        services.dwcp_transition(dwcp=dwcp, to_status=DwcpStatus.ACTIVE,
                                 effective_date=D(2013, 1, 1), user=manager_user)
    assert "Government" in info.value.message and "Workers' organization" in info.value.message


def test_returning_to_preparation_needs_a_note(manager_user):
    dwcp = DwcpFactory(status=DwcpStatus.QUALITY_APPRAISAL)
    with pytest.raises(ApplicationError) as info:
        services.dwcp_transition(dwcp=dwcp, to_status=DwcpStatus.IN_PREPARATION,
                                 effective_date=D(2013, 1, 1), user=manager_user)
    assert "note" in info.value.field_errors
    services.dwcp_transition(dwcp=dwcp, to_status=DwcpStatus.IN_PREPARATION,
                             effective_date=D(2013, 1, 1), user=manager_user,
                             note="Indicators lack baselines.")
    assert Dwcp.objects.get(pk=dwcp.pk).status == DwcpStatus.IN_PREPARATION


def test_next_steps_offer_each_user_only_their_own(field_user, manager_user):
    dwcp = DwcpFactory(status=DwcpStatus.QUALITY_APPRAISAL)
    assert services.dwcp_next_steps(dwcp=dwcp, user=field_user) == []
    assert {t.to_status for t in services.dwcp_next_steps(dwcp=dwcp, user=manager_user)} == {
        DwcpStatus.ACTIVE, DwcpStatus.IN_PREPARATION}


# --- results framework --------------------------------------------------------------------------

def test_cpo_codes_are_unique_within_a_dwcp_whatever_the_case(field_user):
    priority = CountryPriorityFactory()
    fw.cpo_create(dwcp=priority.dwcp, priority=priority, code="ALB101", title="Jobs",
                  user=field_user)
    with pytest.raises(ApplicationError) as info:
        fw.cpo_create(dwcp=priority.dwcp, priority=priority, code="alb101", title="More",
                      user=field_user)
    assert "already used" in info.value.field_errors["code"][0]
    other = CountryPriorityFactory(dwcp=DwcpFactory(start_year=2017, end_year=2021))
    fw.cpo_create(dwcp=other.dwcp, priority=other, code="ALB101", title="Jobs",
                  user=field_user)
    assert CountryProgrammeOutcome.objects.filter(code__iexact="ALB101").count() == 2


def test_a_cpo_links_to_an_outcome_of_each_biennium_in_the_period(field_user):
    priority = CountryPriorityFactory()  # DWCP 2012–2016
    b12, b14 = Biennium.objects.get(start_year=2012), Biennium.objects.get(start_year=2014)
    cpo = fw.cpo_create(dwcp=priority.dwcp, priority=priority, code="ALB101", title="Jobs",
                        outcome_links={b12: _spf("1"), b14: _spf("2")}, user=field_user,
                        reason="From the DWCP document")
    assert {(x.biennium.code, x.pb_outcome.code) for x in cpo.outcome_links.all()} == {
        ("2012-13", "1"), ("2014-15", "2")}
    link = CpoOutcomeLink.objects.get(cpo=cpo, biennium=b12)
    assert link.history.first().history_user == field_user


def test_a_link_in_a_biennium_outside_the_period_writes_nothing(field_user):
    priority = CountryPriorityFactory()  # DWCP 2012–2016
    b10, b12 = Biennium.objects.get(start_year=2010), Biennium.objects.get(start_year=2012)
    with pytest.raises(ApplicationError) as info:
        fw.cpo_create(dwcp=priority.dwcp, priority=priority, code="ALB101", title="Jobs",
                      outcome_links={b12: _spf("1"), b10: _spf("1")}, user=field_user)
    assert "outside the DWCP period 2012–2016" in info.value.field_errors["pb_2010"][0]
    assert not CountryProgrammeOutcome.objects.exists()
    assert not CpoOutcomeLink.objects.exists()


def test_a_link_to_an_outcome_of_another_framework_is_refused(field_user):
    priority = CountryPriorityFactory(dwcp=DwcpFactory(start_year=2018, end_year=2021))
    b20 = Biennium.objects.get(start_year=2020)
    with pytest.raises(ApplicationError) as info:
        fw.cpo_create(dwcp=priority.dwcp, priority=priority, code="ALB101", title="Jobs",
                      outcome_links={b20: _spf("1")}, user=field_user)
    assert "P&B 2020-21" in info.value.field_errors["pb_2020"][0]
    assert not CountryProgrammeOutcome.objects.exists()


def test_several_broken_rules_are_reported_together(field_user):
    cpo = CpoFactory(code="ALB101")
    b10 = Biennium.objects.get(start_year=2010)
    with pytest.raises(ApplicationError) as info:
        fw.cpo_create(dwcp=cpo.dwcp, priority=cpo.priority, code="ALB101", title="Again",
                      planned_resources=-5, outcome_links={b10: _spf("1")}, user=field_user)
    assert set(info.value.field_errors) == {"code", "planned_resources", "pb_2010"}


def test_shortening_a_dwcp_below_a_linked_biennium_is_refused(field_user):
    cpo = CpoFactory(code="ALB101")  # DWCP 2012–2016
    fw.cpo_set_outcome_links(cpo=cpo, links={Biennium.objects.get(start_year=2014):
                                             _spf("3")}, user=field_user)
    with pytest.raises(ApplicationError) as info:
        services.dwcp_update(dwcp=cpo.dwcp, user=field_user,
                             data={"start_year": 2016, "end_year": 2019})
    assert "ALB101" in info.value.field_errors["start_year"][0]
    assert Dwcp.objects.get(pk=cpo.dwcp_id).start_year == 2012


def test_framework_writes_are_refused_outside_the_users_countries(field_user_africa,
                                                                  manager_user):
    priority = CountryPriorityFactory()
    for user in (field_user_africa, manager_user):
        with pytest.raises(PermissionDenied):
            fw.priority_create(dwcp=priority.dwcp, code="9", title="Other", user=user)
        with pytest.raises(PermissionDenied):
            fw.cpo_create(dwcp=priority.dwcp, priority=priority, code="X1", title="X",
                          user=user)
    assert priority.dwcp.priorities.count() == 1


def test_a_priority_with_cpos_cannot_be_deleted(field_user):
    cpo = CpoFactory()
    with pytest.raises(ApplicationError):
        fw.priority_delete(priority=cpo.priority, user=field_user)
    fw.cpo_delete(cpo=cpo, user=field_user, reason="Merged")
    fw.priority_delete(priority=cpo.priority, user=field_user)
    assert not Dwcp.objects.get(pk=cpo.dwcp_id).priorities.exists()
