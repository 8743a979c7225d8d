"""Sign in, sign out and change one's password."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_has_labelled_fields(client):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'for="id_username"' in html and 'for="id_password"' in html


def test_pages_ask_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_correct_password_signs_in_and_lands_on_home(client, field_user, password):
    response = client.post(reverse("login"), {"username": field_user.username,
                                              "password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_wrong_password_is_refused_with_a_message(client, field_user):
    response = client.post(reverse("login"), {"username": field_user.username,
                                              "password": "wrong"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_deactivated_account_cannot_sign_in(client, field_user, password):
    field_user.is_active = False
    field_user.save(update_fields=["is_active"])
    response = client.post(reverse("login"), {"username": field_user.username,
                                              "password": password})
    assert response.status_code == 200
    assert client.get(reverse("home")).status_code == 302


def test_sign_out_ends_the_session(client, field_user):
    client.force_login(field_user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_sign_out_by_get_is_refused(client, field_user):
    client.force_login(field_user)
    assert client.get(reverse("logout")).status_code == 405
    assert client.get(reverse("home")).status_code == 200


def test_password_change_needs_the_current_password(client, field_user, password):
    client.force_login(field_user)
    response = client.post(reverse("password_change"), {
        "old_password": "not-it", "new_password1": "a-new-Secret-2026",
        "new_password2": "a-new-Secret-2026"})
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    field_user.refresh_from_db()
    assert field_user.check_password(password)


def test_password_change_rejects_a_weak_password_next_to_the_field(client, field_user, password):
    client.force_login(field_user)
    response = client.post(reverse("password_change"), {
        "old_password": password, "new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors


def test_password_change_works_and_the_new_password_signs_in(client, field_user, password):
    client.force_login(field_user)
    response = client.post(reverse("password_change"), {
        "old_password": password, "new_password1": "a-new-Secret-2026",
        "new_password2": "a-new-Secret-2026"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    assert client.get(reverse("home")).status_code == 200  # still signed in
    client.post(reverse("logout"))
    old = client.post(reverse("login"), {"username": field_user.username,
                                         "password": password})
    assert old.status_code == 200 and "_auth_user_id" not in client.session
    new = client.post(reverse("login"), {"username": field_user.username,
                                         "password": "a-new-Secret-2026"})
    assert new.status_code == 302 and "_auth_user_id" in client.session


def test_password_change_requires_sign_in(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
