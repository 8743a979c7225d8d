"""P&B frameworks for every biennium (issue 14, point 1): shipped from 2010–11 to 2024–25
with their source documents; biennia created as time passes; a later framework imported by
administrators from CSV or Excel, every problem listed, all or nothing."""
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from programmes.models import Biennium, PBFramework, PBOutcome
from programmes.services.pb import biennia_ensure, pb_framework_import
from tests.factories import country

pytestmark = pytest.mark.django_db

CSV = ("code,title,kind,strategic_objective\n"
       "1,Strong tripartite constituents and influential and inclusive social dialogue,,"
       "social_dialogue\n"
       "2,International labour standards and authoritative and effective supervision,policy,"
       "Standards and fundamental principles and rights at work\n"
       "A,Improved knowledge and influence for promoting decent work,,\n")


def test_every_biennium_from_2010_has_its_framework_and_source():
    frameworks = {b.code: b.framework.code for b in Biennium.objects.filter(
        start_year__lte=2024).select_related("framework")}
    assert frameworks == {
        "2010-11": "SPF 2010-15", "2012-13": "SPF 2010-15", "2014-15": "SPF 2010-15",
        "2016-17": "P&B 2016-17", "2018-19": "P&B 2018-19", "2020-21": "P&B 2020-21",
        "2022-23": "P&B 2022-23", "2024-25": "P&B 2024-25"}
    p16 = PBFramework.objects.get(code="P&B 2016-17")
    assert "GB.323/PFA/1" in p16.source
    assert p16.outcomes.filter(kind=PBOutcome.Kind.POLICY).count() == 10
    assert p16.outcomes.filter(kind=PBOutcome.Kind.ENABLING).count() == 3
    assert p16.outcomes.get(code="10").title == ("Strong and representative employers' and "
                                                 "workers' organizations")
    assert PBFramework.objects.get(code="P&B 2024-25").outcomes.get(code="C").title == \
        "Optimized use of resources"


def test_biennia_are_created_as_time_passes_and_by_longer_programmes(field_user):
    assert biennia_ensure(through_year=2033) == Biennium.objects.filter(
        start_year__gt=Biennium.objects.filter(start_year__lt=2030).order_by(
            "start_year").last().start_year).count()
    assert Biennium.objects.filter(code="2032-33", framework=None).exists()
    assert biennia_ensure(through_year=2033) == 0  # nothing twice
    from programmes.services.dwcp import dwcp_create

    dwcp_create(user=field_user, country=country("ALB"), title="DWCP of Albania",
                start_year=2032, end_year=2037)
    assert Biennium.objects.filter(code="2036-37").exists()


def test_an_administrator_imports_a_later_framework_and_its_biennia_follow(admin_user):
    result = pb_framework_import(file=io.BytesIO(CSV.encode()), code="P&B 2026-27",
                                 title="Programme and Budget for the biennium 2026–27",
                                 start_year=2026, end_year=2027, source="GB.353/PFA/1",
                                 user=admin_user, name="pb-2026-27.csv")
    assert result.errors == [] and result.created == ["1", "2", "A"]
    framework = PBFramework.objects.get(code="P&B 2026-27")
    assert Biennium.objects.get(code="2026-27").framework == framework
    outcome_a = framework.outcomes.get(code="A")
    assert outcome_a.kind == PBOutcome.Kind.ENABLING and outcome_a.strategic_objective is None
    assert framework.outcomes.get(code="2").strategic_objective.code == "standards"
    assert framework.history.first().history_user == admin_user
    again = pb_framework_import(file=io.BytesIO(CSV.encode()), code="P&B 2026-27",
                                title="Programme and Budget for the biennium 2026–27",
                                start_year=2026, end_year=2027, user=admin_user)
    assert (again.created, again.updated, again.errors) == ([], [], [])


def test_an_excel_file_imports_too(admin_user):
    book = Workbook()
    sheet = book.active
    for row in [["Code", "Title"], [1, "Decent jobs"], ["B", "Governance"]]:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    result = pb_framework_import(file=io.BytesIO(data.getvalue()), code="P&B 2026-27",
                                 title="P&B 2026–27", start_year=2026, end_year=2027,
                                 user=admin_user, name="pb.xlsx")
    assert result.errors == [] and sorted(result.created) == ["1", "B"]


