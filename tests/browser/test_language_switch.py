"""Choosing the language in the browser (issue 16, points 2 and 6): the footer's switcher
turns the pages to French, the choice outlives the session (signing out, another browser
with an English Accept-Language), and the same for Spanish."""
import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {  # what the menu and the page say in each language
    "fr": {"countries": "Pays", "sign_out": "Se déconnecter", "change": "Changer"},
    "es": {"countries": "Países", "sign_out": "Cerrar sesión", "change": "Cambiar"},
    "en": {"countries": "Countries", "sign_out": "Sign out", "change": "Change"},
}


def _sign_in(browser, live_server, user, password):
    """A new browser (no cookie, English Accept-Language) signing ``user`` in."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return context, page


def _speaks(page, language):
    words = WORDS[language]
    assert page.locator("html").get_attribute("lang") == language
    assert page.get_by_role("link", name=words["countries"], exact=True).first.is_visible()
    assert page.get_by_role("button", name=words["sign_out"]).is_visible()


def _switch(page, current, language):
    page.locator("select#language").select_option(language)
    page.get_by_role("button", name=WORDS[current]["change"], exact=True).click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_switcher_s_choice_is_kept_across_sessions(browser, live_server, field_user,
                                                       password, language):
    context, page = _sign_in(browser, live_server, field_user, password)
    _speaks(page, "en")
    _switch(page, "en", language)
    _speaks(page, language)
    page.get_by_role("button", name=WORDS[language]["sign_out"]).click()
    page.wait_for_url(lambda url: "/accounts/login/" in url or url.endswith("/"))
    context.close()

    context, page = _sign_in(browser, live_server, field_user, password)
    _speaks(page, language)
    page.goto(reverse("programmes:dwcp-list"))
    _speaks(page, language)
    _switch(page, language, "en")  # and back: the choice is the person's to change
    _speaks(page, "en")
    context.close()
