"""An uploaded workbook is checked by a real Celery worker (issue 18, item 1): the upload's
request ends at once with "checking…", the page looks again until the worker has kept what it
found, then shows the preview; nothing is written by the check."""
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import TaskRun
from core.roles import Role
from programmes.models import Indicator
from programmes.services.workbook.preview_run import PREVIEW_TASK
from tests.factories import UserFactory, country
from tests.programmes.test_workbook_views import XLSX, _good

pytestmark = pytest.mark.worker


@pytest.fixture
def media_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture
def celery_worker_environment(media_dir):
    """The worker reads the upload where the web process keeps it."""
    return {"DJANGO_MEDIA_ROOT": str(media_dir)}


@pytest.mark.django_db(transaction=True)
def test_the_worker_checks_an_uploaded_workbook(client, settings, media_dir,
                                                celery_worker_process):
    settings.MEDIA_ROOT = media_dir
    user = UserFactory(username="w.field", role=Role.FIELD_STAFF, countries=[country("ALB")])
    client.force_login(user)
    url = reverse("programmes:workbook")
    response = client.post(url, {"file": SimpleUploadedFile("results.xlsx", _good(), XLSX)})
    run = TaskRun.objects.get(name=PREVIEW_TASK, requested_by=user)
    if response.status_code == 202:  # still checking: the page says so and looks again
        assert f"?run={run.pk}" in response.content.decode()
        celery_worker_process.wait_for(
            lambda: TaskRun.objects.get(pk=run.pk).status == TaskRun.Status.SUCCEEDED,
            what="the workbook's check")
        response = client.get(url, {"run": run.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview of results.xlsx" in html
    assert re.search(r'name="token" value="[0-9a-f]{32}"', html)
    run.refresh_from_db()
    assert run.counts == {"rows": 4, "errors": 0}  # 2 indicators, 2 progress updates
    assert PREVIEW_TASK in celery_worker_process.log()  # checked by the worker process
    assert not Indicator.objects.exists()
