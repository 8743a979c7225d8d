"""Report API: managers list and request runs (the stored run is returned while nothing
changed); field staff are refused; bad parameters are a 400 with field errors."""
import pytest

from reporting.models import ReportRun

pytestmark = pytest.mark.django_db
URL = "/api/v1/report-runs/"


def test_field_staff_are_refused(api_client, field_user):
    api_client.force_authenticate(field_user)
    assert api_client.get(URL).status_code == 403
    assert api_client.post(URL, {"kind": "dwcp", "parameters": {"country": "ALB"}},
                           format="json").status_code == 403


def test_manager_requests_and_gets_the_stored_run(api_client, report_data, manager_user,
                                                  django_capture_on_commit_callbacks):
    api_client.force_authenticate(manager_user)
    with django_capture_on_commit_callbacks(execute=True):
        first = api_client.post(URL, {"kind": "dwcp", "parameters": {"country": "ALB"}},
                                format="json")
    assert first.status_code == 201
    run = ReportRun.objects.get()
    assert run.status == "done"
    again = api_client.post(URL, {"kind": "dwcp", "parameters": {"country": "ALB"}},
                            format="json")
    assert again.status_code == 200 and again.json()["id"] == run.pk
    listed = api_client.get(URL).json()
    assert listed["results"][0]["status"] == "done"


def test_bad_parameters_are_field_errors(api_client, report_data, manager_user):
    api_client.force_authenticate(manager_user)
    response = api_client.post(URL, {"kind": "dwcp", "parameters": {"country": "XXX"}},
                               format="json")
    assert response.status_code == 400
    assert "country" in str(response.json())
    assert not ReportRun.objects.exists()
