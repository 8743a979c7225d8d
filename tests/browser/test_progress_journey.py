"""Browser journey of results monitoring: field staff add an indicator with biennial milestones
to a CPO, report progress and submit it; a colleague of the same country approves it in the
queue (in place, htmx); once the worker has computed the results, the indicator page shows
the status."""
import re

import pytest

from core.roles import Role
from programmes.services import results
from tests.factories import UserFactory, country
from tests.programmes.factories import CpoFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/accounts/login/|/$"))


def test_field_staff_report_progress_and_a_colleague_approves_it(page, login, field_user, tmp_path):
    cpo = CpoFactory(code="ALB101", title="Collective bargaining strengthened")
    colleague = UserFactory(username="field.alb.2", first_name="Arta", last_name="Hoxha",
                            role=Role.FIELD_STAFF, countries=[country("ALB")])

    login(field_user)
    page.goto(f"/programmes/cpos/{cpo.pk}/indicators/")
    page.screenshot(path=tmp_path / "h6_cpo_indicators_empty.png", full_page=True)
    page.get_by_role("link", name="Add indicator").click()
    page.get_by_label("Title (English)").fill("Collective agreements registered")
    page.get_by_label("Baseline value").fill("10")
    page.get_by_label("Baseline year").fill("2011")
    page.get_by_label("End target").fill("40")
    page.get_by_label("Target year").fill("2016")
    page.get_by_label("Value expected at the end of 2012-13").fill("20")
    page.get_by_label("Value expected at the end of 2014-15").fill("30")
    page.get_by_label("Value expected at the end of 2016-17").fill("40")
    page.get_by_label("Disaggregated by sex").check()
    page.screenshot(path=tmp_path / "h6_indicator_form.png", full_page=True)
    page.get_by_role("button", name="Save indicator").click()

    page.wait_for_url(re.compile(r"/programmes/indicators/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == (
        "ALB101.1 Collective agreements registered")
    assert page.get_by_text("Results have not been computed yet").is_visible()

    page.get_by_role("link", name="Enter progress").first.click()
    page.get_by_label("Date the value refers to").fill("2013-05-01")
    page.get_by_label("Value", exact=True).fill("21")
    page.get_by_label("Women").fill("9")
    page.get_by_label("Men", exact=True).fill("12")
    page.get_by_label("Narrative").fill("Three sectoral agreements registered in textiles.")
    page.get_by_label("Source").fill("Ministry of Labour register")
    page.screenshot(path=tmp_path / "h6_update_form.png", full_page=True)
    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_url(re.compile(r"/programmes/indicators/\d+/#updates$"))
    updates = page.locator("#updates")
    assert updates.get_by_text("Submitted", exact=True).is_visible()
    assert updates.get_by_role("button", name="Approve").count() == 0
    _sign_out(page)

    login(colleague)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Approvals").click()
    item = page.locator("tbody.queue-item").filter(has_text="ALB101.1")
    assert item.get_by_text("Three sectoral agreements").is_visible()
    page.screenshot(path=tmp_path / "h6_queue.png", full_page=True)
    item.get_by_role("button", name="Approve").click()
    done = page.locator("tbody.queue-item--done")
    done.wait_for()
    assert "approved" in done.inner_text()
    page.screenshot(path=tmp_path / "h6_queue_done.png", full_page=True)

    results.results_recompute_all()
    page.goto(page.locator("tbody.queue-item--done a").first.get_attribute("href"))
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="2012-13"))
    assert row.get_by_text("Achieved").is_visible()
    assert "110.0 %" in row.inner_text()  # (21 − 10) ÷ (20 − 10)
    assert page.locator("svg.chart__svg circle.chart__point").count() == 1
    page.screenshot(path=tmp_path / "h6_indicator_page.png", full_page=True)

    page.goto("/programmes/results/?biennium=2012-13")
    assert page.locator("table.counts-table").get_by_text("Albania").is_visible()
    page.screenshot(path=tmp_path / "h6_overview.png", full_page=True)
    page.goto(f"/programmes/results/countries/{country('ALB').pk}/")
    page.screenshot(path=tmp_path / "h6_country.png", full_page=True)
