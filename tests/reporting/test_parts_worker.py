"""A long report is laid out in parts by the worker as deployed (issue 11, point 8): a real
Celery worker with the prefork pool of docker-compose.yml renders the biennial report's
appendix in parts on several processes, and the stored PDF reads as one tagged document."""
import datetime as dt
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from programmes.models import Biennium
from programmes.services import indicators as svc
from programmes.services import results
from reporting import services
from reporting.models import ReportRun
from tests.factories import UserFactory, country
from tests.programmes.factories import CountryPriorityFactory, CpoFactory, DwcpFactory
from tests.reporting.conftest import AS_OF
from tests.reporting.helpers import page_lines, pdf_words

pytestmark = pytest.mark.worker


@pytest.fixture
def media_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture
def celery_worker_pool():
    return ("prefork", 2)


@pytest.fixture
def celery_worker_environment(media_dir):
    """Two processes per long report, and "long" from two country tables on."""
    return {"DJANGO_MEDIA_ROOT": str(media_dir), "REPORT_RENDER_WORKERS": "2",
            "REPORT_PARTS_MIN_TABLES": "2"}


@pytest.mark.django_db(transaction=True)
def test_the_worker_lays_a_long_report_out_in_parts(report_data, settings, media_dir,
                                                    celery_worker_process):
    settings.MEDIA_ROOT = media_dir
    biennium = Biennium.objects.get(code="2012-13")
    senegal = CpoFactory(code="SEN101", title="Social protection floor extended",
                         priority=CountryPriorityFactory(
                             dwcp=DwcpFactory(country=country("SEN"))))
    field_sen = UserFactory(username="field.sen", role="field_staff",
                            countries=[country("SEN")])
    covered = svc.indicator_create(user=field_sen, cpo=senegal, title="Workers covered",
                                   baseline_value=Decimal("30"),
                                   milestones={biennium: (Decimal("40"), "")})
    update = svc.progress_update_create(user=field_sen, indicator=covered,
                                        date=dt.date(2013, 4, 1), value=Decimal("35"),
                                        submit=True)
    svc.progress_update_approve(user=UserFactory(username="approver.sen", role="manager"),
                                update=update, recompute=False)
    results.results_recompute_all(as_of=AS_OF)

    run, _ = services.report_request(user=UserFactory(username="manager.parts", role="manager"),
                                     kind="biennial",
                                     parameters={"biennium": "2012-13", "region": ""})
    celery_worker_process.wait_for(
        lambda: ReportRun.objects.get(pk=run.pk).status in (ReportRun.Status.DONE,
                                                             ReportRun.Status.FAILED),
        what="the report", timeout=180)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE, run.error
    pdf = run.file.read()
    assert "report laid out in 2 parts on 2 processes" in celery_worker_process.log()

    pages = [page_lines(words) for words in pdf_words(pdf)]
    lines = [line for page in pages for line in page]
    captions = [line for line in lines if line.startswith("Table ") and "indicators" in line]
    assert [c.split(". ", 1)[1] for c in captions[-2:]] == [
        "Albania: indicators, 2012–13", "Senegal: indicators, 2012–13"]
    assert [page[-1] for page in pages] == [str(n) for n in range(1, len(pages) + 1)]
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
