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


def test_a_manager_decides_from_the_keyboard_and_the_count_follows(login, field_user):
    manager = UserFactory(username="keys.manager", role="manager")
    indicator = svc.indicator_create(user=field_user, cpo=CpoFactory(code="ALB101"),
                                     title="Young people placed in jobs",
                                     baseline_value=Decimal("10"))
    updates = [svc.progress_update_create(user=field_user, indicator=indicator,
                                          date=dt.date(2021, 5, day), value=Decimal(10 + day),
                                          submit=True) for day in (1, 2, 3)]
    page = login(manager)
    page.goto("/programmes/approvals/")
    count = page.locator("#queue-count")
    assert "3 updates you may approve or return" in count.inner_text()
    assert page.get_by_text("Keys:").is_visible()
    page.keyboard.press("j")  # the first update becomes current
    assert "is-current" in page.locator(f"#queue-item-{updates[0].pk}").get_attribute("class")
    page.keyboard.press("a")  # approve it, in place
    page.locator(f"#queue-item-{updates[0].pk}.queue-item--done").wait_for()
    page.get_by_text("2 updates you may approve or return").wait_for()
    page.keyboard.press("r")  # the next one's return comment opens, with the focus in it
    page.keyboard.type("Which register is the source?")
    page.locator(f"#queue-item-{updates[1].pk}").get_by_role(
        "button", name="Return with comment").click()
    page.locator(f"#queue-item-{updates[1].pk}.queue-item--done").wait_for()
    page.get_by_text("1 update you may approve or return").wait_for()
    statuses = [type(u).objects.get(pk=u.pk) for u in updates]
    assert [u.status for u in statuses] == [UpdateStatus.APPROVED, UpdateStatus.RETURNED,
                                            UpdateStatus.SUBMITTED]
    assert statuses[1].return_comment == "Which register is the source?"
