"""Rules of the capacity services, each tried both ways (allowed and refused), the need review
by role, the CSV import of participants and the repeat-training flag."""
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from capacity import selectors
from capacity.models import (
    AssessmentFramework,
    CapacityAssessment,
    CapacityNeed,
    DimensionScore,
    Intervention,
    InterventionStatus,
    NeedStatus,
    NeedTransition,
    Participant,
    ParticipationCount,
    PlanItem,
)
from capacity.services.assessments import assessment_create, assessment_delete, assessment_update
from capacity.services.frameworks import framework_create, framework_revise
from capacity.services.interventions import intervention_create, intervention_update
from capacity.services.needs import (
    need_create,
    need_next_steps,
    need_transition,
    needs_transition_bulk,
)
from capacity.services.participation import (
    ParticipantImportError,
    participant_create,
    participants_import_csv,
    participation_counts_set,
)
from capacity.services.plans import plan_create, plan_item_create
from constituents.models import ConstituentType
from core.errors import ApplicationError
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
from tests.programmes.factories import CpoFactory, DwcpFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2014, 3, 1)


@pytest.fixture
def employers():
    return ConstituentFactory(name="Business Albania", type=ConstituentType.EMPLOYERS)


@pytest.fixture
def union():
    return ConstituentFactory(name="Confederation of Trade Unions of Albania",
                              type=ConstituentType.WORKERS)


@pytest.fixture
def ministry():
    return ConstituentFactory(name="Ministry of Social Welfare and Youth",
                              type=ConstituentType.LABOUR_MINISTRY)


@pytest.fixture
def kenyan_ministry():
    return ConstituentFactory(name="Ministry of Labour of Kenya", country=country("KEN"),
                              type=ConstituentType.LABOUR_MINISTRY)


def all_scores(fw, score=3):
    return {d.code: {"score": score, "evidence": "Interviews"} for d in fw.dimensions.all()}


def create_assessment(user, constituent, *, fw=None, round="baseline", date=DAY, scores=None,
                      method="self_assessment", **kw):
    fw = fw or framework({"employers": "employers", "workers": "workers"}.get(
        constituent.group, "labour_administration"))
    return assessment_create(user=user, constituent=constituent, framework=fw, date=date,
                             method=method, round=round, assessors="A. Assessor",
                             scores=all_scores(fw) if scores is None else scores, **kw)


def dimensions_payload(descriptor="Described"):
    return [{"code": "governance", "name": "Governance", "level": "organizational",
             "capacity_type": "functional",
             "descriptors": {s: f"{descriptor} {s}" for s in range(1, 6)}}]


# --- frameworks ---------------------------------------------------------------------------

def test_administrator_creates_a_framework_with_its_dimensions(admin_user):
    fw = framework_create(user=admin_user, code="cooperatives", title="Cooperatives",
                          constituent_group="other", constituent_types=["cso"],
                          dimensions=dimensions_payload())
    assert (fw.version, fw.is_current) == (1, True)
    assert [d.descriptors.count() for d in fw.dimensions.all()] == [5]


def test_field_staff_may_not_edit_frameworks(field_user):
    with pytest.raises(PermissionDenied):
        framework_create(user=field_user, code="x", title="X", constituent_group="other",
                         dimensions=dimensions_payload())


def test_framework_needs_a_descriptor_for_every_score_and_writes_nothing(admin_user):
    dims = dimensions_payload()
    del dims[0]["descriptors"][4]
    dims[0]["descriptors"][6] = "Beyond the scale"
    with pytest.raises(ApplicationError) as exc:
        framework_create(user=admin_user, code="x", title="X", constituent_group="other",
                         dimensions=dims)
    messages = " ".join(exc.value.field_errors["dimensions"])
    assert "score 4" in messages and "not “6”" in messages
    assert not AssessmentFramework.objects.filter(code="x").exists()


def test_framework_types_must_belong_to_its_group(admin_user):
    with pytest.raises(ApplicationError) as exc:
        framework_create(user=admin_user, code="x", title="X", constituent_group="workers",
                         constituent_types=["employers"], dimensions=dimensions_payload())
    assert "constituent_types" in exc.value.field_errors


def test_revising_a_framework_no_assessment_uses_edits_it_in_place(admin_user):
    fw = framework_create(user=admin_user, code="coop", title="Coop", constituent_group="other",
                          dimensions=dimensions_payload())
    revised = framework_revise(user=admin_user, framework=fw, data={"title": "Cooperatives"},
                               dimensions=dimensions_payload("Better"))
    assert revised.pk == fw.pk and revised.version == 1
    assert revised.dimensions.get().descriptors.get(score=1).descriptor == "Better 1"


