"""The DWCP API: lists scoped to the caller with a fixed number of queries, filters in the
OpenAPI schema, writes through the services (400 with field errors, nothing written),
out-of-scope objects refused, the lifecycle through the `transition` action."""
import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext

from constituents.models import ConstituentType
from programmes.models import Dwcp, DwcpStatus, DwcpStatusChange, Signatory
from tests.constituents.factories import ConstituentFactory
from tests.factories import country
from tests.programmes.factories import DwcpFactory, UNFrameworkOutcomeFactory
from tests.programmes.factories_appraisal import appraise_passed

pytestmark = pytest.mark.django_db

DWCPS = "/api/v1/dwcps/"


def _many(n: int, start: int = 0):
    for i in range(start, start + n):
        dwcp = DwcpFactory(country=country("ALB" if i % 2 else "KEN"), title=f"P{i}",
                           start_year=1990 + 2 * i, end_year=1991 + 2 * i)
        dwcp.un_outcomes.add(UNFrameworkOutcomeFactory(framework__country=dwcp.country))


def test_the_list_is_scoped_to_the_callers_countries(api_client, field_user, manager_user):
    DwcpFactory(title="Albania DWCP")
    DwcpFactory(title="Kenya DWCP", country=country("KEN"))
    api_client.force_authenticate(field_user)
    assert [d["title"] for d in api_client.get(DWCPS).json()["results"]] == ["Albania DWCP"]
    api_client.force_authenticate(manager_user)
    assert api_client.get(DWCPS).json()["count"] == 2


def test_the_list_needs_a_signed_in_caller(api_client):
    assert api_client.get(DWCPS).status_code in (401, 403)


def test_the_list_runs_a_fixed_number_of_queries(api_client, manager_user,
                                                 django_assert_num_queries):
    _many(3)
    api_client.force_authenticate(manager_user)
    with CaptureQueriesContext(connection) as few:
        assert api_client.get(DWCPS).status_code == 200
    _many(20, start=3)
    with django_assert_num_queries(len(few)):
        assert api_client.get(DWCPS).json()["count"] == 23


def test_filters_by_country_region_status_period_and_biennium(api_client, manager_user):
    DwcpFactory(title="ALB", start_year=2012, end_year=2016, status=DwcpStatus.ACTIVE)
    DwcpFactory(title="KEN", country=country("KEN"), start_year=2013, end_year=2014)
    DwcpFactory(title="SRB", country=country("SRB"), start_year=2019, end_year=2022)
    api_client.force_authenticate(manager_user)

    def titles(**params):
        response = api_client.get(DWCPS, params)
        assert response.status_code == 200, response.content
        return {d["title"] for d in response.json()["results"]}

    assert titles(country="KEN") == {"KEN"}
    assert titles(region="EU") == {"ALB", "SRB"}
    assert titles(status="active") == {"ALB"}
    assert titles(period="2015-2019") == {"ALB", "SRB"}
    assert titles(biennium="2014-15") == {"ALB", "KEN"}
    assert titles(year=2013) == {"ALB", "KEN"}


def test_a_malformed_period_filter_is_a_400(api_client, manager_user):
    api_client.force_authenticate(manager_user)
    response = api_client.get(DWCPS, {"period": "twenty-twelve"})
    assert response.status_code == 400
    assert "period" in response.json()


def test_the_filters_are_in_the_openapi_schema(client, manager_user):
    client.force_login(manager_user)
    schema = yaml.safe_load(client.get("/api/schema/").content)
    params = {p["name"] for p in schema["paths"]["/api/v1/dwcps/"]["get"]["parameters"]}
    assert {"country", "region", "status", "year", "period", "biennium", "q"} <= params
    assert "/api/v1/dwcps/{id}/transition/" in schema["paths"]


# --- writes -----------------------------------------------------------------------------------

