"""API of development cooperation resources: scoped lists and filters, delivery rates in the
output, writes through the services (400 with field errors, nothing half-saved), lookups
outside the caller's scope, and a query count that does not grow with the list."""
import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import Project, ProjectFunding, ProjectOutcomeLink, ProjectStage
from tests.factories import country
from tests.programmes.factories import CpoFactory, DwcpFactory, ProjectFactory
from tests.programmes.factories_resources import funded_project, link

pytestmark = pytest.mark.django_db

PROJECTS = "/api/v1/projects/"
FUNDING = "/api/v1/project-funding/"
LINKS = "/api/v1/project-cpo-links/"
CPO_RESOURCES = "/api/v1/cpo-resources/"


@pytest.fixture
def as_user(api_client):
    def _as(user):
        api_client.force_authenticate(user)
        return api_client
    return _as


def _new_project(**overrides) -> dict:
    data = {"country": "ALB", "code": "ALB/14/02/RBS", "title": "Skills for youth",
            "funding_source": "rbsa", "start_date": "2014-01-01", "end_date": "2015-12-31",
            "funding": [{"year": 2014, "allocation": "120000", "expenditure": "90000"},
                        {"year": 2015, "allocation": "80000"}],
            "reason": "Approved"}
    data.update(overrides)
    return data


def _codes(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["code"] for row in response.json()["results"]}


def test_api_requires_authentication(api_client):
    assert api_client.get(PROJECTS).status_code in (401, 403)


def test_field_staff_list_only_projects_of_their_countries(as_user, field_user):
    ProjectFactory(code="ALB/1")
    ProjectFactory(code="KEN/1", country=country("KEN"))
    assert _codes(as_user(field_user).get(PROJECTS)) == {"ALB/1"}


def test_project_shows_totals_delivery_rate_funding_by_year_and_cpos(as_user, manager_user):
    project = funded_project(code="ALB/1", years={2012: ("100000", "80000"),
                                                  2013: ("50000", "70000")})
    cpo = CpoFactory(code="ALB101")
    link(project, cpo, share="40")
    body = as_user(manager_user).get(f"{PROJECTS}{project.pk}/").json()
    assert body["country"] == "ALB" and body["country_region"] == "EU"
    assert body["scope"] == "country" and body["region"] is None
    assert body["total_allocation"] == "150000.00"
    assert body["total_expenditure"] == "150000.00"
    assert body["delivery_rate"] == "100.00"
    assert [(r["year"], r["delivery_rate"]) for r in body["funding"]] == [
        (2012, "80.00"), (2013, "140.00")]
    assert body["cpo_links"] == [{"id": project.cpo_links.get().pk, "cpo": cpo.pk,
                                  "cpo_code": "ALB101", "share": "40.00"}]


def test_delivery_rate_is_null_without_allocation(as_user, manager_user):
    project = funded_project(years={2013: ("0", "0")})
    body = as_user(manager_user).get(f"{PROJECTS}{project.pk}/").json()
    assert body["delivery_rate"] is None and body["funding"][0]["delivery_rate"] is None


@pytest.mark.parametrize(("params", "expected"), [
    ({"country": "KEN"}, {"KEN/1"}),
    ({"region": "EU"}, {"ALB/1", "SRB/1"}),
    ({"funding_source": "rbsa"}, {"SRB/1"}),
    ({"status": "closed"}, {"KEN/1"}),
    ({"year": 2016}, {"SRB/1"}),
    ({"q": "norway"}, {"KEN/1"}),
])
def test_project_filters(as_user, manager_user, params, expected):
    ProjectFactory(code="ALB/1", start_date=dt.date(2012, 1, 1), end_date=dt.date(2013, 12, 31))
    ProjectFactory(code="KEN/1", country=country("KEN"), funding_partner="Norway",
                   status=ProjectStage.CLOSED, start_date=dt.date(2012, 1, 1),
                   end_date=dt.date(2013, 12, 31))
    ProjectFactory(code="SRB/1", country=country("SRB"), funding_source="rbsa",
                   start_date=dt.date(2015, 1, 1), end_date=dt.date(2017, 12, 31))
    assert _codes(as_user(manager_user).get(PROJECTS, params)) == expected


