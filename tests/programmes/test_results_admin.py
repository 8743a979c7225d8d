"""Indicators, milestones and progress updates in the admin (issue 13, point 8): listed and
shown with their history to staff, changed only through the results pages."""
import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from programmes.models import Biennium
from programmes.services import indicators as svc
from tests.programmes.factories import CpoFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def update(field_user):
    indicator = svc.indicator_create(
        user=field_user, cpo=CpoFactory(code="ALB101"), title="Young people placed in jobs",
        baseline_value=Decimal("10"),
        milestones={Biennium.objects.get(code="2012-13"): (Decimal("20"), "")})
    return svc.progress_update_create(user=field_user, indicator=indicator,
                                      date=dt.date(2013, 5, 1), value=Decimal("14"),
                                      submit=True)


def test_staff_see_indicators_and_updates_with_history_and_change_nothing(client, admin_user,
                                                                          update):
    client.force_login(admin_user)
    indicator = update.indicator
    listing = client.get(reverse("admin:programmes_indicator_changelist")).content.decode()
    assert "ALB101.1" in listing
    page = client.get(reverse("admin:programmes_indicator_change", args=[indicator.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "2012-13" in html  # its milestone, inline
    assert 'name="_save"' not in html  # read-only: the results pages own the writes
    assert client.get(reverse("admin:programmes_indicator_history",
                              args=[indicator.pk])).status_code == 200
    assert client.get(reverse("admin:programmes_progressupdate_changelist")).status_code == 200
    detail = client.get(reverse("admin:programmes_progressupdate_change", args=[update.pk]))
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert client.post(reverse("admin:programmes_progressupdate_change", args=[update.pk]),
                       {"status": "approved"}).status_code == 403
    assert client.get(reverse("admin:programmes_progressupdate_add")).status_code == 403
    update.refresh_from_db()
    assert update.status == "submitted"
