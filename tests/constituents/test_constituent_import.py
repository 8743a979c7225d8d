"""Constituents imported from a spreadsheet (core.imports): template, preview of every row
error, all-or-nothing apply, natural key country + name, scope, history."""
from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from constituents.models import Constituent
from constituents.services.importing import ConstituentImporter
from core.imports import import_run
from tests.constituents.factories import ConstituentFactory
from tests.factories import country

pytestmark = pytest.mark.django_db

URL = reverse("constituents:constituent-import")
TEMPLATE_URL = reverse("constituents:constituent-import-template")

GOOD = (
    "Country,Name,Acronym,Type,Level,Active\n"
    "ALB,Business Albania,BA,Employers' and business organization,National,yes\n"
    "Albania,Union of Independent Trade Unions,BSPSH,workers,national,\n"
)


def _run(user, content: str | bytes, *, apply=True, name="orgs.csv", **options):
    data = content.encode() if isinstance(content, str) else content
    return import_run(ConstituentImporter(user=user, **options), file=io.BytesIO(data),
                      name=name, apply=apply, reason="Annual update")


def test_rows_are_created_then_matched_by_country_and_name(field_user):
    result = _run(field_user, GOOD)
    assert result.applied, result.errors
    business = Constituent.objects.get(name="Business Albania")
    assert (business.country.iso3, business.group, business.acronym) == ("ALB", "employers", "BA")
    assert [r.action for r in result.rows] == ["create", "create"]
    again = _run(field_user, GOOD.replace("BSPSH", "BSPSH-2")
                 .replace("ALB,Business", "alb,BUSINESS"))
    assert again.applied
    assert [r.action for r in again.rows] == ["unchanged", "update"]
    assert Constituent.objects.count() == 2
    assert Constituent.objects.get(name="Union of Independent Trade Unions").acronym == "BSPSH-2"


def test_every_row_error_is_listed_with_its_line_and_nothing_is_written(field_user):
    content = GOOD + (
        "ALB,,X,workers,,\n"                       # line 4: no name
        "Atlantis,Someone,,workers,,\n"            # line 5: country
        "ALB,Third,,robots,somewhere,maybe\n"      # line 6: type, level, active
        "ALB,business albania,,workers,,\n"        # line 7: same as line 2
        "ALB,New one,,,,\n"                        # line 8: a new one needs a type
    )
    result = _run(field_user, content)
    assert not result.applied
    found = {(e.line, e.column) for e in result.errors}
    assert found == {(4, "name"), (5, "country"), (6, "type"), (6, "level"), (6, "active"),
                     (7, "name"), (8, "type")}
    assert any("row 2" in e.message for e in result.errors if e.line == 7)
    assert str(result.errors[0]).startswith("Row 4, Name:")
    assert not Constituent.objects.exists()


def test_a_country_outside_ones_scope_is_refused(field_user):
    result = _run(field_user, GOOD + "KEN,Central Organization of Trade Unions,COTU,workers,,\n")
    assert not result.applied
    assert [(e.line, e.column) for e in result.errors] == [(4, "country")]
    assert "Kenya" in result.errors[0].message
    assert not Constituent.objects.exists()


def test_a_specialist_imports_only_organizations_of_their_group(actemp_user):
    result = _run(actemp_user, GOOD)
    assert [(e.line, e.column) for e in result.errors] == [(3, "country")]
    assert _run(actemp_user, GOOD.splitlines()[0] + "\n" + GOOD.splitlines()[1] + "\n").applied


def test_the_history_records_who_imported_and_why(field_user):
    _run(field_user, GOOD, name="albania.xlsx.csv")
    record = Constituent.objects.get(name="Business Albania").history.first()
    assert record.history_user == field_user
    assert record.history_change_reason == "Annual update (imported from albania.xlsx.csv)"


def test_a_preview_writes_nothing(field_user):
    result = _run(field_user, GOOD, apply=False)
    assert result.ok and not result.applied
    assert [r.action for r in result.rows] == ["create", "create"]
    assert not Constituent.objects.exists()


