"""The results-framework API: country priorities, CPOs with their P&B outcome per biennium,
UN outcomes and SDG targets, and outputs. Scoped lists with a fixed number of queries,
filters in the schema, writes through the services with 400 field errors and nothing
written, out-of-scope refused."""
import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import (
    Biennium,
    CountryPriority,
    CountryProgrammeOutcome,
    CpoOutcomeLink,
    Output,
    PBOutcome,
    SdgTarget,
)
from tests.factories import country
from tests.programmes.factories import (
    CountryPriorityFactory,
    CpoFactory,
    DwcpFactory,
    OutputFactory,
    UNFrameworkOutcomeFactory,
)

pytestmark = pytest.mark.django_db

PRIORITIES, CPOS, OUTPUTS = "/api/v1/country-priorities/", "/api/v1/cpos/", "/api/v1/outputs/"


def _spf(code: str) -> PBOutcome:
    return PBOutcome.objects.get(framework__code="SPF 2010-15", code=code)


def _grow(n: int, dwcp=None):
    priority = CountryPriorityFactory(dwcp=dwcp or DwcpFactory())
    b12 = Biennium.objects.get(start_year=2012)
    target = SdgTarget.objects.first()
    for _ in range(n):
        cpo = CpoFactory(priority=priority)
        CpoOutcomeLink.objects.create(cpo=cpo, biennium=b12, pb_outcome=_spf("1"))
        cpo.un_outcomes.add(UNFrameworkOutcomeFactory())
        if target:
            cpo.sdg_targets.add(target)
        OutputFactory(cpo=cpo)
    return priority.dwcp


# --- reads ------------------------------------------------------------------------------------

def test_lists_are_scoped_to_the_callers_countries(api_client, field_user, manager_user):
    mine = CpoFactory(code="ALB101")
    CpoFactory(code="KEN101", priority=CountryPriorityFactory(
        dwcp=DwcpFactory(country=country("KEN"))))
    api_client.force_authenticate(field_user)
    assert [c["code"] for c in api_client.get(CPOS).json()["results"]] == ["ALB101"]
    assert api_client.get(PRIORITIES).json()["count"] == 1
    api_client.force_authenticate(manager_user)
    assert api_client.get(CPOS).json()["count"] == 2
    assert api_client.get(f"{CPOS}{mine.pk}/").status_code == 200


def test_a_cpo_shows_its_links_un_outcomes_and_sdg_targets(api_client, field_user):
    cpo = CpoFactory(code="ALB101")
    CpoOutcomeLink.objects.create(cpo=cpo, biennium=Biennium.objects.get(start_year=2014),
                                  pb_outcome=_spf("2"))
    un = UNFrameworkOutcomeFactory()
    cpo.un_outcomes.add(un)
    cpo.sdg_targets.add(SdgTarget.objects.get(code="8.5"))
    api_client.force_authenticate(field_user)
    body = api_client.get(f"{CPOS}{cpo.pk}/").json()
    assert body["dwcp"] == cpo.dwcp_id
    assert body["outcome_links"] == [{
        "biennium": "2014-15", "pb_outcome": _spf("2").pk, "pb_outcome_code": "2",
        "pb_outcome_title": _spf("2").title, "framework": "SPF 2010-15",
        "pb_indicator": None, "pb_indicator_code": None}]
    assert body["un_outcomes"] == [un.pk] and body["sdg_targets"] == ["8.5"]


@pytest.mark.parametrize("url", [PRIORITIES, CPOS, OUTPUTS, "/api/v1/cpo-outcome-links/"])
def test_lists_run_a_fixed_number_of_queries_as_cpos_grow(api_client, manager_user, url,
                                                          django_assert_num_queries):
    dwcp = _grow(2)
    api_client.force_authenticate(manager_user)
    with CaptureQueriesContext(connection) as few:
        assert api_client.get(url).status_code == 200
    _grow(15, dwcp=dwcp)
    _grow(5)
    with django_assert_num_queries(len(few)):
        assert api_client.get(url).status_code == 200


