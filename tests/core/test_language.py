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


@pytest.mark.parametrize(("language", "required"), [
    ("fr", "Ce champ est obligatoire."), ("es", "Este campo es requerido.")])
def test_an_api_client_gets_errors_and_labels_in_its_accept_language(
        api_client, manager_user, admin_user, language, required):
    """An API client names its language with Accept-Language: the field errors and the
    field labels of the schema of a form (OPTIONS) are in it."""
    from django.utils import translation

    from constituents.models import Constituent

    api_client.force_authenticate(admin_user)
    refused = api_client.post("/api/v1/constituents/", {}, format="json",
                              HTTP_ACCEPT_LANGUAGE=language)
    assert refused.status_code == 400
    assert refused.json()["name"] == [required]
    assert refused["Content-Language"] == language
    described = api_client.options("/api/v1/constituents/", HTTP_ACCEPT_LANGUAGE=language)
    label = described.json()["actions"]["POST"]["name"]["label"]
    with translation.override(language):
        expected = str(Constituent._meta.get_field("name").verbose_name)
    assert label.lower() == expected.lower()
    assert label.lower() != "name"


def test_the_choice_saved_on_the_account_survives_signing_out(client, field_user, password):
    """Signing out ends the session, not the choice: the next sign-in is in French."""
    client.force_login(field_user)
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    client.post(reverse("logout"))
    fresh = client.__class__()
    fresh.post(reverse("login"), {"username": field_user.username, "password": password})
    page = fresh.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="fr">' in page.content.decode()


def test_region_and_country_names_follow_the_reader_s_language(client, field_user):
    """Reference names are read in the reader's language on pages and in reports: the
    ILO's regions by their code, countries through django-countries."""
    from django.utils import translation

    from constituents.models import Country

    albania = Country.objects.select_related("region").get(iso3="ALB")
    with translation.override("fr"):
        assert (albania.label, albania.region.label) == ("Albanie", "Europe et Asie centrale")
    with translation.override("es"):
        assert albania.region.label == "Europa y Asia Central"
    assert (albania.label, albania.region.label) == ("Albania", "Europe and Central Asia")
    field_user.language = "fr"
    field_user.save(update_fields=["language"])
    client.force_login(field_user)
    page = client.get(reverse("constituents:country-list")).content.decode()
    assert "Europe et Asie centrale" in page and "Albanie" in page