def test_filters_are_documented_in_the_schema(as_user, manager_user):
    schema = as_user(manager_user).get("/api/schema/", {"format": "json"}).json()
    params = {p["name"] for p in schema["paths"]["/api/v1/projects/"]["get"]["parameters"]}
    assert {"country", "region", "funding_source", "status", "year"} <= params
    funding = schema["paths"]["/api/v1/project-funding/"]["get"]["parameters"]
    assert {"country", "funding_source", "year"} <= {p["name"] for p in funding}


def test_field_staff_create_a_project_with_its_funding(as_user, field_user):
    response = as_user(field_user).post(PROJECTS, _new_project(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["total_allocation"] == "200000.00"
    assert body["delivery_rate"] == "45.00"
    assert [r["year"] for r in body["funding"]] == [2014, 2015]
    project = Project.objects.get(pk=body["id"])
    assert project.history.latest().history_change_reason == "Approved"
    assert project.funding.get(year=2015).expenditure == Decimal("0")


def test_negative_amount_is_a_400_on_the_row_and_nothing_is_saved(as_user, field_user):
    response = as_user(field_user).post(PROJECTS, _new_project(funding=[
        {"year": 2014, "allocation": "1", "expenditure": "0"},
        {"year": 2015, "allocation": "-5", "expenditure": "0"}]), format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["funding"] == [{}, {"allocation": ["The amount cannot be negative."]}]
    assert not Project.objects.exists() and not ProjectFunding.objects.exists()


def test_year_outside_the_period_is_a_400_on_the_year(as_user, field_user):
    response = as_user(field_user).post(PROJECTS, _new_project(funding=[
        {"year": 2019, "allocation": "1"}]), format="json")
    assert response.status_code == 400
    assert "2014–2015" in response.json()["funding"][0]["year"][0]
    assert not Project.objects.exists()


def test_dates_out_of_order_are_a_400_on_the_end_date(as_user, field_user):
    response = as_user(field_user).post(PROJECTS, _new_project(
        start_date="2015-01-01", end_date="2014-01-01", funding=[]), format="json")
    assert response.status_code == 400
    assert response.json()["end_date"] == ["The end date must be on or after the start date."]


def test_duplicate_code_is_a_400_on_the_code(as_user, field_user):
    ProjectFactory(code="ALB/14/02/RBS")
    response = as_user(field_user).post(PROJECTS, _new_project(), format="json")
    assert response.status_code == 400
    assert "already exists" in response.json()["code"][0]


def test_project_in_another_country_is_a_400_on_the_country(as_user, field_user):
    response = as_user(field_user).post(PROJECTS, _new_project(country="KEN"), format="json")
    assert response.status_code == 400
    assert "country" in response.json()
    assert not Project.objects.exists()


def test_projects_outside_the_scope_are_not_found(as_user, field_user):
    project = funded_project(country=country("KEN"), years={2013: ("1", "0")})
    client = as_user(field_user)
    assert client.get(f"{PROJECTS}{project.pk}/").status_code == 404
    assert client.patch(f"{PROJECTS}{project.pk}/", {"title": "x"},
                        format="json").status_code == 404
    row = project.funding.get()
    assert client.get(f"{FUNDING}{row.pk}/").status_code == 404
    response = client.post(FUNDING, {"project": project.pk, "year": 2014, "allocation": "1"},
                           format="json")
    assert response.status_code == 400 and "project" in response.json()


def test_manager_reads_but_may_not_write(as_user, manager_user):
    project = ProjectFactory()
    client = as_user(manager_user)
    assert client.get(f"{PROJECTS}{project.pk}/").status_code == 200
    assert client.post(PROJECTS, _new_project(), format="json").status_code == 403
    assert client.patch(f"{PROJECTS}{project.pk}/", {"title": "x"},
                        format="json").status_code == 403
    assert client.delete(f"{PROJECTS}{project.pk}/").status_code == 403
    assert Project.objects.filter(pk=project.pk, title=project.title).exists()


def test_patch_replaces_funding_only_when_given(as_user, field_user):
    project = funded_project(start_date=dt.date(2012, 1, 1), end_date=dt.date(2015, 12, 31),
                             years={2012: ("100", "50"), 2013: ("100", "0")})
    client = as_user(field_user)
    body = client.patch(f"{PROJECTS}{project.pk}/", {"title": "Renamed"}, format="json").json()
    assert body["title"] == "Renamed" and len(body["funding"]) == 2
    body = client.patch(f"{PROJECTS}{project.pk}/", {
        "funding": [{"year": 2013, "allocation": "200", "expenditure": "150"}],
        "reason": "Revised budget"}, format="json").json()
    assert [(r["year"], r["delivery_rate"]) for r in body["funding"]] == [(2013, "75.00")]
    assert ProjectFunding.history.filter(year=2012, history_type="-").get() \
        .history_change_reason == "Revised budget"


def test_patch_moving_the_period_away_from_recorded_years_is_refused(as_user, field_user):
    project = funded_project(years={2012: ("100", "50")})
    response = as_user(field_user).patch(f"{PROJECTS}{project.pk}/",
                                         {"start_date": "2014-01-01"}, format="json")
    assert response.status_code == 400
    assert "start_date" in response.json()
    project.refresh_from_db()
    assert project.start_date == dt.date(2012, 1, 1)


def test_funding_rows_endpoint_creates_updates_and_checks(as_user, field_user):
    project = ProjectFactory()
    client = as_user(field_user)
    response = client.post(FUNDING, {"project": project.pk, "year": 2013,
                                     "allocation": "1000", "expenditure": "250"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["delivery_rate"] == "25.00"
    again = client.post(FUNDING, {"project": project.pk, "year": 2013, "allocation": "5"},
                        format="json")
    assert again.status_code == 400 and "already recorded" in again.json()["year"][0]
    row_id = response.json()["id"]
    negative = client.patch(f"{FUNDING}{row_id}/", {"expenditure": "-1"}, format="json")
    assert negative.status_code == 400 and "expenditure" in negative.json()
    assert client.get(FUNDING, {"year": 2013}).json()["count"] == 1
    assert client.get(FUNDING, {"year": 2014}).json()["count"] == 0


def test_cpo_links_through_the_api(as_user, field_user):
    project = ProjectFactory()
    cpo, other = CpoFactory(), CpoFactory()
    client = as_user(field_user)
    response = client.post(LINKS, {"project": project.pk, "cpo": cpo.pk, "share": "70"},
                           format="json")
    assert response.status_code == 201, response.content
    over = client.post(LINKS, {"project": project.pk, "cpo": other.pk, "share": "40"},
                       format="json")
    assert over.status_code == 400
    assert over.json()["share"] == ["At most 30 per cent is left."]
    link_id = response.json()["id"]
    assert client.patch(f"{LINKS}{link_id}/", {"share": "50"}, format="json").status_code == 200
    assert client.delete(f"{LINKS}{link_id}/").status_code == 204
    assert not ProjectOutcomeLink.objects.exists()


def test_cpo_resources_show_gap_and_delivery(as_user, manager_user):
    dwcp = DwcpFactory()
    cpo = CpoFactory(priority__dwcp=dwcp, planned_resources=Decimal("200000"))
    link(funded_project(years={2012: ("100000", "60000")}), cpo, share="50")
    body = as_user(manager_user).get(CPO_RESOURCES, {"dwcp": dwcp.pk}).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["available"] == "50000.00" and row["spent"] == "30000.00"
    assert row["resource_gap"] == "150000.00" and row["delivery_rate"] == "60.00"


def _list_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_project_list_query_count_does_not_grow(as_user, field_user,
                                                django_assert_num_queries):
    client = as_user(field_user)
    link(funded_project(years={2012: ("1", "1")}))
    client.get(PROJECTS)  # warm-up: the caller's scope is looked up once and kept
    few = _list_queries(client, PROJECTS)
    for _ in range(15):
        link(funded_project(years={2012: ("10", "5"), 2013: ("10", "5")}))
        link(funded_project(years={2014: ("10", "5")}))
    assert _list_queries(client, PROJECTS) == few
    # count, page, funding rows, CPO links, P&B links and Conventions of the page
    with django_assert_num_queries(6):
        client.get(PROJECTS, {"region": "EU", "year": 2013})
    assert _list_queries(client, FUNDING) == _list_queries(client, f"{FUNDING}?year=2012")