def test_filters_by_dwcp_country_region_status_period_and_biennium(api_client,
                                                                   manager_user):
    alb = CpoFactory(code="ALB101")  # DWCP 2012–2016, in preparation
    CpoOutcomeLink.objects.create(cpo=alb, biennium=Biennium.objects.get(start_year=2014),
                                  pb_outcome=_spf("2"))
    ken = CpoFactory(code="KEN101", priority=CountryPriorityFactory(dwcp=DwcpFactory(
        country=country("KEN"), start_year=2018, end_year=2021, status="active")))
    api_client.force_authenticate(manager_user)

    def codes(url=CPOS, **params):
        response = api_client.get(url, params)
        assert response.status_code == 200, response.content
        return {c["code"] for c in response.json()["results"]}

    assert codes(dwcp=alb.dwcp_id) == {"ALB101"}
    assert codes(country="ken") == {"KEN101"}
    assert codes(region="EU") == {"ALB101"}
    assert codes(status="active") == {"KEN101"}
    assert codes(period="2019-2020") == {"KEN101"}
    assert codes(biennium="2014-15") == {"ALB101"}
    assert codes(year=2012) == {"ALB101"}
    assert {p["dwcp"] for p in api_client.get(PRIORITIES, {"country": "KEN"}).json()[
        "results"]} == {ken.dwcp_id}
    OutputFactory(cpo=ken, code="9")
    assert codes(OUTPUTS, biennium="2020-21") == {"9"}


def test_the_filters_are_in_the_openapi_schema(client, manager_user):
    client.force_login(manager_user)
    schema = yaml.safe_load(client.get("/api/schema/").content)
    wanted = {"dwcp", "country", "region", "status", "period", "biennium"}
    for path in ("/api/v1/country-priorities/", "/api/v1/cpos/", "/api/v1/outputs/",
                 "/api/v1/cpo-outcome-links/"):
        params = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
        assert wanted <= params, (path, wanted - params)


# --- writes -----------------------------------------------------------------------------------

def test_field_staff_build_a_framework_through_the_api(api_client, field_user):
    dwcp = DwcpFactory()
    un = UNFrameworkOutcomeFactory()
    api_client.force_authenticate(field_user)
    priority = api_client.post(PRIORITIES, {"dwcp": dwcp.pk, "code": "1",
                                            "title": "More and better jobs"}, format="json")
    assert priority.status_code == 201, priority.content
    cpo = api_client.post(CPOS, {
        "priority": priority.json()["id"], "code": "ALB101", "title": "Youth employment",
        "planned_resources": "120000.00", "un_outcomes": [un.pk], "sdg_targets": ["8.6"],
        "outcome_links": [{"biennium": "2012-13", "pb_outcome": _spf("1").pk},
                          {"biennium": "2014-15", "pb_outcome": _spf("2").pk}],
        "reason": "From the signed DWCP"}, format="json")
    assert cpo.status_code == 201, cpo.content
    body = cpo.json()
    assert body["dwcp"] == dwcp.pk
    assert [link["biennium"] for link in body["outcome_links"]] == ["2012-13", "2014-15"]
    output = api_client.post(OUTPUTS, {"cpo": body["id"], "code": "1.1",
                                       "title": "Action plan drafted"}, format="json")
    assert output.status_code == 201, output.content
    saved = CountryProgrammeOutcome.objects.get(pk=body["id"])
    assert saved.history.first().history_change_reason == "From the signed DWCP"
    assert saved.history.first().history_user == field_user


def test_updating_the_links_replaces_them(api_client, field_user):
    cpo = CpoFactory(code="ALB101")
    CpoOutcomeLink.objects.create(cpo=cpo, biennium=Biennium.objects.get(start_year=2012),
                                  pb_outcome=_spf("1"))
    api_client.force_authenticate(field_user)
    response = api_client.patch(f"{CPOS}{cpo.pk}/", {"outcome_links": [
        {"biennium": "2014-15", "pb_outcome": _spf("3").pk}]}, format="json")
    assert response.status_code == 200, response.content
    assert [x["biennium"] for x in response.json()["outcome_links"]] == ["2014-15"]
    assert list(cpo.outcome_links.values_list("biennium__code", flat=True)) == ["2014-15"]


def test_a_duplicate_cpo_code_is_a_400_on_the_code(api_client, field_user):
    cpo = CpoFactory(code="ALB101")
    api_client.force_authenticate(field_user)
    response = api_client.post(CPOS, {"priority": cpo.priority_id, "code": "alb101",
                                      "title": "Again"}, format="json")
    assert response.status_code == 400
    assert "already used" in response.json()["code"][0]
    assert CountryProgrammeOutcome.objects.count() == 1


def test_a_biennium_outside_the_period_is_a_400_and_writes_nothing(api_client, field_user):
    priority = CountryPriorityFactory()  # DWCP 2012–2016
    api_client.force_authenticate(field_user)
    response = api_client.post(CPOS, {
        "priority": priority.pk, "code": "ALB101", "title": "Jobs",
        "outcome_links": [{"biennium": "2012-13", "pb_outcome": _spf("1").pk},
                          {"biennium": "2010-11", "pb_outcome": _spf("1").pk}]},
        format="json")
    assert response.status_code == 400
    assert "outside the DWCP period" in response.json()["outcome_links"][0]
    assert not CountryProgrammeOutcome.objects.exists()
    assert not CpoOutcomeLink.objects.exists()


