"""A closed biennium's results cannot be changed from behind (issue 18, item 3): its
milestones and the baselines its progress is measured from are locked, through every door
(services, API), as its progress updates already are; reopening unlocks them."""
from decimal import Decimal as D

import pytest

from core.errors import ApplicationError
from core.roles import Role
from programmes.models import BiennialMilestone, Biennium, Indicator
from programmes.services import indicators as svc
from tests.factories import UserFactory
from tests.programmes.factories import CpoFactory

pytestmark = pytest.mark.django_db
MILESTONES, INDICATORS = "/api/v1/milestones/", "/api/v1/indicators/"


@pytest.fixture
def closed():
    """An indicator with milestones in 2012-13 (closed by a manager) and 2014-15 (open)."""
    manager = UserFactory(username="closer", role=Role.MANAGER)
    b12, b14 = Biennium.objects.get(code="2012-13"), Biennium.objects.get(code="2014-15")
    indicator = svc.indicator_create(user=None, cpo=CpoFactory(), title="Agreements",
                                     baseline_value=D(10), baseline_year=2011,
                                     milestones={b12: (D(20), ""), b14: (D(30), "")})
    svc.biennium_close(user=manager, biennium=b12)
    return {"indicator": indicator, "b12": b12, "b14": b14, "manager": manager}


def test_a_closed_biennium_s_milestone_is_locked(closed, field_user):
    indicator, b12 = closed["indicator"], closed["b12"]
    with pytest.raises(ApplicationError) as refused:
        svc.milestone_set(user=field_user, indicator=indicator, biennium=b12, value=D(15),
                          reason="Typo")
    assert "Biennium 2012-13 is closed" in str(refused.value)
    assert BiennialMilestone.objects.get(indicator=indicator, biennium=b12).value == 20
    # The open biennium's milestone still changes.
    svc.milestone_set(user=field_user, indicator=indicator, biennium=closed["b14"],
                      value=D(35), reason="New data")
    # Reopened (with a reason), the closed one changes again.
    svc.biennium_reopen(user=closed["manager"], biennium=b12, reason="Data error found")
    svc.milestone_set(user=field_user, indicator=indicator, biennium=b12, value=D(15),
                      reason="Typo")


def test_the_baseline_of_a_closed_biennium_s_indicator_is_locked(closed, field_user):
    indicator = closed["indicator"]
    for data in ({"baseline_value": D(5)}, {"baseline_year": 2010}):
        with pytest.raises(ApplicationError) as refused:
            svc.indicator_update(user=field_user, indicator=indicator, data=data,
                                 reason="Revised")
        assert list(refused.value.field_errors) == list(data)
    indicator.refresh_from_db()
    assert indicator.baseline_value == 10 and indicator.baseline_year == 2011
    # Other fields stay editable.
    svc.indicator_update(user=field_user, indicator=indicator, data={"title": "Renamed"})
    assert Indicator.objects.get(pk=indicator.pk).title == "Renamed"


def test_the_api_answers_400_with_the_field(closed, field_user, api_client):
    indicator, b12 = closed["indicator"], closed["b12"]
    milestone = BiennialMilestone.objects.get(indicator=indicator, biennium=b12)
    api_client.force_authenticate(field_user)
    response = api_client.patch(f"{MILESTONES}{milestone.pk}/",
                                {"value": "15", "reason": "Typo"}, format="json")
    assert response.status_code == 400, response.content
    assert "closed" in str(response.json())
    response = api_client.patch(f"{INDICATORS}{indicator.pk}/",
                                {"baseline_value": "5", "reason": "Revised"}, format="json")
    assert response.status_code == 400 and "baseline_value" in response.json()
    milestone.refresh_from_db()
    indicator.refresh_from_db()
    assert milestone.value == 20 and indicator.baseline_value == 10
