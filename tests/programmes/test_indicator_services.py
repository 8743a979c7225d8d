"""Results monitoring writes: indicators, milestones and revisions, progress updates and
their approval workflow, closing a biennium."""
import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connections, transaction

from core.errors import ApplicationError
from core.roles import Role
from programmes.models import (
    BiennialMilestone,
    Biennium,
    Indicator,
    IndicatorRevision,
    ProgressUpdate,
    Unit,
    UpdateStatus,
)
from programmes.services import indicators as svc
from tests.concurrency import backend_pid, wait_until_blocked
from tests.factories import UserFactory, country
from tests.programmes.factories import CpoFactory, OutputFactory

pytestmark = pytest.mark.django_db

D = Decimal


def b(code: str) -> Biennium:
    return Biennium.objects.get(code=code)


@pytest.fixture
def cpo():
    return CpoFactory(code="ALB101")


@pytest.fixture
def colleague(db):
    return UserFactory(username="field.alb.2", role=Role.FIELD_STAFF, countries=[country("ALB")])


@pytest.fixture
def indicator(cpo, field_user):
    return svc.indicator_create(
        user=field_user, cpo=cpo, title="Collective agreements registered",
        baseline_value=D("10"), baseline_year=2011, target_value=D("40"), target_year=2016,
        milestones={b("2012-13"): (D("20"), ""), b("2014-15"): (D("30"), "")})


def _error_fields(excinfo) -> set[str]:
    return set(excinfo.value.field_errors)


# --- indicators ----------------------------------------------------------------------------

def test_indicator_codes_follow_the_cpo_and_number_on(cpo, field_user, indicator):
    assert indicator.code == "ALB101.1"
    second = svc.indicator_create(user=field_user, cpo=cpo, title="Inspections per year")
    assert second.code == "ALB101.2"
    assert [m.biennium.code for m in indicator.milestones.order_by("biennium__start_year")] == [
        "2012-13", "2014-15"]


def test_indicator_code_must_be_unique_and_of_the_cpo(cpo, field_user, indicator):
    with pytest.raises(ApplicationError) as excinfo:
        svc.indicator_create(user=field_user, cpo=cpo, title="Again", code="ALB101.1")
    assert "exists already" in excinfo.value.message
    with pytest.raises(ApplicationError) as excinfo:
        svc.indicator_create(user=field_user, cpo=cpo, title="Wrong", code="MDA101.1")
    assert _error_fields(excinfo) == {"code"}


@pytest.mark.parametrize(("fields", "field"), [
    ({"unit": Unit.PERCENTAGE, "cumulative": True}, "cumulative"),
    ({"target_value": D("5"), "target_increase_pct": D("10"), "baseline_value": D("1")},
     "target_increase_pct"),
    ({"target_increase_pct": D("10")}, "target_increase_pct"),
    ({"unit": Unit.PERCENTAGE, "target_value": D("120")}, "target_value"),
    ({"unit": Unit.QUALITATIVE, "target_value": D("3")}, "target_value"),
    ({"target_year": 2030}, "target_year"),
    ({"unit": Unit.NUMBER, "numerator_label": "workers covered"}, "numerator_label"),
])
def test_invalid_indicators_are_refused_with_the_field_and_nothing_written(
        cpo, field_user, fields, field):
    with pytest.raises(ApplicationError) as excinfo:
        svc.indicator_create(user=field_user, cpo=cpo, title="An indicator",
                             milestones={b("2012-13"): (D("1"), "")}, **fields)
    assert field in _error_fields(excinfo)
    assert not Indicator.objects.exists()
    assert not BiennialMilestone.objects.exists()


def test_target_as_increase_over_baseline(cpo, field_user):
    indicator = svc.indicator_create(user=field_user, cpo=cpo, title="Members",
                                     baseline_value=D("200"), target_increase_pct=D("25"))
    assert indicator.end_target == D("250")


def test_milestone_outside_the_dwcp_period_is_refused(cpo, field_user):
    with pytest.raises(ApplicationError) as excinfo:
        svc.indicator_create(user=field_user, cpo=cpo, title="X",
                             milestones={b("2020-21"): (D("1"), "")})
    assert "outside the DWCP period" in excinfo.value.message
    assert not Indicator.objects.exists()


def test_output_must_belong_to_the_cpo(cpo, field_user):
    other_output = OutputFactory()
    with pytest.raises(ApplicationError) as excinfo:
        svc.indicator_create(user=field_user, cpo=cpo, title="X", output=other_output)
    assert _error_fields(excinfo) == {"output"}


