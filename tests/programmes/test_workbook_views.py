"""The workbook in the browser: template download, upload → preview (what each row would do,
every error by sheet, row and column; nothing written), apply all or nothing from the file
kept for this session, re-applying changes nothing, unreadable files get a message, and who
may do what (field staff and administrators import, managers download the template,
specialists neither)."""
import datetime as dt
import io
import os
import re
import uuid
import zipfile
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from core.roles import Role
from programmes.models import (
    BiennialMilestone,
    Biennium,
    CountryPriority,
    CountryProgrammeOutcome,
    Dwcp,
    Indicator,
    ProgressUpdate,
    UpdateStatus,
)
from programmes.services.workbook import workbook_import, workbook_template
from tests.factories import UserFactory, country

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MODELS = (Dwcp, CountryPriority, CountryProgrammeOutcome, Indicator, BiennialMilestone,
          ProgressUpdate)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def colleague(db):
    return UserFactory(username="field.alb.2", role=Role.FIELD_STAFF, countries=[country("ALB")])


def _url(name: str) -> str:
    return reverse(f"programmes:{name}")


def _indicator_row(**values) -> dict:
    row = {"country": "ALB", "dwcp_start": 2020, "dwcp_end": 2024, "priority_code": "1",
           "priority_title": "Jobs for young people", "cpo_code": "ALB101",
           "cpo_title": "Youth employment policy implemented", "indicator_code": "ALB101.1",
           "indicator_title": "Young people placed in jobs", "unit": "number",
           "baseline_value": 100, "baseline_year": 2019, "target_value": 400,
           "target_year": 2024, "milestone 2020-21": 200, "milestone 2022-23": 300}
    row.update(values)
    return row


def _xlsx(indicators=(), progress=()) -> bytes:
    """The downloaded template filled in with these rows."""
    book = load_workbook(io.BytesIO(workbook_template()))
    for name, rows in (("Indicators", indicators), ("Progress", progress)):
        sheet = book[name]
        headers = [cell.value for cell in sheet[1]]
        for row in rows:
            sheet.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _good() -> bytes:
    return _xlsx([
        _indicator_row(),
        _indicator_row(indicator_code="ALB101.2", indicator_title="Share of women placed",
                       unit="percentage", baseline_value=30, target_value=50,
                       **{"milestone 2020-21": 40, "milestone 2022-23": 45}),
    ], [
        {"indicator_code": "ALB101.1", "date": "2020-12-31", "value": 150, "women": 70,
         "men": 80, "source": "Employment service register"},
        {"indicator_code": "ALB101.2", "date": "2021-06-30", "numerator": 21,
         "denominator": 50},
    ])


