"""The role-aware home page and the navigation by role."""
import pytest
from django.urls import reverse

from core import navigation
from core.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_field_staff_home_lists_their_countries(client, field_user):
    html = _home(client, field_user)
    assert "Your countries" in html
    assert "Albania" in html
    assert "Record progress against CPO indicators" in html


def test_field_staff_of_a_region_see_its_countries(client, field_user_africa):
    html = _home(client, field_user_africa)
    assert "Senegal" in html and "Albania" not in html


def test_field_staff_without_countries_are_told_to_ask_for_them(client, field_user):
    field_user.countries.clear()
    html = _home(client, field_user)
    assert "No country is assigned to you yet" in html


def test_actemp_home_speaks_of_employers_organizations(client, actemp_user):
    html = _home(client, actemp_user)
    assert "employers' and business organizations, all countries" in html
    assert "Your countries" not in html
    assert "Review the capacity needs of your constituent group" in html


def test_actrav_home_speaks_of_workers_organizations(client, actrav_user):
    html = _home(client, actrav_user)
    assert "workers' organizations, all countries" in html


def test_manager_home_offers_reports(client, manager_user):
    html = _home(client, manager_user)
    assert "Generate biennial progress reports" in html
    assert "Your countries" not in html


def test_administrator_home_offers_user_management(client, admin_user):
    html = _home(client, admin_user)
    assert "Manage users, their roles and scopes" in html


def _figures(client, user) -> dict[str, int]:
    client.force_login(user)
    return {f["caption"]: f["count"] for f in client.get(reverse("home")).context["figures"]}


def test_home_counts_only_what_the_user_may_see(client, field_user, manager_user):
    assert _figures(client, field_user)["Countries"] == 1
    assert _figures(client, manager_user)["Countries"] == 187


def test_navigation_shows_countries_and_marks_the_current_page(client, field_user):
    client.force_login(field_user)
    html = client.get(reverse("home")).content.decode()
    assert 'aria-label="Main"' in html
    assert f'<a href="{reverse("constituents:country-list")}"' in html
    assert f'<a href="{reverse("home")}" aria-current="page">' in html


def test_admin_link_only_for_staff(client, field_user, admin_user):
    assert reverse("admin:index") not in _home(client, field_user)
    assert reverse("admin:index") in _home(client, admin_user)


def test_anonymous_visitors_get_no_navigation(client):
    html = client.get(reverse("login")).content.decode()
    assert 'aria-label="Main"' not in html


@pytest.fixture
def every_url_installed(monkeypatch):
    """Navigation skips entries whose page is not installed yet; pretend all are."""
    monkeypatch.setattr(navigation, "reverse", lambda name: f"/{name.replace(':', '/')}/")


def _labels(user) -> set[str]:
    return {str(item["label"]) for item in navigation.navigation_for(user, "/")}


@pytest.mark.usefixtures("every_url_installed")
@pytest.mark.parametrize(("persona", "present", "absent"), [
    # Field staff review the government needs of their countries.
    ("field_user", {"Countries", "DWCPs", "Approvals", "Projects", "Capacity", "Needs review"},
     {"Reports"}),
    ("actemp_user", {"Countries", "Needs review", "Capacity"},
     {"Approvals", "Projects", "Reports", "UN frameworks"}),
    ("actrav_user", {"Needs review"}, {"Approvals", "Reports"}),
    ("manager_user", {"Reports", "Approvals", "DWCPs"}, {"Needs review"}),
    ("admin_user", {"Reports", "Approvals", "Needs review", "UN frameworks"}, set()),
])
def test_navigation_items_follow_the_role(request, persona, present, absent):
    labels = _labels(request.getfixturevalue(persona))
    assert present <= labels
    assert not absent & labels


def test_navigation_skips_pages_that_are_not_installed(field_user, monkeypatch):
    from django.urls import NoReverseMatch

    def reverse(name):
        if name == "home":
            return "/"
        raise NoReverseMatch(name)

    monkeypatch.setattr(navigation, "reverse", reverse)
    assert _labels(field_user) == {"Home"}


def test_every_role_has_navigation_entries():
    for role in Role:
        user = UserFactory.build(role=role)
        assert any(entry.shown_to(user) for entry in navigation.ENTRIES)


def test_only_the_closest_navigation_entry_is_marked_current(field_user):
    items = navigation.navigation_for(field_user, "/constituents/countries/ALB/")
    current = [str(item["label"]) for item in items if item["active"]]
    assert current == ["Countries"]
    items = navigation.navigation_for(field_user, "/constituents/12/")
    assert [str(item["label"]) for item in items if item["active"]] == ["Constituents"]
