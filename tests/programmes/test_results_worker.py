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


class TestWithoutRedis:
    """The README allows a broker without REDIS_URL: the cache is then each process's own
    memory, so the web process cannot see the worker free its debounce key. Approvals must
    still be recomputed, also one made just after a run."""

    @pytest.fixture
    def celery_worker_environment(self):
        return {"REDIS_URL": None}

    @pytest.fixture(autouse=True)
    def _memory_cache(self, settings):
        settings.CACHES = {"default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "results-worker-without-redis"}}

    def test_approvals_one_after_another_are_all_recomputed(self, celery_worker_process):
        field = UserFactory(username="field.w", role=Role.FIELD_STAFF,
                            countries=[country("ALB")])
        manager = UserFactory(username="manager.w", role=Role.MANAGER)
        cpo = CpoFactory(code="ALB101")
        first, second = (svc.indicator_create(
            user=field, cpo=cpo, title=title, baseline_value=Decimal("10"),
            milestones={Biennium.objects.get(code="2012-13"): (Decimal("20"), "")})
            for title in ("Agreements", "Inspections"))
        results.results_recompute_all(as_of=dt.date(2014, 1, 1))

        def approve(indicator) -> None:
            update = svc.progress_update_create(user=field, indicator=indicator,
                                                date=dt.date(2013, 5, 1),
                                                value=Decimal("20"), submit=True)
            svc.progress_update_approve(user=manager, update=update)

        def achieved(indicator) -> bool:
            return IndicatorResult.objects.get(indicator=indicator).status == "achieved"

        approve(first)
        celery_worker_process.wait_for(lambda: achieved(first), timeout=60,
                                       what="the recompute of the first approval")
        approve(second)  # seconds later, in the same web process
        celery_worker_process.wait_for(lambda: achieved(second), timeout=30,
                                       what="the recompute of the second approval")
        assert "REDIS_URL" not in celery_worker_process.log()
        assert not TaskRun.objects.filter(name="programmes.recompute_pending",
                                          status=TaskRun.Status.FAILED).exists()