def test_revising_a_framework_in_use_creates_a_new_version_and_keeps_the_old(admin_user,
                                                                              employers):
    old = framework("employers")
    assessment = create_assessment(None, employers, fw=old)
    old_names = list(old.dimensions.values_list("name", flat=True))
    new = framework_revise(user=admin_user, framework=old, data={"title": "Employers v2"})
    old.refresh_from_db()
    assert (new.version, new.is_current, old.is_current) == (2, True, False)
    assert list(old.dimensions.values_list("name", flat=True)) == old_names
    assert list(new.dimensions.values_list("code", flat=True)) == \
        list(old.dimensions.values_list("code", flat=True))
    assessment.refresh_from_db()
    assert assessment.framework_id == old.pk
    with pytest.raises(ApplicationError, match="no longer current"):
        framework_revise(user=admin_user, framework=old, data={"title": "Again"})


# --- assessments --------------------------------------------------------------------------

def test_field_staff_record_an_assessment_with_every_score(field_user, ministry):
    assessment = create_assessment(field_user, ministry, method="labour_admin_audit")
    assert assessment.scores.count() == 5
    assert set(assessment.scores.values_list("score", flat=True)) == {3}
    assert assessment.history.first().history_user == field_user


@pytest.mark.parametrize("who, allowed", [("field_user", True), ("actemp_user", True),
                                          ("actrav_user", False), ("manager_user", False),
                                          ("field_user_africa", False)])
def test_who_may_assess_an_employers_organization(request, who, allowed, employers):
    user = request.getfixturevalue(who)
    if allowed:
        assert create_assessment(user, employers).pk
    else:
        with pytest.raises(ApplicationError) as exc:
            create_assessment(user, employers)
        assert "constituent" in exc.value.field_errors
        assert not CapacityAssessment.objects.exists()


@pytest.mark.parametrize("score", [0, 6, "three", 2.5])
def test_a_score_outside_the_scale_is_refused_and_nothing_written(field_user, ministry, score):
    fw = framework("labour_administration")
    scores = all_scores(fw)
    first = fw.dimensions.first()
    scores[first.code] = {"score": score}
    with pytest.raises(ApplicationError) as exc:
        create_assessment(field_user, ministry, scores=scores)
    assert f"score_{first.code}" in exc.value.field_errors
    assert not CapacityAssessment.objects.exists() and not DimensionScore.objects.exists()


def test_every_dimension_must_be_scored(field_user, ministry):
    fw = framework("labour_administration")
    scores = all_scores(fw)
    missing = fw.dimensions.last()
    del scores[missing.code]
    with pytest.raises(ApplicationError) as exc:
        create_assessment(field_user, ministry, scores=scores)
    assert list(exc.value.field_errors) == [f"score_{missing.code}"]


def test_the_constituent_type_must_fit_the_framework(field_user, employers):
    with pytest.raises(ApplicationError) as exc:
        create_assessment(field_user, employers, fw=framework("workers"))
    assert "framework" in exc.value.field_errors


def test_a_bureau_method_fits_its_group_only(field_user, employers, union):
    with pytest.raises(ApplicationError) as exc:
        create_assessment(field_user, employers, method="actrav")
    assert "method" in exc.value.field_errors
    assert create_assessment(field_user, union, method="actrav").pk


def test_a_follow_up_needs_an_earlier_baseline(field_user, union):
    with pytest.raises(ApplicationError) as exc:
        create_assessment(field_user, union, round="follow_up", date=DAY)
    assert "baseline" in exc.value.field_errors["round"][0]
    create_assessment(field_user, union, round="baseline", date=DAY)
    with pytest.raises(ApplicationError):  # same day is not earlier
        create_assessment(field_user, union, round="follow_up", date=DAY)
    follow_up = create_assessment(field_user, union, round="follow_up",
                                  date=dt.date(2016, 3, 1))
    assert follow_up.round == "follow_up"


def test_a_baseline_of_another_constituent_does_not_count(field_user, union):
    other = ConstituentFactory(type=ConstituentType.WORKERS)
    create_assessment(field_user, other, round="baseline", date=DAY)
    with pytest.raises(ApplicationError):
        create_assessment(field_user, union, round="follow_up", date=dt.date(2016, 1, 1))


