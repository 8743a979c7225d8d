"""A refusal never reveals records the caller may not see (issue 18, item 7): an id of
another country's organization, or of a need of another constituent group, is refused
exactly as an id of none, and such an organization cannot be linked to a signatory, a
committee member, an intervention or a participant."""
import datetime as dt

import pytest

from capacity.models import Intervention, Participant
from constituents.models import ConstituentType
from programmes.models import Signatory, SteeringCommitteeMember
from tests.capacity.factories import CapacityNeedFactory, InterventionFactory
from tests.constituents.factories import ConstituentFactory
from tests.factories import country
from tests.programmes.factories import DwcpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden_union(db):
    """A Ukrainian union, which field staff for Albania may not see."""
    return ConstituentFactory(country=country("UKR"), type=ConstituentType.WORKERS,
                              name="Confederation of Free Trade Unions of Ukraine")


def _refused_blindly(response, field, hidden):
    assert response.status_code == 400, response.content
    body = response.content.decode()
    assert field in response.json()
    assert hidden.name not in body and "Ukraine" not in body
    assert "does not exist" in str(response.json()[field])


@pytest.mark.parametrize("url,model", [
    ("/api/v1/signatories/", Signatory),
    ("/api/v1/steering-committee-members/", SteeringCommitteeMember)])
def test_a_dwcp_party_cannot_be_an_unseen_organization(api_client, field_user, hidden_union,
                                                         url, model):
    dwcp = DwcpFactory(country=country("ALB"))
    api_client.force_authenticate(field_user)
    response = api_client.post(url, {"dwcp": dwcp.pk, "party": "workers",
                                     "constituent": hidden_union.pk, "name": "X"},
                               format="json")
    _refused_blindly(response, "constituent", hidden_union)
    assert not model.objects.exists()


def test_an_intervention_cannot_target_an_unseen_organization(api_client, field_user,
                                                              hidden_union):
    api_client.force_authenticate(field_user)
    response = api_client.post("/api/v1/capacity-interventions/", {
        "title": "Collective bargaining course", "method": "training", "provider": "itcilo",
        "technical_area": "social_dialogue", "levels": ["individual"], "country": "ALB",
        "start_date": "2024-05-06", "end_date": "2024-05-10",
        "target_constituents": [hidden_union.pk]}, format="json")
    _refused_blindly(response, "target_constituents", hidden_union)
    assert not Intervention.objects.exists()


def test_a_participant_cannot_be_of_an_unseen_organization(api_client, field_user,
                                                           hidden_union):
    intervention = InterventionFactory(country=country("ALB"), start_date=dt.date(2024, 5, 6))
    api_client.force_authenticate(field_user)
    response = api_client.post("/api/v1/participants/", {
        "intervention": intervention.pk, "name": "Olena K.", "participant_group": "workers",
        "country": "UKR", "sex": "female", "constituent": hidden_union.pk}, format="json")
    _refused_blindly(response, "constituent", hidden_union)
    assert not Participant.objects.exists()


def test_a_specialist_cannot_plan_for_a_need_of_another_group(api_client, actemp_user):
    """ACT/EMP specialists do not see workers' organizations' needs."""
    need = CapacityNeedFactory(constituent__type=ConstituentType.WORKERS,
                               description="Weak bargaining capacity at branch level")
    api_client.force_authenticate(actemp_user)
    response = api_client.post("/api/v1/capacity-interventions/", {
        "title": "Employers' survey", "method": "training", "provider": "itcilo",
        "technical_area": "social_dialogue", "levels": ["individual"], "country": "ALB",
        "start_date": "2024-05-06", "end_date": "2024-05-10", "needs": [need.pk]},
        format="json")
    assert response.status_code == 400
    assert "Weak bargaining" not in response.content.decode()
    assert "does not exist" in str(response.json()["needs"])
