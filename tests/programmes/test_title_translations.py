"""Translated content (issue 16, point 3): the titles of DWCPs, priorities, CPOs, outputs and
indicators, and the texts of capacity frameworks, in each language. The original is what was
entered (the ``title_en`` column); a page in a language without a translation shows the
original, marked as such."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from capacity.models import AssessmentDimension, AssessmentFramework
from core import content
from programmes.models import CountryProgrammeOutcome, Dwcp, Output
from programmes.services import framework as framework_services
from tests.programmes.factories import (
    CountryPriorityFactory,
    CpoFactory,
    DwcpFactory,
    OutputFactory,
)

pytestmark = pytest.mark.django_db


def test_writing_the_title_under_any_language_writes_the_original():
    """A record created or changed from a French page keeps its title in the original column
    (modeltranslation alone would write it to ``title_fr`` and leave the original empty)."""
    with translation.override("fr"):
        dwcp = DwcpFactory(title="Programme pays")
        cpo = CpoFactory(priority=CountryPriorityFactory(dwcp=dwcp))
        framework_services.cpo_update(
            cpo=cpo, priority=cpo.priority, code=cpo.code, title="Un titre changé",
            description="", outcome_links={}, user=None)
    dwcp.refresh_from_db()
    cpo = CountryProgrammeOutcome.objects.get(pk=cpo.pk)
    assert (dwcp.title_en, dwcp.title_fr) == ("Programme pays", None)
    assert (cpo.title_en, cpo.title_fr) == ("Un titre changé", None)
    with translation.override("en"):
        assert Dwcp.objects.get(pk=dwcp.pk).title == "Programme pays"


def test_capacity_framework_texts_are_kept_in_the_original_column():
    framework = AssessmentFramework.objects.filter(is_current=True).first()
    assert framework is not None and framework.title_en
    dimension = AssessmentDimension.objects.filter(framework=framework).first()
    assert dimension.name_en and dimension.descriptors.first().descriptor_en
    dimension.name_fr = "Capacité de plaidoyer"
    dimension.save(update_fields=["name_fr"])
    with translation.override("fr"):
        assert AssessmentDimension.objects.get(pk=dimension.pk).name == "Capacité de plaidoyer"
    with translation.override("es"):
        assert content.fallback_language(dimension, "name") == "en"


def _as(user, language):
    user.language = language
    user.save(update_fields=["language"])
    return user


def test_the_cpo_edit_page_saves_the_french_title_and_keeps_the_original(client, field_user):
    cpo = CpoFactory(code="ALB101", title="Labour inspection strengthened")
    client.force_login(_as(field_user, "fr"))
    url = reverse("programmes:cpo-edit", args=[cpo.pk])
    form = client.get(url).content.decode()
    assert 'name="title_fr"' in form and 'name="title_es"' in form
    response = client.post(url, {"priority": cpo.priority_id, "code": "ALB101",
                                 "title": "Labour inspection strengthened",
                                 "title_fr": "Inspection du travail renforcée", "title_es": "",
                                 "reason": "Traduction"})
    assert response.status_code == 302, response.content.decode()[:2000]
    cpo = CountryProgrammeOutcome.objects.get(pk=cpo.pk)
    assert (cpo.title_en, cpo.title_fr, cpo.title_es) == (
        "Labour inspection strengthened", "Inspection du travail renforcée", None)
    # The history records the translation with who and why.
    record = cpo.history.first()
    assert record.title_fr == "Inspection du travail renforcée"
    assert record.history_user == field_user
    # The form opens on the stored columns, not on the page language's title.
    form = client.get(url).content.decode()
    assert re.search(r'name="title"[^>]*>\s*Labour inspection strengthened</textarea>', form)


def test_the_dwcp_edit_page_saves_each_language(client, field_user):
    dwcp = DwcpFactory(title="Albania DWCP", start_year=2012, end_year=2016)
    client.force_login(field_user)
    form = client.get(reverse("programmes:dwcp-edit", args=[dwcp.pk])).content.decode()
    assert all(label in form for label in ("Title (English)", "Title (French)",
                                           "Title (Spanish)"))
    response = client.post(reverse("programmes:dwcp-edit", args=[dwcp.pk]), {
        "title": "Albania DWCP", "title_fr": "PPTD de l'Albanie", "title_es": " ",
        "start_year": 2012, "end_year": 2016})
    assert response.status_code == 302
    dwcp = Dwcp.objects.get(pk=dwcp.pk)
    assert (dwcp.title_en, dwcp.title_fr, dwcp.title_es) == (
        "Albania DWCP", "PPTD de l'Albanie", None)


def test_an_empty_original_title_is_refused_next_to_the_field(client, field_user):
    output = OutputFactory(code="1", title="Old")
    client.force_login(field_user)
    response = client.post(reverse("programmes:output-edit", args=[output.pk]),
                           {"code": "1", "title": "", "title_fr": "Ancien"})
    assert "Enter a title." in response.content.decode() or \
        "This field is required." in response.content.decode()
    assert Output.objects.get(pk=output.pk).title_fr is None


def test_the_api_round_trips_the_french_title(api_client, field_user):
    cpo = CpoFactory(code="ALB101", title="Labour inspection strengthened")
    api_client.force_authenticate(field_user)
    url = f"/api/v1/cpos/{cpo.pk}/"
    response = api_client.patch(url, {"title_fr": "Inspection du travail renforcée"},
                                format="json", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200, response.json()
    body = api_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").json()
    assert body["title"] == body["title_fr"] == "Inspection du travail renforcée"
    assert body["title_en"] == "Labour inspection strengthened" and body["title_es"] is None
    # A client that knows nothing of translations still reads and writes the original.
    body = api_client.get(url).json()
    assert body["title"] == "Labour inspection strengthened"
    assert api_client.patch(url, {"title": "Labour inspection modernized"},
                            format="json").status_code == 200
    cpo = CountryProgrammeOutcome.objects.get(pk=cpo.pk)
    assert (cpo.title_en, cpo.title_fr) == ("Labour inspection modernized",
                                           "Inspection du travail renforcée")
    # The original is written as `title`: title_en is read-only.
    api_client.patch(url, {"title_en": "Ignored"}, format="json")
    assert CountryProgrammeOutcome.objects.get(pk=cpo.pk).title_en == \
        "Labour inspection modernized"


def test_a_dwcp_created_through_the_api_with_a_spanish_title(api_client, field_user):
    api_client.force_authenticate(field_user)
    response = api_client.post("/api/v1/dwcps/", {
        "country": "ALB", "title": "Albania DWCP", "title_es": "PTDP de Albania",
        "start_year": 2030, "end_year": 2033}, format="json")
    assert response.status_code == 201, response.json()
    dwcp = Dwcp.objects.get(pk=response.json()["id"])
    assert (dwcp.title_en, dwcp.title_es, dwcp.title_fr) == ("Albania DWCP",
                                                            "PTDP de Albania", None)


def test_each_user_sees_the_title_in_their_language_or_the_original_marked(
        client, field_user):
    cpo = CpoFactory(code="ALB101", title="Labour inspection strengthened")
    cpo.title_fr = "Inspection du travail renforcée"
    cpo.save(update_fields=["title_fr"])
    client.force_login(_as(field_user, "fr"))
    for url in (reverse("programmes:cpo-detail", args=[cpo.pk]),
                reverse("programmes:dwcp-framework", args=[cpo.dwcp_id]),
                reverse("programmes:cpo-indicators", args=[cpo.pk])):
        html = client.get(url).content.decode()
        assert "Inspection du travail renforcée" in html, url
        assert "Labour inspection strengthened" not in html, url
    client.force_login(_as(field_user, "es"))
    html = client.get(reverse("programmes:cpo-detail", args=[cpo.pk])).content.decode()
    assert '<span lang="en">Labour inspection strengthened</span>' in html
    assert re.search(r'class="fallback">\((inglés|Inglés|English)\)', html)
    assert "Inspection du travail renforcée" not in html


def test_the_dwcp_list_marks_a_missing_translation_with_the_same_queries(client, field_user):
    for n in range(3):
        DwcpFactory(title=f"Albania DWCP {n}", start_year=2012 + 7 * n, end_year=2016 + 7 * n)
    url = reverse("programmes:dwcp-list")
    client.force_login(_as(field_user, "en"))
    with CaptureQueriesContext(connection) as english:
        assert client.get(url).status_code == 200
    client.force_login(_as(field_user, "fr"))
    with CaptureQueriesContext(connection) as french:
        html = client.get(url).content.decode()
    assert '<span lang="en">Albania DWCP 0</span>' in html
    assert len(french) == len(english)


def test_the_capacity_framework_admin_edits_each_language(client, admin_user):
    framework = AssessmentFramework.objects.filter(is_current=True).first()
    dimension = framework.dimensions.first()
    client.force_login(admin_user)
    html = client.get(reverse("admin:capacity_assessmentframework_change",
                              args=[framework.pk])).content.decode()
    assert all(f'name="{name}"' in html for name in ("title_en", "title_fr", "title_es"))
    html = client.get(reverse("admin:capacity_assessmentdimension_change",
                              args=[dimension.pk])).content.decode()
    assert 'name="name_fr"' in html and 'name="descriptors-0-descriptor_es"' in html
