"""The constituents API: scoped lists and filters, writes through the services with their
rules as 400 field errors, the access policy on writes, and a fixed number of queries."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from constituents.models import (
    Affiliation,
    Constituent,
    ConstituentType,
    Contact,
    Country,
    MembershipFigure,
)
from core.roles import ConstituentGroup
from tests.factories import country

from .factories import (
    AffiliationFactory,
    ConstituentFactory,
    ContactFactory,
    MembershipFigureFactory,
)

pytestmark = pytest.mark.django_db

CONSTITUENTS = "/api/v1/constituents/"
FIGURES = "/api/v1/membership-figures/"
CONTACTS = "/api/v1/constituent-contacts/"
AFFILIATIONS = "/api/v1/constituent-affiliations/"


def _names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(row["name"] for row in response.json()["results"])


@pytest.fixture
def as_user(api_client):
    def _as(user):
        api_client.force_authenticate(user)
        return api_client

    return _as


@pytest.fixture
def union(db):
    return ConstituentFactory(country=country("ALB"), name="Union of Independent Trade Unions",
                              acronym="BSPSH", type=ConstituentType.WORKERS)


# --- reading ------------------------------------------------------------------------------

def test_api_requires_authentication(api_client):
    assert api_client.get(CONSTITUENTS).status_code in (401, 403)


def test_list_is_scoped_to_the_callers_countries(as_user, field_user, manager_user):
    ConstituentFactory(name="Albanian union", country=country("ALB"))
    ConstituentFactory(name="Kenyan union", country=country("KEN"))
    assert _names(as_user(field_user).get(CONSTITUENTS)) == ["Albanian union"]
    assert _names(as_user(manager_user).get(CONSTITUENTS)) == ["Albanian union",
                                                               "Kenyan union"]


def test_out_of_scope_organization_is_not_found(as_user, field_user_africa, union):
    client = as_user(field_user_africa)
    assert client.get(f"{CONSTITUENTS}{union.pk}/").status_code == 404
    assert client.patch(f"{CONSTITUENTS}{union.pk}/", {"name": "X"},
                        format="json").status_code == 404
    union.refresh_from_db()
    assert union.name == "Union of Independent Trade Unions"


def test_list_filters(as_user, manager_user):
    ConstituentFactory(name="Albanian union", country=country("ALB"), acronym="BSPSH")
    ConstituentFactory(name="Albanian employers", country=country("ALB"),
                       type=ConstituentType.EMPLOYERS, level="sectoral")
    ConstituentFactory(name="Kenyan ministry", country=country("KEN"),
                       type=ConstituentType.LABOUR_MINISTRY)
    ConstituentFactory(name="Old union", country=country("KEN"), active=False)
    client = as_user(manager_user)

    def names(**params):
        return _names(client.get(CONSTITUENTS, params))

    assert names(country="ALB") == ["Albanian employers", "Albanian union"]
    assert names(region="AF") == ["Kenyan ministry", "Old union"]
    assert names(group="workers") == ["Albanian union", "Old union"]
    assert names(type="labour_ministry") == ["Kenyan ministry"]
    assert names(level="sectoral") == ["Albanian employers"]
    assert names(active="false") == ["Old union"]
    assert names(q="bspsh") == ["Albanian union"]
    assert names(search="ministry") == ["Kenyan ministry"]
    assert client.get(CONSTITUENTS, {"group": "nonsense"}).status_code == 400


def test_filters_are_documented_in_the_schema(api_client, manager_user):
    api_client.force_authenticate(manager_user)
    response = api_client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    params = {p["name"] for p in schema["paths"]["/api/v1/constituents/"]["get"]["parameters"]}
    assert {"country", "region", "type", "group", "level", "active", "q", "page"} <= params
    assert "patch" in schema["paths"]["/api/v1/countries/{id}/"]
    assert "post" in schema["paths"]["/api/v1/membership-figures/"]


def test_organization_comes_with_its_records(as_user, manager_user, union):
    AffiliationFactory(constituent=union, organization="ITUC", since_year=2006)
    MembershipFigureFactory(constituent=union, year=2022, total=100, women=40, men=60)
    MembershipFigureFactory(constituent=union, year=2023, total=110, women=45, men=65)
    ContactFactory(constituent=union, name="Ana Hoxha", is_primary=True)
    row = as_user(manager_user).get(f"{CONSTITUENTS}{union.pk}/").json()
    assert row["country"] == "ALB" and row["region"] == "EU"
    assert row["group"] == "workers"
    assert [a["organization"] for a in row["affiliations"]] == ["ITUC"]
    assert [(f["year"], f["women"]) for f in row["membership_figures"]] == [(2023, 45),
                                                                           (2022, 40)]
    assert row["contacts"][0]["name"] == "Ana Hoxha"
    assert row["contacts"][0]["is_primary"] is True


def _list_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_is_constant_as_constituents_grow(
        as_user, manager_user, django_assert_max_num_queries):
    client = as_user(manager_user)

    def add(n: int) -> None:
        for i in range(n):
            org = ConstituentFactory(type=ConstituentType.values[i % 10],
                                     country=country(("ALB", "KEN", "BRA")[i % 3]))
            MembershipFigureFactory(constituent=org, year=2020)
            ContactFactory(constituent=org)
            AffiliationFactory(constituent=org)

    add(2)
    few = _list_queries(client, CONSTITUENTS)
    add(30)
    assert _list_queries(client, CONSTITUENTS) == few
    with django_assert_max_num_queries(6):
        client.get(CONSTITUENTS, {"group": "workers"})
    for url in (FIGURES, CONTACTS, AFFILIATIONS):
        with django_assert_max_num_queries(3):
            assert client.get(url).json()["count"] == 32


# --- creating and changing organizations ----------------------------------------------------

def _new_org(**overrides) -> dict:
    data = {"country": "ALB", "name": "Confederation of Trade Unions of Albania",
            "acronym": "KSSH", "type": "workers", "level": "national"}
    data.update(overrides)
    return data


def test_field_staff_create_an_organization_with_history(as_user, field_user):
    response = as_user(field_user).post(CONSTITUENTS, {**_new_org(), "reason": "via API"},
                                        format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["group"] == "workers" and body["membership_figures"] == []
    org = Constituent.objects.get(pk=body["id"])
    record = org.history.first()
    assert (record.history_user, record.history_change_reason) == (field_user, "via API")


@pytest.mark.parametrize(("data", "field", "message"), [
    (_new_org(name="confederation of trade unions of albania"), "name",
     "already has an organization named"),
    (_new_org(type="nonsense"), "type", "not a valid choice"),
    (_new_org(name=""), "name", "may not be blank"),
    (_new_org(website="not a url"), "website", "valid URL"),
    (_new_org(country="XXX"), "country", "does not exist"),
])
def test_bad_organization_is_a_400_with_field_errors(as_user, field_user, data, field,
                                                     message):
    ConstituentFactory(country=country("ALB"), name="Confederation of Trade Unions of Albania")
    response = as_user(field_user).post(CONSTITUENTS, data, format="json")
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert Constituent.objects.count() == 1


@pytest.mark.parametrize(("persona", "data", "status"), [
    ("field_user", _new_org(country="KEN"), 403),
    ("manager_user", _new_org(), 403),
    ("actemp_user", _new_org(), 403),
    ("actemp_user", _new_org(type="employers", country="KEN"), 201),
    ("actrav_user", _new_org(country="KEN"), 201),
    ("field_user_africa", _new_org(country="KEN"), 201),
])
def test_create_follows_the_policy(as_user, request, persona, data, status):
    response = as_user(request.getfixturevalue(persona)).post(CONSTITUENTS, data,
                                                              format="json")
    assert response.status_code == status, response.content
    assert Constituent.objects.count() == (1 if status == 201 else 0)


def test_patch_changes_fields_and_deactivates(as_user, field_user, union):
    response = as_user(field_user).patch(f"{CONSTITUENTS}{union.pk}/",
                                         {"active": False, "notes": "Merged into KSSH",
                                          "country": "KEN", "reason": "merger"},
                                         format="json")
    assert response.status_code == 200, response.content
    union.refresh_from_db()
    assert (union.active, union.notes) == (False, "Merged into KSSH")
    assert union.country.iso3 == "ALB"  # the country of an organization is fixed
    assert union.history.first().history_change_reason == "merger"


def test_type_change_rederives_the_group(as_user, field_user, union):
    response = as_user(field_user).patch(f"{CONSTITUENTS}{union.pk}/", {"type": "cso"},
                                         format="json")
    assert response.json()["group"] == ConstituentGroup.OTHER


def test_specialists_change_only_their_group(as_user, actemp_user, union):
    employers = ConstituentFactory(type=ConstituentType.EMPLOYERS, name="Business Albania")
    client = as_user(actemp_user)
    assert client.get(f"{CONSTITUENTS}{union.pk}/").status_code == 200
    assert client.patch(f"{CONSTITUENTS}{union.pk}/", {"notes": "x"},
                        format="json").status_code == 403
    assert client.patch(f"{CONSTITUENTS}{employers.pk}/", {"notes": "IOE member"},
                        format="json").status_code == 200
    # Nor may they move their organization into another group.
    assert client.patch(f"{CONSTITUENTS}{employers.pk}/", {"type": "workers"},
                        format="json").status_code == 403
    employers.refresh_from_db()
    assert (employers.notes, employers.type) == ("IOE member", "employers")


def test_manager_may_not_change_organizations(as_user, manager_user, union):
    response = as_user(manager_user).patch(f"{CONSTITUENTS}{union.pk}/", {"notes": "x"},
                                           format="json")
    assert response.status_code == 403


def test_organizations_are_not_deleted_through_the_api(as_user, admin_user, union):
    assert as_user(admin_user).delete(f"{CONSTITUENTS}{union.pk}/").status_code == 405
    assert Constituent.objects.filter(pk=union.pk).exists()


# --- membership figures, contacts, affiliations ---------------------------------------------

def test_field_staff_record_a_membership_figure(as_user, field_user, union):
    response = as_user(field_user).post(FIGURES, {
        "constituent": union.pk, "year": 2022, "total": 12000, "women": 5000, "men": 7000,
        "member_kind": "individual workers", "reason": "congress report"}, format="json")
    assert response.status_code == 201, response.content
    figure = MembershipFigure.objects.get(pk=response.json()["id"])
    assert figure.history.first().history_user == field_user
    org = as_user(field_user).get(f"{CONSTITUENTS}{union.pk}/").json()
    assert org["membership_figures"][0]["total"] == 12000


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"year": 2022, "total": -1}, "total", "greater than or equal to 0"),
    ({"year": 2022, "total": 100, "women": 101}, "women", "cannot be more than the total"),
    ({"year": 2022, "total": 100, "women": 30, "men": 30}, "total", "add up to 60"),
    ({"year": 2020, "total": 100}, "year", "already has a figure"),
    ({"year": 1800, "total": 100}, "year", "Enter a year between"),
])
def test_bad_membership_figure_is_a_400_with_field_errors(as_user, field_user, union, data,
                                                          field, message):
    MembershipFigureFactory(constituent=union, year=2020)
    response = as_user(field_user).post(FIGURES, {"constituent": union.pk, **data},
                                        format="json")
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert union.membership_figures.count() == 1


def test_records_of_out_of_scope_organizations(as_user, field_user_africa, actemp_user, union):
    figure = MembershipFigureFactory(constituent=union, year=2020)
    client = as_user(field_user_africa)
    # Field staff of another region do not see the organization at all.
    response = client.post(FIGURES, {"constituent": union.pk, "year": 2021, "total": 1},
                           format="json")
    assert response.status_code == 400
    assert "constituent" in response.json()
    assert client.get(f"{FIGURES}{figure.pk}/").status_code == 404
    assert client.delete(f"{FIGURES}{figure.pk}/").status_code == 404
    assert client.get(FIGURES).json()["count"] == 0
    # A specialist of employers sees the union but may not change its records.
    client = as_user(actemp_user)
    assert client.post(FIGURES, {"constituent": union.pk, "year": 2021, "total": 1},
                       format="json").status_code == 403
    assert client.patch(f"{FIGURES}{figure.pk}/", {"total": 5},
                        format="json").status_code == 403
    assert union.membership_figures.count() == 1


def test_update_and_delete_a_membership_figure(as_user, field_user, union):
    figure = MembershipFigureFactory(constituent=union, year=2021, total=100, women=40, men=60)
    client = as_user(field_user)
    response = client.patch(f"{FIGURES}{figure.pk}/", {"total": 120, "men": 80},
                            format="json")
    assert response.status_code == 200, response.content
    response = client.patch(f"{FIGURES}{figure.pk}/", {"women": 500}, format="json")
    assert response.status_code == 400 and "women" in response.json()
    assert client.delete(f"{FIGURES}{figure.pk}/?reason=duplicate").status_code == 204
    deleted = MembershipFigure.history.filter(id=figure.pk).first()
    assert (deleted.history_type, deleted.history_user) == ("-", field_user)
    assert deleted.history_change_reason == "duplicate"


def test_contacts_through_the_api(as_user, field_user, union):
    ContactFactory(constituent=union, name="Gezim Kalaja", is_primary=True)
    client = as_user(field_user)
    response = client.post(CONTACTS, {"constituent": union.pk, "name": "Ana Hoxha",
                                      "is_primary": True}, format="json")
    assert response.status_code == 400
    assert "already the primary contact" in response.json()["is_primary"][0]
    response = client.post(CONTACTS, {"constituent": union.pk, "name": "Ana Hoxha",
                                      "email": "nope"}, format="json")
    assert response.status_code == 400 and "email" in response.json()
    response = client.post(CONTACTS, {"constituent": union.pk, "name": "Ana Hoxha",
                                      "email": "ana@example.org"}, format="json")
    assert response.status_code == 201
    assert client.get(CONTACTS, {"constituent": union.pk}).json()["count"] == 2
    assert Contact.objects.get(name="Ana Hoxha").history.first().history_user == field_user


def test_affiliations_through_the_api(as_user, actrav_user, union):
    AffiliationFactory(constituent=union, organization="ITUC")
    client = as_user(actrav_user)
    response = client.post(AFFILIATIONS, {"constituent": union.pk, "organization": "ituc"},
                           format="json")
    assert response.status_code == 400 and "organization" in response.json()
    response = client.post(AFFILIATIONS, {"constituent": union.pk, "organization": "PERC",
                                          "since_year": 2007}, format="json")
    assert response.status_code == 201
    assert sorted(Affiliation.objects.values_list("organization", flat=True)) == ["ITUC",
                                                                                  "PERC"]
    assert _names_of(client.get(AFFILIATIONS, {"group": "workers"})) == ["ITUC", "PERC"]
    assert _names_of(client.get(AFFILIATIONS, {"group": "employers"})) == []


def _names_of(response) -> list[str]:
    return sorted(row["organization"] for row in response.json()["results"])


# --- country context ----------------------------------------------------------------------

def _country_url(iso3: str) -> str:
    return f"/api/v1/countries/{Country.objects.get(iso3=iso3).pk}/"


def test_field_staff_update_the_context_of_their_country(as_user, field_user):
    response = as_user(field_user).patch(_country_url("ALB"), {
        "ilo_office": "ILO Budapest", "ilo_resident_in_unct": True, "name": "Renamed",
        "reason": "office moved"}, format="json")
    assert response.status_code == 200, response.content
    alb = Country.objects.get(iso3="ALB")
    assert (alb.ilo_office, alb.ilo_resident_in_unct, alb.name) == ("ILO Budapest", True,
                                                                    "Albania")
    record = alb.history.first()
    assert (record.history_user, record.history_change_reason) == (field_user, "office moved")


def test_country_context_400_with_field_errors(as_user, field_user):
    response = as_user(field_user).patch(_country_url("ALB"), {"ilo_office": "x" * 201},
                                         format="json")
    assert response.status_code == 400
    assert "ilo_office" in response.json()


@pytest.mark.parametrize(("persona", "status"), [
    ("field_user_africa", 404), ("manager_user", 403), ("actemp_user", 403),
    ("actrav_user", 403), ("admin_user", 200)])
def test_country_context_update_follows_the_policy(as_user, request, persona, status):
    response = as_user(request.getfixturevalue(persona)).patch(
        _country_url("ALB"), {"ilo_office": "ILO Budapest"}, format="json")
    assert response.status_code == status
    assert (Country.objects.get(iso3="ALB").ilo_office == "ILO Budapest") is (status == 200)


def test_countries_cannot_be_created_or_deleted(as_user, admin_user):
    client = as_user(admin_user)
    assert client.post("/api/v1/countries/", {"name": "Atlantis"},
                       format="json").status_code == 405
    assert client.delete(_country_url("ALB")).status_code == 405
