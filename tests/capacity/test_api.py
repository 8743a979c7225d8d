"""The capacity API: frameworks, assessments with scores, needs and their review (one and in
bulk), plans, interventions, participation counts and participant lists (CSV import), and the
computed figures of the current snapshot. Writes through the services (400 with field errors,
nothing written), scoped reads (specialists see their own group's assessments and needs; 404
outside), lists with a fixed number of queries, filters in the schema."""
import datetime as dt
from decimal import Decimal

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from capacity.models import (
    AssessmentFramework,
    AssessmentRound,
    CapacityAssessment,
    CapacityNeed,
    InterventionStatus,
    NeedStatus,
    NeedTransition,
    Participant,
    ParticipationCount,
    PlanItem,
)
from capacity.services.computed import capacity_recompute_all
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
D = Decimal

FRAMEWORKS, ASSESSMENTS = "/api/v1/assessment-frameworks/", "/api/v1/capacity-assessments/"
NEEDS, PLANS = "/api/v1/capacity-needs/", "/api/v1/capacity-plans/"
PLAN_ITEMS, INTERVENTIONS = "/api/v1/capacity-plan-items/", "/api/v1/capacity-interventions/"
COUNTS, PARTICIPANTS = "/api/v1/participation-counts/", "/api/v1/participants/"
INDICES, CHANGES = "/api/v1/capacity-indices/", "/api/v1/capacity-changes/"
COVERAGE, PARTICIPATION = "/api/v1/needs-coverage/", "/api/v1/participation-figures/"
INTERVENTION_FIGURES, REACH = "/api/v1/intervention-figures/", "/api/v1/reach-figures/"


@pytest.fixture
def union():
    return ConstituentFactory(name="Confederation of Trade Unions of Albania",
                              type=ConstituentType.WORKERS)


@pytest.fixture
def business():
    return ConstituentFactory(name="Business Albania", type=ConstituentType.EMPLOYERS)


@pytest.fixture
def ministry():
    return ConstituentFactory(name="Ministry of Social Welfare and Youth",
                              type=ConstituentType.LABOUR_MINISTRY)


def _scores(code: str, value: int = 3) -> list[dict]:
    return [{"dimension": d.code, "score": value, "evidence": "Interviews"}
            for d in framework(code).dimensions.all()]


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# --- frameworks -------------------------------------------------------------------------------

def test_everyone_reads_the_frameworks_with_dimensions_and_descriptors(api_client, field_user):
    api_client.force_authenticate(field_user)
    response = api_client.get(FRAMEWORKS, {"code": "workers", "current": "true"})
    [row] = response.json()["results"]
    assert row["constituent_group"] == "workers" and row["in_use"] is False
    first = row["dimensions"][0]
    assert {"code", "level", "capacity_type"} <= set(first)
    assert set(first["descriptors"]) == {"1", "2", "3", "4", "5"}


def test_only_administrators_write_frameworks_and_a_revision_in_use_is_a_new_version(
        api_client, actrav_user, admin_user, union):
    api_client.force_authenticate(actrav_user)
    assert api_client.patch(f"{FRAMEWORKS}{framework('workers').pk}/", {"title": "Mine"},
                            format="json").status_code == 403
    CapacityAssessmentFactory(constituent=union)  # the current version is now in use
    api_client.force_authenticate(admin_user)
    old = framework("workers")
    response = api_client.patch(f"{FRAMEWORKS}{old.pk}/", {
        "title": "Workers' organizations (2016 revision)", "reason": "Wording revised"},
        format="json")
    assert response.status_code == 200, response.content
    assert response.json()["version"] == old.version + 1 and response.json()["is_current"]
    old.refresh_from_db()
    assert not old.is_current


def test_a_framework_without_complete_descriptors_is_refused(api_client, admin_user):
    api_client.force_authenticate(admin_user)
    response = api_client.post(FRAMEWORKS, {
        "code": "cooperatives", "title": "Cooperatives", "constituent_group": "other",
        "dimensions": [{"name": "Governance", "level": "organizational",
                        "capacity_type": "functional", "descriptors": {"1": "Absent"}}]},
        format="json")
    assert response.status_code == 400
    assert "describe what score 2, 3, 4, 5 means" in " ".join(response.json()["dimensions"])
    assert not AssessmentFramework.objects.filter(code="cooperatives").exists()