def test_a_follow_up_may_use_a_newer_version_of_the_framework(admin_user, field_user, union):
    create_assessment(field_user, union, round="baseline", date=DAY)
    v2 = framework_revise(user=admin_user, framework=framework("workers"), data={"title": "v2"})
    assert create_assessment(field_user, union, fw=v2, round="follow_up",
                             date=dt.date(2016, 1, 1)).framework == v2


def test_a_change_may_not_leave_a_follow_up_without_its_baseline(field_user, union):
    baseline = create_assessment(field_user, union, round="baseline", date=DAY)
    create_assessment(field_user, union, round="follow_up", date=dt.date(2016, 1, 1))
    with pytest.raises(ApplicationError):
        assessment_update(user=field_user, assessment=baseline, data={"round": "follow_up"})
    with pytest.raises(ApplicationError):
        assessment_update(user=field_user, assessment=baseline,
                          data={"date": dt.date(2017, 1, 1)})
    with pytest.raises(ApplicationError, match="only one before a follow-up"):
        assessment_delete(user=field_user, assessment=baseline)
    baseline.refresh_from_db()
    assert (baseline.round, baseline.date) == ("baseline", DAY)
    updated = assessment_update(user=field_user, assessment=baseline,
                                data={"date": dt.date(2014, 2, 1)}, scores={
                                    framework("workers").dimensions.first().code: 5})
    assert updated.date == dt.date(2014, 2, 1)
    assert 5 in set(updated.scores.values_list("score", flat=True))


def test_an_assessment_cannot_be_dated_in_the_future(field_user, union):
    with pytest.raises(ApplicationError) as exc:
        create_assessment(field_user, union, date=dt.date.today() + dt.timedelta(days=2))
    assert "date" in exc.value.field_errors


def test_linked_dwcp_and_cpo_are_of_the_constituents_country(field_user, union):
    cpo = CpoFactory()
    assessment = create_assessment(field_user, union, cpo=cpo)
    assert assessment.dwcp == cpo.dwcp
    with pytest.raises(ApplicationError) as exc:
        create_assessment(field_user, union, dwcp=DwcpFactory(country=country("KEN")))
    assert "dwcp" in exc.value.field_errors


# --- needs and their review ---------------------------------------------------------------

def test_a_need_is_recorded_new_and_linked_to_its_assessment(actemp_user, employers):
    assessment = CapacityAssessmentFactory(constituent=employers)
    need = need_create(user=actemp_user, constituent=employers, assessment=assessment,
                       description="Members' services are not based on a survey",
                       level="organizational", capacity_type="technical",
                       technical_area="member_services", priority="high")
    assert (need.status, need.assessment) == (NeedStatus.NEW, assessment)


def test_a_need_is_dated_when_it_was_identified_never_before_its_assessment(actemp_user,
                                                                             employers):
    import datetime as dt

    assessment = CapacityAssessmentFactory(constituent=employers, date=dt.date(2014, 3, 1))
    fields = {"description": "No members' survey", "level": "organizational",
              "capacity_type": "technical", "technical_area": "member_services"}
    need = need_create(user=actemp_user, constituent=employers, assessment=assessment,
                       identified_on=dt.date(2014, 3, 10), **fields)
    assert need.status_changed_on == dt.date(2014, 3, 10)
    for day in (dt.date(2014, 2, 1), dt.date(2999, 1, 1)):
        with pytest.raises(ApplicationError) as exc:
            need_create(user=actemp_user, constituent=employers, assessment=assessment,
                        identified_on=day, **fields)
        assert "identified_on" in exc.value.field_errors


def test_a_need_refuses_an_assessment_of_another_organization(actemp_user, employers):
    other = CapacityAssessmentFactory(
        constituent=ConstituentFactory(type=ConstituentType.EMPLOYERS))
    with pytest.raises(ApplicationError) as exc:
        need_create(user=actemp_user, constituent=employers, assessment=other,
                    description="x", level="organizational", capacity_type="technical",
                    technical_area="osh")
    assert "assessment" in exc.value.field_errors


def test_a_need_refuses_unknown_classifications(actemp_user, employers):
    with pytest.raises(ApplicationError) as exc:
        need_create(user=actemp_user, constituent=employers, description="",
                    level="global", capacity_type="x", technical_area="astrology")
    assert {"description", "level", "capacity_type", "technical_area"} <= \
        set(exc.value.field_errors)


