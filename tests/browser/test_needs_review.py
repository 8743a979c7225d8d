"""Browser journey of the specialists' review queue: an ACT/EMP specialist narrows the queue to
one region, ticks two employers' needs and marks them reviewed in one go; then opens one
organization's capacity profile, which shows the change between its assessment rounds."""
import datetime as dt
import re

import pytest

from capacity.models import NeedStatus
from constituents.models import ConstituentType
from tests.capacity.factories import CapacityAssessmentFactory, CapacityNeedFactory
from tests.constituents.factories import ConstituentFactory
from tests.factories import country

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_actemp_reviews_two_employers_needs_in_bulk_from_the_queue(page, login, actemp_user,
                                                                   tmp_path):
    fke = ConstituentFactory(name="Federation of Kenya Employers", acronym="FKE",
                             country=country("KEN"), type=ConstituentType.EMPLOYERS)
    atuc = ConstituentFactory(name="Association of Tanzania Employers", acronym="ATE",
                              country=country("TZA"), type=ConstituentType.EMPLOYERS)
    albania = ConstituentFactory(name="Business Albania", type=ConstituentType.EMPLOYERS)
    union = ConstituentFactory(name="Central Organization of Trade Unions", acronym="COTU",
                               country=country("KEN"), type=ConstituentType.WORKERS)
    first = CapacityNeedFactory(constituent=fke, description="Membership services strategy",
                                technical_area="member_services")
    second = CapacityNeedFactory(constituent=atuc, description="Evidence-based advocacy unit",
                                 technical_area="advocacy", priority="medium")
    elsewhere = CapacityNeedFactory(constituent=albania, description="Board governance rules")
    workers = CapacityNeedFactory(constituent=union, description="Organizing informal workers")
    CapacityAssessmentFactory(constituent=fke, date=dt.date(2014, 3, 1), scores=2)
    CapacityAssessmentFactory(constituent=fke, date=dt.date(2016, 3, 1), round="follow_up",
                              scores=4)

    login(actemp_user)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Needs review").click()
    page.wait_for_url(re.compile(r"/capacity/needs/queue/"))
    queue = page.locator(".queue-table")
    assert queue.get_by_role("link", name="Board governance rules").is_visible()
    assert queue.get_by_role("link", name="Organizing informal workers").count() == 0

    page.get_by_label("Region").select_option(label="Africa")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"region=AF"))
    assert queue.get_by_role("link", name="Board governance rules").count() == 0
    page.get_by_label("Select “Membership services strategy”").check()
    page.get_by_label("Select “Evidence-based advocacy unit”").check()
    page.get_by_label("Action").select_option(label="Mark reviewed")
    page.get_by_label("Note or reason").fill("Validated with both secretariats")
    page.screenshot(path=tmp_path / "h11_queue.png", full_page=True)
    page.get_by_role("button", name="Apply to the needs ticked").click()

    page.wait_for_url(re.compile(r"/capacity/needs/queue/\?.*region=AF"))
    assert page.get_by_text("2 needs are now reviewed.").is_visible()
    for need in (first, second):
        need.refresh_from_db()
        assert need.status == NeedStatus.REVIEWED
    for need in (elsewhere, workers):
        need.refresh_from_db()
        assert need.status == NeedStatus.NEW
    row = page.locator(f"#need-row-{first.pk}")
    assert row.get_by_text("Reviewed", exact=True).first.is_visible()
    row.get_by_text("History").click()
    assert row.get_by_text("Validated with both secretariats").is_visible()
    page.screenshot(path=tmp_path / "h11_queue_after.png", full_page=True)

    # The organization's capacity profile shows the change between the rounds.
    row.get_by_role("link", name="Federation of Kenya Employers").click()
    page.wait_for_url(re.compile(r"/capacity/constituents/\d+/profile/"))
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Capacity profile: Federation of Kenya Employers")
    assert page.locator("svg.chart__svg").is_visible()
    assert page.locator(".score-table .change--up").first.inner_text() == "+2"
    page.screenshot(path=tmp_path / "h11_profile.png", full_page=True)
