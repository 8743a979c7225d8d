"""Sign-in throttling and API token lifetime (issue 18, item 5): repeated wrong passwords lock
the user name out for a while on the sign-in form and at the token endpoint alike (the right
password included); tokens expire, a new one is issued after expiry, and a password change
revokes them."""
import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


def _sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


@override_settings(AXES_FAILURE_LIMIT=5)
def test_the_sign_in_form_locks_a_user_name_out_after_repeated_wrong_passwords(
        client, field_user, password):
    for _attempt in range(4):
        refused = _sign_in(client, field_user.username, "wrong-guess")
        assert refused.status_code == 200  # the form again, with its error
        assert "_auth_user_id" not in client.session
    locked = _sign_in(client, field_user.username, "wrong-guess")
    assert locked.status_code == 429
    assert "too many failed sign-in attempts" in locked.content.decode().lower()
    # Locked: even the right password is refused now.
    again = _sign_in(client, field_user.username, password)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=5)
def test_a_success_before_the_limit_resets_the_count(client, field_user, password):
    for _attempt in range(4):
        _sign_in(client, field_user.username, "wrong-guess")
    assert _sign_in(client, field_user.username, password).status_code == 302
    client.post(reverse("logout"))
    for _attempt in range(4):
        _sign_in(client, field_user.username, "wrong-guess")
    assert _sign_in(client, field_user.username, password).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=5)
def test_the_token_endpoint_is_throttled_too(api_client, field_user, password):
    for _attempt in range(4):
        refused = api_client.post(TOKEN_URL, {"username": field_user.username,
                                              "password": "wrong-guess"})
        assert refused.status_code == 400
    locked = api_client.post(TOKEN_URL, {"username": field_user.username,
                                         "password": "wrong-guess"})
    assert locked.status_code == 429
    right = api_client.post(TOKEN_URL, {"username": field_user.username,
                                        "password": password})
    assert right.status_code == 429
    assert "wait" in right.json()["detail"].lower()
    assert not Token.objects.filter(user=field_user).exists()


def test_a_token_works_until_it_expires_and_then_a_new_one_is_issued(api_client, field_user,
                                                                     password, settings):
    settings.API_TOKEN_DAYS = 30
    issued = api_client.post(TOKEN_URL, {"username": field_user.username,
                                         "password": password})
    assert issued.status_code == 200
    key = issued.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api_client.get("/api/v1/dwcps/").status_code == 200

    Token.objects.filter(key=key).update(created=timezone.now() - dt.timedelta(days=31))
    expired = api_client.get("/api/v1/dwcps/")
    assert expired.status_code == 401
    assert "expired" in expired.json()["detail"]

    api_client.credentials()
    renewed = api_client.post(TOKEN_URL, {"username": field_user.username,
                                          "password": password})
    assert renewed.status_code == 200
    assert renewed.json()["token"] != key
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {renewed.json()['token']}")
    assert api_client.get("/api/v1/dwcps/").status_code == 200


def test_a_password_change_revokes_the_users_tokens(client, api_client, field_user, password):
    key = api_client.post(TOKEN_URL, {"username": field_user.username,
                                      "password": password}).json()["token"]
    client.force_login(field_user)
    changed = client.post(reverse("password_change"), {
        "old_password": password, "new_password1": "a-new-Secret-2026",
        "new_password2": "a-new-Secret-2026"})
    assert changed.status_code == 302
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api_client.get("/api/v1/dwcps/").status_code == 401
    # Saving the user without a new password keeps a new token.
    api_client.credentials()
    new_key = api_client.post(TOKEN_URL, {"username": field_user.username,
                                          "password": "a-new-Secret-2026"}).json()["token"]
    field_user.refresh_from_db()
    field_user.first_name = "Ana"
    field_user.save()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {new_key}")
    assert api_client.get("/api/v1/dwcps/").status_code == 200
