"""Capacity pages: each page for the roles that may use it and refused (403) for the others,
the assessment form with its field errors, the review queue's bulk actions, participation
(counts and CSV upload), the repeat-training flag and the constituent capacity profile. List
pages keep a constant number of queries as rows grow."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from capacity.models import (
    AssessmentIndex,
    CapacityAssessment,
    CapacityDevelopmentPlan,
    CapacityNeed,
    CapacitySnapshot,
    DimensionScore,
    Intervention,
    InterventionStatus,
    NeedStatus,
    NeedTransition,
    Participant,
    ParticipationCount,
    PlanItem,
)
from constituents.models import ConstituentType
from tests.capacity.factories import (
    CapacityAssessmentFactory,
    CapacityNeedFactory,
    InterventionFactory,
    ParticipantFactory,
    PlanFactory,
    framework,
)
from tests.constituents.factories import ConstituentFactory
from tests.factories import country

pytestmark = pytest.mark.django_db

HOME = reverse("capacity:home")
ASSESSMENTS = reverse("capacity:assessment-list")
NEW_ASSESSMENT = reverse("capacity:assessment-create")
NEEDS = reverse("capacity:need-list")
QUEUE = reverse("capacity:needs-queue")
PLANS = reverse("capacity:plan-list")
INTERVENTIONS = reverse("capacity:intervention-list")
REPEAT = reverse("capacity:repeat-training")
GOV = "governance_management"  # a dimension of the employers' framework


@pytest.fixture
def employers():
    return ConstituentFactory(name="Business Albania", type=ConstituentType.EMPLOYERS)


@pytest.fixture
def kenyan_employers():
    return ConstituentFactory(name="Federation of Kenya Employers", acronym="FKE",
                              country=country("KEN"), type=ConstituentType.EMPLOYERS)


@pytest.fixture
def union():
    return ConstituentFactory(name="Confederation of Trade Unions of Albania", acronym="KSSH",
                              type=ConstituentType.WORKERS)


@pytest.fixture
def ministry():
    return ConstituentFactory(name="Ministry of Social Welfare and Youth",
                              type=ConstituentType.LABOUR_MINISTRY)


def _url(name: str, *args) -> str:
    return reverse(f"capacity:{name}", args=args)


def _pinned(client, url: str, grow, django_assert_num_queries) -> None:
    """The page costs as many queries with many rows as with few."""
    client.get(url)  # warm the session and caches of reference data
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow()
    with django_assert_num_queries(len(few)):
        assert client.get(url).status_code == 200


# --- home ---------------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["field_user", "actemp_user", "actrav_user", "manager_user",
                                     "admin_user"])
def test_every_role_opens_the_capacity_home(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(HOME).status_code == 200


def test_home_counts_only_what_is_in_the_users_scope(client, actemp_user, employers, union):
    CapacityNeedFactory.create_batch(2, constituent=employers)
    CapacityNeedFactory.create_batch(3, constituent=union)
    client.force_login(actemp_user)
    response = client.get(HOME)
    assert response.context["counts"]["needs_open"] == 2
    assert response.context["counts"]["queue"] == 2
    assert "2 needs wait for your bureau" in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(HOME).status_code == 302


# --- assessments: list and detail ---------------------------------------------------------

def test_specialists_see_only_their_groups_assessments(client, actemp_user, employers, union):
    CapacityAssessmentFactory(constituent=employers)
    CapacityAssessmentFactory(constituent=union)
    client.force_login(actemp_user)
    names = [a.constituent.name for a in client.get(ASSESSMENTS).context["page_obj"]]
    assert names == ["Business Albania"]


def test_assessment_list_filters_by_round_and_year(client, manager_user, employers):
    CapacityAssessmentFactory(constituent=employers, date=dt.date(2014, 3, 1))
    CapacityAssessmentFactory(constituent=employers, date=dt.date(2016, 3, 1),
                              round="follow_up")
    client.force_login(manager_user)
    page = client.get(ASSESSMENTS, {"round": "follow_up", "year": 2016}).context["page_obj"]
    assert [a.date for a in page] == [dt.date(2016, 3, 1)]


def test_assessment_list_query_count_is_constant(client, manager_user,
                                                 django_assert_num_queries):
    CapacityAssessmentFactory.create_batch(2)

    def grow():
        CapacityAssessmentFactory.create_batch(12)

    client.force_login(manager_user)
    _pinned(client, ASSESSMENTS, grow, django_assert_num_queries)


def test_assessment_page_shows_the_descriptor_of_each_score_given(client, field_user,
                                                                   employers):
    assessment = CapacityAssessmentFactory(constituent=employers, scores={GOV: 4})
    score = assessment.scores.get(dimension__code=GOV)
    descriptor = score.dimension.descriptors.get(score=4).descriptor
    client.force_login(field_user)
    response = client.get(_url("assessment-detail", assessment.pk))
    content = response.content.decode()
    assert response.status_code == 200
    assert descriptor in content
    assert "Not computed yet" in content


def test_assessment_page_shows_the_computed_index_per_level_and_type(client, manager_user,
                                                                      employers):
    assessment = CapacityAssessmentFactory(constituent=employers, scores=3)
    snapshot = CapacitySnapshot.objects.create(as_of=dt.date(2024, 1, 1), is_current=True)
    for axis, key, value in (("overall", "", "50.0"), ("level", "organizational", "62.5"),
                             ("capacity_type", "functional", "37.5")):
        AssessmentIndex.objects.create(snapshot=snapshot, assessment=assessment, axis=axis,
                                       key=key, index=Decimal(value), dimensions=2)
    client.force_login(manager_user)
    content = client.get(_url("assessment-detail", assessment.pk)).content.decode()
    assert "Not computed yet" not in content
    assert "62.5" in content and "37.5" in content


def test_assessments_of_another_group_or_country_are_refused(client, actrav_user,
                                                             field_user_africa, employers):
    assessment = CapacityAssessmentFactory(constituent=employers)
    for user in (actrav_user, field_user_africa):
        client.force_login(user)
        assert client.get(_url("assessment-detail", assessment.pk)).status_code == 403
        assert client.get(_url("assessment-edit", assessment.pk)).status_code == 403


# --- assessments: create and edit ---------------------------------------------------------

def _assessment_post(fw, *, scores=3, **overrides) -> dict:
    data = {"date": "2014-03-01", "method": "self_assessment", "round": "baseline",
            "assessors": "ILO specialist and the secretariat", "framework_id": fw.pk}
    for dimension in fw.dimensions.all():
        value = scores.get(dimension.code, 3) if isinstance(scores, dict) else scores
        if value is not None:
            data[f"score_{dimension.code}"] = value
        data[f"evidence_{dimension.code}"] = f"Evidence on {dimension.name}"
    data.update(overrides)
    return data


def test_choosing_the_organization_leads_to_its_frameworks_dimensions(client, actemp_user,
                                                                      employers, union):
    client.force_login(actemp_user)
    start = client.get(NEW_ASSESSMENT)
    offered = list(start.context["form"].fields["constituent"].queryset)
    assert employers in offered and union not in offered
    response = client.get(NEW_ASSESSMENT, {"constituent": employers.pk})
    rows = response.context["rows"]
    assert [r["dimension"].code for r in rows] == \
        list(framework("employers").dimensions.values_list("code", flat=True))
    # Each score is offered with what it means on that dimension.
    content = response.content.decode()
    first = rows[0]["dimension"].descriptors.get(score=5).descriptor
    assert first in content
    assert f'name="score_{rows[0]["dimension"].code}"' in content


def test_field_staff_create_a_baseline_with_scores(client, field_user, employers):
    fw = framework("employers")
    client.force_login(field_user)
    response = client.post(f"{NEW_ASSESSMENT}?constituent={employers.pk}",
                           _assessment_post(fw, scores={"governance_management": 2}))
    assessment = CapacityAssessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("assessment-detail", assessment.pk)
    governance = assessment.scores.get(dimension__code=GOV)
    assert (governance.score, governance.evidence) == (2, "Evidence on " +
                                                       governance.dimension.name)
    assert assessment.scores.count() == fw.dimensions.count()
    assert assessment.history.first().history_user == field_user


def test_a_score_out_of_range_is_reported_next_to_its_dimension(client, field_user, employers):
    fw = framework("employers")
    client.force_login(field_user)
    response = client.post(f"{NEW_ASSESSMENT}?constituent={employers.pk}",
                           _assessment_post(fw, scores={"governance_management": 7}))
    assert response.status_code == 400
    errors = response.context["form"].errors["score_governance_management"]
    assert any("from 1 to 5, not 7" in e for e in errors)
    assert 'id="id_score_governance_management_error"' in response.content.decode()
    assert not CapacityAssessment.objects.exists()


def test_a_missing_score_is_reported_next_to_its_dimension(client, field_user, employers):
    fw = framework("employers")
    client.force_login(field_user)
    response = client.post(f"{NEW_ASSESSMENT}?constituent={employers.pk}",
                           _assessment_post(fw, scores={"governance_management": None}))
    assert response.status_code == 400
    assert "score_governance_management" in response.context["form"].errors


def test_a_follow_up_without_a_baseline_is_refused_on_the_round(client, field_user, employers):
    fw = framework("employers")
    client.force_login(field_user)
    response = client.post(f"{NEW_ASSESSMENT}?constituent={employers.pk}",
                           _assessment_post(fw, round="follow_up"))
    assert response.status_code == 400
    assert any("needs a baseline" in e for e in response.context["form"].errors["round"])
    assert not CapacityAssessment.objects.exists()


def test_a_method_not_fitting_the_organization_is_refused_on_the_method(client, admin_user,
                                                                       employers):
    fw = framework("employers")
    client.force_login(admin_user)
    response = client.post(f"{NEW_ASSESSMENT}?constituent={employers.pk}",
                           _assessment_post(fw, method="actrav"))
    assert response.status_code == 400
    assert any("is for workers" in e for e in response.context["form"].errors["method"])


def test_only_a_framework_fitting_the_organization_is_used(client, admin_user, union):
    # Asking for the employers' framework for a trade union gets the workers' framework.
    client.force_login(admin_user)
    response = client.get(NEW_ASSESSMENT, {"constituent": union.pk,
                                           "framework": framework("employers").pk})
    assert response.context["framework"].code == "workers"


def test_assessments_cannot_be_created_outside_the_users_scope(client, manager_user,
                                                               actrav_user, employers):
    client.force_login(manager_user)
    assert client.get(NEW_ASSESSMENT).status_code == 403
    client.force_login(actrav_user)
    assert client.get(NEW_ASSESSMENT, {"constituent": employers.pk}).status_code == 403


def test_editing_an_assessment_changes_its_scores_with_a_reason(client, actemp_user,
                                                                employers):
    assessment = CapacityAssessmentFactory(constituent=employers, scores=2)
    fw = assessment.framework
    client.force_login(actemp_user)
    form = client.get(_url("assessment-edit", assessment.pk)).context["form"]
    assert form["score_governance_management"].value() == 2
    data = _assessment_post(fw, scores={GOV: 5}, reason="Revised after validation")
    data.pop("framework_id")
    response = client.post(_url("assessment-edit", assessment.pk), data)
    assert response.status_code == 302
    score = DimensionScore.objects.get(assessment=assessment, dimension__code=GOV)
    assert score.score == 5
    assert score.history.first().history_change_reason == "Revised after validation"


def test_a_need_is_added_on_the_assessment_page(client, actemp_user, employers):
    assessment = CapacityAssessmentFactory(constituent=employers)
    dimension = assessment.framework.dimensions.get(code="governance_management")
    client.force_login(actemp_user)
    response = client.post(_url("assessment-need-create", assessment.pk), {
        "need-description": "Board members trained in strategic planning",
        "need-dimension": dimension.pk, "need-level": "organizational",
        "need-capacity_type": "functional", "need-technical_area": "governance",
        "need-priority": "high"})
    assert response.status_code == 302
    need = CapacityNeed.objects.get()
    assert (need.assessment, need.dimension, need.status) == (assessment, dimension, "new")
    # A need without a description is refused next to the field.
    response = client.post(_url("assessment-need-create", assessment.pk), {
        "need-level": "organizational", "need-capacity_type": "functional",
        "need-technical_area": "governance", "need-priority": "high"})
    assert response.status_code == 400
    assert "description" in response.context["need_form"].errors


# --- needs: list, detail and the review queue ---------------------------------------------

def test_need_list_filters_and_hides_other_groups(client, actrav_user, employers, union):
    CapacityNeedFactory(constituent=employers)
    CapacityNeedFactory(constituent=union, priority="high", technical_area="organizing")
    CapacityNeedFactory(constituent=union, priority="low")
    client.force_login(actrav_user)
    page = client.get(NEEDS, {"priority": "high"}).context["page_obj"]
    assert [n.constituent for n in page] == [union]
    assert len(client.get(NEEDS).context["page_obj"]) == 2


def test_need_list_query_count_is_constant(client, manager_user, django_assert_num_queries):
    CapacityNeedFactory.create_batch(2)

    def grow():
        CapacityNeedFactory.create_batch(12)

    client.force_login(manager_user)
    _pinned(client, NEEDS, grow, django_assert_num_queries)


def test_actemp_queue_lists_employers_needs_across_countries(client, actemp_user, employers,
                                                             kenyan_employers, union):
    mine = [CapacityNeedFactory(constituent=employers),
            CapacityNeedFactory(constituent=kenyan_employers)]
    CapacityNeedFactory(constituent=union)
    CapacityNeedFactory(constituent=employers, status=NeedStatus.PLANNED)
    client.force_login(actemp_user)
    response = client.get(QUEUE)
    assert set(response.context["page_obj"]) == set(mine)
    africa = client.get(QUEUE, {"region": "AF"}).context["page_obj"]
    assert [n.constituent for n in africa] == [kenyan_employers]


def test_field_staff_queue_holds_government_needs_of_their_countries(client, field_user,
                                                                     employers, ministry):
    need = CapacityNeedFactory(constituent=ministry)
    CapacityNeedFactory(constituent=employers)
    CapacityNeedFactory(constituent=ConstituentFactory(country=country("KEN"),
                                                       type=ConstituentType.LABOUR_MINISTRY))
    client.force_login(field_user)
    assert list(client.get(QUEUE).context["page_obj"]) == [need]


def test_managers_have_no_review_queue(client, manager_user):
    client.force_login(manager_user)
    assert client.get(QUEUE).status_code == 403


def test_actemp_marks_two_needs_reviewed_in_one_go(client, actemp_user, employers,
                                                   kenyan_employers):
    needs = [CapacityNeedFactory(constituent=employers),
             CapacityNeedFactory(constituent=kenyan_employers)]
    client.force_login(actemp_user)
    response = client.post(f"{QUEUE}?region=", {
        "needs": [n.pk for n in needs], "to_status": "reviewed",
        "effective_date": "2014-04-01", "note": "Validated with the secretariat"})
    assert response.status_code == 302
    assert "2 needs are now reviewed" in client.get(QUEUE).content.decode()
    for need in needs:
        need.refresh_from_db()
        assert need.status == NeedStatus.REVIEWED
        step = need.transitions.get()
        assert (step.changed_by, step.note) == (actemp_user, "Validated with the secretariat")


def test_actemp_bulk_action_on_a_workers_need_moves_none(client, actemp_user, employers,
                                                         union):
    own = CapacityNeedFactory(constituent=employers)
    workers = CapacityNeedFactory(constituent=union)
    client.force_login(actemp_user)
    response = client.post(QUEUE, {"needs": [own.pk, workers.pk], "to_status": "reviewed",
                                   "effective_date": "2014-04-01"})
    assert response.status_code == 400
    assert f"Need #{workers.pk} is not one you may act on" in response.content.decode()
    own.refresh_from_db()
    assert own.status == NeedStatus.NEW and not NeedTransition.objects.exists()


def test_a_bulk_refusal_by_the_service_lists_each_need_and_moves_none(client, field_user,
                                                                      employers, ministry):
    # Field staff see the employers' need of their country but ACT/EMP reviews it.
    government = CapacityNeedFactory(constituent=ministry)
    employers_need = CapacityNeedFactory(constituent=employers)
    client.force_login(field_user)
    response = client.post(QUEUE, {"needs": [government.pk, employers_need.pk],
                                   "to_status": "reviewed", "effective_date": "2014-04-01"})
    assert response.status_code == 400
    problems = response.context["problems"]
    assert len(problems) == 1 and "Only ACT/EMP specialists" in problems[0]
    government.refresh_from_db()
    assert government.status == NeedStatus.NEW


def test_declining_in_bulk_needs_a_reason_next_to_the_field(client, actemp_user, employers):
    needs = CapacityNeedFactory.create_batch(2, constituent=employers)
    client.force_login(actemp_user)
    response = client.post(QUEUE, {"needs": [n.pk for n in needs], "to_status": "declined",
                                   "effective_date": "2014-04-01"})
    assert response.status_code == 400
    assert response.context["form"].errors["note"] == ["Say why the needs are declined."]
    response = client.post(QUEUE, {"needs": [n.pk for n in needs], "to_status": "declined",
                                   "effective_date": "2014-04-01",
                                   "note": "Covered by the national employers' programme"})
    assert response.status_code == 302
    assert set(CapacityNeed.objects.values_list("status", "decline_reason")) == {
        ("declined", "Covered by the national employers' programme")}


def test_queue_query_count_is_constant(client, actemp_user, employers,
                                       django_assert_num_queries):
    need = CapacityNeedFactory(constituent=employers)
    NeedTransition.objects.create(need=need, from_status="declined", to_status="new",
                                  effective_date=dt.date(2014, 3, 1), changed_by=actemp_user)

    def grow():
        for i in range(12):
            other = CapacityNeedFactory(constituent=ConstituentFactory(
                type=ConstituentType.EMPLOYERS, country=country("KEN" if i % 2 else "ALB")))
            NeedTransition.objects.create(need=other, from_status="declined", to_status="new",
                                          effective_date=dt.date(2014, 3, 1),
                                          changed_by=actemp_user)

    client.force_login(actemp_user)
    _pinned(client, QUEUE, grow, django_assert_num_queries)


def test_need_page_shows_its_review_history_and_moves_one_step(client, actrav_user, union):
    need = CapacityNeedFactory(constituent=union)
    client.force_login(actrav_user)
    response = client.post(_url("need-transition", need.pk), {
        "to_status": "reviewed", "effective_date": "2014-04-02", "note": "Agreed with KSSH"})
    assert response.status_code == 302
    content = client.get(_url("need-detail", need.pk)).content.decode()
    assert "Agreed with KSSH" in content and "2 Apr 2014" in content
    # A date in the future is refused next to the date.
    response = client.post(_url("need-transition", need.pk), {
        "to_status": "declined", "effective_date": "2099-01-01", "note": "No"})
    assert response.status_code == 400
    assert "effective_date" in response.context["steps"][0][1].errors


def test_needs_of_another_group_are_refused(client, actemp_user, union):
    need = CapacityNeedFactory(constituent=union)
    client.force_login(actemp_user)
    assert client.get(_url("need-detail", need.pk)).status_code == 403
    assert client.post(_url("need-transition", need.pk),
                       {"to_status": "reviewed", "effective_date": "2014-04-01"}
                       ).status_code == 403


def test_a_need_is_created_and_edited_from_the_profile(client, field_user, ministry):
    client.force_login(field_user)
    response = client.post(f"{reverse('capacity:need-create')}?constituent={ministry.pk}", {
        "description": "Inspectors trained on OSH risk assessment", "level": "individual",
        "capacity_type": "technical", "technical_area": "osh", "priority": "high"})
    need = CapacityNeed.objects.get()
    assert response.status_code == 302 and need.constituent == ministry
    response = client.post(_url("need-edit", need.pk), {
        "description": need.description, "level": "individual", "capacity_type": "technical",
        "technical_area": "labour_inspection", "priority": "medium",
        "reason": "Clarified the area"})
    need.refresh_from_db()
    assert response.status_code == 302 and need.technical_area == "labour_inspection"


# --- plans --------------------------------------------------------------------------------

def test_a_plan_is_created_and_items_link_needs_to_planned_interventions(client, actrav_user,
                                                                         union):
    need = CapacityNeedFactory(constituent=union, status=NeedStatus.REVIEWED)
    declined = CapacityNeedFactory(constituent=union, status=NeedStatus.DECLINED,
                                   decline_reason="Out of scope")
    client.force_login(actrav_user)
    response = client.post(f"{reverse('capacity:plan-create')}?constituent={union.pk}", {
        "title": "KSSH capacity plan 2014–2016", "start_date": "2014-01-01",
        "end_date": "2016-12-31", "status": "draft"})
    plan = CapacityDevelopmentPlan.objects.get()
    assert response.status_code == 302
    form = client.get(_url("plan-item-create", plan.pk)).context["form"]
    assert list(form.fields["needs"].queryset) == [need]
    response = client.post(_url("plan-item-create", plan.pk), {
        "title": "Organizing academy", "method": "training", "due_date": "2015-06-30",
        "needs": [need.pk], "order": 1})
    assert response.status_code == 302
    assert list(PlanItem.objects.get().needs.all()) == [need]
    # Due outside the plan: the error sits next to the due date.
    response = client.post(_url("plan-item-create", plan.pk), {
        "title": "Late", "due_date": "2018-01-01", "needs": [need.pk], "order": 2})
    assert response.status_code == 400
    assert "due_date" in response.context["form"].errors
    assert declined.plan_items.count() == 0
    content = client.get(_url("plan-detail", plan.pk)).content.decode()
    assert "Organizing academy" in content


def test_plans_are_refused_outside_the_users_scope(client, actemp_user, field_user_africa,
                                                   union):
    plan = PlanFactory(constituent=union)
    client.force_login(field_user_africa)
    assert client.get(_url("plan-detail", plan.pk)).status_code == 403
    client.force_login(actemp_user)
    assert client.get(_url("plan-detail", plan.pk)).status_code == 200  # plans: read
    assert client.get(_url("plan-edit", plan.pk)).status_code == 403
    assert client.get(_url("plan-item-create", plan.pk)).status_code == 403


def test_plan_list_query_count_is_constant(client, manager_user, django_assert_num_queries):
    PlanFactory.create_batch(2)

    def grow():
        PlanFactory.create_batch(12)

    client.force_login(manager_user)
    _pinned(client, PLANS, grow, django_assert_num_queries)


# --- interventions and participation ------------------------------------------------------

def test_intervention_list_query_count_is_constant(client, manager_user, union,
                                                   django_assert_num_queries):
    def make(n):
        for _ in range(n):
            intervention = InterventionFactory()
            intervention.target_constituents.add(union)
            ParticipantFactory(intervention=intervention)

    make(2)
    client.force_login(manager_user)
    _pinned(client, INTERVENTIONS, lambda: make(12), django_assert_num_queries)


def test_intervention_page_summarizes_participation_with_womens_share(client, actrav_user,
                                                                      union):
    intervention = InterventionFactory(title="Organizing young workers", cost=Decimal("9000"))
    intervention.target_constituents.add(union)
    ParticipationCount.objects.create(intervention=intervention, total=30, women=12, men=6,
                                      sex_not_recorded=12, workers=25, other=5)
    client.force_login(actrav_user)
    response = client.get(_url("intervention-detail", intervention.pk))
    summary = response.context["summary"]
    assert (summary["total"], summary["women_share"]) == (30, Decimal("66.7"))
    content = response.content.decode()
    assert "66.7 %" in content and "Sex not recorded for 12" in content


def test_field_staff_record_an_intervention(client, field_user, union):
    need = CapacityNeedFactory(constituent=union)
    client.force_login(field_user)
    response = client.post(reverse("capacity:intervention-create"), {
        "title": "OSH course", "method": "training", "provider": "itcilo",
        "technical_area": "osh", "country": country("ALB").pk, "start_date": "2014-05-05",
        "end_date": "2014-05-09", "status": "completed", "levels": ["individual"],
        "target_constituents": [union.pk], "needs": [need.pk], "cost": "12000"})
    intervention = Intervention.objects.get()
    assert response.status_code == 302
    assert list(intervention.needs.all()) == [need]
    # End before start: refused next to the end date.
    response = client.post(_url("intervention-edit", intervention.pk), {
        "title": "OSH course", "method": "training", "provider": "itcilo",
        "technical_area": "osh", "country": country("ALB").pk, "start_date": "2014-05-05",
        "end_date": "2014-05-01", "status": "completed", "levels": ["individual"]})
    assert response.status_code == 400
    assert "end_date" in response.context["form"].errors


def test_interventions_outside_the_scope_are_refused(client, field_user_africa, manager_user):
    intervention = InterventionFactory()
    client.force_login(field_user_africa)
    assert client.get(_url("intervention-detail", intervention.pk)).status_code == 403
    client.force_login(manager_user)
    assert client.get(_url("intervention-detail", intervention.pk)).status_code == 200
    assert client.get(_url("intervention-edit", intervention.pk)).status_code == 403
    assert client.get(reverse("capacity:intervention-create")).status_code == 403


def test_participation_counts_must_add_up(client, field_user):
    intervention = InterventionFactory()
    client.force_login(field_user)
    data = {"total": 10, "women": 4, "men": 6, "sex_not_recorded": 0, "employers": 3,
            "workers": 3, "labour_ministry": 0, "other_government": 0, "other": 0}
    response = client.post(_url("participation-counts", intervention.pk), data)
    assert response.status_code == 400
    assert any("add up to 6" in e for e in response.context["form"].errors["employers"])
    assert not ParticipationCount.objects.exists()
    response = client.post(_url("participation-counts", intervention.pk),
                           {**data, "other": 4})
    assert response.status_code == 302
    assert ParticipationCount.objects.get().total == 10


GOOD_CSV = (
    "Name,Sex,Organization,Constituent group,Country,Pre-test score,Post-test score\n"
    "Arta Hoxha,female,Business Albania,employers,ALB,40,75\n"
    "Besnik Kola,M,KSSH,Workers' representatives,Albania,,\n"
)


def test_a_good_participant_list_is_previewed_then_imported(client, field_user, union):
    intervention = InterventionFactory()
    client.force_login(field_user)
    url = _url("participants-upload", intervention.pk)
    response = client.post(url, {
        "file": SimpleUploadedFile("list.csv", GOOD_CSV.encode(), "text/csv")})
    assert response.status_code == 200
    assert [(r.line, r.action) for r in response.context["result"].rows] == \
        [(2, "create"), (3, "create")]
    assert not Participant.objects.exists()  # a preview writes nothing
    token = client.session[f"import:participants:{intervention.pk}"]["token"]
    response = client.post(url, {"apply": "1", "token": token})
    assert response.status_code == 302
    assert Participant.objects.filter(intervention=intervention).count() == 2
    assert Participant.objects.get(name="Besnik Kola").constituent == union
    content = client.get(_url("intervention-detail", intervention.pk)).content.decode()
    assert "Participant list (2 people)" in content


def test_a_participant_list_in_xlsx_from_the_template(client, field_user):
    intervention = InterventionFactory()
    client.force_login(field_user)
    template = client.get(_url("participants-template"))
    assert template.status_code == 200
    url = _url("participants-upload", intervention.pk)
    response = client.post(url, {"file": SimpleUploadedFile("list.xlsx", template.content)})
    assert response.status_code == 200, response.context["result"].errors
    token = client.session[f"import:participants:{intervention.pk}"]["token"]
    assert client.post(url, {"apply": "1", "token": token}).status_code == 302
    arta = Participant.objects.get(intervention=intervention)
    assert (arta.name, arta.pre_test_score, arta.post_test_score) == ("Arta Hoxha", 40, 75)
    assert arta.history.first().history_change_reason == "Imported from list.xlsx"


def test_a_bad_participant_list_shows_every_row_error_and_saves_nothing(client, field_user):
    intervention = InterventionFactory()
    bad = GOOD_CSV + "C D,robot,X,other,ALB\nE F,male,X,aliens,Atlantis\n"
    client.force_login(field_user)
    response = client.post(_url("participants-upload", intervention.pk), {
        "file": SimpleUploadedFile("list.csv", bad.encode(), "text/csv")})
    assert response.status_code == 400
    found = {(e.row, e.column) for e in response.context["result"].errors}
    assert found == {(4, "sex"), (5, "constituent_group"), (5, "country")}
    content = response.content.decode()
    assert "3 problems in the file" in content and "Atlantis" in content
    assert not Participant.objects.exists()
    assert f"import:participants:{intervention.pk}" not in client.session


def test_participation_cannot_be_recorded_by_managers(client, manager_user):
    intervention = InterventionFactory()
    client.force_login(manager_user)
    assert client.get(_url("participation-counts", intervention.pk)).status_code == 403
    assert client.get(_url("participants-upload", intervention.pk)).status_code == 403


# --- repeat training ----------------------------------------------------------------------

def test_field_staff_and_managers_see_people_trained_repeatedly(client, field_user,
                                                                manager_user):
    for area, day in (("osh", dt.date(2014, 2, 1)), ("migration", dt.date(2014, 6, 1))):
        ParticipantFactory(intervention=InterventionFactory(technical_area=area,
                                                            start_date=day), name="Drita Çela")
    for user in (field_user, manager_user):
        client.force_login(user)
        response = client.get(REPEAT, {"start": "2014-01-01", "end": "2014-12-31",
                                       "min_areas": 2})
        assert [r.name for r in response.context["rows"]] == ["Drita Çela"]
        assert "Labour migration" in response.content.decode()


def test_repeat_training_is_not_a_specialists_page(client, actemp_user):
    client.force_login(actemp_user)
    assert client.get(REPEAT).status_code == 403


def test_repeat_training_period_in_the_wrong_order_is_refused(client, manager_user):
    client.force_login(manager_user)
    response = client.get(REPEAT, {"start": "2015-01-01", "end": "2014-01-01", "min_areas": 2})
    assert response.status_code == 400
    assert "end" in response.context["form"].errors


# --- constituent capacity profile ---------------------------------------------------------

def test_profile_shows_the_change_between_rounds_and_a_chart(client, actemp_user, employers):
    CapacityAssessmentFactory(constituent=employers, date=dt.date(2014, 3, 1), scores=2)
    CapacityAssessmentFactory(constituent=employers, date=dt.date(2016, 3, 1),
                              round="follow_up", scores={GOV: 4, "financial_sustainability": 1})
    CapacityNeedFactory(constituent=employers, description="Strategic plan for the board")
    intervention = InterventionFactory(title="Board governance coaching")
    intervention.target_constituents.add(employers)
    client.force_login(actemp_user)
    response = client.get(_url("profile", employers.pk))
    assert response.status_code == 200
    rows = {r["name"]: r for r in response.context["table"]["rows"]}
    governance = next(r for name, r in rows.items() if r["scores"] == [2, 4])
    assert governance["change"] == 2
    content = response.content.decode()
    assert "<svg" in content and "score-series__line" in content
    assert "+2" in content
    assert "Strategic plan for the board" in content and "Board governance coaching" in content
    assert "style=" not in content and "<script>" not in content


def test_profile_uses_the_workers_computed_change_when_present(client, manager_user,
                                                               employers):
    baseline = CapacityAssessmentFactory(constituent=employers, date=dt.date(2014, 3, 1),
                                         scores=2)
    follow_up = CapacityAssessmentFactory(constituent=employers, date=dt.date(2016, 3, 1),
                                          round="follow_up", scores=3)
    snapshot = CapacitySnapshot.objects.create(as_of=dt.date(2024, 1, 1), is_current=True)
    dimension = follow_up.framework.dimensions.get(code="governance_management")
    from capacity.models import DimensionChange

    DimensionChange.objects.create(
        snapshot=snapshot, constituent=employers, framework_code="employers",
        dimension_code="governance_management", dimension=dimension, baseline=baseline,
        follow_up=follow_up, baseline_score=2, latest_score=3, change=1)
    client.force_login(manager_user)
    table = client.get(_url("profile", employers.pk)).context["table"]
    assert table["from_worker"]
    assert [r["change"] for r in table["rows"] if r["change"] is not None] == [1]


def test_profile_is_refused_to_other_groups_and_countries(client, actrav_user,
                                                          field_user_africa, employers):
    for user in (actrav_user, field_user_africa):
        client.force_login(user)
        assert client.get(_url("profile", employers.pk)).status_code == 403


def test_profile_without_assessments_says_so(client, field_user, ministry):
    client.force_login(field_user)
    response = client.get(_url("profile", ministry.pk))
    assert response.status_code == 200 and response.context["chart"] is None
    assert "No assessment recorded yet." in response.content.decode()


def test_cancelled_interventions_are_shown_with_their_status(client, field_user, ministry):
    intervention = InterventionFactory(status=InterventionStatus.CANCELLED, end_date=None)
    intervention.target_constituents.add(ministry)
    client.force_login(field_user)
    content = client.get(_url("profile", ministry.pk)).content.decode()
    assert "badge--cancelled" in content
