"""Field staff record a UN framework with an outcome, and assess the outcome against a DWCP
priority, through the real forms in Chromium."""
import re

import pytest

from programmes.models import UNFramework
from tests.programmes.factories import CountryPriorityFactory, DwcpFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_field_staff_record_a_framework_with_an_outcome_and_see_it(login, field_user):
    CountryPriorityFactory(dwcp=DwcpFactory(start_year=2022, end_year=2026), code="1",
                           title="Promoting decent jobs for young people")
    page = login(field_user)

    page.get_by_role("navigation", name="Main").get_by_role("link",
                                                             name="UN frameworks").click()
    page.get_by_role("link", name="New UN framework").click()
    page.get_by_label("Country").select_option(label="Albania")
    page.get_by_label("Kind").select_option(label="UN Sustainable Development Cooperation "
                                                  "Framework")
    page.get_by_label("Title", exact=True).fill("Cooperation Framework Albania 2022-2026")
    page.get_by_label("First year").fill("2026")
    page.get_by_label("Last year").fill("2022")
    page.get_by_role("button", name="Save").click()

    # Refused next to the field, nothing recorded; correct it and save again.
    assert page.locator("#id_end_year_error").inner_text() == (
        "The last year cannot be before the first year.")
    assert not UNFramework.objects.exists()
    page.get_by_label("First year").fill("2022")
    page.get_by_label("Last year").fill("2026")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/programmes/un-frameworks/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Cooperation Framework Albania 2022-2026")
    assert page.locator("#unf-period").inner_text() == "2022–2026"

    page.get_by_role("link", name="Add outcome").click()
    page.get_by_label("Code").fill("2.1")
    page.get_by_label("Title", exact=True).fill("Inclusive and sustainable economic growth")
    page.get_by_label("ILO's role").select_option(label="Lead")
    page.get_by_label("Social partners' participation").select_option(label="Direct")
    page.get_by_role("button", name="Save").click()

    outcome = page.locator("article.unf-outcome")
    assert outcome.get_by_role("heading", level=3).inner_text() == (
        "2.1 Inclusive and sustainable economic growth")
    assert outcome.locator(".unf-role--lead").inner_text() == "Lead"
    assert outcome.locator(".unf-participation--direct").inner_text() == "Direct"
    assert "Not yet assessed" in outcome.inner_text()

    outcome.get_by_role("link", name="Assess alignment").click()
    page.get_by_role("group", name=re.compile("Promoting decent jobs")).get_by_label(
        "Reflection of priority 1").select_option(label="Fully reflected")
    page.get_by_role("button", name="Save").click()

    outcome = page.locator("article.unf-outcome")
    row = outcome.get_by_role("row", name=re.compile("Promoting decent jobs"))
    assert "Fully reflected" in row.inner_text()
    assert "2022–2026" in row.inner_text()
    framework = UNFramework.objects.get()
    assert framework.outcomes.get().history.get().history_user == field_user