def test_every_problem_is_listed_and_nothing_is_written(admin_user):
    bad = ("code,title,kind,strategic_objective,budget\n"
           ",No code,,\n1,Jobs,litres,culture\n1,Again,,\n")
    result = pb_framework_import(file=io.BytesIO(bad.encode()), code="P&B 2025-27",
                                 title="", start_year=2025, end_year=2027, user=admin_user)
    assert result.errors == [
        "A framework covers whole biennia: it starts in an even year from 2010 and ends in an "
        "odd year, e.g. 2026 to 2027.",
        "The years overlap the framework P&B 2024-25.",
        "Give the framework its title, e.g. Programme and Budget for the biennium 2026–27.",
        "Unknown column “budget”; the columns are code, title, kind, strategic_objective.",
    ]
    rows = pb_framework_import(file=io.BytesIO(bad.replace(",budget", "").encode()),
                               code="P&B 2026-27", title="P&B 2026–27", start_year=2026,
                               end_year=2027, user=admin_user)
    assert rows.errors == [
        "Row 2, code: enter the outcome's code, e.g. 1 or A (five characters at most).",
        "Row 3, kind: enter policy, enabling or cross_cutting, not “litres”.",
        "Row 3, strategic_objective: there is no strategic objective “culture”; use one of "
        "standards, employment, social_protection, social_dialogue.",
        "Row 4, code: outcome 1 is also in row 3.",
    ]
    assert not PBFramework.objects.filter(code="P&B 2026-27").exists()


def test_only_administrators_import(field_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        pb_framework_import(file=io.BytesIO(CSV.encode()), code="P&B 2026-27", title="x",
                            start_year=2026, end_year=2027, user=field_user)


def test_the_command_imports_and_fails_with_a_sentence(tmp_path, capsys):
    path = tmp_path / "pb.csv"
    path.write_text(CSV)
    call_command("import_pb_framework", str(path), "--code", "P&B 2026-27", "--title",
                 "Programme and Budget for the biennium 2026–27", "--start", "2026", "--end",
                 "2027", "--source", "GB.353/PFA/1")
    assert "P&B 2026-27: 3 outcomes created, 0 updated; biennia 2026–27." in \
        capsys.readouterr().out
    path.write_text("code,title\n1,\n")
    with pytest.raises(CommandError, match="The framework was not imported: 1 error"):
        call_command("import_pb_framework", str(path), "--code", "P&B 2026-27", "--title",
                     "x", "--start", "2026", "--end", "2027")
    assert "Row 2, title" in capsys.readouterr().err


def test_administrators_import_a_framework_in_the_admin(client, admin_user, field_user):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    url = reverse("admin:programmes_pbframework_import")
    client.force_login(admin_user)
    assert url in client.get(reverse("admin:programmes_pbframework_changelist")).content.decode()
    data = {"code": "P&B 2026-27", "title": "Programme and Budget for the biennium 2026–27",
            "start_year": 2026, "end_year": 2027, "source": "GB.353/PFA/1"}
    bad = client.post(url, {**data, "file": SimpleUploadedFile("pb.csv", b"code,title\n1,\n")})
    assert bad.status_code == 400
    assert "Row 2, title: enter the outcome&#x27;s title" in bad.content.decode()
    response = client.post(url, {**data, "file": SimpleUploadedFile("pb.csv", CSV.encode())})
    assert response.status_code == 302
    assert PBFramework.objects.get(code="P&B 2026-27").outcomes.count() == 3
    client.force_login(field_user)
    assert client.get(url).status_code in (302, 403)


def test_an_import_under_french_keeps_the_french_titles(admin_user):
    """A framework file's titles are English: re-importing it from a French page updates the
    English titles and leaves the French ones alone."""
    from django.utils import translation

    pb_framework_import(file=io.BytesIO(CSV.encode()), code="P&B 2026-27",
                        title="P&B 2026–27", start_year=2026, end_year=2027, user=admin_user)
    outcome = PBOutcome.objects.get(framework__code="P&B 2026-27", code="1")
    outcome.title_fr = "Titre français"
    outcome.save()
    changed = CSV.replace(outcome.title_en, "A new English title")
    with translation.override("fr"):
        result = pb_framework_import(file=io.BytesIO(changed.encode()), code="P&B 2026-27",
                                     title="P&B 2026–27", start_year=2026, end_year=2027,
                                     user=admin_user)
    assert result.errors == [] and result.updated == ["1"], (result.errors, result.updated)
    outcome.refresh_from_db()
    assert (outcome.title_en, outcome.title_fr) == ("A new English title", "Titre français")