@pytest.mark.parametrize("kind, who, allowed", [
    (ConstituentType.EMPLOYERS, "actemp_user", True),
    (ConstituentType.EMPLOYERS, "actrav_user", False),
    (ConstituentType.EMPLOYERS, "field_user", False),
    (ConstituentType.EMPLOYERS, "manager_user", False),
    (ConstituentType.EMPLOYERS, "admin_user", True),
    (ConstituentType.WORKERS, "actrav_user", True),
    (ConstituentType.WORKERS, "actemp_user", False),
    (ConstituentType.WORKERS, "field_user", False),
    (ConstituentType.LABOUR_MINISTRY, "field_user", True),
    (ConstituentType.LABOUR_MINISTRY, "field_user_africa", False),
    (ConstituentType.LABOUR_MINISTRY, "actemp_user", False),
])
def test_who_reviews_a_need(request, kind, who, allowed):
    user = request.getfixturevalue(who)
    need = CapacityNeedFactory(constituent=ConstituentFactory(type=kind))
    if allowed:
        change = need_transition(user=user, need=need, to_status="reviewed",
                                 effective_date=dt.date(2014, 4, 1))
        assert (change.from_status, change.to_status, change.changed_by) == \
            ("new", "reviewed", user)
        need.refresh_from_db()
        assert (need.status, need.status_changed_on) == ("reviewed", dt.date(2014, 4, 1))
    else:
        with pytest.raises((ApplicationError, PermissionDenied)):
            need_transition(user=user, need=need, to_status="reviewed")
        need.refresh_from_db()
        assert need.status == "new" and not NeedTransition.objects.exists()


def test_the_refusal_names_the_owning_bureau(field_user, employers):
    need = CapacityNeedFactory(constituent=employers)
    with pytest.raises(ApplicationError, match="ACT/EMP"):
        need_transition(user=field_user, need=need, to_status="reviewed")


def test_declining_needs_a_reason_which_is_kept(actrav_user, union):
    need = CapacityNeedFactory(constituent=union)
    with pytest.raises(ApplicationError) as exc:
        need_transition(user=actrav_user, need=need, to_status="declined")
    assert "note" in exc.value.field_errors
    need_transition(user=actrav_user, need=need, to_status="declined",
                    note="Covered by the national centre's own programme")
    need.refresh_from_db()
    assert need.decline_reason == "Covered by the national centre's own programme"
    need_transition(user=actrav_user, need=need, to_status="new", note="Programme ended")
    need.refresh_from_db()
    assert (need.status, need.decline_reason) == ("new", "")


def test_a_state_can_only_move_along_the_workflow(actrav_user, union):
    need = CapacityNeedFactory(constituent=union)
    with pytest.raises(ApplicationError, match="next states"):
        need_transition(user=actrav_user, need=need, to_status="addressed")


def test_planning_needs_a_plan_item_or_intervention_and_field_staff_may_plan(
        actemp_user, field_user, employers):
    need = CapacityNeedFactory(constituent=employers, status="reviewed")
    with pytest.raises(ApplicationError, match="plan"):
        need_transition(user=field_user, need=need, to_status="planned")
    plan = PlanFactory(constituent=employers)
    plan_item_create(user=actemp_user, plan=plan, title="Coaching on governance",
                     needs=[need])
    need_transition(user=field_user, need=need, to_status="planned")
    assert CapacityNeed.objects.get(pk=need.pk).status == "planned"


def test_a_need_is_addressed_only_by_a_completed_intervention(actrav_user, union):
    need = CapacityNeedFactory(constituent=union, status="planned")
    intervention = InterventionFactory(status=InterventionStatus.ONGOING, end_date=None)
    intervention.target_constituents.add(union)
    intervention.needs.add(need)
    with pytest.raises(ApplicationError, match="completed intervention"):
        need_transition(user=actrav_user, need=need, to_status="addressed")
    Intervention.objects.filter(pk=intervention.pk).update(
        status=InterventionStatus.COMPLETED, end_date=dt.date(2014, 6, 1))
    need_transition(user=actrav_user, need=need, to_status="addressed")
    assert CapacityNeed.objects.get(pk=need.pk).status == "addressed"


def test_a_step_is_dated_in_order_and_not_in_the_future(actrav_user, union):
    need = CapacityNeedFactory(constituent=union, status_changed_on=dt.date(2014, 3, 1))
    for day in (dt.date(2014, 2, 1), dt.date.today() + dt.timedelta(days=3)):
        with pytest.raises(ApplicationError) as exc:
            need_transition(user=actrav_user, need=need, to_status="reviewed",
                            effective_date=day)
        assert "effective_date" in exc.value.field_errors


