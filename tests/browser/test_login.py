import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_field_staff_signs_in_and_sees_their_home_page(login, field_user):
    page = login(field_user)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")
    assert page.get_by_role("link", name="Albania").is_visible()
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Countries").is_visible()


def test_wrong_password_is_refused_with_a_message(page, field_user):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(field_user.username)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    assert "/accounts/login/" in page.url
    assert page.get_by_role("alert").is_visible()
