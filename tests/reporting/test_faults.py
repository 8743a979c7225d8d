"""Faults of a report (issue 17, point 4): a worker killed in the middle of a render leaves
the run to be taken again, and the report is made; a report that fails says why, on its page
and in the inbox of the person who asked, and can be tried again."""
from __future__ import annotations

import time

import pytest
from django.db import connection, transaction
from django.urls import reverse

from core.notifications.models import Notification
from programmes.models import ResultSnapshot
from reporting import services
from reporting.models import ReportRun
from reporting.notifications import REPORT_FAILED
from reporting.tasks import render_report


@pytest.fixture
def media_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture
def celery_worker_environment(media_dir):
    # A message left unacknowledged by a dead worker is visible again after 2 s.
    return {"DJANGO_MEDIA_ROOT": str(media_dir), "DWCP_BROKER_VISIBILITY_TIMEOUT": "2"}


@pytest.mark.worker
@pytest.mark.postgres("a worker process; a table lock")
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_render_leaves_the_run_to_be_taken_again_and_the_report_is_made(
        report_data, manager_user, settings, media_dir, celery_worker_process,
        django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = media_dir
    table = ResultSnapshot._meta.db_table
    with django_capture_on_commit_callbacks(execute=False):  # recorded, not yet sent
        run, _ = services.report_request(user=manager_user, kind="dwcp",
                                         parameters={"country": "ALB"})
    # The render waits on the results it reads, held here: the worker is in the middle of
    # it when it is killed.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
        render_report.delay(run_id=run.pk)
        celery_worker_process.wait_for(
            lambda: ReportRun.objects.get(pk=run.pk).status == ReportRun.Status.RUNNING,
            what="the worker to start rendering")
        time.sleep(0.5)
        celery_worker_process.kill()

    run.refresh_from_db()
    assert run.status == ReportRun.Status.RUNNING and not run.file

    time.sleep(2.5)  # past the visibility timeout: the broker hands the message out again
    celery_worker_process.start()
    celery_worker_process.wait_for(
        lambda: ReportRun.objects.get(pk=run.pk).status in (ReportRun.Status.DONE,
                                                             ReportRun.Status.FAILED),
        timeout=180, what="the redelivered report")
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE, run.error
    assert run.file.read().startswith(b"%PDF")


@pytest.mark.django_db
def test_a_failed_report_says_why_and_can_be_tried_again(report_data, manager_user, client,
                                                         settings, tmp_path,
                                                         django_capture_on_commit_callbacks):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("the report store is a file here: nothing can be written under it")
    settings.MEDIA_ROOT = blocked / "media"
    client.force_login(manager_user)
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(reverse("reporting:home"),
                            {"kind": "dwcp", "country": "ALB", "language": "en"})
    run = ReportRun.objects.get()
    assert asked.status_code == 302
    assert run.status == ReportRun.Status.FAILED
    assert run.error.startswith("The report could not be stored: NotADirectoryError")

    page = client.get(reverse("reporting:run-detail", args=[run.pk])).content.decode()
    assert "The report could not be stored" in page and "Try again" in page
    (note,) = Notification.objects.filter(recipient=manager_user, kind=REPORT_FAILED)
    assert note.subject.startswith("Report failed: ")
    assert note.url == reverse("reporting:run-detail", args=[run.pk])

    settings.MEDIA_ROOT = tmp_path / "media"  # the store is back
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("reporting:run-retry", args=[run.pk]))
    second = ReportRun.objects.exclude(pk=run.pk).get()
    assert again.status_code == 302
    assert again["Location"] == reverse("reporting:run-detail", args=[second.pk])
    second.refresh_from_db()
    assert second.status == ReportRun.Status.DONE, second.error
    assert second.file.read().startswith(b"%PDF")
    # A report that did not fail is not "tried again".
    refused = client.post(reverse("reporting:run-retry", args=[second.pk]), follow=True)
    assert "Only a report that failed can be tried again." in refused.content.decode()
    assert ReportRun.objects.count() == 2
