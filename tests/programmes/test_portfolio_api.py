"""API of the development cooperation portfolio: donors, funding agreements and rates of
exchange (writes through the services: 400 with field errors, 403 for those who may not),
filters, the project's new fields and P&B links, and list query counts that do not grow."""
import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.roles import Role
from programmes.models import (
    DonorCategory,
    ExchangeRate,
    FundingAgreement,
    PBOutcome,
    Project,
    ProjectStage,
)
from programmes.services import portfolio as services
from tests.factories import UserFactory
from tests.programmes.factories import ProjectFactory

pytestmark = pytest.mark.django_db

DONORS = "/api/v1/donors/"
AGREEMENTS = "/api/v1/funding-agreements/"
RATES = "/api/v1/exchange-rates/"
PROJECTS = "/api/v1/projects/"


@pytest.fixture
def partnerships_user(db):
    return UserFactory(username="pardev", role=Role.PARTNERSHIPS)


@pytest.fixture
def as_user(api_client):
    def _as(user):
        api_client.force_authenticate(user)
        return api_client
    return _as


def _donor(name="Norway", category=DonorCategory.MULTI_BILATERAL):
    return services.donor_create(user=None, name=name, category=category)


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def test_a_partnerships_officer_records_a_donor_an_agreement_and_a_rate(as_user,
                                                                        partnerships_user):
    client = as_user(partnerships_user)
    response = client.post(DONORS, {"name": "Norway", "category": "multi_bilateral",
                                    "country": "NOR", "reason": "New partner"}, format="json")
    assert response.status_code == 201, response.content
    donor = response.json()
    assert (donor["approved_usd"], donor["agreement_count"]) == ("0.00", 0)
    response = client.post(RATES, {"currency": "NOK", "month": "2024-03-20",
                                   "units_per_usd": "10.5"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["month"] == "2024-03-01"
    response = client.post(AGREEMENTS, {
        "donor": donor["id"], "reference": "NOR-1", "title": "Skills",
        "approval_date": "2024-03-15", "amount": "1000000", "currency": "NOK",
        "earmarking": "lightly"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["rate"], body["amount_usd"], body["project"]) == (
        "10.500000", "95238.10", None)
    assert client.get(f"{DONORS}{donor['id']}/").json()["approved_usd"] == "95238.10"


def test_field_errors_are_400s(as_user, partnerships_user):
    client = as_user(partnerships_user)
    donor = _donor()
    response = client.post(DONORS, {"name": "NORWAY", "category": "nonsense"}, format="json")
    assert response.status_code == 400
    assert "category" in response.json()
    response = client.post(DONORS, {"name": "norway", "category": "ifi"}, format="json")
    assert response.status_code == 400 and "name" in response.json()
    response = client.post(AGREEMENTS, {
        "donor": donor.pk, "reference": "N-1", "title": "Skills",
        "approval_date": "2024-03-15", "amount": "1000", "currency": "EUR"}, format="json")
    assert response.status_code == 400
    assert "March 2024" in response.json()["currency"][0]
    response = client.post(AGREEMENTS, {
        "donor": donor.pk, "reference": "N-1", "title": "Skills",
        "approval_date": "2024-03-15", "amount": "-5"}, format="json")
    assert response.status_code == 400 and "amount" in response.json()
    response = client.post(RATES, {"currency": "EU", "month": "2024-03-01",
                                   "units_per_usd": "0"}, format="json")
    assert response.status_code == 400
    assert {"currency", "units_per_usd"} <= set(response.json())
    assert not FundingAgreement.objects.exists() and not ExchangeRate.objects.exists()


def test_a_donor_with_agreements_is_not_deleted(as_user, partnerships_user):
    donor = _donor()
    services.agreement_create(user=None, donor=donor, reference="N-1", title="Skills",
                              approval_date=dt.date(2024, 3, 1), amount=Decimal("10"))
    response = as_user(partnerships_user).delete(f"{DONORS}{donor.pk}/")
    assert response.status_code == 400
    assert "cannot be deleted" in str(response.json())


@pytest.mark.parametrize("persona", ["field_user", "manager_user"])
def test_others_read_but_may_not_write(request, as_user, persona):
    client = as_user(request.getfixturevalue(persona))
    donor = _donor()
    assert client.get(DONORS).status_code == 200
    assert client.get(AGREEMENTS).status_code == 200
    response = client.post(DONORS, {"name": "Sweden", "category": "ifi"}, format="json")
    assert response.status_code == 403
    assert client.patch(f"{DONORS}{donor.pk}/", {"notes": "x"},
                        format="json").status_code == 403


def test_agreement_filters(as_user, manager_user):
    norway, bank = _donor("Norway"), _donor("World Bank", DonorCategory.IFI)
    for donor, ref, day, local in ((norway, "N-2023", dt.date(2023, 5, 1), False),
                                   (norway, "N-LOCAL", dt.date(2024, 5, 1), True),
                                   (bank, "WB-1", dt.date(2024, 6, 1), False)):
        services.agreement_create(user=None, donor=donor, reference=ref, title=ref,
                                  approval_date=day, amount=Decimal("10"),
                                  locally_mobilized=local)
    client = as_user(manager_user)

    def refs(params):
        response = client.get(AGREEMENTS, params)
        assert response.status_code == 200, response.content
        return {row["reference"] for row in response.json()["results"]}

    assert refs({"donor": norway.pk}) == {"N-2023", "N-LOCAL"}
    assert refs({"category": "ifi"}) == {"WB-1"}
    assert refs({"year": 2023}) == {"N-2023"}
    assert refs({"locally_mobilized": "true"}) == {"N-LOCAL"}
    assert refs({"thematic": "true"}) == {"N-2023", "N-LOCAL", "WB-1"}
    assert client.get(AGREEMENTS, {"year": "1e20"}).status_code == 400


def test_list_query_counts_do_not_grow(as_user, manager_user):
    client = as_user(manager_user)
    services.agreement_create(user=None, donor=_donor("D0"), reference="R0", title="R0",
                              approval_date=dt.date(2024, 3, 1), amount=Decimal("10"),
                              project=ProjectFactory())
    services.exchange_rate_set(user=None, currency="EUR", month=dt.date(2024, 1, 1),
                               units_per_usd="0.9")
    client.get(DONORS)
    few = {url: _queries(client, url) for url in (DONORS, AGREEMENTS, RATES)}
    for n in range(1, 12):
        services.agreement_create(user=None, donor=_donor(f"D{n}"), reference=f"R{n}",
                                  title="R", approval_date=dt.date(2024, 3, 1),
                                  amount=Decimal("10"),
                                  project=ProjectFactory() if n % 2 else None)
        services.exchange_rate_set(user=None, currency="CHF", month=dt.date(2023, n, 1),
                                   units_per_usd="0.9")
    assert {url: _queries(client, url) for url in few} == few


# --- projects: the new fields ---------------------------------------------------------------

def _interregional(**overrides) -> dict:
    pb = PBOutcome.objects.get(framework__code="P&B 2024-25", code="1")
    data = {"code": "GLO/24/01/NOR", "title": "Global youth employment", "scope":
            "interregional", "funding_source": "xbtc", "start_date": "2024-01-01",
            "end_date": "2025-12-31", "status": "ongoing", "office": "EMPLOYMENT",
            "assistance_type": "experts", "gender_marker": 2, "conventions": ["C122"],
            "social_dialogue": True, "pb_links": [{"pb_outcome": pb.pk, "share": "60"}]}
    data.update(overrides)
    return data


def test_a_partnerships_officer_creates_an_interregional_project_with_pb_links(
        as_user, partnerships_user):
    response = as_user(partnerships_user).post(PROJECTS, _interregional(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["scope"], body["country"], body["region"]) == ("interregional", None, None)
    assert body["conventions"] == ["C122"] and body["gender_marker"] == 2
    assert [(link["pb_outcome_code"], link["share"]) for link in body["pb_links"]] == [
        ("1", "60.00")]


def test_field_staff_may_not_create_an_interregional_project(as_user, field_user):
    response = as_user(field_user).post(PROJECTS, _interregional(), format="json")
    assert response.status_code == 400
    assert "scope" in response.json()
    assert not Project.objects.exists()


def test_project_place_and_pb_link_errors_are_400s_on_their_fields(as_user,
                                                                   partnerships_user):
    client = as_user(partnerships_user)
    response = client.post(PROJECTS, _interregional(scope="regional"), format="json")
    assert response.status_code == 400 and "region" in response.json()
    old = PBOutcome.objects.get(framework__code="P&B 2016-17", code="1")
    response = client.post(PROJECTS, _interregional(
        pb_links=[{"pb_outcome": old.pk, "share": "50"}]), format="json")
    assert response.status_code == 400
    assert "pb_outcome" in response.json()["pb_links"][0]
    response = client.post(PROJECTS, _interregional(conventions=["C999"]), format="json")
    assert response.status_code == 400 and "conventions" in response.json()
    assert not Project.objects.exists()


def test_the_pipeline_gate_is_a_400_on_the_status(as_user, partnerships_user):
    project = ProjectFactory(status=ProjectStage.APPRAISAL)
    response = as_user(partnerships_user).patch(f"{PROJECTS}{project.pk}/",
                                                {"status": "approved"}, format="json")
    assert response.status_code == 400
    assert "status" in response.json()
    project.refresh_from_db()
    assert project.status == ProjectStage.APPRAISAL


def test_project_filters_by_the_new_fields(as_user, partnerships_user):
    client = as_user(partnerships_user)
    assert client.post(PROJECTS, _interregional(), format="json").status_code == 201
    country_project = ProjectFactory(code="ALB/1")
    services.agreement_create(user=None, donor=_donor("Bank", DonorCategory.IFI),
                              reference="B-1", title="B", approval_date=dt.date(2024, 1, 1),
                              amount=Decimal("5"), project=country_project)

    def codes(params):
        response = client.get(PROJECTS, params)
        assert response.status_code == 200, response.content
        return {row["code"] for row in response.json()["results"]}

    assert codes({"scope": "interregional"}) == {"GLO/24/01/NOR"}
    assert codes({"donor_category": "ifi"}) == {"ALB/1"}
    assert codes({"assistance_type": "experts"}) == {"GLO/24/01/NOR"}
    assert codes({"gender_marker": 2}) == {"GLO/24/01/NOR"}
    assert codes({"convention": "c122"}) == {"GLO/24/01/NOR"}
    assert codes({"region": "EU"}) == {"ALB/1"}
