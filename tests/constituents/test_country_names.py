"""Country names in the reader's language (issue 16, point 3): the stored ILO name in
English, django-countries' own translation in French and Spanish, on pages too."""
import pytest
from django.urls import reverse
from django.utils import translation

from core.roles import Role
from tests.factories import UserFactory, country

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Republic of Moldova"), ("fr", "Moldavie"), ("es", "Moldavia")])
def test_a_country_is_named_in_the_active_language(language, expected):
    moldova = country("MDA")
    with translation.override(language):
        assert str(moldova) == moldova.label == expected


def test_the_country_page_names_it_in_the_users_language(client):
    user = UserFactory(username="fr.reader", role=Role.MANAGER, language="fr")
    client.force_login(user)
    html = client.get(reverse("constituents:country-detail", args=["MDA"]),
                      HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Moldavie" in html
