"""Choosing the language (issue 16, point 2): the footer's switcher saves the choice on a
signed-in person's account, which then decides their pages on any browser; visitors get their
browser's Accept-Language."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_person_s_choice_is_saved_and_follows_them(client, field_user):
    client.force_login(field_user)
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302
    field_user.refresh_from_db()
    assert field_user.language == "fr"
    other_browser = client.__class__()
    other_browser.force_login(field_user)
    page = other_browser.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="es")
    assert '<html lang="fr">' in page.content.decode()
    assert "Déconnexion" in page.content.decode() or "Se déconnecter" in page.content.decode()


def test_a_visitor_gets_the_browser_s_language(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="es")
    assert '<html lang="es">' in page.content.decode()


def test_an_unknown_language_changes_nothing(client, field_user):
    client.force_login(field_user)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    field_user.refresh_from_db()
    assert field_user.language == ""