def test_next_steps_follow_the_role(actemp_user, field_user, employers):
    need = CapacityNeedFactory(constituent=employers, status="reviewed")
    assert {s.to_status for s in need_next_steps(user=actemp_user, need=need)} == \
        {"declined", "planned"}
    assert {s.to_status for s in need_next_steps(user=field_user, need=need)} == {"planned"}


def test_bulk_review_is_all_or_nothing(actemp_user, employers):
    good = CapacityNeedFactory.create_batch(2, constituent=employers)
    bad = CapacityNeedFactory(constituent=ConstituentFactory(type=ConstituentType.WORKERS))
    with pytest.raises(ApplicationError) as exc:
        needs_transition_bulk(user=actemp_user, needs=[*good, bad], to_status="reviewed")
    assert len(exc.value.field_errors["needs"]) == 1
    assert not CapacityNeed.objects.filter(status="reviewed").exists()
    assert not NeedTransition.objects.exists()
    changes = needs_transition_bulk(user=actemp_user, needs=good, to_status="reviewed")
    assert len(changes) == 2
    assert CapacityNeed.objects.filter(status="reviewed").count() == 2


def test_review_queue_shows_each_bureau_its_group(actemp_user, actrav_user, field_user,
                                                  employers, union, ministry):
    e = CapacityNeedFactory(constituent=employers)
    w = CapacityNeedFactory(constituent=union)
    g = CapacityNeedFactory(constituent=ministry)
    CapacityNeedFactory(constituent=employers, status="addressed")
    assert list(selectors.need_review_queue(user=actemp_user)) == [e]
    assert list(selectors.need_review_queue(user=actrav_user)) == [w]
    assert list(selectors.need_review_queue(user=field_user)) == [g]


# --- plans --------------------------------------------------------------------------------

def test_plan_dates_in_order_and_dwcp_of_the_country(field_user, ministry):
    with pytest.raises(ApplicationError) as exc:
        plan_create(user=field_user, constituent=ministry, title="Plan",
                    start_date=dt.date(2016, 1, 1), end_date=dt.date(2015, 1, 1),
                    dwcp=DwcpFactory(country=country("KEN")))
    assert {"end_date", "dwcp"} <= set(exc.value.field_errors)
    plan = plan_create(user=field_user, constituent=ministry, title="Plan",
                       start_date=dt.date(2014, 1, 1), end_date=dt.date(2016, 12, 31))
    assert plan.pk


def test_plan_items_address_needs_of_the_plans_constituent_within_its_dates(field_user,
                                                                            ministry):
    plan = PlanFactory(constituent=ministry)
    other_need = CapacityNeedFactory(constituent=ConstituentFactory(
        type=ConstituentType.OTHER_GOVERNMENT))
    with pytest.raises(ApplicationError) as exc:
        plan_item_create(user=field_user, plan=plan, title="Inspection training",
                         needs=[other_need], due_date=dt.date(2020, 1, 1))
    assert {"needs", "due_date"} <= set(exc.value.field_errors)
    assert not PlanItem.objects.exists()
    item = plan_item_create(user=field_user, plan=plan, title="Inspection training",
                            needs=[CapacityNeedFactory(constituent=ministry)],
                            due_date=dt.date(2015, 6, 30))
    assert item.needs.count() == 1


# --- interventions ------------------------------------------------------------------------

def new_intervention(user, **kw):
    values = {"title": "Labour inspection course", "method": "training",
              "provider": "itcilo", "technical_area": "labour_inspection",
              "start_date": dt.date(2014, 5, 5), "end_date": dt.date(2014, 5, 9),
              "levels": ["individual", "organizational"], "country": country("ALB"),
              "status": "completed"}
    values.update(kw)
    return intervention_create(user=user, **values)


def test_field_staff_record_an_intervention_with_its_links(field_user, ministry):
    need = CapacityNeedFactory(constituent=ministry)
    cpo = CpoFactory()
    intervention = new_intervention(field_user, target_constituents=[ministry], needs=[need],
                                    cpos=[cpo], funding_source="rbsa", cost=Decimal("12000"))
    assert list(intervention.needs.all()) == [need]
    assert intervention.levels == ["individual", "organizational"]