def test_field_staff_create_a_dwcp(api_client, field_user):
    api_client.force_authenticate(field_user)
    response = api_client.post(DWCPS, {"country": "ALB", "title": "DWCP", "start_year": 2012,
                                       "end_year": 2016, "signed_date": None}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "in_preparation" and body["period"] == "2012–2016"


def test_a_bad_period_is_a_400_on_the_field_and_nothing_is_written(api_client, field_user):
    api_client.force_authenticate(field_user)
    response = api_client.post(DWCPS, {"country": "ALB", "title": "DWCP", "start_year": 2012,
                                       "end_year": 2019}, format="json")
    assert response.status_code == 400
    assert "2 to 6 years" in response.json()["end_year"][0]
    assert not Dwcp.objects.exists()


def test_a_dwcp_for_another_country_is_refused(api_client, field_user):
    api_client.force_authenticate(field_user)
    response = api_client.post(DWCPS, {"country": "KEN", "title": "DWCP", "start_year": 2012,
                                       "end_year": 2016}, format="json")
    assert response.status_code == 403
    assert not Dwcp.objects.exists()


def test_managers_cannot_write(api_client, manager_user):
    dwcp = DwcpFactory()
    api_client.force_authenticate(manager_user)
    assert api_client.post(DWCPS, {"country": "ALB", "title": "x", "start_year": 2012,
                                   "end_year": 2016}, format="json").status_code == 403
    assert api_client.patch(f"{DWCPS}{dwcp.pk}/", {"title": "x"},
                            format="json").status_code == 403


def test_another_countrys_dwcp_is_not_found(api_client, field_user_africa):
    dwcp = DwcpFactory()
    api_client.force_authenticate(field_user_africa)
    assert api_client.get(f"{DWCPS}{dwcp.pk}/").status_code == 404
    assert api_client.patch(f"{DWCPS}{dwcp.pk}/", {"title": "x"},
                            format="json").status_code == 404
    response = api_client.post(f"{DWCPS}{dwcp.pk}/transition/", {
        "to_status": "quality_appraisal", "effective_date": "2013-01-01"}, format="json")
    assert response.status_code == 404


def test_an_update_records_the_reason(api_client, field_user):
    dwcp = DwcpFactory(title="Old")
    api_client.force_authenticate(field_user)
    response = api_client.patch(f"{DWCPS}{dwcp.pk}/", {"title": "New", "reason": "Agreed"},
                                format="json")
    assert response.status_code == 200
    record = Dwcp.objects.get(pk=dwcp.pk).history.first()
    assert (record.title, record.history_change_reason, record.history_user) == (
        "New", "Agreed", field_user)


def test_a_un_outcome_of_another_country_is_a_400(api_client, field_user):
    dwcp = DwcpFactory()
    foreign = UNFrameworkOutcomeFactory(framework__country=country("KEN"))
    api_client.force_authenticate(field_user)
    response = api_client.patch(f"{DWCPS}{dwcp.pk}/", {"un_outcomes": [foreign.pk]},
                                format="json")
    assert response.status_code == 400
    assert "un_outcomes" in response.json()
    assert not dwcp.un_outcomes.exists()


# --- lifecycle --------------------------------------------------------------------------------

def test_the_lifecycle_moves_through_the_transition_action(api_client, field_user,
                                                           manager_user):
    dwcp = DwcpFactory()
    api_client.force_authenticate(field_user)
    response = api_client.post(f"{DWCPS}{dwcp.pk}/transition/", {
        "to_status": "quality_appraisal", "effective_date": "2012-02-01", "note": "Ready"},
        format="json")
    assert response.status_code == 201
    assert response.json()["changed_by"] == field_user.username

    # Field staff may not sign; managers may, once the four signatories are recorded.
    response = api_client.post(f"{DWCPS}{dwcp.pk}/transition/", {
        "to_status": "active", "effective_date": "2012-03-01"}, format="json")
    assert response.status_code == 400 and "Only managers" in response.json()["detail"]
    api_client.force_authenticate(manager_user)
    response = api_client.post(f"{DWCPS}{dwcp.pk}/transition/", {
        "to_status": "active", "effective_date": "2012-03-01"}, format="json")
    assert response.status_code == 400 and "Record a signatory" in response.json()["detail"]
    for party, kind in (("government", ConstituentType.LABOUR_MINISTRY),
                        ("employers", ConstituentType.EMPLOYERS),
                        ("workers", ConstituentType.WORKERS)):
        Signatory.objects.create(dwcp=dwcp, party=party, name=party,
                                 constituent=ConstituentFactory(type=kind))
    Signatory.objects.create(dwcp=dwcp, party="ilo", name="ILO")
    # Signed only once the draft passed its quality appraisal.
    response = api_client.post(f"{DWCPS}{dwcp.pk}/transition/", {
        "to_status": "active", "effective_date": "2012-03-01"}, format="json")
    assert response.status_code == 400 and "quality appraisal" in response.json()["status"][0]
    appraise_passed(dwcp=dwcp, user=manager_user)
    response = api_client.post(f"{DWCPS}{dwcp.pk}/transition/", {
        "to_status": "active", "effective_date": "2012-03-01"}, format="json")
    assert response.status_code == 201
    assert Dwcp.objects.get(pk=dwcp.pk).status == DwcpStatus.ACTIVE
    assert DwcpStatusChange.objects.filter(dwcp=dwcp).count() == 2
    changes = api_client.get("/api/v1/dwcp-status-changes/", {"dwcp": dwcp.pk}).json()
    assert changes["count"] == 2


def test_status_cannot_be_written_directly(api_client, field_user):
    dwcp = DwcpFactory()
    api_client.force_authenticate(field_user)
    api_client.patch(f"{DWCPS}{dwcp.pk}/", {"status": "evaluated"}, format="json")
    assert Dwcp.objects.get(pk=dwcp.pk).status == DwcpStatus.IN_PREPARATION


def test_a_transition_with_a_date_before_the_last_is_a_400_on_the_date(api_client,
                                                                        field_user):
    import datetime as dt

    dwcp = DwcpFactory(status_changed_on=dt.date(2013, 1, 1))
    api_client.force_authenticate(field_user)
    response = api_client.post(f"{DWCPS}{dwcp.pk}/transition/", {
        "to_status": "quality_appraisal", "effective_date": "2012-12-31"}, format="json")
    assert response.status_code == 400 and "effective_date" in response.json()


# --- signatories ------------------------------------------------------------------------------

def test_a_signatory_of_the_wrong_kind_is_a_400_on_the_organization(api_client, field_user):
    dwcp = DwcpFactory()
    union = ConstituentFactory(type=ConstituentType.WORKERS)
    api_client.force_authenticate(field_user)
    response = api_client.post("/api/v1/signatories/", {
        "dwcp": dwcp.pk, "party": "employers", "constituent": union.pk, "name": "X"},
        format="json")
    assert response.status_code == 400
    assert "employers' organization" in response.json()["constituent"][0]
    assert not Signatory.objects.exists()


def test_a_signatory_for_another_countrys_dwcp_is_refused(api_client, field_user):
    dwcp = DwcpFactory(country=country("KEN"))
    api_client.force_authenticate(field_user)
    response = api_client.post("/api/v1/signatories/", {
        "dwcp": dwcp.pk, "party": "ilo", "name": "X"}, format="json")
    assert response.status_code == 403
    assert not Signatory.objects.exists()


def test_deleting_a_dwcp_with_a_results_framework_is_refused_with_a_sentence(api_client,
                                                                              field_user):
    """Found by scripts/fuzz-api (as the administrator): DELETE of a DWCP in preparation
    whose priorities and CPOs still refer to it answered 500; now 400 with what blocks it."""
    from programmes.models import Dwcp
    from tests.programmes.factories import CpoFactory

    cpo = CpoFactory(code="ALB101")
    dwcp = cpo.dwcp
    api_client.force_authenticate(field_user)
    response = api_client.delete(f"/api/v1/dwcps/{dwcp.pk}/")
    assert response.status_code == 400, response.content
    assert "cannot be deleted while" in str(response.json())
    assert Dwcp.objects.filter(pk=dwcp.pk).exists()
    cpo.delete()
    cpo.priority.delete()
    assert api_client.delete(f"/api/v1/dwcps/{dwcp.pk}/").status_code == 204
