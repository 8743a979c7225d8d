"""A partnerships officer (PARDEV) works the development cooperation pages in a real browser:
records a donor and the month's UN rate of exchange, then an agreement in euros that is
converted to US dollars; an agreement in a month without a rate is refused next to its
currency, nothing saved; the statistical tables show the agreement once computed."""
import datetime as dt
from decimal import Decimal

import pytest

from core.roles import Role
from programmes.models import FundingAgreement
from programmes.services.portfolio_figures import portfolio_figures_recompute_all
from tests.factories import UserFactory
from tests.programmes.factories_resources import funded_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_partnerships_officer_records_a_donor_a_rate_and_an_agreement(login, tmp_path):
    officer = UserFactory(username="pardev", role=Role.PARTNERSHIPS)
    project = funded_project(code="GLO/24/01/FLA", country=None, scope="interregional",
                             start_date=dt.date(2024, 4, 1), end_date=dt.date(2025, 12, 31),
                             years={2024: ("500000", "400000")})
    page = login(officer)

    def tab(name: str) -> None:
        """Through the menu to a tab of the development cooperation pages."""
        page.get_by_role("navigation", name="Main").get_by_role(
            "link", name="Development cooperation").click()
        page.get_by_role("navigation", name="Development cooperation").get_by_role(
            "link", name=name).click()

    tab("Donors")
    page.get_by_role("link", name="New donor").click()
    page.locator("#id_name").fill("Flanders (Belgium)")
    page.get_by_label("Category").select_option(label="Multi-bilateral donors")
    page.get_by_role("button", name="Save").click()
    assert "Flanders (Belgium)" in page.get_by_role("heading", level=1).inner_text()
    page.screenshot(path=tmp_path / "donor.png", full_page=True)

    tab("UN rates of exchange")
    page.get_by_role("link", name="Record a rate").click()
    page.get_by_label("Currency").fill("EUR")
    page.get_by_label("Month").fill("2024-03")
    page.get_by_label("Units per US$").fill("0.8")
    page.get_by_role("button", name="Save").click()
    assert "EUR" in page.locator("main").inner_text()

    tab("Funding agreements")
    page.get_by_role("link", name="New agreement").click()

    def fill(approved: str) -> None:
        page.get_by_label("Donor").select_option(label="Flanders (Belgium)")
        page.get_by_label("Reference").fill("FLA-2024-01")
        page.get_by_label("Title").fill("OSH in global supply chains")
        page.get_by_label("Approved on").fill(approved)
        page.locator("#id_amount").fill("1000000")
        page.get_by_label("Currency").fill("EUR")
        page.get_by_label("Project").select_option(value=str(project.pk))

    fill("2024-05-20")  # no rate recorded for May 2024
    page.get_by_role("button", name="Save").click()
    error = page.locator("#id_currency_error")
    assert "2024" in error.inner_text()
    assert not FundingAgreement.objects.exists()
    page.screenshot(path=tmp_path / "agreement_refused.png", full_page=True)

    page.get_by_label("Approved on").fill("2024-03-20")
    page.get_by_role("button", name="Save").click()
    assert "US$1,250,000.00" in page.locator("main").inner_text()  # 1,000,000 EUR at 0.8
    assert FundingAgreement.objects.get().amount_usd == Decimal("1250000.00")
    page.screenshot(path=tmp_path / "agreement.png", full_page=True)

    portfolio_figures_recompute_all(as_of=dt.date(2026, 1, 15))
    tab("Development cooperation in figures")
    page.get_by_role("link", name="Approvals by source and donor").click()
    page.get_by_label("Second period").fill("2024-2025")
    page.get_by_role("button", name="Show").click()
    assert "Flanders (Belgium)" in page.locator("main").inner_text()
    page.screenshot(path=tmp_path / "figures.png", full_page=True)