@pytest.mark.parametrize("changes, field", [
    ({"end_date": dt.date(2014, 5, 1)}, "end_date"),
    ({"cost": Decimal("-1")}, "cost"),
    ({"levels": []}, "levels"),
    ({"levels": ["cosmic"]}, "levels"),
    ({"method": "osmosis"}, "method"),
    ({"end_date": None}, "end_date"),  # completed without an end date
    ({"status": "completed", "end_date": dt.date.today() + dt.timedelta(days=30)}, "end_date"),
])
def test_intervention_rules(field_user, changes, field):
    with pytest.raises(ApplicationError) as exc:
        new_intervention(field_user, **changes)
    assert field in exc.value.field_errors
    assert not Intervention.objects.exists()


def test_targets_needs_and_cpos_belong_to_the_interventions_country(field_user, ministry,
                                                                    kenyan_ministry):
    with pytest.raises(ApplicationError) as exc:
        new_intervention(field_user, target_constituents=[kenyan_ministry],
                         needs=[CapacityNeedFactory(constituent=ministry)],
                         cpos=[CpoFactory(dwcp=DwcpFactory(country=country("KEN")),
                                          priority__dwcp=DwcpFactory(country=country("KEN")))])
    assert {"target_constituents", "needs", "cpos"} <= set(exc.value.field_errors)


def test_specialists_record_interventions_of_their_group_only(actemp_user, employers, union):
    assert new_intervention(actemp_user, target_group="employers",
                            target_constituents=[employers]).pk
    with pytest.raises(ApplicationError):
        new_intervention(actemp_user, target_group="workers")
    with pytest.raises(ApplicationError) as exc:
        new_intervention(actemp_user, target_group="employers", target_constituents=[union])
    assert "target_constituents" in exc.value.field_errors


def test_an_intervention_with_participation_cannot_go_back_to_planned(field_user):
    intervention = new_intervention(field_user)
    participation_counts_set(user=field_user, intervention=intervention, total=1, women=1,
                             workers=1)
    with pytest.raises(ApplicationError) as exc:
        intervention_update(user=field_user, intervention=intervention,
                            data={"status": "planned"})
    assert "status" in exc.value.field_errors


# --- participation counts -----------------------------------------------------------------

def test_participation_counts_add_up(field_user):
    intervention = InterventionFactory()
    row = participation_counts_set(user=field_user, intervention=intervention, total=30,
                                   women=12, men=17, sex_not_recorded=1, employers=10,
                                   workers=10, labour_ministry=10,
                                   pre_test_average="45.5", post_test_average=71)
    assert (row.total, row.by_group()["workers"], row.post_test_average) == (30, 10, 71)


@pytest.mark.parametrize("counts, field", [
    ({"total": 30, "women": 10, "men": 10, "workers": 30}, "women"),
    ({"total": 30, "women": 15, "men": 15, "workers": 20}, "employers"),
    ({"total": 30, "women": -1, "men": 31, "workers": 30}, "women"),
    ({"total": 1, "women": 1, "workers": 1, "post_test_average": 120}, "post_test_average"),
])
def test_participation_counts_refused(field_user, counts, field):
    intervention = InterventionFactory()
    with pytest.raises(ApplicationError) as exc:
        participation_counts_set(user=field_user, intervention=intervention, **counts)
    assert field in exc.value.field_errors
    assert not ParticipationCount.objects.exists()


def test_participation_only_for_interventions_that_took_place(field_user):
    intervention = InterventionFactory(status=InterventionStatus.PLANNED)
    with pytest.raises(ApplicationError, match="ongoing or completed"):
        participation_counts_set(user=field_user, intervention=intervention, total=0)


def test_counts_and_list_exclude_each_other(field_user):
    intervention = InterventionFactory()
    ParticipantFactory(intervention=intervention)
    with pytest.raises(ApplicationError, match="participant list"):
        participation_counts_set(user=field_user, intervention=intervention, total=0)
    other = InterventionFactory()
    participation_counts_set(user=field_user, intervention=other, total=0)
    with pytest.raises(ApplicationError, match="counts"):
        participants_import_csv(user=field_user, intervention=other,
                                file=io.BytesIO(GOOD_CSV.encode()))


def test_participation_outside_scope_is_refused(field_user_africa):
    with pytest.raises(PermissionDenied):
        participation_counts_set(user=field_user_africa, intervention=InterventionFactory(),
                                 total=0)


# --- participant list from CSV ------------------------------------------------------------

GOOD_CSV = (
    "Name,Sex,Organization,Constituent group,Country,Pre-test score,Post-test score\n"
    "Arta Hoxha,female,Business Albania,employers,ALB,40,75\n"
    "Besnik Kola,M,KSSH,Workers' representatives,Albania,,\n"
    "Wanjiru Kamau,F,Ministry of Labour of Kenya,labour_ministry,KE,55.5,80\n"
)


