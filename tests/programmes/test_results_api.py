"""The results-monitoring API: indicators with milestones, milestones, progress updates and
their workflow actions, revisions, computed results of the current snapshot, closing and
reopening biennia. Writes through the services (400 with field errors, nothing written),
scoped reads (404 outside), out-of-scope writes refused, lists with a fixed number of
queries, filters in the schema."""
import datetime as dt
from decimal import Decimal

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.roles import Role
from programmes.models import (
    BiennialMilestone,
    Biennium,
    CpoOutcomeLink,
    Indicator,
    IndicatorRevision,
    PBOutcome,
    ProgressUpdate,
    UpdateStatus,
)
from programmes.services import indicators as svc
from programmes.services.results import results_recompute_all
from tests.factories import UserFactory, country
from tests.programmes.factories import CountryPriorityFactory, CpoFactory, DwcpFactory

pytestmark = pytest.mark.django_db
D = Decimal

INDICATORS, MILESTONES = "/api/v1/indicators/", "/api/v1/milestones/"
UPDATES, REVISIONS = "/api/v1/progress-updates/", "/api/v1/indicator-revisions/"
IND_RESULTS, CPO_RESULTS = "/api/v1/indicator-results/", "/api/v1/cpo-results/"
ROLLUPS = "/api/v1/result-rollups/"


def b(code: str) -> Biennium:
    return Biennium.objects.get(code=code)


@pytest.fixture
def colleague(db):
    """A second field officer of Albania: may approve what field_user submits."""
    return UserFactory(username="field.alb.2", role=Role.FIELD_STAFF, countries=[country("ALB")])


@pytest.fixture
def cpo():
    return CpoFactory(code="ALB101")  # DWCP of Albania 2012–2016


def _indicator(cpo, user=None, **fields):
    fields.setdefault("baseline_value", D("10"))
    fields.setdefault("milestones", {b("2012-13"): (D("20"), ""), b("2014-15"): (D("30"), "")})
    return svc.indicator_create(user=user, cpo=cpo, title="Collective agreements", **fields)


def _approved(indicator, submitter, approver, day, value):
    update = svc.progress_update_create(user=submitter, indicator=indicator, date=day,
                                        value=D(value), submit=True)
    return svc.progress_update_approve(user=approver, update=update)


# --- indicators -----------------------------------------------------------------------------

