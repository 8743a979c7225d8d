"""What every page carries: the favicon (issue 13, point 7) and the notifications link."""
import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_page_has_a_favicon_and_the_notifications_link(client, field_user):
    client.force_login(field_user)
    page = client.get(reverse("home")).content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in page
    assert finders.find("img/favicon.svg")
    assert f'href="{reverse("notifications:inbox")}"' in page
