"""The inbox in a real browser (issue 13): a returned update reaches its author — the count
in the header, the notification in the inbox, and opening it leads to the indicator's
updates and clears the count."""
import datetime as dt
from decimal import Decimal

import pytest

from programmes.services import indicators as svc
from tests.factories import UserFactory
from tests.programmes.factories import CpoFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_author_of_a_returned_update_finds_it_in_the_inbox(login, field_user):
    manager = UserFactory(username="inbox.manager", role="manager")
    indicator = svc.indicator_create(user=field_user, cpo=CpoFactory(code="ALB101"),
                                     title="Young people placed in jobs",
                                     baseline_value=Decimal("10"))
    update = svc.progress_update_create(user=field_user, indicator=indicator,
                                        date=dt.date(2021, 5, 1), value=Decimal("12"),
                                        submit=True)
    # Committed (a transactional test): the worker's task runs in-process and writes it.
    svc.progress_update_return(user=manager, update=update,
                               comment="Attach the employment service's register.")
    page = login(field_user)
    header = page.locator(".notifications-link")
    header.locator(".notifications-link__count").wait_for()
    assert header.locator(".notifications-link__count").inner_text() == "1"
    assert page.get_by_role("heading", name="Returned to you").is_visible()
    header.click()
    item = page.get_by_role("link", name="Returned to you: progress on ALB101.1 (Albania)")
    assert "Attach the employment service's register." in page.locator(
        ".notification").first.inner_text()
    item.click()
    page.wait_for_url(f"**/indicators/{indicator.pk}/**")
    page.wait_for_load_state("networkidle")  # the header's count has been fetched again
    assert page.locator(".notifications-link__count").count() == 0


def test_the_author_corrects_a_returned_update_from_the_home_page_and_resubmits_it(
        login, field_user):
    """Issue 13, "Done when": returned → first on the author's home page → corrected and
    submitted again → back on the manager's workbench, with the inbox told."""
    from programmes.models import UpdateStatus

    manager = UserFactory(username="resubmit.manager", role="manager")
    indicator = svc.indicator_create(user=field_user, cpo=CpoFactory(code="ALB101"),
                                     title="Young people placed in jobs",
                                     baseline_value=Decimal("10"))
    update = svc.progress_update_create(user=field_user, indicator=indicator,
                                        date=dt.date(2021, 5, 1), value=Decimal("120"),
                                        submit=True)
    svc.progress_update_return(user=manager, update=update,
                               comment="120 looks like a typo: the register says 12.")
    page = login(field_user)
    returned = page.locator("section", has=page.get_by_role("heading", name="Returned to you"))
    assert "120 looks like a typo: the register says 12." in returned.inner_text()
    # It is the first thing on the page after the heading.
    assert page.locator("main section").first.inner_text().startswith("Returned to you")
    returned.get_by_role("link", name="ALB101.1 Young people placed in jobs").click()
    page.get_by_label("Value", exact=True).fill("12")
    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_url(f"**/indicators/{indicator.pk}/**")
    update.refresh_from_db()
    assert (update.status, update.value) == (UpdateStatus.SUBMITTED, Decimal("12"))
    page.goto("/")
    assert page.get_by_role("heading", name="Returned to you").count() == 0
    page.get_by_role("button", name="Sign out").click()

    page = login(manager)
    page.goto("/programmes/approvals/")
    row = page.locator(f"#queue-item-{update.pk}")
    assert "12" in row.locator(".workbench__value").inner_text()