def test_participants_import_from_csv(field_user, employers):
    intervention = InterventionFactory()
    created = participants_import_csv(user=field_user, intervention=intervention,
                                      file=io.BytesIO(GOOD_CSV.encode("utf-8-sig")))
    assert len(created) == 3
    arta = Participant.objects.get(name="Arta Hoxha")
    assert (arta.sex, arta.participant_group, arta.constituent, arta.post_test_score) == \
        ("female", "employers", employers, Decimal("75"))
    assert Participant.objects.get(name="Wanjiru Kamau").country.iso3 == "KEN"
    assert arta.history.first().history_user == field_user


def test_semicolon_separated_files_are_read(field_user):
    content = "name;sex;organization;constituent_group;country\nA B;female;X;other;ALB\n"
    assert len(participants_import_csv(user=field_user, intervention=InterventionFactory(),
                                       file=io.StringIO(content))) == 1


def test_bad_rows_are_all_listed_and_nothing_is_saved(field_user):
    intervention = InterventionFactory()
    content = GOOD_CSV + (
        ",female,X,other,ALB\n"                      # row 5: no name
        "C D,robot,X,other,ALB\n"                    # row 6: sex
        "E F,male,X,aliens,Atlantis\n"               # row 7: group and country
        "G H,male,X,other,ALB,150,\n"                # row 8: score out of 0–100
        "arta  HOXHA,female,Business Albania,employers,ALB,,\n"  # row 9: same as row 2
    )
    with pytest.raises(ParticipantImportError) as exc:
        participants_import_csv(user=field_user, intervention=intervention,
                                file=io.BytesIO(content.encode()))
    found = {(e.row, e.column) for e in exc.value.row_errors}
    assert found == {(5, "name"), (6, "sex"), (7, "constituent_group"), (7, "country"),
                     (8, "pre_test_score"), (9, "name")}
    assert any("Row 9" in m and "row 2" in m for m in exc.value.field_errors["file"])
    assert not Participant.objects.exists()


def test_a_file_without_the_required_columns_is_refused(field_user):
    with pytest.raises(ParticipantImportError, match="columns") as exc:
        participants_import_csv(user=field_user, intervention=InterventionFactory(),
                                file=io.BytesIO(b"name,sex\nA,female\n"))
    assert "constituent_group" in exc.value.field_errors["file"][0]


def test_people_already_listed_are_not_imported_twice(field_user):
    intervention = InterventionFactory()
    participants_import_csv(user=field_user, intervention=intervention,
                            file=io.BytesIO(GOOD_CSV.encode()))
    with pytest.raises(ParticipantImportError):
        participants_import_csv(user=field_user, intervention=intervention,
                                file=io.BytesIO(GOOD_CSV.encode()))
    assert intervention.participants.count() == 3


def test_a_file_not_in_utf8_is_refused(field_user):
    with pytest.raises(ParticipantImportError, match="could not be read"):
        participants_import_csv(user=field_user, intervention=InterventionFactory(),
                                file=io.BytesIO("name,sex\nÉ".encode("utf-16")))


def test_participants_import_with_french_headers_and_numbers(field_user):
    from django.utils import translation

    content = ("Nom;Sexe;Organisation;Groupe de mandants;Pays;Pre-test score\n"
               "Arta Hoxha;F;X;employers;Albanie;40,5\n")
    with translation.override("fr"):
        created = participants_import_csv(user=field_user, intervention=InterventionFactory(),
                                          file=io.BytesIO(content.encode()), reason="Atelier")
    assert created[0].pre_test_score == Decimal("40.5")
    record = created[0].history.first()
    assert (record.history_user, record.history_change_reason) == \
        (field_user, "Atelier (importé de CSV)")


def test_participants_import_outside_ones_countries_is_refused(field_user):
    kenyan = InterventionFactory(country=country("KEN"))
    with pytest.raises(PermissionDenied):
        participants_import_csv(user=field_user, intervention=kenyan,
                                file=io.BytesIO(GOOD_CSV.encode()))
    assert not Participant.objects.exists()


