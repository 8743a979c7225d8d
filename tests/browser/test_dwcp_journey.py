"""The main DWCP journey in a real browser: field staff of Albania create a DWCP (a bad period
first, shown next to the field), build its results framework inline on the DWCP page
(priority → CPO with a P&B outcome → output), add a signatory, and see it all; a field officer
of another country is refused the DWCP. Screenshots of the DWCP and framework pages go to
the test's tmp_path (h4_*.png)."""

import pytest
from playwright.sync_api import expect

from constituents.models import ConstituentType
from programmes.models import CountryProgrammeOutcome, Dwcp
from tests.constituents.factories import ConstituentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_field_staff_create_a_dwcp_and_build_its_framework(login, page, field_user,
                                                           field_user_africa, browser,
                                                           live_server, password, tmp_path):
    ConstituentFactory(name="Business Albania", acronym="BA", type=ConstituentType.EMPLOYERS)
    login(field_user)

    # Create the DWCP; a period of 9 years is refused next to the last year.
    page.goto("/programmes/dwcps/")
    page.get_by_role("link", name="New DWCP").click()
    page.get_by_label("Country").select_option(label="Albania")
    page.get_by_label("Title (English)").fill("Decent Work Country Programme of Albania 2012–2016")
    page.get_by_label("First year").fill("2012")
    page.get_by_label("Last year").fill("2020")
    page.get_by_role("button", name="Save").click()
    error = page.locator("#id_end_year_error")
    expect(error).to_contain_text("2 to 6 years")
    expect(page.locator(".field--error").filter(has=page.get_by_label("Last year"))
           ).to_have_count(1)
    assert not Dwcp.objects.exists()
    page.get_by_label("Last year").fill("2016")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Decent Work Country Programme of Albania 2012–2016")
    dwcp = Dwcp.objects.get()
    detail_url = page.url

    # The results framework, inline on the DWCP page.
    framework = page.locator("#framework")
    framework.get_by_role("link", name="Add a priority").click()
    framework.get_by_label("Code").fill("1")
    framework.get_by_label("Title (English)").fill(
        "Promoting more and better jobs for young people")
    framework.get_by_role("button", name="Save").click()
    expect(framework.get_by_text("Priority added.")).to_be_visible()
    expect(framework.locator(".tree__node--priority")).to_contain_text("Promoting more")

    framework.get_by_role("link", name="Add a CPO under priority 1").click()
    framework.locator(".tree__form").screenshot(path=tmp_path / "h4_cpo_form.png")
    framework.get_by_label("Code").fill("ALB101")
    framework.get_by_label("Title (English)").fill("Youth employment policies are in place")
    framework.get_by_label("P&B outcome in 2012-13").select_option(
        label="1: More women and men have access to productive employment, decent work and "
              "income opportunities")
    framework.get_by_role("button", name="Save").click()
    expect(framework.get_by_text("CPO added.")).to_be_visible()
    cpo_node = framework.locator(".tree__node--cpo")
    expect(cpo_node).to_contain_text("ALB101")
    expect(cpo_node).to_contain_text("2012-13: SPF 2010-15 outcome 1")
    expect(cpo_node).to_contain_text("2014-15: not linked")

    framework.get_by_role("link", name="Add an output to ALB101").click()
    framework.get_by_label("Code").fill("1.1")
    framework.get_by_label("Title (English)").fill("National youth employment action plan drafted")
    framework.get_by_role("button", name="Save").click()
    expect(framework.locator(".tree__node--output")).to_contain_text(
        "National youth employment action plan drafted")
    assert CountryProgrammeOutcome.objects.get().outcome_links.count() == 1

    # A signatory for the employers, through the real form.
    page.get_by_role("link", name="Add signatory").click()
    page.get_by_label("Signing for").select_option(label="Employers' organization")
    page.get_by_label("Organization").select_option(label="Business Albania (BA)")
    page.get_by_label("Name").fill("Arben Employer")
    page.get_by_label("Position").fill("President")
    page.get_by_role("button", name="Save").click()
    signatories = page.locator("#signatories")
    expect(signatories).to_contain_text("Arben Employer")
    expect(signatories).to_contain_text("Business Albania")

    # Everything is in the tree of the DWCP page and on the framework page.
    page.goto(detail_url)
    expect(page.locator("#framework .tree__node--output")).to_have_count(1)
    page.screenshot(path=tmp_path / "h4_dwcp_detail.png", full_page=True)
    page.goto(f"/programmes/dwcps/{dwcp.pk}/framework/")
    expect(page.locator(".tree__node--cpo")).to_contain_text("Youth employment policies")
    page.screenshot(path=tmp_path / "h4_framework.png", full_page=True)

    # A field officer of another country is refused the DWCP.
    other = browser.new_context(base_url=live_server.url, locale="en-GB")
    other_page = other.new_page()
    other_page.goto("/accounts/login/")
    other_page.get_by_label("Username").fill(field_user_africa.username)
    other_page.get_by_label("Password").fill(password)
    other_page.get_by_role("button", name="Sign in").click()
    other_page.wait_for_url(lambda url: "/accounts/login/" not in url)
    response = other_page.goto(detail_url)
    assert response.status == 403
    expect(other_page.get_by_text("Youth employment policies")).to_have_count(0)
    other.close()