def test_the_page_country_fills_rows_without_one_and_refuses_others(field_user):
    content = "Name,Type\nBusiness Albania,employers\n"
    result = _run(field_user, content, country=country("ALB"))
    assert result.applied
    refused = _run(field_user, "Country,Name,Type\nKEN,X,employers\n", country=country("ALB"))
    assert [(e.line, e.column) for e in refused.errors] == [(2, "country")]


def test_french_headers_and_labels_are_read(field_user):
    with translation.override("fr"):
        content = ("Pays;Nom;sigle;Type;Niveau;Statut\n"
                   "Albanie;Business Albania;BA;employers;National;oui\n")
        result = _run(field_user, content)
    assert result.applied, result.errors
    assert Constituent.objects.get().acronym == "BA"


def test_the_template_downloads_and_imports_cleanly(client, field_user):
    client.force_login(field_user)
    response = client.get(TEMPLATE_URL)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Constituents", "Instructions"]
    readme = list(book["Instructions"].iter_rows(values_only=True))
    assert any(row[1] == "Type" and "Workers' organization" in (row[4] or "")
               for row in readme)
    result = _run(field_user, response.content, name="template.xlsx")
    assert result.applied, result.errors
    assert Constituent.objects.get().name == "Confederation of Trade Unions of Albania"


def test_upload_preview_then_apply_on_the_page(client, field_user):
    client.force_login(field_user)
    response = client.post(URL, {"file": SimpleUploadedFile("orgs.csv", GOOD.encode())})
    assert response.status_code == 200
    assert "What the import will do" in response.content.decode()
    assert not Constituent.objects.exists()
    token = client.session["import:constituents"]["token"]
    response = client.post(URL, {"apply": "1", "token": token})
    assert response.status_code == 302
    assert Constituent.objects.count() == 2
    assert client.post(URL, {"apply": "1", "token": token}).status_code == 302  # stale: nothing
    assert Constituent.objects.count() == 2


def test_a_bad_file_shows_every_problem_on_the_page(client, field_user):
    client.force_login(field_user)
    response = client.post(URL, {"file": SimpleUploadedFile(
        "orgs.csv", (GOOD + "Atlantis,X,,robots,,\n").encode())})
    assert response.status_code == 400
    content = response.content.decode()
    assert "2 problems in the file" in content and "Atlantis" in content and "robots" in content
    assert "import:constituents" not in client.session


@pytest.mark.parametrize("content", [
    b"PK\x03\x04" + b"\x00" * 200,  # a broken workbook
    "name\n\u00e9".encode("utf-16"),  # not UTF-8
])
def test_an_unreadable_file_is_a_sentence_not_an_error_page(client, field_user, content):
    client.force_login(field_user)
    name = "orgs.xlsx" if content.startswith(b"PK") else "orgs.csv"
    response = client.post(URL, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert not Constituent.objects.exists()


def test_who_may_not_add_organizations_gets_no_import(client, manager_user):
    client.force_login(manager_user)
    assert client.get(URL).status_code == 403
    assert client.get(TEMPLATE_URL).status_code == 403


def test_the_list_page_links_to_the_import(client, field_user):
    ConstituentFactory()
    client.force_login(field_user)
    assert URL in client.get(reverse("constituents:constituent-list")).content.decode()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_constituent_lists_export_imports_back_unchanged(client, field_user, file_format,
                                                             language):
    from constituents.models import ConstituentType

    ConstituentFactory(name="Business Albania", acronym="BA", type=ConstituentType.EMPLOYERS,
                       group="employers", level="sectoral")
    ConstituentFactory(name="=SUM(1)", acronym="", active=False)  # formula-like, inactive
    ConstituentFactory(name="Ministry", type=ConstituentType.LABOUR_MINISTRY,
                       group="government")
    client.force_login(field_user)
    with translation.override(language):
        exported = client.get(reverse("constituents:constituent-list"),
                              {"export": file_format}, HTTP_ACCEPT_LANGUAGE=language)
        assert exported.status_code == 200
        before = Constituent.history.count()
        result = _run(field_user, exported.content, name=f"constituents.{file_format}")
    assert result.applied, result.errors
    assert [r.action for r in result.rows] == ["unchanged"] * 3
    assert Constituent.history.count() == before
