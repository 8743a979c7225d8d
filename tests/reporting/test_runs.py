"""Report runs: queued → running → done on the worker, failures with a reason, a stored PDF
reused while nothing changed, one claim per run; the pages (managers and administrators
only), the polled progress fragment, downloads, history with pinned query counts, and the
escaping of hostile front matter."""
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core import policy
from core.roles import Role
from programmes.models import ProjectFunding
from reporting import services
from reporting.models import ReportDefinition, ReportRun
from tests.factories import UserFactory
from tests.reporting.helpers import pdf_text

pytestmark = pytest.mark.django_db
HOSTILE = '<script>alert(1)</script><img src="http://example.org/x.png">'


def _request(user, **kwargs):
    kwargs.setdefault("kind", "dwcp")
    kwargs.setdefault("parameters", {"country": "ALB"})
    return services.report_request(user=user, **kwargs)


def test_request_is_rendered_on_the_worker_after_commit(report_data, manager_user,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run, reused = _request(manager_user)
    assert not reused and run.status == "queued" and len(callbacks) == 1
    callbacks[0]()  # the commit queues the task (executed eagerly in tests)
    run.refresh_from_db()
    assert (run.status, run.progress, run.error) == ("done", 100, "")
    assert run.snapshot == report_data["snapshot"] and str(run.as_of) == "2014-03-01"
    assert run.data_fingerprint["snapshot"]["id"] == report_data["snapshot"].pk
    pdf = run.file.read()
    assert pdf.startswith(b"%PDF") and run.pages >= 2 and run.xlsx
    assert "ALB101" in pdf_text(pdf)


def test_unchanged_data_returns_the_stored_run(report_data, manager_user, admin_user,
                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = _request(manager_user)
    first.refresh_from_db()
    stored = first.file.read()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again, reused = _request(admin_user)
    assert reused and again.pk == first.pk and not callbacks
    again.refresh_from_db()
    assert again.file.read() == stored
    # Another language, or changed data, makes a new one; the stored PDF stays as it was.
    with django_capture_on_commit_callbacks(execute=True):
        french, reused = _request(manager_user, language="fr")
    assert not reused and french.pk != first.pk
    funding = ProjectFunding.objects.get()
    funding.expenditure = Decimal("90000")
    funding.save(update_fields=["expenditure", "updated_at"])
    with django_capture_on_commit_callbacks(execute=True):
        changed, reused = _request(manager_user)
    assert not reused and changed.pk != first.pk
    changed.refresh_from_db()
    assert "90.0" in pdf_text(changed.file.read())
    first.refresh_from_db()
    assert first.file.read() == stored


def test_changed_definition_gives_a_new_run(report_data, manager_user,
                                            django_capture_on_commit_callbacks):
    definition = services.definition_create(
        user=manager_user, name="Albania", kind="dwcp", parameters={"country": "ALB"},
        title="Albania progress", symbol="GB.350/POL/3", session=350)
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = _request(manager_user, definition=definition)
    services.definition_update(user=manager_user, definition=definition,
                               title="Albania: progress")
    with django_capture_on_commit_callbacks(execute=True):
        second, reused = _request(manager_user, definition=definition)
    assert not reused and second.pk != first.pk
    second.refresh_from_db()
    assert "Albania: progress" in pdf_text(second.file.read())


def test_failure_is_recorded_with_its_reason(report_data, manager_user,
                                             django_capture_on_commit_callbacks):
    report_data["snapshot"].delete()
    with django_capture_on_commit_callbacks(execute=True):
        run, _ = _request(manager_user)
    run.refresh_from_db()
    assert run.status == "failed" and not run.file
    assert "Results have not been computed yet" in run.error
    with django_capture_on_commit_callbacks(execute=True):
        again, reused = _request(manager_user)
    assert not reused and again.pk != run.pk  # a failed run is never reused
    again.refresh_from_db()
    assert again.status == "failed"


def test_unexpected_error_is_a_reason_too(report_data, manager_user,
                                          django_capture_on_commit_callbacks):
    with (mock.patch("reporting.renderers.pdf.layout_html", side_effect=RuntimeError("boom")),
          django_capture_on_commit_callbacks(execute=True)):
        run, _ = _request(manager_user)
    run.refresh_from_db()
    assert run.status == "failed" and "RuntimeError: boom" in run.error


def test_a_run_is_claimed_once(report_data, manager_user):
    run = ReportRun.objects.create(kind="dwcp", parameters={"country": "ALB"}, input_hash="x",
                                   requested_by=manager_user)
    assert services.report_run_claim(run_id=run.pk)
    assert not services.report_run_claim(run_id=run.pk)
    services.report_run_execute(run_id=run.pk)  # already running elsewhere: left alone
    run.refresh_from_db()
    assert run.status == "running" and not run.file


def test_field_staff_and_specialists_cannot_request(report_data, field_user, actemp_user):
    for user in (field_user, actemp_user):
        with pytest.raises(PermissionDenied):
            _request(user)


# --- pages -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["reporting:home", "reporting:history",
                                  "reporting:definition-create"])
def test_field_staff_get_403(client, field_user, actrav_user, name):
    for user in (field_user, actrav_user):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 403


def test_run_pages_are_403_for_field_staff(client, report_data, manager_user, field_user):
    run = ReportRun.objects.create(kind="dwcp", parameters={"country": "ALB"}, input_hash="x",
                                   requested_by=manager_user)
    client.force_login(field_user)
    for name in ("run-detail", "run-status", "run-pdf", "run-xlsx"):
        assert client.get(reverse(f"reporting:{name}", args=[run.pk])).status_code == 403