def test_field_staff_of_another_country_may_not_add_indicators(cpo, field_user_africa):
    with pytest.raises(PermissionDenied):
        svc.indicator_create(user=field_user_africa, cpo=cpo, title="X")


def test_revising_a_target_needs_a_reason_and_keeps_the_old_value(indicator, field_user):
    with pytest.raises(ApplicationError) as excinfo:
        svc.indicator_update(user=field_user, indicator=indicator, data={"target_value": D("50")})
    assert _error_fields(excinfo) == {"reason"}
    indicator.refresh_from_db()
    assert indicator.target_value == D("40")

    svc.indicator_update(user=field_user, indicator=indicator, data={"target_value": D("50")},
                         reason="New labour code widens coverage")
    revision = IndicatorRevision.objects.get(indicator=indicator)
    assert (revision.kind, revision.old_value, revision.new_value) == (
        "target", D("40"), D("50"))
    assert revision.reason == "New labour code widens coverage"
    assert revision.revised_by == field_user
    assert indicator.history.first().history_change_reason == "New labour code widens coverage"


def test_editing_plain_fields_needs_no_reason(indicator, field_user):
    svc.indicator_update(user=field_user, indicator=indicator,
                         data={"means_of_verification": "Ministry register"})
    assert not IndicatorRevision.objects.exists()


def test_revising_a_milestone_keeps_the_old_value(indicator, field_user):
    with pytest.raises(ApplicationError):
        svc.milestone_set(user=field_user, indicator=indicator, biennium=b("2012-13"),
                          value=D("25"))
    svc.milestone_set(user=field_user, indicator=indicator, biennium=b("2012-13"),
                      value=D("25"), reason="Faster ratification")
    assert indicator.milestones.get(biennium__code="2012-13").value == D("25")
    revision = IndicatorRevision.objects.get()
    assert (revision.kind, revision.biennium.code, revision.old_value) == (
        "milestone", "2012-13", D("20"))
    # Setting a milestone for a biennium without one is not a revision.
    svc.milestone_set(user=field_user, indicator=indicator, biennium=b("2016-17"),
                      value=D("40"))
    assert IndicatorRevision.objects.count() == 1


# --- progress updates ----------------------------------------------------------------------

def test_update_workflow_draft_submit_approve(indicator, field_user, colleague):
    update = svc.progress_update_create(user=field_user, indicator=indicator,
                                        date=dt.date(2013, 6, 30), value=D("18"))
    assert update.status == UpdateStatus.DRAFT
    svc.progress_update_submit(user=field_user, update=update)
    approved = svc.progress_update_approve(user=colleague, update=update)
    assert approved.status == UpdateStatus.APPROVED
    assert approved.decided_by == colleague
    assert approved.approval_seq == 1
    history = [h.history_change_reason for h in approved.history.order_by("history_id")]
    assert history[-2:] == ["Submitted for approval", "Approved"]


def test_the_submitter_may_not_approve_their_own_update(indicator, field_user):
    update = svc.progress_update_create(user=field_user, indicator=indicator,
                                        date=dt.date(2013, 6, 30), value=D("18"), submit=True)
    with pytest.raises(ApplicationError) as excinfo:
        svc.progress_update_approve(user=field_user, update=update)
    assert "someone else" in excinfo.value.message
    update.refresh_from_db()
    assert update.status == UpdateStatus.SUBMITTED


def test_managers_approve_and_field_staff_of_other_countries_do_not(
        indicator, field_user, manager_user, field_user_africa):
    update = svc.progress_update_create(user=field_user, indicator=indicator,
                                        date=dt.date(2013, 6, 30), value=D("18"), submit=True)
    with pytest.raises(PermissionDenied):
        svc.progress_update_approve(user=field_user_africa, update=update)
    assert svc.progress_update_approve(user=manager_user, update=update).status == "approved"


def test_a_returned_update_carries_a_comment_and_can_be_fixed(indicator, field_user, colleague):
    update = svc.progress_update_create(user=field_user, indicator=indicator,
                                        date=dt.date(2013, 6, 30), value=D("180"), submit=True)
    with pytest.raises(ApplicationError) as excinfo:
        svc.progress_update_return(user=colleague, update=update, comment=" ")
    assert _error_fields(excinfo) == {"comment"}
    svc.progress_update_return(user=colleague, update=update, comment="180 looks like a typo")
    update.refresh_from_db()
    assert (update.status, update.return_comment) == ("returned", "180 looks like a typo")
    svc.progress_update_update(user=field_user, update=update, data={"value": D("18")})
    svc.progress_update_submit(user=field_user, update=update)
    assert svc.progress_update_approve(user=colleague, update=update).value == D("18")


