"""After writes to capacity data, a real Celery worker (on Redis) computes the capacity
figures in PostgreSQL; the web process computes nothing itself and a burst of writes queues one
run."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache

from capacity.models import (
    AssessmentIndex,
    CapacitySnapshot,
    DimensionChange,
    InterventionStatus,
    NeedsCoverage,
    ReachFigure,
)
from capacity.services import computed
from capacity.services.assessments import assessment_create
from capacity.services.interventions import intervention_create
from capacity.services.needs import need_create
from capacity.services.participation import participation_counts_set
from constituents.models import ConstituentType
from core.models import TaskRun
from core.roles import Role
from tests.capacity.factories import framework
from tests.constituents.factories import ConstituentFactory
from tests.factories import UserFactory, country

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _scores(value: int) -> dict[str, int]:
    return {d.code: value for d in framework("workers").dimensions.all()}


def test_the_worker_computes_the_figures_after_writes(celery_worker_process):
    cache.delete(computed.SCHEDULED_KEY)
    actrav = UserFactory(username="actrav.w", role=Role.ACTRAV)
    field = UserFactory(username="field.w", role=Role.FIELD_STAFF, countries=[country("ALB")])
    union = ConstituentFactory(name="Confederation of Trade Unions of Albania",
                               type=ConstituentType.WORKERS)
    # Each service call commits on its own (no request transaction here): a burst of writes.
    assessment_create(user=actrav, constituent=union, framework=framework("workers"),
                      date=dt.date(2014, 3, 1), method="actrav", round="baseline",
                      assessors="ACTRAV specialist", scores=_scores(2))
    assessment_create(user=actrav, constituent=union, framework=framework("workers"),
                      date=dt.date(2016, 3, 1), method="actrav", round="follow_up",
                      assessors="ACTRAV specialist", scores=_scores(4))
    need = need_create(user=actrav, constituent=union, description="Organizing young workers",
                       level="organizational", capacity_type="functional",
                       technical_area="organizing", priority="high")
    course = intervention_create(
        user=field, title="Organizing in the informal economy", method="training",
        provider="actrav", technical_area="organizing", country=country("ALB"),
        target_group="workers", start_date=dt.date(2016, 5, 2),
        end_date=dt.date(2016, 5, 6), status=InterventionStatus.COMPLETED,
        levels=["individual"], target_constituents=[union], needs=[need],
        cost=Decimal("2400"))
    participation_counts_set(user=field, intervention=course, total=12, women=5, men=7,
                             workers=12)
    assert not CapacitySnapshot.objects.exists()  # nothing computed in this process

    def computed_with_participation() -> bool:
        # The figures are current a moment before their run records its end.
        return ReachFigure.objects.filter(snapshot__is_current=True, participants=12,
                                          snapshot__run__status=TaskRun.Status.SUCCEEDED
                                          ).exists()

    celery_worker_process.wait_for(computed_with_participation, timeout=90,
                                   what="the capacity figures computed by the worker")
    runs = TaskRun.objects.filter(name="capacity.recompute_all")
    assert runs.filter(status=TaskRun.Status.SUCCEEDED).exists()
    assert runs.count() < 5  # debounced: five writes, not five runs
    run = runs.filter(status=TaskRun.Status.SUCCEEDED).order_by("-finished_at").first()
    assert run.worker  # recorded by the worker process
    snapshot = CapacitySnapshot.objects.get(is_current=True)
    assert AssessmentIndex.objects.get(snapshot=snapshot, assessment__date=dt.date(2016, 3, 1),
                                       axis="overall").index == Decimal("75.0")
    assert set(DimensionChange.objects.filter(snapshot=snapshot)
               .values_list("change", flat=True)) == {2}
    coverage = NeedsCoverage.objects.get(snapshot=snapshot)
    assert (coverage.high_priority, coverage.covered, coverage.share) == (1, 1, Decimal("100.0"))
    reach = ReachFigure.objects.get(snapshot=snapshot)
    assert (reach.organizations, reach.cost_per_participant) == (1, Decimal("200.00"))