def test_field_staff_create_an_indicator_with_its_milestones(api_client, field_user, cpo):
    api_client.force_authenticate(field_user)
    response = api_client.post(INDICATORS, {
        "cpo": cpo.pk, "title": "Collective agreements registered", "unit": "number",
        "baseline_value": "10", "baseline_year": 2011, "target_value": "40",
        "target_year": 2016, "reason": "From the signed DWCP",
        "milestones": [{"biennium": "2012-13", "value": "20"},
                       {"biennium": "2014-15", "value": "30"}]}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["code"] == "ALB101.1" and body["country"] == "ALB"
    assert [(m["biennium"], m["value"]) for m in body["milestones"]] == [
        ("2012-13", "20.0000"), ("2014-15", "30.0000")]
    assert "reason" not in body
    indicator = Indicator.objects.get(pk=body["id"])
    assert indicator.history.first().history_user == field_user


def test_revising_the_target_needs_a_reason_and_keeps_the_old_value(api_client, field_user,
                                                                     cpo):
    indicator = _indicator(cpo, target_value=D("40"))
    api_client.force_authenticate(field_user)
    url = f"{INDICATORS}{indicator.pk}/"
    response = api_client.patch(url, {"target_value": "50"}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()
    assert Indicator.objects.get(pk=indicator.pk).target_value == D("40")

    response = api_client.patch(url, {"target_value": "50", "reason": "New survey",
                                      "milestones": [{"biennium": "2014-15", "value": "35"}]},
                                format="json")
    assert response.status_code == 200, response.content
    assert response.json()["target_value"] == "50.0000"
    assert [m["value"] for m in response.json()["milestones"]] == ["20.0000", "35.0000"]
    revisions = api_client.get(REVISIONS, {"indicator": indicator.pk}).json()["results"]
    assert {(r["kind"], r["old_value"], r["new_value"], r["reason"]) for r in revisions} == {
        ("target", "40.0000", "50.0000", "New survey"),
        ("milestone", "30.0000", "35.0000", "New survey")}


def test_a_milestone_revision_without_reason_rolls_back_the_whole_update(api_client,
                                                                          field_user, cpo):
    indicator = _indicator(cpo)
    api_client.force_authenticate(field_user)
    response = api_client.patch(f"{INDICATORS}{indicator.pk}/", {
        "title": "Renamed", "milestones": [{"biennium": "2012-13", "value": "25"}]},
        format="json")
    assert response.status_code == 400 and "reason" in response.json()
    indicator.refresh_from_db()
    assert indicator.title == "Collective agreements"
    assert BiennialMilestone.objects.get(indicator=indicator, biennium=b("2012-13")).value == 20


@pytest.mark.parametrize(("payload", "field"), [
    ({"unit": "percentage", "cumulative": True}, "cumulative"),
    ({"target_value": "5", "target_increase_pct": "10", "baseline_value": "1"},
     "target_increase_pct"),
    ({"baseline_value": "ten"}, "baseline_value"),
    ({"code": "KEN101.1"}, "code"),
    ({"milestones": [{"biennium": "2020-21", "value": "3"}]}, "milestones"),
    ({"milestones": [{"biennium": "2012-13", "value": "3"},
                     {"biennium": "2012-13", "value": "4"}]}, "milestones"),
    ({"unit": "litres"}, "unit"),
])
def test_bad_indicator_input_is_a_400_on_the_field_and_writes_nothing(api_client, field_user,
                                                                      cpo, payload, field):
    api_client.force_authenticate(field_user)
    response = api_client.post(INDICATORS, {"cpo": cpo.pk, "title": "Jobs", **payload},
                               format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Indicator.objects.exists() and not BiennialMilestone.objects.exists()


def test_milestones_endpoint_sets_and_revises(api_client, field_user, cpo):
    indicator = _indicator(cpo, milestones={})
    api_client.force_authenticate(field_user)
    response = api_client.post(MILESTONES, {"indicator": indicator.pk, "biennium": "2014-15",
                                            "value": "30"}, format="json")
    assert response.status_code == 201, response.content
    url = f"{MILESTONES}{response.json()['id']}/"
    assert api_client.patch(url, {"value": "28"}, format="json").status_code == 400
    response = api_client.patch(url, {"value": "28", "reason": "Mid-term review"},
                                format="json")
    assert response.status_code == 200 and response.json()["value"] == "28.0000"
    revision = IndicatorRevision.objects.get()
    assert (revision.old_value, revision.new_value, revision.reason) == (
        30, 28, "Mid-term review")


# --- progress updates and their workflow ---------------------------------------------------

def test_the_workflow_draft_submit_approve_and_the_submitter_cannot_approve(
        api_client, field_user, colleague, cpo):
    indicator = _indicator(cpo, unit="number", disaggregate_by_sex=True)
    api_client.force_authenticate(field_user)
    response = api_client.post(UPDATES, {
        "indicator": indicator.pk, "date": "2013-06-30", "value": "12",
        "disaggregation": {"sex": {"women": "5", "men": "7"}}, "narrative": "Two more"},
        format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["disaggregation"] == {
        "sex": {"men": "7.0000", "women": "5.0000"}}
    url = f"{UPDATES}{body['id']}/"
    assert api_client.patch(url, {"value": "14", "disaggregation": {
        "sex": {"women": "7", "men": "7"}}}, format="json").status_code == 200
    response = api_client.post(f"{url}submit/")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    assert response.json()["submitted_by"] == "field.alb"

    response = api_client.post(f"{url}approve/")
    assert response.status_code == 400
    assert "someone else must approve" in response.json()["detail"]
    assert ProgressUpdate.objects.get().status == UpdateStatus.SUBMITTED

    api_client.force_authenticate(colleague)
    response = api_client.post(f"{url}approve/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved"
    assert response.json()["decided_by"] == "field.alb.2"
    # Approved updates are no longer edited.
    api_client.force_authenticate(field_user)
    response = api_client.patch(url, {"value": "1"}, format="json")
    assert response.status_code == 400 and "detail" in response.json()


def test_a_returned_update_needs_a_comment_and_goes_back_to_its_author(
        api_client, field_user, manager_user, cpo):
    indicator = _indicator(cpo)
    update = svc.progress_update_create(user=field_user, indicator=indicator,
                                        date=dt.date(2013, 3, 1), value=D("11"), submit=True)
    api_client.force_authenticate(manager_user)
    url = f"{UPDATES}{update.pk}/return/"
    response = api_client.post(url, {"comment": ""}, format="json")
    assert response.status_code == 400 and "comment" in response.json()
    response = api_client.post(url, {"comment": "Attach the register"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "returned"
    assert response.json()["return_comment"] == "Attach the register"


@pytest.mark.parametrize(("payload", "field"), [
    ({"date": "2013-02-30", "value": "3"}, "date"),
    ({"date": "2999-01-01", "value": "3"}, "date"),
    ({"date": "2013-02-01"}, "value"),
    ({"date": "2013-02-01", "value": "-3"}, "value"),
    ({"date": "2013-02-01", "value": "10", "disaggregation": {"sex": {"women": "4",
                                                                      "men": "4"}}}, "sex"),
    ({"date": "2013-02-01", "value": "10", "disaggregation": {"age": {"young": "4"}}},
     "disaggregation"),
    ({"date": "2013-02-01", "value": "10", "disaggregation": {"sex": {"girls": "4"}}},
     "disaggregation"),
])
def test_bad_update_input_is_a_400_on_the_field_and_writes_nothing(api_client, field_user,
                                                                   cpo, payload, field):
    indicator = _indicator(cpo)
    api_client.force_authenticate(field_user)
    response = api_client.post(UPDATES, {"indicator": indicator.pk, **payload}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not ProgressUpdate.objects.exists()


def test_who_may_approve(api_client, field_user, manager_user, actemp_user, field_user_africa,
                         cpo):
    indicator = _indicator(cpo)
    update = svc.progress_update_create(user=field_user, indicator=indicator,
                                        date=dt.date(2013, 3, 1), value=D("11"), submit=True)
    url = f"{UPDATES}{update.pk}/approve/"
    api_client.force_authenticate(actemp_user)
    assert api_client.post(url).status_code == 403
    api_client.force_authenticate(field_user_africa)
    assert api_client.post(url).status_code == 404
    assert ProgressUpdate.objects.get().status == UpdateStatus.SUBMITTED
    api_client.force_authenticate(manager_user)
    assert api_client.post(url).status_code == 200
    assert ProgressUpdate.objects.get().status == UpdateStatus.APPROVED


def test_out_of_scope_reads_are_404_and_writes_refused(api_client, field_user_africa,
                                                       manager_user, cpo):
    indicator = _indicator(cpo)
    update = svc.progress_update_create(user=None, indicator=indicator,
                                        date=dt.date(2013, 3, 1), value=D("11"))
    api_client.force_authenticate(field_user_africa)
    assert api_client.get(INDICATORS).json()["count"] == 0
    assert api_client.get(f"{INDICATORS}{indicator.pk}/").status_code == 404
    assert api_client.patch(f"{INDICATORS}{indicator.pk}/", {"title": "x"},
                            format="json").status_code == 404
    assert api_client.post(f"{UPDATES}{update.pk}/submit/").status_code == 404
    # Unseen parents are refused as ids of nothing.
    unseen = api_client.post(INDICATORS, {"cpo": cpo.pk, "title": "x"}, format="json")
    assert unseen.status_code == 400 and "does not exist" in unseen.json()["cpo"][0]
    unseen = api_client.post(UPDATES, {"indicator": indicator.pk, "date": "2013-01-05",
                                       "value": "3"}, format="json")
    assert unseen.status_code == 400 and "does not exist" in unseen.json()["indicator"][0]
    api_client.force_authenticate(manager_user)
    assert api_client.get(f"{INDICATORS}{indicator.pk}/").status_code == 200
    assert api_client.post(INDICATORS, {"cpo": cpo.pk, "title": "x"},
                           format="json").status_code == 403
    assert Indicator.objects.count() == 1 and ProgressUpdate.objects.count() == 1


def test_managers_close_and_reopen_a_biennium_and_its_updates_lock(api_client, field_user,
                                                                    manager_user, cpo):
    indicator = _indicator(cpo)
    biennium = b("2012-13")
    api_client.force_authenticate(field_user)
    assert api_client.post(f"/api/v1/biennia/{biennium.pk}/close/").status_code == 403
    api_client.force_authenticate(manager_user)
    response = api_client.post(f"/api/v1/biennia/{biennium.pk}/close/")
    assert response.status_code == 200 and response.json()["closed_at"]

    api_client.force_authenticate(field_user)
    response = api_client.post(UPDATES, {"indicator": indicator.pk, "date": "2013-05-01",
                                         "value": "12"}, format="json")
    assert response.status_code == 400 and "closed" in response.json()["date"][0]

    api_client.force_authenticate(manager_user)
    reopen = f"/api/v1/biennia/{biennium.pk}/reopen/"
    response = api_client.post(reopen, {"reason": " "}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    response = api_client.post(reopen, {"reason": "Late report from the inspectorate"},
                               format="json")
    assert response.status_code == 200 and response.json()["closed_at"] is None
    assert "Late report" in Biennium.objects.get(pk=biennium.pk).history.first(
    ).history_change_reason
    # The reference list of biennia is still served by its own module.
    assert api_client.get("/api/v1/biennia/").status_code == 200


# --- computed results -----------------------------------------------------------------------

def _link(cpo, code="2012-13"):
    CpoOutcomeLink.objects.create(cpo=cpo, biennium=b(code), pb_outcome=PBOutcome.objects.filter(
        framework__code="SPF 2010-15").order_by("id").first())


def test_results_of_the_current_snapshot_with_their_as_of_date(api_client, field_user,
                                                               colleague, manager_user, cpo):
    _link(cpo)
    indicator = _indicator(cpo)  # baseline 10, milestone 20 for 2012-13
    _approved(indicator, field_user, colleague, dt.date(2013, 6, 30), "16")
    elsewhere = CpoFactory(code="KEN101", priority=CountryPriorityFactory(
        dwcp=DwcpFactory(country=country("KEN"))))
    other = _indicator(elsewhere)
    _approved(other, None, manager_user, dt.date(2013, 6, 30), "25")
    results_recompute_all(as_of=dt.date(2014, 3, 1))

    api_client.force_authenticate(field_user)
    rows = api_client.get(IND_RESULTS, {"biennium": "2012-13"}).json()["results"]
    # (16 − 10) / (20 − 10) = 60 per cent after the biennium: partly achieved.
    assert [(r["indicator_code"], r["as_of"], r["start"], r["actual"], r["progress"],
             r["status"]) for r in rows] == [
        ("ALB101.1", "2014-03-01", "10.0000", "16.0000", "60.0", "partly_achieved")]
    cpos = api_client.get(CPO_RESULTS, {"biennium": "2012-13"}).json()["results"]
    assert [(c["cpo_code"], c["status"], c["as_of"]) for c in cpos] == [
        ("ALB101", "partly_achieved", "2014-03-01")]

    api_client.force_authenticate(manager_user)
    assert api_client.get(IND_RESULTS, {"status": "achieved"}).json()["count"] == 1
    assert api_client.get(IND_RESULTS, {"country": "KEN"}).json()["results"][0][
        "indicator_code"] == "KEN101.1"
    assert [(c["cpo_code"], c["biennium"], c["status"]) for c in api_client.get(
        CPO_RESULTS, {"region": "EU"}).json()["results"]] == [
        ("ALB101", "2012-13", "partly_achieved"), ("ALB101", "2014-15", "no_data")]
    rollups = api_client.get(ROLLUPS, {"country": "ALB", "subject": "cpo",
                                       "biennium": "2012-13"}).json()["results"]
    assert [(r["status"], r["count"], r["as_of"]) for r in rollups] == [
        ("partly_achieved", 1, "2014-03-01")]


def test_results_are_read_only(api_client, admin_user):
    api_client.force_authenticate(admin_user)
    assert api_client.post(IND_RESULTS, {}, format="json").status_code == 405
    assert api_client.post(REVISIONS, {}, format="json").status_code == 405


# --- query counts and schema ----------------------------------------------------------------

def _grow(n: int, user, approver):
    priority = CountryPriorityFactory(dwcp=DwcpFactory())
    for _ in range(n):
        cpo = CpoFactory(priority=priority)
        _link(cpo)
        indicator = _indicator(cpo, target_value=D("40"))
        svc.indicator_update(user=None, indicator=indicator, data={"target_value": D("45")},
                             reason="Revised")
        _approved(indicator, user, approver, dt.date(2013, 6, 30), "15")
        update = svc.progress_update_create(user=user, indicator=indicator,
                                            date=dt.date(2013, 9, 1), value=D("17"),
                                            disaggregation={"sex": {"women": D("9"),
                                                                    "men": D("8")}})
        svc.progress_update_submit(user=user, update=update)
    results_recompute_all(as_of=dt.date(2014, 3, 1))


@pytest.mark.parametrize("url", [INDICATORS, MILESTONES, UPDATES, REVISIONS, IND_RESULTS,
                                 CPO_RESULTS, ROLLUPS])
@pytest.mark.parametrize("persona", ["manager_user", "field_user"])
def test_lists_run_a_fixed_number_of_queries_as_rows_grow(request, api_client, url, persona,
                                                          colleague, django_assert_num_queries):
    user = request.getfixturevalue(persona)
    field_user = request.getfixturevalue("field_user")
    _grow(2, field_user, colleague)
    api_client.force_authenticate(user)
    with CaptureQueriesContext(connection) as few:
        response = api_client.get(url)
        assert response.status_code == 200
    assert response.json()["count"] > 0
    _grow(12, field_user, colleague)
    with django_assert_num_queries(len(few)):
        response = api_client.get(url)
        assert response.status_code == 200
    assert response.json()["count"] > 0


def test_the_filters_are_in_the_openapi_schema(client, manager_user):
    client.force_login(manager_user)
    schema = yaml.safe_load(client.get("/api/schema/").content)
    base = {"country", "region", "dwcp", "cpo"}
    wanted = {
        INDICATORS: base | {"biennium", "unit"},
        MILESTONES: base | {"biennium", "indicator", "unit"},
        UPDATES: base | {"biennium", "status", "unit", "indicator"},
        REVISIONS: base | {"indicator", "kind"},
        IND_RESULTS: base | {"biennium", "status", "unit"},
        CPO_RESULTS: base | {"biennium", "status"},
        ROLLUPS: {"biennium", "status", "country", "region", "level", "subject"},
    }
    for path, names in wanted.items():
        params = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
        assert names <= params, (path, names - params)
    for action in ("submit", "approve", "return"):
        assert f"{UPDATES}{{id}}/{action}/" in schema["paths"]
    assert "/api/v1/biennia/{id}/close/" in schema["paths"]
    assert "/api/v1/biennia/{id}/reopen/" in schema["paths"]