def test_approved_updates_are_not_edited(indicator, field_user, colleague):
    update = svc.progress_update_create(user=field_user, indicator=indicator,
                                        date=dt.date(2013, 6, 30), value=D("18"), submit=True)
    svc.progress_update_approve(user=colleague, update=update)
    with pytest.raises(ApplicationError):
        svc.progress_update_update(user=field_user, update=update, data={"value": D("19")})


def test_approval_order_is_recorded_for_ties(indicator, field_user, colleague):
    first = svc.progress_update_create(user=field_user, indicator=indicator,
                                       date=dt.date(2013, 6, 30), value=D("18"), submit=True)
    second = svc.progress_update_create(user=field_user, indicator=indicator,
                                        date=dt.date(2013, 6, 30), value=D("19"), submit=True)
    svc.progress_update_approve(user=colleague, update=second)
    svc.progress_update_approve(user=colleague, update=first)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.approval_seq > second.approval_seq


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"value": None}, "value"),
    ({"value": D("-1")}, "value"),
    ({"date": dt.date(2099, 1, 1)}, "date"),
])
def test_bad_update_values_are_refused(indicator, field_user, kwargs, field):
    arguments = {"date": dt.date(2013, 6, 30), "value": D("18"), **kwargs}
    with pytest.raises(ApplicationError) as excinfo:
        svc.progress_update_create(user=field_user, indicator=indicator, **arguments)
    assert _error_fields(excinfo) == {field}
    assert not ProgressUpdate.objects.exists()


def test_percentage_updates_take_numerator_and_denominator(cpo, field_user):
    indicator = svc.indicator_create(user=field_user, cpo=cpo, title="Share of women",
                                     unit=Unit.PERCENTAGE, numerator_label="women",
                                     denominator_label="members")
    update = svc.progress_update_create(user=field_user, indicator=indicator,
                                        date=dt.date(2013, 1, 1), numerator=D("30"),
                                        denominator=D("120"))
    assert (update.numerator, update.denominator) == (D("30"), D("120"))
    with pytest.raises(ApplicationError) as excinfo:
        svc.progress_update_create(user=field_user, indicator=indicator,
                                   date=dt.date(2013, 1, 1), numerator=D("130"),
                                   denominator=D("120"))
    assert _error_fields(excinfo) == {"numerator"}


def test_qualitative_updates_say_whether_the_milestone_is_reached(cpo, field_user):
    indicator = svc.indicator_create(
        user=field_user, cpo=cpo, title="Monitoring system in place", unit=Unit.QUALITATIVE,
        milestones={b("2012-13"): (None, "A results-based monitoring system in place")})
    with pytest.raises(ApplicationError) as excinfo:
        svc.progress_update_create(user=field_user, indicator=indicator,
                                   date=dt.date(2013, 1, 1))
    assert _error_fields(excinfo) == {"reached"}
    update = svc.progress_update_create(user=field_user, indicator=indicator,
                                        date=dt.date(2013, 1, 1), reached=True)
    assert update.reached is True


def test_disaggregated_values_must_add_up_when_all_categories_are_filled(indicator, field_user):
    with pytest.raises(ApplicationError) as excinfo:
        svc.progress_update_create(user=field_user, indicator=indicator,
                                   date=dt.date(2013, 6, 30), value=D("18"),
                                   disaggregation={"sex": {"women": D("8"), "men": D("9")}})
    assert _error_fields(excinfo) == {"sex"}
    assert not ProgressUpdate.objects.exists()
    # Partly filled: nothing to add up yet.
    update = svc.progress_update_create(user=field_user, indicator=indicator,
                                        date=dt.date(2013, 6, 30), value=D("18"),
                                        disaggregation={"sex": {"women": D("8"), "men": None}})
    assert list(update.disaggregated_values.values_list("category", "value")) == [
        ("women", D("8"))]
    full = svc.progress_update_create(user=field_user, indicator=indicator,
                                      date=dt.date(2013, 6, 30), value=D("18"),
                                      disaggregation={"sex": {"women": D("8"), "men": D("10")}})
    assert full.disaggregated_values.count() == 2


# --- closing a biennium --------------------------------------------------------------------

