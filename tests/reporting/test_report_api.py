"""Reports through the API as on the reports pages (issue 15, point 1): every kind of report
the page offers is asked for with the page's parameters and checks (a 400 with the error
under the parameter's name), the run is polled until done, and its PDF and xlsx are
downloaded with the page's access rules (managers and administrators; 404 until done)."""
import io

import pytest
from openpyxl import load_workbook

from reporting.forms import KIND_FIELDS
from reporting.models import ReportKind, ReportRun

pytestmark = pytest.mark.django_db
URL = "/api/v1/report-runs/"


def test_every_kind_of_report_the_page_offers_can_be_asked_for():
    assert set(KIND_FIELDS) == set(ReportKind.values)


def test_request_poll_and_download_a_dwcp_report(api_client, report_data, manager_user,
                                                django_capture_on_commit_callbacks):
    api_client.force_authenticate(manager_user)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        created = api_client.post(URL, {"kind": "dwcp", "parameters": {"country": "alb"},
                                        "language": "fr"}, format="json")
    assert created.status_code == 201
    run = created.json()
    assert run["status"] == "queued" and run["pdf"] is None and run["xlsx"] is None
    assert run["parameters"] == {"country": "ALB"} and run["language"] == "fr"
    # Not rendered yet: no file to download.
    assert api_client.get(f"{URL}{run['id']}/pdf/").status_code == 404
    for callback in queued:  # the worker renders it
        callback()
    polled = api_client.get(f"{URL}{run['id']}/").json()
    assert polled["status"] == "done" and polled["progress"] == 100
    assert polled["pdf"] == f"/api/v1/report-runs/{run['id']}/pdf/"
    pdf = api_client.get(polled["pdf"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    xlsx = api_client.get(polled["xlsx"])
    assert xlsx.status_code == 200
    assert load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).sheetnames


@pytest.mark.parametrize(("kind", "parameters", "field"), [
    ("biennial", {}, "biennium"),
    ("biennial", {"biennium": "2099-00"}, "biennium"),
    ("biennial", {"biennium": "2012-13", "region": "ZZ"}, "region"),
    ("dwcp", {"country": ""}, "country"),
    ("dwcp", {"country": "KEN"}, "country"),  # no DWCP there
    ("capacity", {}, "constituent"),
    ("capacity", {"constituent": "abc"}, "constituent"),
    ("dwcp", {"country": "ALB", "biennium": "2012-13"}, "biennium"),  # not a DWCP parameter
])
def test_bad_parameters_are_400_under_the_parameter(api_client, report_data, manager_user,
                                                    kind, parameters, field):
    api_client.force_authenticate(manager_user)
    response = api_client.post(URL, {"kind": kind, "parameters": parameters}, format="json")
    assert response.status_code == 400
    assert field in response.json()["parameters"], response.json()
    assert not ReportRun.objects.exists()


def test_unknown_kind_and_language_are_field_errors(api_client, manager_user):
    api_client.force_authenticate(manager_user)
    response = api_client.post(URL, {"kind": "annual", "language": "de"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) >= {"kind", "language"}


def test_runs_filter_by_kind_status_and_mine(api_client, report_data, manager_user,
                                             admin_user):
    mine = ReportRun.objects.create(kind="dwcp", parameters={"country": "ALB"},
                                    requested_by=manager_user, input_hash="a")
    ReportRun.objects.create(kind="biennial", parameters={"biennium": "2012-13"},
                             requested_by=admin_user, input_hash="b",
                             status=ReportRun.Status.FAILED, error="boom")
    api_client.force_authenticate(manager_user)
    ids = lambda **q: [r["id"] for r in api_client.get(URL, q).json()["results"]]  # noqa: E731
    assert ids(mine="true") == [mine.pk]
    assert ids(kind="dwcp") == [mine.pk]
    assert len(ids(status="failed")) == 1
    assert len(ids(ordering="requested_at")) == 2
    assert api_client.get(URL, {"status": "lost"}).status_code == 400


def test_field_staff_may_not_ask_poll_or_download(api_client, report_data, field_user):
    """Reports are for managers and administrators, as on the pages: field staff get 403
    everywhere, even for a report of their own country."""
    run = ReportRun.objects.create(kind="dwcp", parameters={"country": "ALB"},
                                   input_hash="c", status=ReportRun.Status.DONE)
    api_client.force_authenticate(field_user)
    assert api_client.post(URL, {"kind": "dwcp", "parameters": {"country": "ALB"}},
                           format="json").status_code == 403
    assert api_client.get(f"{URL}{run.pk}/").status_code == 403
    assert api_client.get(f"{URL}{run.pk}/pdf/").status_code == 403
    assert api_client.get(f"{URL}{run.pk}/xlsx/").status_code == 403
    assert api_client.get("/api/v1/report-definitions/").status_code == 403


def test_a_done_run_whose_file_is_gone_is_a_404(api_client, manager_user):
    run = ReportRun.objects.create(kind="dwcp", parameters={"country": "ALB"},
                                   input_hash="d", status=ReportRun.Status.DONE,
                                   file="reports/gone.pdf")
    api_client.force_authenticate(manager_user)
    assert api_client.get(f"{URL}{run.pk}/pdf/").status_code == 404
    assert api_client.get(f"{URL}{run.pk + 1000}/pdf/").status_code == 404


def test_a_failed_run_is_asked_for_again(api_client, report_data, manager_user, field_user,
                                         django_capture_on_commit_callbacks):
    failed = ReportRun.objects.create(kind="dwcp", parameters={"country": "ALB"},
                                      language="en", status=ReportRun.Status.FAILED,
                                      error="The report could not be stored: OSError",
                                      input_hash="failed", requested_by=manager_user)
    api_client.force_authenticate(field_user)
    assert api_client.post(f"{URL}{failed.pk}/retry/").status_code == 403
    api_client.force_authenticate(manager_user)
    with django_capture_on_commit_callbacks(execute=True):
        again = api_client.post(f"{URL}{failed.pk}/retry/")
    assert again.status_code == 201
    run = ReportRun.objects.get(pk=again.json()["id"])
    assert run.pk != failed.pk and run.status == ReportRun.Status.DONE
    assert (run.kind, run.parameters, run.language) == ("dwcp", {"country": "ALB"}, "en")
    refused = api_client.post(f"{URL}{run.pk}/retry/")
    assert refused.status_code == 400
    assert refused.json()["detail"] == "Only a report that failed can be tried again."
