"""At phone width (390 px) the main navigation folds into a "Menu" button that opens and
closes it (issue 13, point 6), so the page starts near the top of the screen."""
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_navigation_folds_into_a_menu_on_a_phone(login, field_user):
    page = login(field_user)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    nav = page.get_by_role("navigation", name="Main")
    menu = page.get_by_role("button", name="Menu")
    assert menu.is_visible() and not nav.is_visible()
    heading = page.get_by_role("heading", level=1)
    assert heading.bounding_box()["y"] < 844 / 4  # the page, not the menu, fills the screen
    menu.click()
    assert nav.is_visible() and menu.get_attribute("aria-expanded") == "true"
    assert nav.get_by_role("link", name="Countries").is_visible()
    menu.click()
    assert not nav.is_visible()


def test_on_a_wide_screen_the_navigation_is_always_there(login, field_user):
    page = login(field_user)
    assert page.get_by_role("navigation", name="Main").is_visible()
    assert not page.get_by_role("button", name="Menu").is_visible()
