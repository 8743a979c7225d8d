"""At phone width (390 px) the main navigation folds into a "Menu" button that opens and
closes it (issue 13, point 6), so the page starts near the top of the screen."""
import datetime as dt
from decimal import Decimal

import pytest

from programmes.services import indicators as svc

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


# --- the pages field staff and managers use most, at 390 px, checked by axe ---------------

PHONE = {"width": 390, "height": 844}


def _serious(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it stands, once htmx has
    loaded its fragments."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("networkidle")
    violations = Axe().run(page).response["violations"]
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in violations
            if v["impact"] in ("serious", "critical")]


@pytest.fixture
def framework(field_user):
    from programmes.services import results
    from tests.factories import UserFactory, country
    from tests.programmes.factories import DwcpFactory
    from tests.programmes.test_glance import _cpo, _indicator

    manager = UserFactory(username="phone.manager", role="manager")
    dwcp = DwcpFactory(country=country("ALB"))
    youth = _cpo(dwcp, "ALB101", "Young women and men find decent jobs faster")
    placed = _indicator(field_user, youth, "Young people placed in jobs through the public "
                        "employment services", Decimal("21"), manager)
    _indicator(field_user, youth, "Share of young people not in employment, education or "
               "training", Decimal("12"), manager)
    svc.progress_update_create(user=field_user, indicator=placed, date=dt.date(2013, 9, 1),
                               value=Decimal("25"), narrative="Second cohort placed.",
                               submit=True)
    results.results_recompute_all(as_of=dt.date(2014, 3, 1))
    return {"dwcp": dwcp, "indicator": placed, "manager": manager}


def test_field_staff_pages_at_390_px_pass_axe_and_keep_their_key_columns(login, field_user,
                                                                         framework):
    page = login(field_user)
    page.set_viewport_size(PHONE)
    dwcp, indicator = framework["dwcp"], framework["indicator"]
    for path in ["/", f"/programmes/dwcps/{dwcp.pk}/",
                 f"/programmes/dwcps/{dwcp.pk}/at-a-glance/",
                 f"/programmes/indicators/{indicator.pk}/", "/programmes/results/",
                 "/notifications/", "/programmes/dwcps/"]:
        page.goto(path)
        assert _serious(page) == [], path
        # The page itself never scrolls sideways: only a table in its own box may.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    page.goto(f"/programmes/dwcps/{dwcp.pk}/at-a-glance/?biennium=2012-13")
    row = page.get_by_role("row").filter(has_text="ALB101.1")
    status = row.locator(".badge")
    box = status.bounding_box()
    assert status.inner_text() == "Achieved"
    assert box["x"] + box["width"] <= PHONE["width"]  # indicator … status all on screen


def test_the_workbench_at_390_px_is_a_list_of_cards_that_passes_axe(login, framework):
    page = login(framework["manager"])
    page.set_viewport_size(PHONE)
    page.goto("/programmes/approvals/")
    assert _serious(page) == []
    card = page.locator("tbody.queue-item").first
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert card.get_by_text("Second cohort placed.").is_visible()
    assert card.get_by_role("button", name="Approve").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_field_officer_folds_and_unfolds_the_framework_at_a_glance(login, field_user,
                                                                     framework):
    page = login(field_user)
    page.goto(f"/programmes/dwcps/{framework['dwcp'].pk}/at-a-glance/")
    indicator = page.get_by_role("row").filter(has_text="ALB101.1")
    assert indicator.is_visible()
    toggle = page.get_by_role("button", name="Show or hide priority 1")
    toggle.click()
    assert not indicator.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    page.get_by_role("button", name="Expand all").click()
    assert indicator.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    page.get_by_role("button", name="Collapse all").click()
    assert not indicator.is_visible()