# --- assessments ------------------------------------------------------------------------------

def test_a_specialist_records_an_assessment_with_its_scores(api_client, actrav_user, union):
    api_client.force_authenticate(actrav_user)
    response = api_client.post(ASSESSMENTS, {
        "constituent": union.pk, "framework": framework("workers").pk, "date": "2014-03-01",
        "method": "actrav", "round": "baseline", "assessors": "ACTRAV specialist",
        "scores": _scores("workers", 2), "reason": "Baseline mission"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["country"] == "ALB" and body["framework_code"] == "workers"
    assert len(body["scores"]) == 5 and {s["score"] for s in body["scores"]} == {2}
    assessment = CapacityAssessment.objects.get()
    assert assessment.history.first().history_change_reason == "Baseline mission"


def test_bad_assessments_come_back_as_400_with_field_errors(api_client, actrav_user, union):
    api_client.force_authenticate(actrav_user)
    scores = _scores("workers")
    scores[0]["score"] = 7
    response = api_client.post(ASSESSMENTS, {
        "constituent": union.pk, "framework": framework("workers").pk, "date": "2014-03-01",
        "method": "actrav", "round": "follow_up", "assessors": "ACTRAV",
        "scores": scores}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert "must be from 1 to 5, not 7" in body[f"score_{scores[0]['dimension']}"][0]
    assert "needs a baseline" in body["round"][0]
    response = api_client.post(ASSESSMENTS, {"constituent": union.pk, "date": "someday"},
                               format="json")
    assert response.status_code == 400
    assert {"framework", "date"} <= set(response.json())
    assert not CapacityAssessment.objects.exists()


def test_specialists_see_only_their_groups_assessments(api_client, actrav_user, union,
                                                       business, manager_user):
    theirs = CapacityAssessmentFactory(constituent=union)
    other = CapacityAssessmentFactory(constituent=business)
    api_client.force_authenticate(actrav_user)
    assert _ids(api_client.get(ASSESSMENTS)) == {theirs.pk}
    assert api_client.get(f"{ASSESSMENTS}{other.pk}/").status_code == 404
    api_client.force_authenticate(manager_user)
    assert _ids(api_client.get(ASSESSMENTS)) == {theirs.pk, other.pk}
    response = api_client.post(ASSESSMENTS, {"constituent": union.pk}, format="json")
    assert response.status_code == 403  # managers read only


def test_assessment_filters(api_client, manager_user, union, business):
    baseline = CapacityAssessmentFactory(constituent=union)
    follow_up = CapacityAssessmentFactory(constituent=union, date=dt.date(2016, 3, 1),
                                          round=AssessmentRound.FOLLOW_UP)
    kenyan = CapacityAssessmentFactory(constituent=ConstituentFactory(
        country=country("KEN"), type=ConstituentType.EMPLOYERS))
    api_client.force_authenticate(manager_user)
    assert _ids(api_client.get(ASSESSMENTS, {"round": "follow_up"})) == {follow_up.pk}
    assert _ids(api_client.get(ASSESSMENTS, {"country": "ken"})) == {kenyan.pk}
    assert _ids(api_client.get(ASSESSMENTS, {"region": "AF"})) == {kenyan.pk}
    assert _ids(api_client.get(ASSESSMENTS, {"framework": "workers", "year": 2014})) == \
        {baseline.pk}
    assert _ids(api_client.get(ASSESSMENTS, {"group": "employers"})) == {kenyan.pk}
    assert api_client.get(ASSESSMENTS, {"round": "third"}).status_code == 400


# --- needs and their review -------------------------------------------------------------------

def test_needs_are_recorded_and_reviewed_by_the_owning_bureau(api_client, actemp_user,
                                                              field_user, business):
    api_client.force_authenticate(field_user)
    response = api_client.post(NEEDS, {
        "constituent": business.pk, "description": "Membership services strategy",
        "level": "organizational", "capacity_type": "functional",
        "technical_area": "member_services", "priority": "high"}, format="json")
    assert response.status_code == 201, response.content
    need = response.json()
    assert need["status"] == "new" and need["group"] == "employers"
    # Field staff may not review an employers' need: ACT/EMP owns it.
    refused = api_client.post(f"{NEEDS}{need['id']}/transition/", {"to_status": "reviewed"},
                              format="json")
    assert refused.status_code == 400
    assert "Only ACT/EMP specialists may mark reviewed" in refused.json()["to_status"][0]
    api_client.force_authenticate(actemp_user)
    response = api_client.post(f"{NEEDS}{need['id']}/transition/", {
        "to_status": "reviewed", "note": "Confirmed with the secretariat"}, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["from_status"], response.json()["to_status"]) == ("new",
                                                                              "reviewed")
    assert api_client.get(f"{NEEDS}{need['id']}/").json()["status"] == "reviewed"
    steps = api_client.get(f"{NEEDS}{need['id']}/transitions/").json()
    assert [s["changed_by"] for s in steps] == ["actemp"]


def test_declining_needs_a_reason(api_client, actrav_user, union):
    need = CapacityNeedFactory(constituent=union)
    api_client.force_authenticate(actrav_user)
    response = api_client.post(f"{NEEDS}{need.pk}/transition/", {"to_status": "declined"},
                               format="json")
    assert response.status_code == 400
    assert response.json()["note"] == ["Say why the need is declined."]
    response = api_client.post(f"{NEEDS}{need.pk}/transition/", {"to_status": "sleeping"},
                               format="json")
    assert response.status_code == 400 and "to_status" in response.json()


def test_bulk_review_moves_all_or_none(api_client, actrav_user, union, business):
    first, second = CapacityNeedFactory(constituent=union), CapacityNeedFactory(
        constituent=union)
    done = CapacityNeedFactory(constituent=union, status=NeedStatus.ADDRESSED)
    employers = CapacityNeedFactory(constituent=business)
    api_client.force_authenticate(actrav_user)
    response = api_client.post(f"{NEEDS}bulk-transition/", {
        "needs": [first.pk, second.pk, done.pk], "to_status": "reviewed"}, format="json")
    assert response.status_code == 400
    assert [f"Need #{done.pk}" in m for m in response.json()["needs"]] == [True]
    assert set(CapacityNeed.objects.values_list("status", flat=True)) == {"new", "addressed"}
    # A need the specialist may not see is not found.
    response = api_client.post(f"{NEEDS}bulk-transition/", {
        "needs": [first.pk, employers.pk], "to_status": "reviewed"}, format="json")
    assert response.status_code == 400
    assert response.json()["needs"] == [
        f"Need #{employers.pk} does not exist or is not visible to you."]
    response = api_client.post(f"{NEEDS}bulk-transition/", {
        "needs": [first.pk, second.pk], "to_status": "reviewed",
        "effective_date": "2014-04-01"}, format="json")
    assert response.status_code == 201, response.content
    assert len(response.json()) == 2
    assert NeedTransition.objects.filter(effective_date=dt.date(2014, 4, 1)).count() == 2


def test_need_filters_and_the_review_queue(api_client, actrav_user, union, business, ministry):
    high = CapacityNeedFactory(constituent=union, technical_area="organizing")
    low = CapacityNeedFactory(constituent=union, priority="low",
                              status=NeedStatus.REVIEWED)
    CapacityNeedFactory(constituent=union, status=NeedStatus.ADDRESSED)
    CapacityNeedFactory(constituent=business)
    CapacityNeedFactory(constituent=ministry)
    api_client.force_authenticate(actrav_user)
    queue = _ids(api_client.get(NEEDS, {"review_queue": "true"}))
    assert queue == {high.pk, low.pk}
    assert _ids(api_client.get(NEEDS, {"priority": "high", "status": "new"})) == {high.pk}
    assert _ids(api_client.get(NEEDS, {"status": ["new", "reviewed"]})) == {high.pk, low.pk}
    assert _ids(api_client.get(NEEDS, {"technical_area": "organizing"})) == {high.pk}
    assert _ids(api_client.get(NEEDS, {"group": "employers"})) == set()  # not theirs to see


# --- plans ------------------------------------------------------------------------------------

def test_plans_and_their_items(api_client, actrav_user, union):
    need = CapacityNeedFactory(constituent=union, status=NeedStatus.REVIEWED)
    api_client.force_authenticate(actrav_user)
    response = api_client.post(PLANS, {
        "constituent": union.pk, "title": "Organizing plan", "start_date": "2016-01-01",
        "end_date": "2015-12-31"}, format="json")
    assert response.status_code == 400
    assert "end date must be on or after" in response.json()["end_date"][0]
    plan = api_client.post(PLANS, {
        "constituent": union.pk, "title": "Organizing plan", "start_date": "2014-01-01",
        "end_date": "2016-12-31"}, format="json").json()
    response = api_client.post(PLAN_ITEMS, {
        "plan": plan["id"], "title": "Organizers' academy", "method": "training",
        "due_date": "2017-06-01", "needs": [need.pk]}, format="json")
    assert response.status_code == 400 and "due_date" in response.json()
    response = api_client.post(PLAN_ITEMS, {
        "plan": plan["id"], "title": "Organizers' academy", "method": "training",
        "due_date": "2015-06-01", "needs": [need.pk]}, format="json")
    assert response.status_code == 201, response.content
    body = api_client.get(f"{PLANS}{plan['id']}/").json()
    assert [(i["title"], i["needs"]) for i in body["items"]] == [
        ("Organizers' academy", [need.pk])]
    assert PlanItem.objects.count() == 1


# --- interventions and participation ----------------------------------------------------------

def test_field_staff_record_an_intervention(api_client, field_user, union):
    need = CapacityNeedFactory(constituent=union)
    api_client.force_authenticate(field_user)
    payload = {
        "title": "OSH training for union representatives", "method": "training",
        "provider": "itcilo", "technical_area": "osh", "country": "ALB",
        "target_group": "workers", "start_date": "2014-05-05", "end_date": "2014-05-01",
        "status": "completed", "levels": ["individual"], "target_constituents": [union.pk],
        "needs": [need.pk], "funding_source": "rbtc", "cost": "12000"}
    response = api_client.post(INTERVENTIONS, payload, format="json")
    assert response.status_code == 400
    assert response.json()["end_date"] == ["The end date must be on or after the start date."]
    response = api_client.post(INTERVENTIONS, {**payload, "end_date": "2014-05-09"},
                               format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["levels"] == ["individual"] and body["needs"] == [need.pk]
    assert body["participants"] is None and body["participation_recorded_as"] == ""
    response = api_client.post(INTERVENTIONS, {**payload, "country": "KEN",
                                               "target_constituents": [], "needs": []},
                               format="json")
    assert response.status_code == 400 and "country" in response.json()


def test_intervention_filters(api_client, manager_user, union):
    organizational = InterventionFactory(levels=["organizational", "individual"],
                                         start_date=dt.date(2015, 3, 1))
    organizational.target_constituents.add(union)
    individual = InterventionFactory(levels=["individual"], start_date=dt.date(2012, 3, 1),
                                     technical_area="migration")
    regional = InterventionFactory(country=None, levels=["enabling_environment"])
    api_client.force_authenticate(manager_user)
    assert _ids(api_client.get(INTERVENTIONS, {"level": "organizational"})) == {
        organizational.pk}
    assert _ids(api_client.get(INTERVENTIONS, {"level": "individual"})) == {
        organizational.pk, individual.pk}
    assert _ids(api_client.get(INTERVENTIONS, {"biennium": "2014-15"})) == {
        organizational.pk, regional.pk}
    assert _ids(api_client.get(INTERVENTIONS, {"technical_area": "migration"})) == {
        individual.pk}
    assert _ids(api_client.get(INTERVENTIONS, {"constituent": union.pk})) == {
        organizational.pk}
    assert _ids(api_client.get(INTERVENTIONS, {"country": "ALB"})) == {
        organizational.pk, individual.pk}
    assert api_client.get(INTERVENTIONS, {"biennium": "soon"}).status_code == 400


def test_participation_counts_must_add_up(api_client, field_user):
    course = InterventionFactory()
    api_client.force_authenticate(field_user)
    response = api_client.post(COUNTS, {"intervention": course.pk, "total": 10, "women": 3,
                                        "men": 3, "workers": 10}, format="json")
    assert response.status_code == 400
    assert "add up to 6, not to the total of 10" in response.json()["women"][0]
    response = api_client.post(COUNTS, {"intervention": course.pk, "total": -1},
                               format="json")
    assert response.status_code == 400 and "total" in response.json()
    assert not ParticipationCount.objects.exists()
    response = api_client.post(COUNTS, {"intervention": course.pk, "total": 10, "women": 4,
                                        "men": 6, "workers": 10}, format="json")
    assert response.status_code == 201, response.content
    row = response.json()
    response = api_client.patch(f"{COUNTS}{row['id']}/", {"women": 5, "men": 5},
                                format="json")
    assert response.status_code == 200 and response.json()["women"] == 5
    listed = api_client.get(f"{INTERVENTIONS}{course.pk}/").json()
    assert (listed["participants"], listed["participation_recorded_as"]) == (10, "counts")


CSV_OK = ("name,sex,organization,constituent_group,country,pre_test_score,post_test_score\n"
          "Anna Hoxha,F,Confederation of Trade Unions of Albania,workers,ALB,40,75\n"
          "Dritan Leka,M,Business Albania,employers,Albania,,\n")


def test_a_participant_list_is_imported_from_csv(api_client, field_user, union, business):
    course = InterventionFactory()
    api_client.force_authenticate(field_user)
    upload = SimpleUploadedFile("list.csv", CSV_OK.encode(), content_type="text/csv")
    response = api_client.post(f"{PARTICIPANTS}import-csv/", {"intervention": course.pk,
                                                               "file": upload},
                               format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["imported"] == 2
    people = {p["name"]: p for p in response.json()["participants"]}
    assert people["Anna Hoxha"]["constituent"] == union.pk
    assert people["Dritan Leka"]["sex"] == "male"
    assert _ids(api_client.get(PARTICIPANTS, {"intervention": course.pk, "sex": "female"})) \
        == {Participant.objects.get(name="Anna Hoxha").pk}


def test_a_wrong_csv_file_is_refused_with_its_row_errors(api_client, field_user):
    course = InterventionFactory()
    api_client.force_authenticate(field_user)
    bad = "name,sex,organization,constituent_group,country\nAnna,F,X,workers,ALB\n" \
          "Besa,Q,X,workers,Atlantis\n"
    upload = SimpleUploadedFile("list.csv", bad.encode(), content_type="text/csv")
    response = api_client.post(f"{PARTICIPANTS}import-csv/", {"intervention": course.pk,
                                                               "file": upload},
                               format="multipart")
    assert response.status_code == 400
    rows = response.json()["file"]
    assert rows[0].startswith("Row 3, sex:") and rows[1].startswith("Row 3, country:")
    assert not Participant.objects.exists()
    response = api_client.post(f"{PARTICIPANTS}import-csv/", {"intervention": course.pk},
                               format="multipart")
    assert response.status_code == 400 and "file" in response.json()


def test_participation_of_other_countries_is_out_of_reach(api_client, field_user):
    kenyan = InterventionFactory(country=country("KEN"))
    ParticipantFactory(intervention=kenyan, country=country("KEN"))
    api_client.force_authenticate(field_user)
    assert _ids(api_client.get(PARTICIPANTS)) == set()
    upload = SimpleUploadedFile("list.csv", CSV_OK.encode(), content_type="text/csv")
    response = api_client.post(f"{PARTICIPANTS}import-csv/", {"intervention": kenyan.pk,
                                                               "file": upload},
                               format="multipart")
    assert response.status_code == 400 and "intervention" in response.json()
    response = api_client.post(COUNTS, {"intervention": kenyan.pk, "total": 1, "other": 1,
                                        "men": 1}, format="json")
    # An intervention the caller may not see is refused as one that does not exist.
    assert response.status_code == 400
    assert "does not exist" in response.json()["intervention"][0]


# --- computed figures -------------------------------------------------------------------------

@pytest.fixture
def figures(union, business):
    CapacityAssessmentFactory(constituent=union, scores=2)
    CapacityAssessmentFactory(constituent=union, scores=4, date=dt.date(2016, 3, 1),
                              round=AssessmentRound.FOLLOW_UP)
    CapacityAssessmentFactory(constituent=business, scores=3)
    CapacityNeedFactory(constituent=union, status=NeedStatus.PLANNED)
    course = InterventionFactory(cost=D("400"), start_date=dt.date(2014, 5, 5))
    ParticipantFactory(intervention=course, constituent=union)
    ParticipantFactory(intervention=course, sex="male", constituent=union)
    return capacity_recompute_all(as_of=dt.date(2016, 12, 31))


def test_the_computed_figures_of_the_current_snapshot(api_client, manager_user, union,
                                                      figures):
    api_client.force_authenticate(manager_user)
    rows = api_client.get(INDICES, {"constituent": union.pk, "axis": "overall",
                                    "round": "follow_up"}).json()["results"]
    assert [(r["as_of"], r["index"]) for r in rows] == [("2016-12-31", "75.0")]
    changes = api_client.get(CHANGES, {"constituent": union.pk}).json()["results"]
    assert {c["change"] for c in changes} == {2} and len(changes) == 5
    assert api_client.get(CHANGES, {"level": "individual"}).json()["count"] == 1
    coverage = api_client.get(COVERAGE, {"country": "ALB", "group": "workers"}).json()
    assert [(c["high_priority"], c["covered"], c["share"]) for c in coverage["results"]] == [
        (1, 1, "100.0")]
    participation = api_client.get(PARTICIPATION, {"biennium": "2014-15"}).json()["results"]
    assert [(p["country"], p["participant_group"], p["participants"], p["women_share"])
            for p in participation] == [("ALB", "workers", 2, "50.0")]
    reach = api_client.get(REACH, {"country": "ALB"}).json()["results"]
    assert [(r["biennium"], r["organizations"], r["cost_per_participant"])
            for r in reach] == [("2014-15", 1, "200.00")]
    assert api_client.get(INTERVENTION_FIGURES).json()["results"][0]["women_share"] == "50.0"
    assert api_client.post(REACH, {}, format="json").status_code == 403  # read only


def test_specialists_see_the_indices_of_their_group_only(api_client, actemp_user, business,
                                                         figures):
    api_client.force_authenticate(actemp_user)
    rows = api_client.get(INDICES, {"axis": "overall"}).json()["results"]
    assert [r["constituent"] for r in rows] == [business.pk]
    assert api_client.get(CHANGES).json()["count"] == 0  # the union's change is not theirs


# --- query counts and schema ------------------------------------------------------------------

def _grow(n: int) -> None:
    for i in range(n):
        union = ConstituentFactory(type=ConstituentType.WORKERS)
        CapacityAssessmentFactory(constituent=union)
        CapacityAssessmentFactory(constituent=union, scores=3, date=dt.date(2016, 3, 1),
                                  round=AssessmentRound.FOLLOW_UP)
        need = CapacityNeedFactory(constituent=union)
        course = InterventionFactory(cost=D("100"), start_date=dt.date(2014 + i % 2, 3, 1),
                                     status=InterventionStatus.COMPLETED)
        course.target_constituents.add(union)
        course.needs.add(need)
        ParticipantFactory(intervention=course)
        counted = InterventionFactory()
        ParticipationCount.objects.create(intervention=counted, total=2, women=1, men=1,
                                          workers=2)
        plan = PlanFactory(constituent=union)
        PlanItem.objects.create(plan=plan, title="Item").needs.add(need)
    capacity_recompute_all(as_of=dt.date(2016, 12, 31))


@pytest.mark.parametrize("url", [FRAMEWORKS, ASSESSMENTS, NEEDS, PLANS, PLAN_ITEMS,
                                 INTERVENTIONS, COUNTS, PARTICIPANTS, INDICES, CHANGES,
                                 COVERAGE, PARTICIPATION, INTERVENTION_FIGURES, REACH])
@pytest.mark.parametrize("persona", ["field_user", "actrav_user", "manager_user"])
def test_lists_run_a_fixed_number_of_queries_as_rows_grow(request, api_client, url, persona,
                                                          django_assert_num_queries):
    api_client.force_authenticate(request.getfixturevalue(persona))
    _grow(2)
    api_client.get(url)  # warm up: the caller's scope is read once per user
    with CaptureQueriesContext(connection) as few:
        response = api_client.get(url)
        assert response.status_code == 200
    assert response.json()["count"] > 0
    _grow(6)
    with django_assert_num_queries(len(few)):
        response = api_client.get(url)
        assert response.status_code == 200


def test_the_filters_are_in_the_openapi_schema(client, manager_user):
    client.force_login(manager_user)
    schema = yaml.safe_load(client.get("/api/schema/").content)
    place = {"country", "region", "group"}
    wanted = {
        FRAMEWORKS: {"group", "code", "current", "level", "capacity_type"},
        ASSESSMENTS: place | {"constituent", "framework", "round", "method", "year"},
        NEEDS: place | {"constituent", "level", "capacity_type", "technical_area", "priority",
                        "status", "review_queue"},
        PLANS: place | {"constituent", "status"},
        INTERVENTIONS: place | {"method", "level", "technical_area", "biennium", "status",
                                "constituent", "cpo"},
        COUNTS: place | {"intervention", "biennium"},
        PARTICIPANTS: place | {"intervention", "biennium", "participant_group", "sex"},
        INDICES: place | {"constituent", "framework", "round", "method", "level",
                          "capacity_type", "axis"},
        CHANGES: place | {"constituent", "framework", "dimension", "level", "capacity_type"},
        COVERAGE: place,
        PARTICIPATION: {"country", "region", "biennium", "participant_group"},
        INTERVENTION_FIGURES: place | {"biennium", "technical_area", "method"},
        REACH: {"country", "region", "biennium"},
    }
    for path, names in wanted.items():
        params = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
        assert names <= params, (path, names - params)
    for action in ("transition", "bulk-transition"):
        path = f"{NEEDS}{{id}}/{action}/" if action == "transition" else f"{NEEDS}{action}/"
        assert "post" in schema["paths"][path]
    assert "post" in schema["paths"][f"{PARTICIPANTS}import-csv/"]


def test_people_trained_repeatedly_on_unrelated_subjects(api_client, field_user, actemp_user,
                                                         union, business):
    from capacity.models import TechnicalArea

    api_client.force_authenticate(field_user)
    for area in (TechnicalArea.OSH, TechnicalArea.MIGRATION):
        course = InterventionFactory(technical_area=area, start_date=dt.date(2014, 5, 5))
        upload = SimpleUploadedFile("list.csv", CSV_OK.encode(), content_type="text/csv")
        assert api_client.post(f"{PARTICIPANTS}import-csv/",
                               {"intervention": course.pk, "file": upload},
                               format="multipart").status_code == 201
    url = "/api/v1/repeat-trainees/"
    response = api_client.get(url, {"start": "2014-01-01", "end": "2014-12-31"})
    assert response.status_code == 200
    names = {row["name"] for row in response.json()}
    assert names == {"Anna Hoxha", "Dritan Leka"}
    assert all(len(row["interventions"]) == 2 for row in response.json())
    assert api_client.get(url, {"start": "2015-01-01", "end": "2015-12-31"}).json() == []
    bad = api_client.get(url, {"start": "2015-01-01", "end": "2014-01-01"})
    assert bad.status_code == 400 and "end" in bad.json()
    api_client.force_authenticate(actemp_user)
    assert api_client.get(url).status_code == 403