def test_an_outcome_of_another_framework_is_a_400(api_client, field_user):
    cpo = CpoFactory(code="ALB101")
    api_client.force_authenticate(field_user)
    other = PBOutcome.objects.filter(framework__code="P&B 2020-21").first()
    response = api_client.patch(f"{CPOS}{cpo.pk}/", {"title": "Changed", "outcome_links": [
        {"biennium": "2012-13", "pb_outcome": other.pk}]}, format="json")
    assert response.status_code == 400
    assert "SPF 2010-15" in response.json()["outcome_links"][0]
    cpo.refresh_from_db()
    assert cpo.title != "Changed" and not cpo.outcome_links.exists()


def test_the_same_biennium_twice_is_a_400(api_client, field_user):
    priority = CountryPriorityFactory()
    api_client.force_authenticate(field_user)
    response = api_client.post(CPOS, {
        "priority": priority.pk, "code": "ALB101", "title": "Jobs",
        "outcome_links": [{"biennium": "2012-13", "pb_outcome": _spf("1").pk},
                          {"biennium": "2012-13", "pb_outcome": _spf("2").pk}]},
        format="json")
    assert response.status_code == 400 and "outcome_links" in response.json()


def test_a_priority_of_another_dwcp_is_a_400_on_the_priority(api_client, field_user):
    cpo = CpoFactory(code="ALB101")
    elsewhere = CountryPriorityFactory(dwcp=DwcpFactory(start_year=2017, end_year=2020))
    api_client.force_authenticate(field_user)
    response = api_client.patch(f"{CPOS}{cpo.pk}/", {"priority": elsewhere.pk},
                                format="json")
    assert response.status_code == 400 and "priority" in response.json()
    assert CountryProgrammeOutcome.objects.get(pk=cpo.pk).priority_id == cpo.priority_id


def test_duplicate_priority_and_output_codes_are_400s(api_client, field_user):
    output = OutputFactory(code="1")
    api_client.force_authenticate(field_user)
    response = api_client.post(PRIORITIES, {"dwcp": output.cpo.dwcp_id,
                                            "code": output.cpo.priority.code, "title": "x"},
                               format="json")
    assert response.status_code == 400 and "code" in response.json()
    response = api_client.post(OUTPUTS, {"cpo": output.cpo_id, "code": "1", "title": "x"},
                               format="json")
    assert response.status_code == 400 and "code" in response.json()
    assert CountryPriority.objects.count() == 1 and Output.objects.count() == 1


def test_writes_under_another_countrys_dwcp_are_refused(api_client, field_user_africa):
    cpo = CpoFactory(code="ALB101")
    api_client.force_authenticate(field_user_africa)
    # A parent the caller may not see is refused as one that does not exist (nothing of it
    # is revealed).
    for url, data, parent in ((PRIORITIES, {"dwcp": cpo.dwcp_id, "code": "9"}, "dwcp"),
                              (CPOS, {"priority": cpo.priority_id, "code": "X"}, "priority"),
                              (OUTPUTS, {"cpo": cpo.pk, "code": "9"}, "cpo")):
        response = api_client.post(url, {**data, "title": "x"}, format="json")
        assert response.status_code == 400
        assert "does not exist" in response.json()[parent][0]
    assert api_client.get(f"{CPOS}{cpo.pk}/").status_code == 404
    assert api_client.patch(f"{CPOS}{cpo.pk}/", {"title": "x"},
                            format="json").status_code == 404
    assert api_client.delete(f"{CPOS}{cpo.pk}/").status_code == 404
    assert CountryPriority.objects.count() == 1
    assert CountryProgrammeOutcome.objects.count() == 1 and not Output.objects.exists()


def test_managers_read_but_cannot_write(api_client, manager_user):
    cpo = CpoFactory(code="ALB101")
    api_client.force_authenticate(manager_user)
    assert api_client.get(f"{CPOS}{cpo.pk}/").status_code == 200
    assert api_client.post(OUTPUTS, {"cpo": cpo.pk, "code": "1", "title": "x"},
                           format="json").status_code == 403
    assert api_client.delete(f"{CPOS}{cpo.pk}/").status_code == 403
    assert CountryProgrammeOutcome.objects.filter(pk=cpo.pk).exists()


def test_a_priority_with_cpos_cannot_be_deleted(api_client, field_user):
    cpo = CpoFactory()
    api_client.force_authenticate(field_user)
    response = api_client.delete(f"{PRIORITIES}{cpo.priority_id}/")
    assert response.status_code == 400 and "still has outcomes" in response.json()["detail"]
    assert api_client.delete(f"{CPOS}{cpo.pk}/").status_code == 204
    assert api_client.delete(f"{PRIORITIES}{cpo.priority_id}/").status_code == 204