def test_one_participant_added_by_hand(field_user, employers):
    intervention = InterventionFactory()
    person = participant_create(user=field_user, intervention=intervention, name="Arta Hoxha",
                                participant_group="employers", country=country("ALB"),
                                constituent=employers, sex="female")
    assert person.organization == employers.name
    with pytest.raises(ApplicationError) as exc:
        participant_create(user=field_user, intervention=intervention, name="ARTA hoxha",
                           participant_group="employers", country=country("ALB"))
    assert "name" in exc.value.field_errors


# --- repeat training (seeds/000 ¶17(b)) ---------------------------------------------------

def test_people_trained_repeatedly_on_unrelated_subjects_are_flagged(manager_user):
    osh = InterventionFactory(technical_area="osh", start_date=dt.date(2014, 2, 1))
    law = InterventionFactory(technical_area="labour_law", start_date=dt.date(2014, 6, 1))
    migration = InterventionFactory(technical_area="migration", start_date=dt.date(2015, 1, 1))
    osh_again = InterventionFactory(technical_area="osh", start_date=dt.date(2014, 9, 1))
    for intervention in (osh, law, migration):
        ParticipantFactory(intervention=intervention, name="Drita Çela")
    ParticipantFactory(intervention=osh, name="Same Subject")
    ParticipantFactory(intervention=osh_again, name="same  subject")
    ParticipantFactory(intervention=law, name="Only Once")

    flagged = selectors.repeat_trainees(user=manager_user, start=dt.date(2014, 1, 1),
                                        end=dt.date(2015, 12, 31))
    assert [(r.name, len(r.interventions), len(r.technical_areas)) for r in flagged] == \
        [("Drita Çela", 3, 3)]
    # A shorter period sees two of her courses, still on different subjects.
    flagged = selectors.repeat_trainees(user=manager_user, start=dt.date(2014, 1, 1),
                                        end=dt.date(2014, 12, 31))
    assert [len(r.interventions) for r in flagged] == [2]
    assert selectors.repeat_trainees(user=manager_user, start=dt.date(2014, 1, 1),
                                     end=dt.date(2014, 12, 31), min_areas=3) == []


def test_the_repeat_training_flag_is_limited_to_interventions_the_user_sees(field_user_africa):
    for area, day in (("osh", dt.date(2014, 2, 1)), ("migration", dt.date(2014, 3, 1))):
        ParticipantFactory(intervention=InterventionFactory(technical_area=area,
                                                            start_date=day), name="Drita Cela")
    assert selectors.repeat_trainees(user=field_user_africa, start=dt.date(2014, 1, 1),
                                     end=dt.date(2014, 12, 31)) == []


# --- selectors ----------------------------------------------------------------------------

def _walk_interventions(user):
    for item in selectors.intervention_list(user=user):
        _ = (item.country.region.name, [c.name for c in item.target_constituents.all()],
             item.participant_count)


def test_list_selectors_load_related_rows_in_a_constant_number_of_queries(
        manager_user, django_assert_max_num_queries, union):
    for _ in range(2):
        InterventionFactory().target_constituents.add(union)
        CapacityNeedFactory(constituent=union)
    with django_assert_max_num_queries(3) as few:
        _walk_interventions(manager_user)
        _ = [n.constituent.country.region.name for n in selectors.need_list(user=manager_user)]
    for _ in range(5):
        InterventionFactory().target_constituents.add(union)
        CapacityNeedFactory(constituent=union)
    with django_assert_max_num_queries(len(few.captured_queries)):
        _walk_interventions(manager_user)
        _ = [n.constituent.country.region.name for n in selectors.need_list(user=manager_user)]


def test_detail_selectors_hide_what_the_user_may_not_see(actrav_user, actemp_user, employers):
    assessment = CapacityAssessmentFactory(constituent=employers)
    CapacityNeedFactory(constituent=employers, assessment=assessment)
    detail = selectors.assessment_detail(user=actemp_user, pk=assessment.pk)
    assert len(detail.scores.all()) == 5 and len(detail.needs.all()) == 1
    with pytest.raises(CapacityAssessment.DoesNotExist):
        selectors.assessment_detail(user=actrav_user, pk=assessment.pk)
    plan = PlanFactory(constituent=employers)
    assert selectors.plan_detail(user=actemp_user, pk=plan.pk) == plan
    intervention = InterventionFactory()
    ParticipantFactory(intervention=intervention)
    assert len(selectors.intervention_detail(user=actrav_user,
                                             pk=intervention.pk).participants.all()) == 1
    assert [f.code for f in selectors.frameworks_for(constituent=employers)] == ["employers"]
    assert list(selectors.assessments_of(user=actemp_user, constituent=employers)) == \
        [assessment]