def _upload(client, content: bytes, name: str = "results.xlsx", **data):
    """Upload as the browser does; the request's commit sends the check to the tasks, which
    run in-process here (the test's transaction never commits: run what it would send)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(_url("workbook"), {"file": SimpleUploadedFile(name, content,
                                                                             XLSX), **data})
    if response.status_code == 202:  # "checking…": the page looks again, as the browser does
        run = re.search(r"\?run=(\d+)", response.content.decode()).group(1)
        response = client.get(_url("workbook"), {"run": run})
    return response


def _token(html: str) -> str:
    return re.search(r'name="token" value="([0-9a-f]{32})"', html).group(1)


def _apply(client, html: str):
    return client.post(_url("workbook-apply"), {"token": _token(html)})


def _counts() -> dict:
    return {model.__name__: model.objects.count() for model in MODELS}


def _history() -> dict:
    return {model.__name__: model.history.count() for model in MODELS}


def _kept(media) -> list[str]:
    folder = media / "workbooks"
    return sorted(os.listdir(folder)) if folder.exists() else []


def _cells(html: str, table_class: str = "") -> list[list[str]]:
    """The rows of the first table (of ``table_class``) as lists of cell texts."""
    start = html.index(f'<table class="table {table_class}'.rstrip())
    table = html[start:html.index("</table>", start)]
    body = table[table.index("<tbody>"):]
    return [[unescape(re.sub(r"<[^>]+>", "", cell)).strip()
             for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def _messages(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


# --- the template -----------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["field_user", "admin_user", "manager_user"])
def test_the_template_downloads_as_an_xlsx_with_the_documented_headers(client, request,
                                                                       persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(_url("workbook-template"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == \
        'attachment; filename="dwcp-results-workbook.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Indicators", "Progress", "Read me"]
    milestones = [f"milestone {b.code}" for b in Biennium.objects.order_by("start_year")]
    assert "milestone 2020-21" in milestones
    assert [c.value for c in book["Indicators"][1]] == [  # as in docs/workbook.md
        "country", "dwcp_start", "dwcp_end", "priority_code", "priority_title", "cpo_code",
        "cpo_title", "indicator_code", "indicator_title", "unit", "direction", "cumulative",
        "baseline_value", "baseline_year", "target_value", "target_year", *milestones]
    assert [c.value for c in book["Progress"][1]] == [
        "indicator_code", "date", "value", "numerator", "denominator", "women", "men",
        "source", "narrative"]


def test_the_page_links_the_template_and_offers_the_upload_to_field_staff(client, field_user):
    client.force_login(field_user)
    html = client.get(_url("workbook")).content.decode()
    assert f'href="{_url("workbook-template")}"' in html
    assert 'type="file" name="file"' in html and 'accept=".xlsx,' in html
    assert 'enctype="multipart/form-data"' in html
    assert "you cannot approve them yourself" in html
    assert 'name="approver"' not in html  # field staff do not approve in a colleague's name


def test_managers_download_the_template_but_do_not_import(client, manager_user):
    client.force_login(manager_user)
    html = client.get(_url("workbook")).content.decode()
    assert f'href="{_url("workbook-template")}"' in html
    assert 'type="file"' not in html
    assert _upload(client, _good()).status_code == 403
    assert client.post(_url("workbook-apply"), {"token": uuid.uuid4().hex}).status_code == 403
    assert _counts()["Indicator"] == 0


@pytest.mark.parametrize("persona", ["actemp_user", "actrav_user"])
def test_specialists_may_neither_download_nor_import(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url("workbook")).status_code == 403
    assert client.get(_url("workbook-template")).status_code == 403
    assert _upload(client, _good()).status_code == 403
    assert client.post(_url("workbook-apply"), {"token": uuid.uuid4().hex}).status_code == 403
    assert client.post(_url("workbook-discard")).status_code == 403


@pytest.mark.parametrize("name", ["workbook", "workbook-template", "workbook-apply",
                                  "workbook-discard"])
def test_anonymous_visitors_are_sent_to_sign_in(client, name):
    response = client.get(_url(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- preview ----------------------------------------------------------------------------------

def test_the_preview_shows_what_each_sheet_would_do_and_writes_nothing(client, field_user,
                                                                       media):
    client.force_login(field_user)
    before, history = _counts(), _history()
    response = _upload(client, _good(), name="tirana-office.xlsx")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview of tirana-office.xlsx" in html
    # sheet, to create, to update, to approve, unchanged, rows
    assert _cells(html, "workbook-summary") == [["Indicators", "2", "0", "0", "0", "2"],
                                                ["Progress", "2", "0", "0", "0", "2"]]
    assert "ALB101.1 2020-12-31" in html
    assert "Nothing has been written yet" in html
    assert _counts() == before and _history() == history
    assert _kept(media) == [f"{_token(html)}.xlsx"]


def test_the_preview_lists_every_row_error_and_keeps_nothing(client, field_user, media):
    client.force_login(field_user)
    before = _counts()
    content = _xlsx([
        _indicator_row(),
        _indicator_row(indicator_code="ALB101.2", unit="litres"),
    ], [
        {"indicator_code": "ALB101.1", "date": "31/12/2020", "value": 10},
    ])
    response = _upload(client, content)
    html = response.content.decode()
    assert response.status_code == 400
    errors = _cells(html)
    assert errors[0] == ["Indicators", "3", "unit",
                         "Enter one of number, percentage, qualitative, not “litres”."]
    assert errors[1][:3] == ["Progress", "2", "date"] and "31/12/2020" in errors[1][3]
    assert len(errors) == 2
    assert "2 problems to correct" in html and "Nothing was written" in html
    assert 'name="token"' not in html  # nothing to apply
    assert _counts() == before and _kept(media) == []


def test_field_staff_cannot_import_rows_of_a_country_they_do_not_cover(client,
                                                                       field_user_africa):
    client.force_login(field_user_africa)
    response = _upload(client, _good())
    assert response.status_code == 400
    errors = _cells(response.content.decode())
    assert errors and all(row[0] == "Indicators" and row[2] == "country" for row in errors)
    assert {row[1] for row in errors} == {"2", "3"}
    assert _counts()["Dwcp"] == 0


# --- apply ------------------------------------------------------------------------------------

def test_apply_imports_the_previewed_file_and_forgets_it(client, field_user, media):
    client.force_login(field_user)
    preview = _upload(client, _good()).content.decode()
    response = _apply(client, preview)
    assert response.status_code == 302 and response["Location"] == _url("workbook")
    assert _messages(response) == [
        "The workbook was imported (Indicators: 2 created; Progress: 2 created). Its new "
        "progress updates wait for approval by a colleague in the approval queue."]
    dwcp = Dwcp.objects.get(country__iso3="ALB", start_year=2020, end_year=2024)
    assert list(Indicator.objects.filter(cpo__dwcp=dwcp).order_by("code")
                .values_list("code", flat=True)) == ["ALB101.1", "ALB101.2"]
    assert BiennialMilestone.objects.filter(indicator__cpo__dwcp=dwcp).count() == 4
    first = ProgressUpdate.objects.get(indicator__code="ALB101.1")
    assert (first.date, first.value, first.status, first.submitted_by) == (
        dt.date(2020, 12, 31), 150, UpdateStatus.SUBMITTED, field_user)
    cpo = CountryProgrammeOutcome.objects.get(dwcp=dwcp, code="ALB101")
    assert cpo.history.first().history_change_reason == \
        "Imported from the workbook results.xlsx"  # the name as uploaded, not the kept path
    assert _kept(media) == []
    link = f'href="{reverse("programmes:indicator-detail", args=[first.indicator_id])}"'
    assert link in client.get(_url("workbook")).content.decode()  # once, after the redirect
    assert link not in client.get(_url("workbook")).content.decode()
    again = _apply(client, preview)  # the same preview cannot be applied twice
    assert "no longer current" in _messages(again)[-1]


def test_reapplying_the_same_file_changes_nothing(client, field_user):
    client.force_login(field_user)
    _apply(client, _upload(client, _good()).content.decode())
    counts, history = _counts(), _history()
    preview = _upload(client, _good()).content.decode()
    assert _cells(preview, "workbook-summary") == [["Indicators", "0", "0", "0", "2", "2"],
                                                   ["Progress", "0", "0", "0", "2", "2"]]
    assert "applying this workbook changes nothing" in preview
    response = _apply(client, preview)
    assert _messages(response) == ["The workbook was applied; nothing changed: every row "
                                   "matches what is recorded."]
    assert _counts() == counts and _history() == history


def test_errors_found_at_apply_time_are_shown_and_nothing_is_written(client, field_user,
                                                                     colleague, media):
    client.force_login(field_user)
    preview = _upload(client, _good()).content.decode()
    # Meanwhile a colleague imports the same indicator with another baseline.
    workbook_import(file=io.BytesIO(_xlsx([_indicator_row(baseline_value=90)])),
                    user=colleague)
    counts, history = _counts(), _history()
    response = _apply(client, preview)
    html = response.content.decode()
    assert response.status_code == 400
    assert "The workbook was not imported: 1 error, listed below; nothing was written." in html
    assert _cells(html)[0][:3] == ["Indicators", "2", "baseline_value"]
    assert _counts() == counts and _history() == history and _kept(media) == []


def test_discard_deletes_the_kept_file(client, field_user, media):
    client.force_login(field_user)
    _upload(client, _good())
    assert len(_kept(media)) == 1
    response = client.post(_url("workbook-discard"))
    assert _messages(response) == ["The uploaded workbook was discarded; nothing was written."]
    assert _kept(media) == [] and _counts()["Indicator"] == 0


@pytest.mark.parametrize("token", ["", "../../settings", "0" * 32, uuid.uuid4().hex])
def test_apply_only_takes_the_upload_of_this_session(client, field_user, colleague, media,
                                                     token):
    client.force_login(colleague)
    _upload(client, _good())  # another person's pending upload
    client.force_login(field_user)
    response = client.post(_url("workbook-apply"), {"token": token})
    assert response.status_code == 302
    assert "no longer current" in _messages(response)[0]
    assert _counts()["Indicator"] == 0 and len(_kept(media)) == 1


def test_uploads_older_than_a_day_expire_and_are_swept(client, field_user, colleague, media):
    client.force_login(colleague)
    _upload(client, _good())
    [abandoned] = _kept(media)
    old = (dt.datetime.now() - dt.timedelta(days=2)).timestamp()
    os.utime(media / "workbooks" / abandoned, (old, old))

    client.force_login(field_user)
    preview = _upload(client, _good()).content.decode()
    assert _kept(media) == [f"{_token(preview)}.xlsx"]  # the abandoned file is gone
    session = client.session
    pending = session["results_workbook_upload"]
    pending["at"] = (dt.datetime.fromisoformat(pending["at"])
                     - dt.timedelta(hours=25)).isoformat()
    session.save()
    response = _apply(client, preview)
    assert "no longer kept" in _messages(response)[0]
    assert _counts()["Indicator"] == 0 and _kept(media) == []


# --- unreadable files -------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "content", "message"), [
    ("results.xlsx", b"these bytes are not a workbook", "is not an Excel workbook (.xlsx)"),
    ("results.csv", b"country,dwcp_start\nALB,2020\n", "Choose an Excel workbook (.xlsx)"),
    ("results.xls", b"\xd0\xcf\x11\xe0 old excel", "Choose an Excel workbook (.xlsx)"),
])
def test_a_file_that_is_no_xlsx_gets_a_message_next_to_the_field(client, field_user, media,
                                                                 name, content, message):
    client.force_login(field_user)
    response = _upload(client, content, name=name)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in re.search(r'<p class="field__error" id="id_file_error">([^<]*)</p>',
                                html).group(1)
    assert _kept(media) == []


def test_a_damaged_workbook_gets_a_message_not_an_error_page(client, field_user, media):
    client.force_login(field_user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # a zip, but no workbook inside
        archive.writestr("notes.txt", "hello")
    response = _upload(client, buffer.getvalue())
    assert response.status_code == 400
    [error] = _cells(response.content.decode())
    assert error[0] == "Workbook"
    assert error[3].startswith("This is not an Excel workbook (.xlsx) that can be read")
    assert _kept(media) == []


def test_a_workbook_larger_than_the_limit_is_refused(client, field_user, media, monkeypatch):
    client.force_login(field_user)
    content = _good()
    monkeypatch.setattr("programmes.forms.workbook.WORKBOOK_MAX_BYTES", len(content) - 1)
    response = _upload(client, content)
    assert response.status_code == 400
    assert "a workbook may be at most" in response.content.decode()
    assert _kept(media) == []


# --- approval -------------------------------------------------------------------------------

def test_an_administrator_may_name_the_colleague_who_approved(client, admin_user, manager_user):
    client.force_login(admin_user)
    html = client.get(_url("workbook")).content.decode()
    assert 'name="approver"' in html
    assert f'<option value="{admin_user.pk}"' not in html  # never oneself
    preview = _upload(client, _good(), approver=manager_user.pk).content.decode()
    assert "approved by" in preview
    _apply(client, preview)
    update = ProgressUpdate.objects.get(indicator__code="ALB101.1")
    assert (update.status, update.submitted_by, update.decided_by) == (
        UpdateStatus.APPROVED, admin_user, manager_user)


def test_field_staff_cannot_approve_on_import(client, field_user, colleague):
    client.force_login(field_user)
    _apply(client, _upload(client, _good(), approver=colleague.pk).content.decode())
    assert set(ProgressUpdate.objects.values_list("status", flat=True)) == {
        UpdateStatus.SUBMITTED}


# --- links --------------------------------------------------------------------------------

def test_the_results_overview_and_approval_queue_link_the_workbook(client, field_user,
                                                                   manager_user, actemp_user):
    link = f'href="{_url("workbook")}"'
    client.force_login(field_user)
    assert link in client.get(_url("results-overview")).content.decode()
    assert link in client.get(_url("approval-queue")).content.decode()
    client.force_login(manager_user)
    assert link in client.get(_url("results-overview")).content.decode()
    assert link not in client.get(_url("approval-queue")).content.decode()
    client.force_login(actemp_user)
    assert link not in client.get(_url("results-overview")).content.decode()


def test_the_template_comes_filled_with_the_user_s_indicators_to_add_progress_to(
        client, field_user):
    """Issue 13, point 5: the downloaded workbook holds the indicators (with milestones) of
    the user's DWCPs in force, so they only add progress rows; sent back as it is, those rows
    change nothing and the progress is imported."""
    from programmes.models import Dwcp, DwcpStatus

    client.force_login(field_user)
    _apply(client, _upload(client, _good()).content.decode())
    Dwcp.objects.update(status=DwcpStatus.ACTIVE)
    book = load_workbook(io.BytesIO(client.get(_url("workbook-template")).content))
    sheet = book["Indicators"]
    headers = [c.value for c in sheet[1]]
    rows = [dict(zip(headers, (c.value for c in row), strict=False))
            for row in sheet.iter_rows(min_row=2)]
    assert [r["indicator_code"] for r in rows] == ["ALB101.1", "ALB101.2"]
    assert rows[0]["cpo_title"] and rows[0]["baseline_value"] == 100
    assert rows[1]["milestone 2020-21"] == 40
    book["Progress"].append(["ALB101.1", "2021-09-30", 260])
    buffer = io.BytesIO()
    book.save(buffer)
    preview = _upload(client, buffer.getvalue()).content.decode()
    assert _cells(preview, "workbook-summary") == [["Indicators", "0", "0", "0", "2", "2"],
                                                   ["Progress", "1", "0", "0", "0", "1"]]
