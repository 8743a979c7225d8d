"""No English interface text on a page read in French or Spanish (issue 16, point 6).

Each role signs in with French (then Spanish) saved on the account and walks every page of
the navigation, then the pages those link to (a list's rows: details; a detail's tabs and
edit forms), each route once. On every page the interface text is read: text between tags,
and the ``title``, ``placeholder``, ``aria-label`` and ``alt`` attributes and the ``value``
of buttons. A piece of it is English when

* it is, word for word, a string of the English catalogue that has a different translation
  (a string that was not marked, or whose translation is missing); or
* it holds an English word of the interface (a word of the catalogue's English strings that
  none of the translations uses) that the page's content does not explain.

Content is what the database holds (names, titles, narratives, codes): the words of every
text stored in the database are removed before the check, so illustrative English data
never fails the test, and the test fails on a label. The failure names the page and the
strings."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import models
from django.urls import Resolver404, resolve
from django.utils import dates, translation

from core.navigation import navigation_for
from core.roles import Role
from tests.core.test_translations import CATALOGUES, entries
from tests.core.test_url_walk import _country_world
from tests.factories import UserFactory, country

pytestmark = pytest.mark.django_db

ROLES = [Role.FIELD_STAFF, Role.MANAGER, Role.ACTEMP, Role.ACTRAV, Role.PARTNERSHIPS,
         Role.ADMINISTRATOR]
WORD = re.compile(r"[A-Za-zÀ-ÿ]{3,}")
# Where the walk does not go: other interfaces, files, actions a link would start.
SKIPPED = re.compile(r"^/(admin|api|static|media|accounts/logout|i18n|history)/|"
                     r"\.(xlsx|csv|pdf|json)$|/(download|export|file|template)/?$")
CONTENT_APPS = {"core", "constituents", "programmes", "capacity", "evaluation", "reporting"}
ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
# Names in the interface that are the same in every language.
SAME_EVERYWHERE = {"DWCP", "ILO", "ACT", "EMP", "ACTRAV", "PARDEV", "ISO", "SDG", "UNDAF",
                   "RBSA", "RBTC", "XBDC", "OIT", "CSV", "PDF", "XLSX", "API"}


class _Text(HTMLParser):
    """The visible interface text of a page, with the hrefs of its links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        for name in ATTRIBUTES:
            if values.get(name):
                self.texts.append(values[name])
        if tag == "input" and values.get("type") in ("submit", "button") \
                and values.get("value"):
            self.texts.append(values["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(" ".join(data.split()))


def _catalogue(language: str) -> tuple[set[str], set[str]]:
    """(English strings translated differently, English interface words no translation
    uses) for ``language``."""
    strings: set[str] = set()
    same: set[str] = set()
    english_words: set[str] = set()
    translated_words: set[str] = set()
    for path in CATALOGUES:
        if path.parent.parent.name != language:
            continue
        for entry in entries(path):
            translations = [text for text in entry["msgstr"].values() if text]
            for msgid in filter(None, (entry["msgid"], entry.get("msgid_plural"))):
                english_words.update(w.lower() for w in WORD.findall(msgid))
                if msgid in translations:  # "Date", "Description": the same in French
                    same.add(" ".join(msgid.split()))
                elif "%" not in msgid and "{" not in msgid:
                    strings.add(" ".join(msgid.split()))
            for text in translations:
                translated_words.update(w.lower() for w in WORD.findall(text))
    with translation.override(language):  # dates: Spanish "may", French "mars"
        for names in (dates.MONTHS, dates.MONTHS_3, dates.MONTHS_AP, dates.WEEKDAYS):
            translated_words.update(str(n).lower().strip(".") for n in names.values())
    return strings - same, english_words - translated_words - {w.lower() for w in SAME_EVERYWHERE}


def _content_words() -> set[str]:
    """Every word of every text the project's tables hold (not Django's own: permission
    names would hide "delete" or "change")."""
    words: set[str] = set()
    for model in apps.get_models():
        if model._meta.app_label not in CONTENT_APPS:
            continue
        fields = [f.attname for f in model._meta.concrete_fields
                  if isinstance(f, models.CharField | models.TextField)]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                if value:
                    words.update(w.lower() for w in WORD.findall(str(value)))
    return words


def _english(texts, strings, words, content) -> list[str]:
    found = []
    for text in texts:
        bare = text.strip(" :*·—–-()")
        if bare in strings and not {w.lower() for w in WORD.findall(bare)} <= content:
            found.append(text)
            continue
        english = [w for w in WORD.findall(text)
                   if w.lower() in words and w.lower() not in content]
        if english:
            found.append(f"{text}  [{', '.join(english)}]")
    return found


def _route(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _walk(client, start: list[str], depth: int = 2):
    """(path, html) of every page reachable from ``start`` within ``depth`` clicks, one
    page per route."""
    seen_routes: set[str] = set()
    frontier = list(start)
    for _level in range(depth + 1):
        following = []
        for path in frontier:
            route = _route(path)
            if route is None or route in seen_routes:
                continue
            seen_routes.add(route)
            response = client.get(path)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            parser = _Text()
            parser.feed(html)
            yield path, parser.texts
            for href in parser.links:
                parts = urlsplit(href)
                if parts.netloc or not parts.path.startswith("/") or SKIPPED.search(parts.path):
                    continue
                following.append(parts.path)
        frontier = following


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return _country_world("ALB", "Albanian")


@pytest.mark.parametrize("language", ["fr", "es"])
def test_no_english_interface_text_on_any_page(client, world, language):
    users = [UserFactory(username=f"i18n.{role}", role=role, countries=[country("ALB")],
                         language=language) for role in ROLES]
    strings, words = _catalogue(language)
    content = _content_words()
    problems: dict[str, list[str]] = {}
    visited: set[str] = set()
    for user in users:
        client.force_login(user)
        start = [item["url"] for item in navigation_for(user, "/")]
        for path, texts in _walk(client, start):
            visited.add(_route(path) or path)
            english = _english(texts, strings, words, content)
            if english:
                problems.setdefault(path, sorted(set(english)))
    report = "\n".join(f"{path}:\n    " + "\n    ".join(found)
                       for path, found in sorted(problems.items()))
    assert len(visited) > 60, sorted(visited)  # the walk reaches the pages, not a few
    assert not problems, f"English interface text in {language}:\n{report}"


def test_the_check_tells_a_label_from_content(db):
    """The check finds an English label and leaves English data alone."""
    world = _country_world("ALB", "Albanian")
    strings, words = _catalogue("fr")
    content = _content_words()
    parser = _Text()
    parser.feed(f"<h2>Progress updates</h2><button title='Delete'>x</button>"
                f"<td>{world['cpo'].title}</td><p>Résultats du programme</p>"
                "<p>The figures are not yet computed.</p>")
    found = _english(parser.texts, strings, words, content)
    assert [text.split("  [")[0] for text in found] == [
        "Progress updates", "Delete", "The figures are not yet computed."]
