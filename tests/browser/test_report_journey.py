"""Browser journey of the reports: a manager opens Reports, picks the DWCP country progress
report (the form swaps in the country field), asks for Albania's, watches the run page while
a real Celery worker process renders it, and downloads the PDF; field staff are refused the
page. (The polling fragment's progress display is tested in tests/reporting/test_runs.py.)"""
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from core.roles import Role
from programmes.models import Biennium, CpoOutcomeLink, PBOutcome
from programmes.services import indicators as svc
from programmes.services import results
from reporting.models import ReportRun
from tests.factories import UserFactory
from tests.programmes.factories import CpoFactory
from tests.programmes.factories_resources import funded_project, link

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path, monkeypatch):
    """One media folder for the live server and the worker process (which reads it from its
    environment), so the page serves the file the worker stored."""
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    monkeypatch.setenv("DJANGO_MEDIA_ROOT", str(media))


def _albania_with_results(field_user):
    """Albania's DWCP with a CPO linked to a P&B outcome, two indicators with a 2012-13
    milestone and an approved update each, a funded project, results computed."""
    approver = UserFactory(username="approver", role=Role.MANAGER)
    biennium = Biennium.objects.get(code="2012-13")
    cpo = CpoFactory(code="ALB101", title="Youth employment policies",
                     planned_resources=Decimal("500000"))
    outcome = PBOutcome.objects.filter(framework__code="SPF 2010-15").order_by("id").first()
    CpoOutcomeLink.objects.create(cpo=cpo, biennium=biennium, pb_outcome=outcome)
    for title, actual in (("Agreements signed", "21"), ("Inspectors trained", "16")):
        indicator = svc.indicator_create(user=field_user, cpo=cpo, title=title,
                                         baseline_value=Decimal("10"),
                                         milestones={biennium: (Decimal("20"), "")})
        update = svc.progress_update_create(user=field_user, indicator=indicator,
                                            date=dt.date(2013, 5, 1), value=Decimal(actual),
                                            submit=True)
        svc.progress_update_approve(user=approver, update=update, recompute=False)
    link(funded_project(years={2013: ("100000", "80000")}), cpo)
    results.results_recompute_all(as_of=dt.date(2014, 3, 1))


def test_manager_generates_and_downloads_albanias_dwcp_report(page, login, manager_user,
                                                              field_user,
                                                              celery_worker_process, tmp_path):
    _albania_with_results(field_user)
    login(manager_user)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    page.wait_for_url(re.compile(r"/reports/$"))
    # The biennial report's fields first; choosing another report swaps in its own.
    assert page.get_by_label("Biennium").is_visible()
    assert page.get_by_label("Country").count() == 0
    page.get_by_label("Report", exact=True).select_option(label="DWCP country progress report")
    page.get_by_label("Country").wait_for()
    assert page.get_by_label("Biennium").count() == 0
    page.screenshot(path=tmp_path / "h14_report_form.png", full_page=True)
    page.get_by_label("Country").select_option(label="Albania")
    page.get_by_role("button", name="Generate", exact=True).click()

    page.wait_for_url(re.compile(r"/reports/runs/\d+/$"))
    status = page.locator("#run-status")
    status.get_by_text(re.compile(r"^(Queued|Running|Done)$")).wait_for()

    download_link = page.get_by_role("link", name="Download the PDF")
    download_link.wait_for(timeout=60_000)
    assert "Done" in status.inner_text()
    page.screenshot(path=tmp_path / "h14_report_done.png", full_page=True)
    run = ReportRun.objects.get()
    assert (run.status, run.kind, run.requested_by) == ("done", "dwcp", manager_user)

    with page.expect_download() as download:
        download_link.click()
    pdf = download.value.path().read_bytes()
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
                    .split())
    assert "Decent Work Country Programme of Albania" in text
    assert "Draft decision" in text
    assert "The Governing Body takes note of the progress of the Decent Work Country " \
           "Programme of Albania" in text


def test_field_staff_get_403_on_the_reports_page(page, login, field_user):
    login(field_user)
    response = page.goto("/reports/")
    assert response.status == 403
    assert page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Reports").count() == 0
