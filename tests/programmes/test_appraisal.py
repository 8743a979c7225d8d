"""Quality appraisal as the services apply it: the shipped checklists, each automatic
pre-check, who may appraise, the completion and outcome rules, the gates (a DWCP is signed and
a proposal approved only after a passed appraisal), reopening, checklist versions, and the
shares appraised and passed per year."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models.deletion import ProtectedError

from constituents.models import ConstituentType
from core.errors import ApplicationError
from core.roles import Role
from programmes.appraisal_reference import CHECKLISTS
from programmes.models import (
    Appraisal,
    AppraisalChecklist,
    AppraisalCriterion,
    AppraisalOutcome,
    AppraisalRating,
    BiennialMilestone,
    Biennium,
    Convention,
    Dwcp,
    DwcpStatus,
    DwcpStatusChange,
    FundingAgreement,
    Indicator,
    NationalDevelopmentPlan,
    NationalPriority,
    ProjectStage,
    ReportingDate,
    Signatory,
    SteeringCommitteeMember,
)
from programmes.selectors.appraisal import appraisal_shares_by_year
from programmes.services import appraisal as services
from programmes.services import dwcp as dwcp_services
from tests.constituents.factories import ConstituentFactory
from tests.factories import UserFactory, country
from tests.programmes.factories import (
    CpoFactory,
    DwcpFactory,
    ProjectFactory,
    ProjectFundingFactory,
    ProjectOutcomeLinkFactory,
    UNFrameworkFactory,
    UNFrameworkOutcomeFactory,
)
from tests.programmes.factories_appraisal import appraise, appraise_passed

pytestmark = pytest.mark.django_db

D = dt.date
P = services.PRECHECKS


@pytest.fixture
def partnerships_user(db):
    return UserFactory(username="pardev", role=Role.PARTNERSHIPS)


def _draft(**kwargs):
    return DwcpFactory(status=DwcpStatus.QUALITY_APPRAISAL, **kwargs)


def _sign_all(dwcp):
    for party, kind in (("government", ConstituentType.LABOUR_MINISTRY),
                        ("employers", ConstituentType.EMPLOYERS),
                        ("workers", ConstituentType.WORKERS)):
        Signatory.objects.create(dwcp=dwcp, party=party, name=party,
                                 constituent=ConstituentFactory(type=kind))
    Signatory.objects.create(dwcp=dwcp, party="ilo", name="ILO")


def _indicator(cpo, code, **values):
    return Indicator.objects.create(cpo=cpo, code=code, title=f"Indicator {code}", **values)


# --- the shipped checklists ---------------------------------------------------------------------

def test_version_1_of_both_checklists_is_in_use_with_its_criteria_in_order():
    for subject, data in CHECKLISTS.items():
        checklist = AppraisalChecklist.objects.get(subject=subject, is_active=True)
        assert checklist.version == 1
        criteria = list(checklist.criteria.order_by("order"))
        assert [c.code for c in criteria] == [row[0] for row in data["criteria"]]
        for c in criteria:
            assert c.text and c.guidance
            assert c.precheck == "" or c.precheck in P
            assert c.precheck == "" or c.precheck.startswith(f"{subject}.")


def test_the_proposal_checklist_covers_seeds_004_paragraph_33():
    texts = " ".join(c.text for c in AppraisalCriterion.objects.filter(
        checklist__subject="proposal"))
    for words in ("outcome-based workplans", "Tripartism", "international labour standards",
                  "Gender equality", "Turin Centre", "capacity of the constituents",
                  "results-based management", "monitoring and evaluation"):
        assert words.lower() in texts.lower(), words


# --- pre-checks: DWCP drafts ---------------------------------------------------------------------

def test_indicators_without_baseline_target_or_milestone_are_counted_and_named():
    dwcp = _draft()
    assert P["dwcp.indicators"](dwcp) == ["The results framework has no indicator yet."]
    cpo = CpoFactory(priority__dwcp=dwcp, code="ALB101")
    for n in range(1, 8):
        _indicator(cpo, f"ALB101.{n}")
    done = _indicator(cpo, "ALB101.9", baseline_value=Decimal("1"), target_value=Decimal("5"))
    BiennialMilestone.objects.create(indicator=done, biennium=Biennium.objects.get(
        code="2012-13"), value=2)
    _indicator(cpo, "ALB101.8", baseline_description="None exists yet",
               target_description="A national policy adopted")
    findings = P["dwcp.indicators"](dwcp)
    assert findings == [
        "7 indicators have no baseline: ALB101.1, ALB101.2, ALB101.3, ALB101.4, ALB101.5 and "
        "2 more.",
        "7 indicators have no end target: ALB101.1, ALB101.2, ALB101.3, ALB101.4, ALB101.5 and "
        "2 more.",
        "8 indicators have no biennial milestone: ALB101.1, ALB101.2, ALB101.3, ALB101.4, "
        "ALB101.5 and 3 more."]


def test_one_indicator_is_named_in_the_singular():
    cpo = CpoFactory(priority__dwcp=_draft(), code="ALB101")
    _indicator(cpo, "ALB101.1", baseline_value=1, target_increase_pct=10)
    assert P["dwcp.indicators"](cpo.dwcp) == [
        "1 indicator has no biennial milestone: ALB101.1."]


def test_signatories_need_an_employers_and_a_workers_organization():
    dwcp = _draft()
    assert P["dwcp.tripartite"](dwcp) == [
        "No employers' organization is among the signatories.",
        "No workers' organization is among the signatories."]
    Signatory.objects.create(dwcp=dwcp, party="employers", name="E",
                             constituent=ConstituentFactory(type=ConstituentType.EMPLOYERS))
    assert P["dwcp.tripartite"](dwcp) == ["No workers' organization is among the signatories."]
    Signatory.objects.create(dwcp=dwcp, party="workers", name="W",
                             constituent=ConstituentFactory(type=ConstituentType.WORKERS))
    assert P["dwcp.tripartite"](dwcp) == []


def test_the_un_framework_and_an_outcome_of_it_must_be_linked():
    dwcp = _draft()
    assert "No UN Cooperation Framework" in P["dwcp.un_framework"](dwcp)[0]
    outcome = UNFrameworkOutcomeFactory(framework=UNFrameworkFactory())
    dwcp.un_framework = outcome.framework
    dwcp.save()
    assert "No UN framework outcome is linked" in P["dwcp.un_framework"](dwcp)[0]
    CpoFactory(priority__dwcp=dwcp).un_outcomes.add(outcome)
    assert P["dwcp.un_framework"](dwcp) == []


def test_a_national_plan_with_priorities_must_cover_the_period():
    dwcp = _draft()  # 2012–2016
    assert P["dwcp.national_plan"](dwcp) == [
        "No national development plan covering 2012–2016 is recorded for the country."]
    NationalDevelopmentPlan.objects.create(country=country("ALB"), title="Old", start_year=2005,
                                           end_year=2010)
    plan = NationalDevelopmentPlan.objects.create(country=country("ALB"), title="NSDI",
                                                  start_year=2007, end_year=2013)
    assert "has no priorities recorded" in P["dwcp.national_plan"](dwcp)[0]
    NationalPriority.objects.create(plan=plan, code="1", title="Growth and jobs")
    assert P["dwcp.national_plan"](dwcp) == []


def test_cpos_need_planned_resources_a_gender_marker_and_conventions():
    dwcp = _draft()
    for key in ("dwcp.resources", "dwcp.gender", "dwcp.standards"):
        assert P[key](dwcp) == ["The results framework has no country programme outcome yet."]
    bare = CpoFactory(priority__dwcp=dwcp, code="ALB101", planned_resources=0)
    full = CpoFactory(priority__dwcp=dwcp, code="ALB102", gender_marker=2)
    full.conventions.add(Convention.objects.get(code="C087"))
    assert P["dwcp.resources"](dwcp) == ["1 CPO has no planned resources: ALB101."]
    assert P["dwcp.gender"](dwcp) == ["1 CPO has no gender equality marker: ALB101."]
    assert P["dwcp.standards"](dwcp) == [
        "1 CPO names no labour standard (Convention) concerned: ALB101."]
    bare.planned_resources, bare.gender_marker = Decimal("1000"), 0
    bare.save()
    bare.conventions.add(Convention.objects.get(code="C144"))
    assert P["dwcp.resources"](dwcp) == P["dwcp.gender"](dwcp) == P["dwcp.standards"](dwcp) == []


def test_monitoring_needs_reporting_dates_and_a_planned_evaluation():
    from tests.evaluation.factories import EvaluationFactory

    dwcp = _draft()
    assert P["dwcp.evaluation"](dwcp) == [
        "No reporting dates for progress are set.",
        "No evaluation or review of the programme is planned."]
    ReportingDate.objects.create(dwcp=dwcp, month=6, day=30)
    EvaluationFactory(subject_kind="dwcp", dwcp=dwcp, project=None)
    assert P["dwcp.evaluation"](dwcp) == []


def test_the_steering_committee_needs_the_three_groups():
    dwcp = _draft()
    assert P["dwcp.governance"](dwcp) == ["No steering committee member is recorded."]
    SteeringCommitteeMember.objects.create(dwcp=dwcp, party="government", name="G")
    assert P["dwcp.governance"](dwcp) == [
        "The steering committee has no member for: Employers' organization, Workers' "
        "organization."]
    for party, kind in (("employers", ConstituentType.EMPLOYERS),
                        ("workers", ConstituentType.WORKERS)):
        SteeringCommitteeMember.objects.create(dwcp=dwcp, party=party, name=party,
                                               constituent=ConstituentFactory(type=kind))
    assert P["dwcp.governance"](dwcp) == []


# --- pre-checks: proposals -----------------------------------------------------------------------

def test_proposal_prechecks_find_what_is_missing_and_nothing_once_recorded():
    project = ProjectFactory(status=ProjectStage.CONCEPT)
    assert P["proposal.alignment"](project) == [
        "The proposal contributes to no CPO and no P&B outcome."]
    assert P["proposal.gender"](project) == ["The gender equality marker is not assessed."]
    assert P["proposal.standards"](project) == [
        "No labour standard (Convention) concerned is marked."]
    assert P["proposal.social_dialogue"](project) == [
        "The proposal is not marked as promoting social dialogue and tripartism."]
    assert P["proposal.budget"](project) == [
        "No funding agreement and no budget by year are recorded."]
    ProjectOutcomeLinkFactory(project=project)
    project.gender_marker, project.social_dialogue = 1, True
    project.save()
    project.conventions.add(Convention.objects.get(code="C138"))
    ProjectFundingFactory(project=project)
    for key in ("proposal.alignment", "proposal.gender", "proposal.standards",
                "proposal.social_dialogue", "proposal.budget"):
        assert P[key](project) == [], key


def test_a_funding_agreement_is_a_budget_too():
    from programmes.models import Donor

    project = ProjectFactory(status=ProjectStage.CONCEPT)
    donor = Donor.objects.create(name="Donor", category="multi_bilateral")
    FundingAgreement.objects.create(donor=donor, project=project, reference="A-1", title="A",
                                    approval_date=D(2012, 1, 1), amount=10, amount_usd=10)
    assert P["proposal.budget"](project) == []


# --- starting ----------------------------------------------------------------------------------

def test_starting_prefills_each_comment_with_the_findings_and_leaves_the_rating(manager_user):
    dwcp = _draft()
    appraisal = services.appraisal_start(user=manager_user, dwcp=dwcp)
    assert (appraisal.outcome, appraisal.appraiser, appraisal.country_id) == (
        AppraisalOutcome.IN_PROGRESS, manager_user, dwcp.country_id)
    ratings = {r.criterion.code: r for r in appraisal.ratings.select_related("criterion")}
    assert len(ratings) == 10
    assert all(r.rating == "" for r in ratings.values())
    assert ratings["D03"].comment == ("No employers' organization is among the signatories.\n"
                                      "No workers' organization is among the signatories.")
    assert ratings["D06"].comment == ""  # no pre-check: the appraiser's judgement
    assert appraisal.history.first().history_user == manager_user


def test_the_prechecks_run_in_a_few_queries(manager_user, django_assert_max_num_queries):
    dwcp = _draft()
    cpo = CpoFactory(priority__dwcp=dwcp)
    for n in range(5):
        _indicator(cpo, f"{cpo.code}.{n}")
    with django_assert_max_num_queries(30):
        services.appraisal_start(user=manager_user, dwcp=dwcp)


@pytest.mark.parametrize("status", [DwcpStatus.IN_PREPARATION, DwcpStatus.ACTIVE])
def test_a_dwcp_is_appraised_only_in_quality_appraisal(manager_user, status):
    with pytest.raises(ApplicationError) as info:
        services.appraisal_start(user=manager_user, dwcp=DwcpFactory(status=status))
    assert "status" in info.value.field_errors
    assert not Appraisal.objects.exists()


def test_field_staff_prepare_but_never_appraise(field_user, admin_user, partnerships_user):
    dwcp = _draft()
    with pytest.raises(PermissionDenied):
        services.appraisal_start(user=field_user, dwcp=dwcp)
    appraisal = services.appraisal_start(user=partnerships_user, dwcp=dwcp)
    with pytest.raises(PermissionDenied):
        services.appraisal_rate(user=field_user, appraisal=appraisal,
                                ratings={"D01": {"rating": "met"}})
    services.appraisal_rate(user=admin_user, appraisal=appraisal,
                            ratings={"D01": {"rating": "met"}})


def test_one_appraisal_at_a_time(manager_user):
    dwcp = _draft()
    services.appraisal_start(user=manager_user, dwcp=dwcp)
    with pytest.raises(ApplicationError) as info:
        services.appraisal_start(user=manager_user, dwcp=dwcp)
    assert "already in progress" in info.value.message


def test_a_proposal_at_concept_moves_to_appraisal_and_one_approved_is_not_appraised(
        manager_user):
    project = ProjectFactory(status=ProjectStage.CONCEPT)
    services.appraisal_start(user=manager_user, project=project)
    project.refresh_from_db()
    assert project.status == ProjectStage.APPRAISAL
    with pytest.raises(ApplicationError):
        services.appraisal_start(user=manager_user, project=ProjectFactory(
            status=ProjectStage.APPROVED))


def test_a_regional_proposal_is_appraised_with_no_country():
    from constituents.models import Region

    project = ProjectFactory(status=ProjectStage.APPRAISAL, country=None, scope="regional",
                             region=Region.objects.first())
    assert appraise_passed(project=project).country_id is None


# --- rating and completing ---------------------------------------------------------------------

def test_rating_saves_a_whole_form_in_one_transaction(manager_user):
    appraisal = services.appraisal_start(user=manager_user, dwcp=_draft())
    with pytest.raises(ApplicationError) as info:
        services.appraisal_rate(user=manager_user, appraisal=appraisal, ratings={
            "D01": {"rating": "met", "comment": "Aligned"},
            "D02": {"rating": "excellent"}, "X99": {"rating": "met"}})
    assert set(info.value.field_errors) == {"rating-D02", "rating-X99"}
    assert not AppraisalRating.objects.filter(appraisal=appraisal).exclude(rating="").exists()
    services.appraisal_rate(user=manager_user, appraisal=appraisal, summary="Good draft",
                            ratings={"D01": {"rating": "met", "comment": "Aligned"},
                                     "D02": {"rating": "partly"}}, reason="First pass")
    rows = {r.criterion.code: r for r in appraisal.ratings.select_related("criterion")}
    assert (rows["D01"].rating, rows["D01"].comment, rows["D02"].rating) == (
        "met", "Aligned", "partly")
    assert rows["D01"].history.first().history_change_reason == "First pass"
    assert Appraisal.objects.get(pk=appraisal.pk).summary == "Good draft"


def test_completing_needs_every_criterion_rated_and_names_those_not(manager_user):
    appraisal = services.appraisal_start(user=manager_user, dwcp=_draft())
    ratings = {c: {"rating": "met"} for c in ("D01", "D02", "D03", "D04", "D05", "D06", "D07",
                                               "D08")}
    with pytest.raises(ApplicationError) as info:
        services.appraisal_complete(user=manager_user, appraisal=appraisal, ratings=ratings)
    assert "2 are not rated: D09, D10" in info.value.message
    assert {"rating-D09", "rating-D10"} <= set(info.value.field_errors)
    appraisal.refresh_from_db()
    assert appraisal.outcome == AppraisalOutcome.IN_PROGRESS and appraisal.completed_on is None
    assert not appraisal.ratings.exclude(rating="").exists()  # the form's ratings rolled back


def test_partly_met_passes_with_a_comment_not_met_needs_revision(manager_user):
    dwcp = _draft()
    appraisal = services.appraisal_start(user=manager_user, dwcp=dwcp)
    ratings = {r.criterion.code: {"rating": "met"} for r in appraisal.ratings.select_related(
        "criterion")}
    ratings["D06"] = {"rating": "partly", "comment": ""}
    with pytest.raises(ApplicationError) as info:
        services.appraisal_complete(user=manager_user, appraisal=appraisal, ratings=ratings)
    assert "comment-D06" in info.value.field_errors
    ratings["D06"]["comment"] = "Two outcomes are not time-bound."
    done = services.appraisal_complete(user=manager_user, appraisal=appraisal, ratings=ratings)
    assert (done.outcome, done.completed_on) == (AppraisalOutcome.PASSED, dt.date.today())

    failing = appraise(dwcp=_draft(country=country("KEN")), not_met=("D07",))
    assert failing.outcome == AppraisalOutcome.REVISE


def test_a_completed_appraisal_is_not_changed_until_reopened(manager_user):
    dwcp = _draft()
    appraisal = appraise(dwcp=dwcp, not_met=("D07",), user=manager_user)
    with pytest.raises(ApplicationError):
        services.appraisal_rate(user=manager_user, appraisal=appraisal,
                                ratings={"D07": {"rating": "met"}})
    with pytest.raises(ApplicationError) as info:
        services.appraisal_reopen(user=manager_user, appraisal=appraisal, reason="")
    assert "reason" in info.value.field_errors
    services.appraisal_reopen(user=manager_user, appraisal=appraisal,
                              reason="Baselines were added")
    appraisal.refresh_from_db()
    assert (appraisal.outcome, appraisal.completed_on) == (AppraisalOutcome.IN_PROGRESS, None)
    services.appraisal_rate(user=manager_user, appraisal=appraisal,
                            ratings={"D07": {"rating": "met"}})
    assert services.appraisal_complete(user=manager_user,
                                       appraisal=appraisal).outcome == AppraisalOutcome.PASSED


def test_an_appraisal_is_not_reopened_once_the_dwcp_is_signed(manager_user):
    dwcp = _draft()
    _sign_all(dwcp)
    appraisal = appraise_passed(dwcp=dwcp)
    dwcp_services.dwcp_transition(dwcp=dwcp, to_status=DwcpStatus.ACTIVE,
                                  effective_date=D(2012, 3, 1), user=manager_user)
    with pytest.raises(ApplicationError) as info:
        services.appraisal_reopen(user=manager_user, appraisal=appraisal, reason="Oops")
    assert "moved past appraisal" in info.value.message


def test_completion_dates_stay_between_the_start_and_today(manager_user):
    appraisal = services.appraisal_start(user=manager_user, dwcp=_draft(),
                                         started_on=D(2012, 2, 1))
    ratings = {r.criterion.code: {"rating": "met"} for r in appraisal.ratings.select_related(
        "criterion")}
    with pytest.raises(ApplicationError) as info:
        services.appraisal_complete(user=manager_user, appraisal=appraisal, ratings=ratings,
                                    completed_on=D(2012, 1, 1))
    assert "completed_on" in info.value.field_errors
    done = services.appraisal_complete(user=manager_user, appraisal=appraisal, ratings=ratings,
                                       completed_on=D(2012, 3, 1))
    assert done.completed_on == D(2012, 3, 1)


# --- the gates ---------------------------------------------------------------------------------

def test_a_dwcp_cannot_pass_quality_appraisal_with_a_failing_criterion(manager_user):
    dwcp = _draft()
    _sign_all(dwcp)

    def sign():
        dwcp_services.dwcp_transition(dwcp=dwcp, to_status=DwcpStatus.ACTIVE,
                                      effective_date=D(2012, 3, 1), user=manager_user)

    with pytest.raises(ApplicationError) as info:
        sign()
    assert "none has been completed" in info.value.field_errors["status"][0]
    appraise(dwcp=dwcp, not_met=("D07",))
    with pytest.raises(ApplicationError) as info:
        sign()
    message = info.value.field_errors["status"][0]
    assert "must have passed" in message
    assert "D07 Indicators have baselines, targets and biennial milestones." in message
    assert Dwcp.objects.get(pk=dwcp.pk).status == DwcpStatus.QUALITY_APPRAISAL
    assert not DwcpStatusChange.objects.filter(dwcp=dwcp).exists()

    appraise_passed(dwcp=dwcp)  # after revision
    sign()
    assert Dwcp.objects.get(pk=dwcp.pk).status == DwcpStatus.ACTIVE


def test_the_latest_completed_appraisal_decides(manager_user):
    dwcp = _draft()
    appraise_passed(dwcp=dwcp)
    services.appraisal_require_passed(dwcp=dwcp)
    appraise(dwcp=dwcp, not_met=("D02",))
    with pytest.raises(ApplicationError):
        services.appraisal_require_passed(dwcp=dwcp)
    services.appraisal_start(user=manager_user, dwcp=dwcp)  # in progress: does not count
    with pytest.raises(ApplicationError):
        services.appraisal_require_passed(dwcp=dwcp)


def test_a_proposal_is_approved_only_after_a_passed_appraisal():
    project = ProjectFactory(status=ProjectStage.APPRAISAL)
    with pytest.raises(ApplicationError) as info:
        services.appraisal_require_passed(project=project)
    assert "status" in info.value.field_errors
    appraise(project=project, not_met=("P05",))
    with pytest.raises(ApplicationError) as info:
        services.appraisal_require_passed(project=project)
    assert "P05" in info.value.field_errors["status"][0]
    appraise_passed(project=project)
    services.appraisal_require_passed(project=project)


# --- checklist versions ------------------------------------------------------------------------

def test_a_new_version_copies_the_criteria_and_activating_it_retires_the_other(admin_user):
    v1 = AppraisalChecklist.objects.get(subject="dwcp", is_active=True)
    v2 = services.appraisal_checklist_new_version(user=admin_user, subject="dwcp")
    assert (v2.version, v2.is_active, v2.title) == (2, False, v1.title)
    assert list(v2.criteria.values_list("code", "text", "precheck")) == list(
        v1.criteria.values_list("code", "text", "precheck"))
    services.appraisal_criterion_create(user=admin_user, checklist=v2, code="D11",
                                        text="Just transition is considered.")
    services.appraisal_checklist_activate(user=admin_user, checklist=v2)
    v1.refresh_from_db()
    assert not v1.is_active and v2.is_active
    assert AppraisalChecklist.objects.filter(subject="proposal", is_active=True).exists()
    appraisal = services.appraisal_start(user=admin_user, dwcp=_draft())
    assert appraisal.checklist == v2 and appraisal.ratings.count() == 11


def test_appraisals_made_earlier_keep_their_version(admin_user):
    dwcp = _draft()
    earlier = appraise_passed(dwcp=dwcp)
    v2 = services.appraisal_checklist_new_version(user=admin_user, subject="dwcp")
    services.appraisal_checklist_activate(user=admin_user, checklist=v2)
    earlier.refresh_from_db()
    assert earlier.checklist.version == 1
    services.appraisal_require_passed(dwcp=dwcp)


def test_criteria_of_a_version_a_completed_appraisal_used_are_not_edited(admin_user):
    v1 = AppraisalChecklist.objects.get(subject="dwcp", is_active=True)
    criterion = v1.criteria.get(code="D06")
    services.appraisal_criterion_update(user=admin_user, criterion=criterion,
                                        data={"text": "Outcomes are SMART."})
    appraisal = services.appraisal_start(user=admin_user, dwcp=_draft())
    services.appraisal_criterion_update(user=admin_user, criterion=criterion,
                                        data={"guidance": "In progress: still editable."})
    ratings = {r.criterion.code: {"rating": "met"} for r in appraisal.ratings.select_related(
        "criterion")}
    services.appraisal_complete(user=admin_user, appraisal=appraisal, ratings=ratings)
    for edit in (
        lambda: services.appraisal_criterion_update(user=admin_user, criterion=criterion,
                                                    data={"text": "Changed"}),
        lambda: services.appraisal_criterion_create(user=admin_user, checklist=v1,
                                                    code="D11", text="New"),
        lambda: services.appraisal_criterion_delete(user=admin_user, criterion=criterion),
    ):
        with pytest.raises(ApplicationError) as info:
            edit()
        assert "Make a new version" in info.value.message
    assert AppraisalCriterion.objects.get(pk=criterion.pk).text == "Outcomes are SMART."


def test_a_precheck_must_exist_for_the_subject(admin_user):
    v2 = services.appraisal_checklist_new_version(user=admin_user, subject="proposal")
    with pytest.raises(ApplicationError) as info:
        services.appraisal_criterion_create(user=admin_user, checklist=v2, code="P09",
                                            text="x", precheck="dwcp.indicators")
    assert "precheck" in info.value.field_errors


def test_only_administrators_edit_checklists(manager_user, partnerships_user):
    checklist = AppraisalChecklist.objects.get(subject="dwcp", is_active=True)
    for user in (manager_user, partnerships_user):
        with pytest.raises(PermissionDenied):
            services.appraisal_checklist_new_version(user=user, subject="dwcp")
        with pytest.raises(PermissionDenied):
            services.appraisal_criterion_update(user=user, criterion=checklist.criteria.first(),
                                                data={"text": "x"})


def test_a_used_checklist_cannot_be_deleted():
    appraise_passed(dwcp=_draft())
    with pytest.raises(ProtectedError):
        AppraisalChecklist.objects.get(subject="dwcp", is_active=True).delete()


# --- shares per year ---------------------------------------------------------------------------

def test_shares_appraised_and_passed_per_year(manager_user, django_assert_num_queries):
    def reached(iso3, year, **kwargs):
        dwcp = DwcpFactory(country=country(iso3), status=DwcpStatus.QUALITY_APPRAISAL,
                           start_year=year, end_year=year + 3, **kwargs)
        DwcpStatusChange.objects.create(dwcp=dwcp, from_status="in_preparation",
                                        to_status="quality_appraisal",
                                        effective_date=D(year, 5, 1))
        return dwcp

    appraise_passed(dwcp=reached("ALB", 2013))
    appraise(dwcp=reached("KEN", 2013), not_met=("D01",))
    reached("SEN", 2013)
    services.appraisal_start(user=manager_user, dwcp=reached("BRA", 2013))  # not completed
    appraise_passed(dwcp=reached("ALB", 2018))
    DwcpFactory(country=country("IND"))  # never reached quality appraisal

    def proposal(year, status, **kwargs):
        return ProjectFactory(start_date=D(year, 1, 1), end_date=D(year + 2, 12, 31),
                              status=status, **kwargs)

    passed = proposal(2014, ProjectStage.APPRAISAL)
    appraise_passed(project=passed)
    passed.status = ProjectStage.APPROVED
    passed.save()
    appraise(project=proposal(2014, ProjectStage.CONCEPT), not_met=("P01",))
    proposal(2014, ProjectStage.ONGOING)  # approved without quality control
    proposal(2014, ProjectStage.CONCEPT)

    with django_assert_num_queries(2):
        shares = appraisal_shares_by_year(user=manager_user)
    assert shares["dwcp"] == [
        {"year": 2018, "total": 1, "appraised": 1, "passed": 1,
         "appraised_share": Decimal("100.00"), "passed_share": Decimal("100.00")},
        {"year": 2013, "total": 4, "appraised": 2, "passed": 1,
         "appraised_share": Decimal("50.00"), "passed_share": Decimal("25.00")}]
    assert shares["proposal"] == [
        {"year": 2014, "total": 4, "appraised": 2, "approved": 2, "approved_passed": 1,
         "appraised_share": Decimal("50.00"), "approved_passed_share": Decimal("50.00")}]


def test_shares_count_only_what_the_user_sees(field_user):
    dwcp = DwcpFactory(country=country("KEN"), status=DwcpStatus.QUALITY_APPRAISAL,
                       status_changed_on=D(2013, 5, 1))
    appraise_passed(dwcp=dwcp)
    assert appraisal_shares_by_year(user=field_user)["dwcp"] == []
