"""The results workbook through the API (issue 15, point 1), the page's flow and rules: upload
(checked by the worker, nothing written) → the import's rows and row errors by sheet, row and
column → apply all or nothing, or discard. Field staff import their countries' rows only
(another country's rows are errors in the country column); each sees only their own imports;
a file that is no workbook is a 400 on the field."""
import datetime as dt
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from core.models import TaskRun
from core.roles import Role
from programmes.models import Indicator, ProgressUpdate, UpdateStatus
from tests.factories import UserFactory, country
from tests.programmes.test_workbook_views import XLSX, _good, _indicator_row, _xlsx

pytestmark = pytest.mark.django_db
URL = "/api/v1/workbook-imports/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _kept(media) -> list[str]:
    folder = media / "workbooks"
    return sorted(os.listdir(folder)) if folder.exists() else []


def _upload(api_client, content: bytes, name: str = "results.xlsx", **data):
    """Upload, the worker checking it in-process (what the request's commit would send)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return api_client.post(URL, {"file": SimpleUploadedFile(name, content, XLSX), **data},
                               format="multipart")


def _checked(api_client, content: bytes, **data) -> dict:
    created = _upload(api_client, content, **data)
    assert created.status_code == 202, created.content
    return api_client.get(f"{URL}{created.json()['id']}/").json()


def test_upload_check_then_apply(api_client, field_user, media):
    api_client.force_authenticate(field_user)
    created = _upload(api_client, _good(), name="alb.xlsx")
    assert created.status_code == 202
    run = api_client.get(f"{URL}{created.json()['id']}/").json()
    assert run["status"] == "succeeded" and run["file_name"] == "alb.xlsx"
    assert run["row_errors"] == [] and run["can_apply"] is True
    assert {(r["sheet"], r["action"]) for r in run["rows"]} == {
        ("Indicators", "create"), ("Progress", "create")}
    assert Indicator.objects.count() == 0  # the check wrote nothing
    applied = api_client.post(f"{URL}{run['id']}/apply/")
    assert applied.status_code == 200, applied.content
    body = applied.json()
    assert body["applied"] is True
    assert body["counts"] == {"Indicators.create": 2, "Progress.create": 2}
    assert set(Indicator.objects.values_list("code", flat=True)) == {"ALB101.1", "ALB101.2"}
    assert set(ProgressUpdate.objects.values_list("status", flat=True)) == {
        UpdateStatus.SUBMITTED}
    assert _kept(media) == []  # forgotten once applied
    again = api_client.post(f"{URL}{run['id']}/apply/")
    assert again.status_code == 400 and "no longer kept" in again.json()["detail"]
    assert api_client.get(f"{URL}{run['id']}/").json()["can_apply"] is False


def test_rows_of_a_country_out_of_scope_are_row_errors_and_apply_is_refused(
        api_client, field_user_africa, media):
    api_client.force_authenticate(field_user_africa)
    run = _checked(api_client, _good())
    errors = run["row_errors"]
    assert errors and {(e["sheet"], e["column"]) for e in errors} == {("Indicators", "country")}
    assert {e["row"] for e in errors} == {2, 3}
    assert run["can_apply"] is False and run["error_count"] == len(errors)
    refused = api_client.post(f"{URL}{run['id']}/apply/")
    assert refused.status_code == 400
    assert refused.json()["row_errors"][0]["column"] == "country"
    assert Indicator.objects.count() == 0 and _kept(media) == []


def test_a_row_error_names_sheet_row_and_column(api_client, field_user):
    api_client.force_authenticate(field_user)
    run = _checked(api_client, _xlsx([_indicator_row(), _indicator_row(
        indicator_code="ALB101.2", baseline_value="lots")]))
    assert [(e["sheet"], e["row"], e["column"]) for e in run["row_errors"]] == [
        ("Indicators", 3, "baseline_value")]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("results.xlsx", b"these bytes are not a workbook", "is not an Excel workbook (.xlsx)"),
    ("results.csv", b"country,dwcp_start\nALB,2020\n", "Choose an Excel workbook (.xlsx)"),
])
def test_a_file_that_is_no_workbook_is_a_400_on_the_field(api_client, field_user, media,
                                                         name, content, message):
    api_client.force_authenticate(field_user)
    response = _upload(api_client, content, name=name)
    assert response.status_code == 400
    assert message in response.json()["file"][0]
    assert _kept(media) == [] and not TaskRun.objects.exists()


def test_no_file_is_a_400_on_the_field(api_client, field_user):
    api_client.force_authenticate(field_user)
    response = api_client.post(URL, {}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()


def test_field_staff_may_not_name_an_approver(api_client, field_user):
    colleague = UserFactory(username="field.alb.2", role=Role.FIELD_STAFF,
                            countries=[country("ALB")])
    api_client.force_authenticate(field_user)
    response = _upload(api_client, _good(), approver=colleague.pk)
    assert response.status_code == 400 and "approver" in response.json()


def test_an_administrator_names_the_colleague_who_approved(api_client, admin_user,
                                                          manager_user):
    api_client.force_authenticate(admin_user)
    run = _checked(api_client, _good(), approver=manager_user.pk)
    assert run["approver"] == manager_user.pk
    assert api_client.post(f"{URL}{run['id']}/apply/").status_code == 200
    update = ProgressUpdate.objects.get(indicator__code="ALB101.1")
    assert (update.status, update.decided_by) == (UpdateStatus.APPROVED, manager_user)
    bad = _upload(api_client, _good(), approver=admin_user.pk)  # never oneself
    assert bad.status_code == 400 and "approver" in bad.json()


def test_imports_are_their_uploader_s_only(api_client, field_user):
    colleague = UserFactory(username="field.alb.2", role=Role.FIELD_STAFF,
                            countries=[country("ALB")])
    api_client.force_authenticate(colleague)
    theirs = _checked(api_client, _good())
    api_client.force_authenticate(field_user)
    assert api_client.get(URL).json()["count"] == 0
    assert api_client.get(f"{URL}{theirs['id']}/").status_code == 404
    assert api_client.post(f"{URL}{theirs['id']}/apply/").status_code == 404
    assert api_client.delete(f"{URL}{theirs['id']}/").status_code == 404
    assert Indicator.objects.count() == 0


def test_managers_and_specialists_may_not_import(api_client, manager_user, actemp_user):
    for user in (manager_user, actemp_user):
        api_client.force_authenticate(user)
        assert api_client.get(URL).status_code == 403
        assert _upload(api_client, _good()).status_code == 403


def test_discard_forgets_the_upload(api_client, field_user, media):
    api_client.force_authenticate(field_user)
    run = _checked(api_client, _good())
    assert _kept(media)
    assert api_client.delete(f"{URL}{run['id']}/").status_code == 204
    assert _kept(media) == []
    assert api_client.post(f"{URL}{run['id']}/apply/").status_code == 400
    assert Indicator.objects.count() == 0


def test_an_upload_older_than_a_day_is_no_longer_applied(api_client, field_user, media):
    api_client.force_authenticate(field_user)
    run = _checked(api_client, _good())
    TaskRun.objects.filter(pk=run["id"]).update(
        queued_at=TaskRun.objects.get(pk=run["id"]).queued_at - dt.timedelta(hours=25))
    response = api_client.post(f"{URL}{run['id']}/apply/")
    assert response.status_code == 400 and "no longer kept" in response.json()["detail"]
    assert Indicator.objects.count() == 0


def test_an_import_still_being_checked_is_not_applied(api_client, field_user):
    api_client.force_authenticate(field_user)
    created = api_client.post(URL, {"file": SimpleUploadedFile("r.xlsx", _good(), XLSX)},
                              format="multipart")  # the check is not sent (no commit)
    assert created.status_code == 202 and created.json()["status"] == "queued"
    response = api_client.post(f"{URL}{created.json()['id']}/apply/")
    assert response.status_code == 400 and "still being checked" in response.json()["detail"]


def test_the_list_filters_by_status(api_client, field_user):
    api_client.force_authenticate(field_user)
    run = _checked(api_client, _good())
    assert [r["id"] for r in api_client.get(URL, {"status": "succeeded"}).json()[
        "results"]] == [run["id"]]
    assert api_client.get(URL, {"status": "failed"}).json()["count"] == 0
    assert api_client.get(URL, {"status": "nope"}).status_code == 400
