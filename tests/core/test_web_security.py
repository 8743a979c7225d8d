"""Web security (issue 17, point 2; docs/security.md): a ``next`` pointing to another site is
never followed (sign-in, language switcher, notifications); a session does not outlive a
working day or the browser; passwords never reach the logs; pages carry the strict CSP; the
production profile forces HTTPS, HSTS and secure cookies; weak passwords are refused."""
import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

EVIL = ["https://evil.example/phish", "//evil.example/phish", "/\\evil.example",
        "https:evil.example", "javascript:alert(1)"]


@pytest.mark.parametrize("target", EVIL)
def test_sign_in_never_sends_to_another_site(client, field_user, password, target):
    response = client.post(f"{reverse('login')}?next={target}",
                           {"username": field_user.username, "password": password,
                            "next": target})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert not response["Location"].startswith("javascript")


@pytest.mark.parametrize("target", EVIL)
def test_the_language_switcher_never_sends_to_another_site(client, field_user, target):
    client.force_login(field_user)
    response = client.post(reverse("set_language"), {"language": "fr", "next": target},
                           HTTP_REFERER=target)
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert not response["Location"].startswith("javascript")


@pytest.mark.parametrize("target", EVIL)
def test_a_notification_pointing_elsewhere_opens_the_inbox(client, field_user, target):
    from core.models import Notification

    notification = Notification.objects.create(recipient=field_user, kind="update_returned",
                                               event_key=f"evil-{target}", subject="Returned",
                                               url=target)
    client.force_login(field_user)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:inbox")


def test_a_session_ends_with_the_browser_and_after_a_working_day(client, field_user,
                                                                 password):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    client.post(reverse("login"), {"username": field_user.username, "password": password})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["expires"]  # a browser-session cookie: gone when the browser closes


def test_passwords_never_reach_the_logs(client, field_user, caplog):
    import logging

    secret = "Hunter2-very-secret-pw"
    with caplog.at_level(logging.DEBUG):
        for _ in range(3):
            client.post(reverse("login"), {"username": field_user.username,
                                           "password": secret})
        client.post(reverse("api:auth-token"),
                    {"username": field_user.username, "password": secret})
    assert caplog.records  # the failed sign-ins were logged
    assert all(secret not in record.getMessage() and secret not in str(record.args)
               for record in caplog.records)



def test_pages_carry_the_strict_content_security_policy(client, field_user):
    client.force_login(field_user)
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_production_profile_forces_https_hsts_and_secure_cookies():
    import json
    import os
    import subprocess
    import sys

    code = ("import django, json; django.setup(); from django.conf import settings as s; "
            "print(json.dumps([s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
            "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
            "s.DEBUG]))")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production",
           "DJANGO_SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-for-the-test",
           "DJANGO_ALLOWED_HOSTS": "dwcp.example.org"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True, cwd=settings.BASE_DIR)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [True, 31536000, True, True,
                                                               True, False]


@pytest.mark.parametrize(("new", "message"), [
    ("short1", "too short"), ("password123", "too common"), ("48203917465", "entirely numeric"),
])
def test_weak_passwords_are_refused_with_the_reason(client, field_user, password, new,
                                                    message):
    client.force_login(field_user)
    response = client.post(reverse("password_change"), {
        "old_password": password, "new_password1": new, "new_password2": new})
    assert response.status_code == 200
    assert message in response.content.decode()
    field_user.refresh_from_db()
    assert field_user.check_password(password)
