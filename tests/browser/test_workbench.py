"""The approvals workbench in a real browser (issue 13, "Done when"): a manager ticks twenty
submitted updates and approves them together in one go (one page, one click)."""
import datetime as dt
from decimal import Decimal

import pytest

from programmes.models import ProgressUpdate, UpdateStatus
from programmes.services import indicators as svc
from tests.factories import UserFactory
from tests.programmes.factories import CpoFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_approves_twenty_updates_from_the_workbench(login, field_user):
    manager = UserFactory(username="bench.manager", role="manager")
    indicator = svc.indicator_create(user=field_user, cpo=CpoFactory(code="ALB101"),
                                     title="Young people placed in jobs",
                                     baseline_value=Decimal("10"))
    for day in range(1, 21):
        svc.progress_update_create(user=field_user, indicator=indicator,
                                   date=dt.date(2021, 5, day), value=Decimal(10 + day),
                                   submit=True)
    page = login(manager)
    page.goto("/programmes/approvals/")
    assert "20 updates you may approve or return" in page.locator(".lead").first.inner_text()
    boxes = page.locator('input[name="update"]')
    assert boxes.count() == 20
    for index in range(20):
        boxes.nth(index).check()
    page.get_by_role("button", name="Approve the ticked updates").click()
    page.get_by_text("20 updates approved.").wait_for()
    assert "0 updates you may approve or return" in page.locator(".lead").first.inner_text()
    assert not ProgressUpdate.objects.filter(status=UpdateStatus.SUBMITTED).exists()