def test_a_closed_biennium_locks_its_updates_until_reopened_with_a_reason(
        indicator, field_user, colleague, manager_user):
    update = svc.progress_update_create(user=field_user, indicator=indicator,
                                        date=dt.date(2013, 6, 30), value=D("18"), submit=True)
    with pytest.raises(PermissionDenied):
        svc.biennium_close(user=field_user, biennium=b("2012-13"))
    svc.biennium_close(user=manager_user, biennium=b("2012-13"))

    with pytest.raises(ApplicationError) as excinfo:
        svc.progress_update_approve(user=colleague, update=update)
    assert "closed" in excinfo.value.message
    with pytest.raises(ApplicationError):
        svc.progress_update_create(user=field_user, indicator=indicator,
                                   date=dt.date(2012, 3, 1), value=D("12"))
    # Other biennia are not locked.
    svc.progress_update_create(user=field_user, indicator=indicator,
                               date=dt.date(2014, 3, 1), value=D("22"))

    with pytest.raises(ApplicationError) as excinfo:
        svc.biennium_reopen(user=manager_user, biennium=b("2012-13"), reason="")
    assert _error_fields(excinfo) == {"reason"}
    svc.biennium_reopen(user=manager_user, biennium=b("2012-13"),
                        reason="Late evidence from the labour inspectorate")
    assert svc.progress_update_approve(user=colleague, update=update).status == "approved"
    reasons = [h.history_change_reason for h in b("2012-13").history.order_by("history_id")]
    assert reasons[-2:] == ["Biennium closed",
                            "Reopened: Late evidence from the labour inspectorate"]


def test_indicator_save_changes_indicator_and_milestones_together_or_not_at_all(
        indicator, field_user):
    with pytest.raises(ApplicationError):
        # The milestone of 2020-21 lies outside the DWCP: nothing of the save remains.
        svc.indicator_save(user=field_user, indicator=indicator,
                           data={"means_of_verification": "Register"},
                           milestones={b("2020-21"): (D("5"), "")}, reason="Update")
    indicator.refresh_from_db()
    assert indicator.means_of_verification == ""
    svc.indicator_save(user=field_user, indicator=indicator,
                       data={"means_of_verification": "Register"},
                       milestones={b("2012-13"): (D("22"), "")}, reason="Faster pace")
    indicator.refresh_from_db()
    assert indicator.means_of_verification == "Register"
    assert indicator.milestones.get(biennium__code="2012-13").value == D("22")


def test_evidence_files_come_with_the_update_and_not_after_approval(
        indicator, field_user, colleague, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    report = SimpleUploadedFile("register-2013.pdf", b"%PDF-1.4 test", "application/pdf")
    update = svc.progress_update_create(user=field_user, indicator=indicator,
                                        date=dt.date(2013, 6, 30), value=D("18"),
                                        evidence_files=[report], evidence_title="Register")
    assert [e.title for e in update.evidence.all()] == ["Register"]
    svc.progress_update_submit(user=field_user, update=update)
    svc.progress_update_approve(user=colleague, update=update)
    update.refresh_from_db()
    late = SimpleUploadedFile("late.pdf", b"%PDF-1.4", "application/pdf")
    with pytest.raises(ApplicationError):
        svc.evidence_add(user=field_user, update=update, files=[late])
    assert update.evidence.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres("concurrent transactions")
def test_two_managers_approving_at_the_same_moment_both_succeed_in_order(field_user):
    """The second approval waits until the first commits, then takes the next number in the
    order of approvals (they would otherwise take the same one and the second would fail)."""
    updates = []
    for n in (1, 2):  # in two DWCPs, so that nothing else makes one approval wait
        indicator = svc.indicator_create(user=field_user, cpo=CpoFactory(code=f"ALB10{n}"),
                                         title=f"Indicator {n}",
                                         baseline_value=D("0"))
        updates.append(svc.progress_update_create(user=field_user, indicator=indicator,
                                                  date=dt.date(2014, 5, n), value=D(n),
                                                  submit=True))
    managers = [UserFactory(username=f"manager.{n}", role=Role.MANAGER) for n in (1, 2)]
    second_pid: list[int] = []
    errors: list[BaseException] = []
    first_approved = threading.Event()

    def approve(n):
        try:
            with transaction.atomic():
                if n == 1:
                    svc.progress_update_approve(user=managers[0], update=updates[0],
                                                recompute=False)
                    first_approved.set()
                    wait_until_blocked(second_pid)
                else:
                    second_pid.append(backend_pid())
                    svc.progress_update_approve(user=managers[1], update=updates[1],
                                                recompute=False)
        except BaseException as error:  # reported below
            errors.append(error)
            first_approved.set()
        finally:
            connections.close_all()

    one = threading.Thread(target=approve, args=(1,))
    one.start()
    first_approved.wait(10)
    two = threading.Thread(target=approve, args=(2,))
    two.start()
    one.join(30)
    two.join(30)
    assert not errors
    first, second = (ProgressUpdate.objects.get(pk=u.pk) for u in updates)
    assert first.status == second.status == UpdateStatus.APPROVED
    assert second.approval_seq == first.approval_seq + 1
