"""Projects and their funding by year imported from a spreadsheet (core.imports): template,
every row error on both sheets, all or nothing, the place rule, French numbers, history, and
the project list's export imported back unchanged."""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from core.imports import import_run
from core.models import Role
from programmes.models import Project, ProjectFunding
from programmes.services.project_import import ProjectImporter
from tests.factories import UserFactory, country
from tests.programmes.factories import ProjectFactory, ProjectFundingFactory

pytestmark = pytest.mark.django_db

URL = reverse("programmes:project-import")
TEMPLATE_URL = reverse("programmes:project-import-template")
PROJECT_HEADERS = ["Project code", "Title", "Country", "Funding source", "Start", "End",
                   "Stage"]
FUNDING_HEADERS = ["Project code", "Year", "Allocation (US$)", "Expenditure (US$)"]


def _book(projects: list[list], funding: list[list] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Projects"
    for row in [PROJECT_HEADERS, *projects]:
        sheet.append(row)
    if funding is not None:
        other = book.create_sheet("Funding by year")
        for row in [FUNDING_HEADERS, *funding]:
            other.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _run(user, data: bytes | str, *, name="projects.xlsx", apply=True):
    content = data.encode() if isinstance(data, str) else data
    return import_run(ProjectImporter(user=user), file=io.BytesIO(content), name=name,
                      apply=apply, reason="Portfolio review")


START, END = dt.date(2024, 1, 1), dt.date(2026, 12, 31)
GOOD_PROJECTS = [["ALB/24/01/EUR", "Skills for green jobs", "ALB", "XBTC", START, END,
                  "Ongoing"],
                 ["ALB/24/02/SWE", "Social dialogue", "Albania", "rbsa", "2024-03-01",
                  "2025-12-31", ""]]
GOOD_FUNDING = [["ALB/24/01/EUR", 2024, 250000, 120000.5],
                ["ALB/24/01/EUR", 2025, 300000, None],
                ["ALB/24/02/SWE", 2024, 50000, 0]]


def test_projects_and_their_funding_are_created_then_left_unchanged(field_user):
    result = _run(field_user, _book(GOOD_PROJECTS, GOOD_FUNDING))
    assert result.applied, result.errors
    green = Project.objects.get(code="ALB/24/01/EUR")
    assert (green.country.iso3, green.funding_source, green.scope) == ("ALB", "xbtc", "country")
    assert {(f.year, f.allocation, f.expenditure) for f in green.funding.all()} == {
        (2024, Decimal("250000.00"), Decimal("120000.50")),
        (2025, Decimal("300000.00"), Decimal("0.00"))}
    again = _run(field_user, _book(GOOD_PROJECTS, GOOD_FUNDING))
    assert again.applied and not again.changed
    assert {r.action for r in again.rows} == {"unchanged"}


def test_a_funding_row_sets_its_year_and_keeps_the_others(field_user):
    project = ProjectFactory(code="ALB/12/01/EEC")
    ProjectFundingFactory(project=project, year=2012, allocation=Decimal("1000"),
                          expenditure=Decimal("0"))
    ProjectFundingFactory(project=project, year=2013)
    result = _run(field_user, "Project code,Year,Allocation (US$)\nALB/12/01/EEC,2012,2000\n",
                  name="funding.csv")
    assert result.applied, result.errors
    assert [r.action for r in result.rows] == ["update"]
    assert dict(project.funding.values_list("year", "allocation")) == {
        2012: Decimal("2000.00"), 2013: Decimal("100000.00")}


def test_every_row_error_of_both_sheets_is_listed_and_nothing_is_written(field_user):
    projects = [*GOOD_PROJECTS,
                ["", "No code", "ALB", "XBTC", START, END, ""],                   # line 4
                ["ALB/24/03/X", "Bad", "Atlantis", "gold", "31/02/2024", END, "dreaming"],
                ["ALB/24/01/EUR", "Twice", "ALB", "XBTC", START, END, ""],        # line 6
                ["ALB/24/04/X", "", "ALB", "", START, END, ""]]                   # line 7
    funding = [*GOOD_FUNDING,
               ["ALB/24/01/EUR", 2030, 1, 0],          # line 5: outside the period
               ["ALB/24/02/SWE", 2025, -5, "lots"],    # line 6
               ["NOPE/1", 2024, 10, 0]]                # line 7
    result = _run(field_user, _book(projects, funding))
    assert not result.applied
    found = {(e.sheet, e.line, e.column) for e in result.errors}
    assert found == {
        ("Projects", 4, "code"), ("Projects", 5, "country"),
        ("Projects", 5, "funding_source"), ("Projects", 5, "start_date"),
        ("Projects", 5, "status"), ("Projects", 6, "code"), ("Projects", 7, "title"),
        ("Projects", 7, "funding_source"),
        ("Funding by year", 5, "year"), ("Funding by year", 6, "allocation"),
        ("Funding by year", 6, "expenditure"), ("Funding by year", 7, "project")}
    assert str(result.errors[0]).startswith("Projects, row 4, Project code:")
    assert not Project.objects.exists() and not ProjectFunding.objects.exists()


def test_a_project_outside_ones_countries_is_refused(field_user):
    projects = [*GOOD_PROJECTS, ["KEN/24/01/X", "Kenya", "KEN", "XBTC", START, END, ""]]
    result = _run(field_user, _book(projects))
    assert [(e.line, e.column) for e in result.errors] == [(4, "country")]
    assert "Kenya" in result.errors[0].message
    assert not Project.objects.exists()
    pardev = UserFactory(role=Role.PARTNERSHIPS)
    assert _run(pardev, _book(projects)).applied


def test_the_history_records_who_imported_and_why(field_user):
    _run(field_user, _book(GOOD_PROJECTS, GOOD_FUNDING), name="portfolio.xlsx")
    for record in (Project.objects.get(code="ALB/24/01/EUR").history.first(),
                   ProjectFunding.objects.filter(year=2025).get().history.first()):
        assert record.history_user == field_user
        assert record.history_change_reason == "Portfolio review (imported from portfolio.xlsx)"


def test_french_headers_and_numbers_are_read_under_french(field_user):
    ProjectFactory(code="ALB/12/01/EEC")
    content = ("code du projet;année;allocation (dollars É.-U.);dépenses (dollars É.-U.)\n"
               "ALB/12/01/EEC;2013;1 234,5;0,5\n")
    with translation.override("fr"):
        result = _run(field_user, content, name="financement.csv")
    assert result.applied, result.errors
    funding = ProjectFunding.objects.get()
    assert (funding.allocation, funding.expenditure) == (Decimal("1234.50"), Decimal("0.50"))


def test_the_template_downloads_and_imports_cleanly(client, field_user):
    client.force_login(field_user)
    response = client.get(TEMPLATE_URL)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Projects", "Funding by year", "Instructions"]
    result = _run(field_user, response.content, name="template.xlsx")
    assert result.applied, result.errors
    assert Project.objects.get().funding.get().expenditure == Decimal("120000.50")


def test_upload_preview_then_apply_on_the_page(client, field_user):
    client.force_login(field_user)
    response = client.post(URL, {"file": SimpleUploadedFile(
        "projects.xlsx", _book(GOOD_PROJECTS, GOOD_FUNDING))})
    assert response.status_code == 200, response.content.decode()[-2000:]
    assert not Project.objects.exists()
    token = client.session["import:projects"]["token"]
    assert client.post(URL, {"apply": "1", "token": token}).status_code == 302
    assert Project.objects.count() == 2 and ProjectFunding.objects.count() == 3


def test_a_huge_or_broken_workbook_is_a_sentence(client, field_user):
    client.force_login(field_user)
    rows = [[f"ALB/{n}", "T", "ALB", "XBTC", START, END, ""] for n in range(5001)]
    response = client.post(URL, {"file": SimpleUploadedFile("big.xlsx", _book(rows))})
    assert response.status_code == 400 and "5000" in response.content.decode()
    response = client.post(URL, {"file": SimpleUploadedFile(
        "broken.xlsx", _book(GOOD_PROJECTS)[:300])})
    assert response.status_code == 400
    assert not Project.objects.exists()


def test_who_may_not_record_projects_gets_no_import(client, manager_user):
    client.force_login(manager_user)
    assert client.get(URL).status_code == 403
    assert client.get(TEMPLATE_URL).status_code == 403


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_project_lists_export_imports_back_unchanged(client, field_user, file_format,
                                                         language):
    ProjectFactory(code="ALB/12/01/EEC", gender_marker=2, office="CO-Budapest")
    ProjectFundingFactory(project=Project.objects.get(), year=2013)
    ProjectFactory(code="RER/13/01/X", country=None, scope="regional",
                   region=country("ALB").region, funding_source="rbsa")
    ProjectFactory(code="GLO/14/01/X", country=None, scope="interregional")
    admin = UserFactory(role=Role.ADMINISTRATOR)
    client.force_login(admin)
    with translation.override(language):
        exported = client.get(reverse("programmes:project-list"),
                              {"export": file_format}, HTTP_ACCEPT_LANGUAGE=language)
        assert exported.status_code == 200
        before = list(Project.history.values_list("history_id", flat=True))
        result = _run(admin, exported.content, name=f"projects.{file_format}")
    assert result.applied, result.errors
    assert {r.action for r in result.rows} == {"unchanged"}
    assert list(Project.history.values_list("history_id", flat=True)) == before
