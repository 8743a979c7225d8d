"""Field staff record a workers' organization through the real forms in Chromium."""
import re

import pytest
from playwright.sync_api import expect

from constituents.models import Constituent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_field_staff_add_a_workers_organization_with_membership_and_contact(login,
                                                                             field_user, tmp_path):
    page = login(field_user)
    page.goto("/constituents/countries/ALB/")
    page.get_by_role("link", name="Add an organization").click()

    # The country comes preselected from the country page.
    expect(page.get_by_label("Country")).to_have_value(
        str(Constituent._meta.get_field("country").related_model.objects.get(iso3="ALB").pk))
    page.get_by_label("Name", exact=True).fill("Confederation of Trade Unions of Albania")
    page.get_by_label("Acronym").fill("KSSH")
    page.get_by_label("Type").select_option(label="Workers' organization")
    page.get_by_label("Website").fill("not a web address")
    page.get_by_role("button", name="Save").click()

    # A bad input is refused with its message under the field, and what was typed is kept.
    website_error = page.locator("#id_website_error")
    expect(website_error).to_contain_text("Enter a valid URL")
    page.screenshot(path=tmp_path / "h5_form_error.png", full_page=True)
    expect(page.locator(".field--error").filter(has=page.get_by_label("Website"))).to_have_count(1)
    expect(page.get_by_label("Name", exact=True)).to_have_value(
        "Confederation of Trade Unions of Albania")
    page.get_by_label("Website").fill("https://kssh.example.org")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Confederation of Trade Unions of Albania")

    # A membership figure: women above the total is refused next to "Women".
    membership = page.locator("#membership")
    membership.get_by_text("Add a membership figure").click()
    membership.get_by_label("Year").fill("2022")
    membership.get_by_label("Members in total").fill("1000")
    membership.get_by_label("Women", exact=True).fill("1200")
    membership.get_by_role("button", name="Add figure").click()
    membership = page.locator("#membership")
    expect(membership.locator("#id_membership-women_error")).to_contain_text(
        "cannot be more than the total")
    # The page opens at the form, so the message is in view without scrolling.
    expect(membership.locator("#id_membership-women_error")).to_be_in_viewport()
    expect(membership.get_by_label("Members in total")).to_have_value("1000")
    membership.screenshot(path=tmp_path / "h5_membership_error.png")
    membership.get_by_label("Women", exact=True).fill("420")
    membership.get_by_label("Men", exact=True).fill("580")
    membership.get_by_label("Members are").fill("individual workers")
    membership.get_by_role("button", name="Add figure").click()
    row = page.locator("#membership tbody tr").first
    expect(row).to_contain_text("2022")
    expect(row).to_contain_text("1000")
    expect(row).to_contain_text("42.0 %")

    # A contact.
    contacts = page.locator("#contacts")
    contacts.get_by_text("Add a contact").click()
    contacts.get_by_label("Name", exact=True).fill("Ana Hoxha")
    contacts.get_by_label("Position").fill("Gender officer")
    contacts.get_by_label("Email").fill("ana.hoxha@example.org")
    contacts.get_by_label("Primary contact").check()
    contacts.get_by_role("button", name="Add contact").click()
    expect(page.locator("#contacts .contact-list")).to_contain_text("Ana Hoxha")
    expect(page.locator("#contacts .contact-list")).to_contain_text("Primary")
    page.screenshot(path=tmp_path / "h5_detail.png", full_page=True)

    # The country page shows it in the workers' column.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link",
                                                                  name="Albania").click()
    workers = page.locator(".tripartite__column--workers")
    expect(workers.get_by_role("link", name="Confederation of Trade Unions of Albania")
           ).to_be_visible()
    expect(page.locator(".tripartite__column--employers")).not_to_contain_text("KSSH")
    page.screenshot(path=tmp_path / "h5_country.png", full_page=True)

    # And the list finds it by acronym.
    page.goto("/constituents/?q=kssh")
    expect(page.get_by_role("link", name="Confederation of Trade Unions of Albania")
           ).to_be_visible()
    expect(page.locator("h1 + .lead")).to_have_text(re.compile(r"^1 organization$"))
    page.screenshot(path=tmp_path / "h5_list.png", full_page=True)

    org = Constituent.objects.get(acronym="KSSH")
    assert org.group == "workers"
    assert org.membership_figures.get().women == 420
    assert org.contacts.get().is_primary
    assert org.history.first().history_user == field_user
