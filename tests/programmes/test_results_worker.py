"""After an approval, a real Celery worker (on Redis) recomputes the indicator's results in
PostgreSQL; the web process computes nothing itself."""
import datetime as dt
from decimal import Decimal

import pytest

from core.models import TaskRun
from core.roles import Role
from programmes.models import Biennium, CpoResult, IndicatorResult
from programmes.services import indicators as svc
from programmes.services import results
from tests.factories import UserFactory, country
from tests.programmes.factories import CpoFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_an_approval_is_recomputed_by_the_worker(celery_worker_process):
    field = UserFactory(username="field.w", role=Role.FIELD_STAFF, countries=[country("ALB")])
    manager = UserFactory(username="manager.w", role=Role.MANAGER)
    cpo = CpoFactory(code="ALB101")
    indicator = svc.indicator_create(
        user=field, cpo=cpo, title="Agreements", baseline_value=Decimal("10"),
        milestones={Biennium.objects.get(code="2012-13"): (Decimal("20"), "")})
    results.results_recompute_all(as_of=dt.date(2014, 1, 1))
    assert IndicatorResult.objects.get(indicator=indicator).status == "no_data"

    update = svc.progress_update_create(user=field, indicator=indicator,
                                        date=dt.date(2013, 5, 1), value=Decimal("20"),
                                        submit=True)
    svc.progress_update_approve(user=manager, update=update)  # commits: the task is sent

    celery_worker_process.wait_for(
        lambda: TaskRun.objects.filter(name="programmes.recompute_pending",
                                       status=TaskRun.Status.SUCCEEDED).exists(),
        timeout=60, what="the recompute of the approved indicator")
    run = TaskRun.objects.get(name="programmes.recompute_pending")
    assert run.parameters == {"indicator_ids": [indicator.pk]}
    assert run.worker  # recorded by the worker process
    assert IndicatorResult.objects.get(indicator=indicator).status == "achieved"
    assert CpoResult.objects.get(cpo=cpo).status == "achieved"
