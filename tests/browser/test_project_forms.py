"""Field staff record a project with its funding by year through the real form and read the
delivery rate on its page; the resource pages of the DWCP and the CPO show the figures."""
from decimal import Decimal

import pytest

from programmes.models import Project
from tests.programmes.factories import CpoFactory, DwcpFactory
from tests.programmes.factories_resources import funded_project, link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_project(page, *, code: str) -> None:
    page.get_by_label("Country").select_option(label="Albania")
    page.get_by_label("Project code").fill(code)
    page.get_by_label("Title").fill("Skills for youth employment")
    page.get_by_label("Funding source").select_option(label="Regular Budget Supplementary "
                                                            "Account (RBSA)")
    page.get_by_label("Funding partner").fill("Government of Norway")
    page.get_by_label("Start date").fill("2014-01-01")
    page.get_by_label("End date").fill("2015-12-31")


def test_field_staff_create_a_project_with_two_funding_years(login, field_user, tmp_path):
    page = login(field_user)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Projects").click()
    page.get_by_role("link", name="New project").click()
    _fill_project(page, code="ALB/14/02/RBS")
    page.get_by_label("Year, row 1").fill("2014")
    page.get_by_label("Allocation (US$), row 1").fill("120000")
    page.get_by_label("Expenditure (US$), row 1").fill("90000")
    page.get_by_label("Year, row 2").fill("2015")
    page.get_by_label("Allocation (US$), row 2").fill("-80000")
    page.get_by_role("button", name="Save").click()

    # The negative amount is explained next to its field; nothing was saved.
    error = page.locator("#id_funding-1-allocation_error")
    assert error.inner_text() == "The amount cannot be negative."
    assert not Project.objects.exists()
    page.screenshot(path=tmp_path / "h3_form_errors.png", full_page=True)

    page.get_by_label("Allocation (US$), row 2").fill("80000")
    page.get_by_label("Expenditure (US$), row 2").fill("30000")
    page.get_by_label("Reason for change").fill("Approved by the donor")
    page.get_by_role("button", name="Save").click()

    page.wait_for_url("**/programmes/projects/*/")
    assert page.get_by_role("status").inner_text() == "Project ALB/14/02/RBS created."
    # 120,000 / 150,000 spent = 60 per cent over both years; 75 and 37.5 per year.
    assert page.locator("#project-delivery-rate .stat__value").inner_text() == "60.0 %"
    table = page.locator("#funding-table")
    assert "75.0 %" in table.inner_text() and "37.5 %" in table.inner_text()
    page.screenshot(path=tmp_path / "h3_detail.png", full_page=True)
    project = Project.objects.get(code="ALB/14/02/RBS")
    assert sorted(project.funding.values_list("year", "allocation")) == [
        (2014, Decimal("120000.00")), (2015, Decimal("80000.00"))]

    page.get_by_role("link", name="Projects", exact=True).first.click()
    assert page.get_by_role("link", name="ALB/14/02/RBS").is_visible()
    page.screenshot(path=tmp_path / "h3_list.png", full_page=True)


def test_dwcp_and_cpo_resource_pages_show_gap_and_delivery(login, field_user, tmp_path):
    dwcp = DwcpFactory()
    cpo = CpoFactory(code="ALB101", priority__dwcp=dwcp, planned_resources=Decimal("200000"))
    CpoFactory(code="ALB102", priority__dwcp=dwcp, planned_resources=Decimal("50000"))
    link(funded_project(code="ALB/12/01/EEC", years={2012: ("100000", "60000"),
                                                     2013: ("50000", "30000")}), cpo, "60")
    link(funded_project(code="ALB/13/01/RBS", funding_source="rbsa",
                        years={2013: ("40000", "10000")}), cpo, "100")
    page = login(field_user)
    page.goto(f"/programmes/dwcps/{dwcp.pk}/resources/")
    assert "US$120,000" in page.locator(".stat--gap").inner_text()
    page.screenshot(path=tmp_path / "h3_dwcp_resources.png", full_page=True)
    page.get_by_role("link", name="ALB101").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("ALB101")
    assert "49.2 %" in page.locator("#cpo-resources").inner_text()
    page.screenshot(path=tmp_path / "h3_cpo_resources.png", full_page=True)
    # The CPO page loads the same figures with htmx.
    page.goto(f"/programmes/cpos/{cpo.pk}/")
    assert "US$130,000" in page.locator("#cpo-resources").inner_text()
    page.goto(f"/programmes/dwcps/{dwcp.pk}/")
    assert "US$120,000" in page.locator("#dwcp-resources .stat--gap").inner_text()
    page.locator("#resources").screenshot(path=tmp_path / "h3_dwcp_detail_resources.png")