def test_manager_generates_follows_and_downloads(client, report_data, manager_user,
                                                 django_capture_on_commit_callbacks):
    client.force_login(manager_user)
    page = client.get(reverse("reporting:home"))
    assert page.status_code == 200 and "Generate a report" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("reporting:home"),
                               {"kind": "dwcp", "country": "ALB", "language": "en"})
    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:run-detail", args=[run.pk])
    fragment = client.get(reverse("reporting:run-status", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in fragment and "0 per cent" in fragment
    callbacks[0]()
    fragment = client.get(reverse("reporting:run-status", args=[run.pk])).content.decode()
    assert "hx-trigger" not in fragment and reverse("reporting:run-pdf", args=[run.pk]) \
        in fragment
    pdf = client.get(reverse("reporting:run-pdf", args=[run.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    xlsx = client.get(reverse("reporting:run-xlsx", args=[run.pk]))
    assert xlsx.status_code == 200


def test_failed_run_shows_its_reason(client, report_data, manager_user):
    run = ReportRun.objects.create(kind="dwcp", parameters={"country": "ALB"}, input_hash="x",
                                   requested_by=manager_user, status="failed",
                                   error="Results have not been computed yet.")
    client.force_login(manager_user)
    page = client.get(reverse("reporting:run-detail", args=[run.pk])).content.decode()
    # Nothing polls the run any more (the header's notification count is not the run's).
    status_url = reverse("reporting:run-status", args=[run.pk])
    assert "Results have not been computed yet." in page and status_url not in page
    assert client.get(reverse("reporting:run-pdf", args=[run.pk])).status_code == 404


def test_bad_request_shows_field_errors(client, report_data, manager_user):
    client.force_login(manager_user)
    response = client.post(reverse("reporting:home"), {"kind": "dwcp", "language": "en"})
    assert response.status_code == 400
    assert "Choose the country." in response.content.decode()
    response = client.post(reverse("reporting:home"), {"kind": "biennial", "language": "en"})
    assert "Choose the biennium." in response.content.decode()
    assert not ReportRun.objects.exists()


def test_definition_form_saves_and_generates(client, report_data, manager_user,
                                             django_capture_on_commit_callbacks):
    client.force_login(manager_user)
    response = client.post(reverse("reporting:definition-create"), {
        "name": "Hostile", "kind": "dwcp", "language": "en", "country": "ALB",
        "title": "Title " + HOSTILE, "place": "Genève", "session": "350",
        "symbol": "GB.350/POL/3", "agenda_item": "3", "original_language": "en",
        "purpose": "Purpose " + HOSTILE, "narrative": "Intro " + HOSTILE + "\n- point (a)",
        "draft_decision": "The Governing Body requests the Office " + HOSTILE})
    assert response.status_code == 302
    definition = ReportDefinition.objects.get()
    assert definition.parameters == {"country": "ALB"}
    assert definition.history.first().history_change_reason == "created"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reporting:definition-generate", args=[definition.pk]))
    run = ReportRun.objects.get()
    run.refresh_from_db()
    text = " ".join(pdf_text(run.file.read()).split())
    assert "Title <script>alert(1)</script><img src=\"http://example.org/x.png\">" in text
    assert "THIRD ITEM ON THE AGENDA" in text and "350th Session, Genève" in text
    assert "(a) point (a)" in text


def test_history_lists_who_generated_what_in_constant_queries(
        client, manager_user, admin_user, django_assert_max_num_queries):
    client.force_login(manager_user)

    def make(n):
        for i in range(n):
            ReportRun.objects.create(kind="dwcp", parameters={"country": "ALB"},
                                     input_hash=str(i), requested_by=admin_user,
                                     front_matter={"title": f"Report {i}"})

    make(2)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("reporting:history"))
    make(20)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("reporting:history"))
    body = page.content.decode()
    assert body.count("<tr>") >= 21
    assert (admin_user.get_full_name() or admin_user.username) in body


def test_navigation_shows_reports_to_managers_only(client, manager_user, field_user):
    client.force_login(manager_user)
    assert reverse("reporting:home") in client.get(reverse("home")).content.decode()
    client.force_login(field_user)
    assert reverse("reporting:home") not in client.get(reverse("home")).content.decode()


def test_other_roles_are_refused_by_the_service(field_user):
    assert not policy.USE_REPORTS.allows(field_user)
    assert policy.USE_REPORTS.allows(UserFactory(username="m2", role=Role.MANAGER))


def test_a_document_dated_before_its_figures_is_warned_of(client, report_data, manager_user,
                                                          django_capture_on_commit_callbacks):
    """The results are as of 1 March 2014: a paper dated 1 February 2014 would print
    figures from after its own date. It is saved and made, with a warning each time."""
    client.force_login(manager_user)
    warning = ("The document is dated 1 February 2014, before the figures it prints, which "
               "are as of 1 March 2014.")
    response = client.post(reverse("reporting:definition-create"), {
        "name": "Early", "kind": "dwcp", "language": "en", "country": "ALB", "title": "T",
        "place": "Geneva", "original_language": "en", "document_date": "2014-02-01"},
        follow=True)
    assert warning in response.content.decode()
    definition = ReportDefinition.objects.get()
    page = client.get(reverse("reporting:definition-edit", args=[definition.pk]))
    assert warning in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:definition-generate", args=[definition.pk]),
                               follow=True)
    assert warning in response.content.decode() and ReportRun.objects.count() == 1
    # Dated on the figures' day: no warning.
    definition.document_date = report_data["snapshot"].as_of
    definition.save()
    page = client.get(reverse("reporting:definition-edit", args=[definition.pk]))
    assert "before the figures it prints" not in page.content.decode()
