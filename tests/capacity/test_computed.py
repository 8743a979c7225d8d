"""Computing the capacity figures from the database (capacity/services/computed.py): the
capacity index per level and type, change between rounds, needs coverage, participation by
biennium, group and sex with women's share, reach and cost per participant — checked against
values worked out by hand on a small example — the atomic swap of snapshots, the recompute
queued after writes, and ``manage.py compute_capacity``."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from capacity.models import (
    AssessmentIndex,
    AssessmentRound,
    CapacitySnapshot,
    DimensionChange,
    InterventionFigure,
    InterventionStatus,
    NeedsCoverage,
    NeedStatus,
    NeedTransition,
    ParticipationCount,
    ParticipationFigure,
    ReachFigure,
    Sex,
)
from capacity.services import computed
from capacity.services.needs import need_create
from capacity.services.participation import participation_counts_set
from constituents.models import ConstituentType
from core.models import TaskRun
from programmes.models import Biennium
from tests.capacity.factories import (
    CapacityAssessmentFactory,
    CapacityNeedFactory,
    InterventionFactory,
    ParticipantFactory,
)
from tests.constituents.factories import ConstituentFactory
from tests.factories import country

pytestmark = pytest.mark.django_db
D = Decimal
AS_OF = dt.date(2016, 12, 31)

BASELINE = {"organizing_membership": 2, "research_analysis": 1,
            "social_dialogue_bargaining": 3, "international_labour_standards": 2,
            "women_youth": 1}
FOLLOW_UP_2015 = {"organizing_membership": 3, "research_analysis": 1,
                  "social_dialogue_bargaining": 2, "international_labour_standards": 2,
                  "women_youth": 2}
FOLLOW_UP_2016 = {"organizing_membership": 4, "research_analysis": 2,
                  "social_dialogue_bargaining": 3, "international_labour_standards": 4,
                  "women_youth": 3}


@pytest.fixture
def union():
    return ConstituentFactory(name="Confederation of Trade Unions of Albania",
                              acronym="KSSH", type=ConstituentType.WORKERS)


@pytest.fixture
def business():
    return ConstituentFactory(name="Business Albania", acronym="BA",
                              type=ConstituentType.EMPLOYERS)


@pytest.fixture
def rounds(union):
    baseline = CapacityAssessmentFactory(constituent=union, date=dt.date(2014, 3, 1),
                                         scores=BASELINE)
    first = CapacityAssessmentFactory(constituent=union, date=dt.date(2015, 3, 1),
                                      round=AssessmentRound.FOLLOW_UP, scores=FOLLOW_UP_2015)
    latest = CapacityAssessmentFactory(constituent=union, date=dt.date(2016, 3, 1),
                                       round=AssessmentRound.FOLLOW_UP, scores=FOLLOW_UP_2016)
    return baseline, first, latest


def _indices(assessment) -> dict[tuple[str, str], Decimal]:
    return {(r.axis, r.key): r.index
            for r in AssessmentIndex.objects.filter(snapshot__is_current=True,
                                                    assessment=assessment)}


# --- capacity index and change between rounds -----------------------------------------------

def test_capacity_index_overall_per_level_and_per_capacity_type(rounds):
    baseline, _first, latest = rounds
    computed.capacity_recompute_all(as_of=AS_OF)
    # Scores 2, 1, 3, 2, 1 rescaled: 25, 0, 50, 25, 0. Organizational dimensions: organizing
    # (25), research (0), women and youth (0); enabling environment: social dialogue (50);
    # individual: standards (25). Functional: organizing, women and youth; technical: the rest.
    assert _indices(baseline) == {
        ("overall", ""): D("20.0"),
        ("level", "organizational"): D("8.3"),
        ("level", "enabling_environment"): D("50.0"),
        ("level", "individual"): D("25.0"),
        ("capacity_type", "functional"): D("12.5"),
        ("capacity_type", "technical"): D("25.0"),
    }
    # Follow-up 4, 2, 3, 4, 3 → 75, 25, 50, 75, 50.
    assert _indices(latest)[("overall", "")] == D("55.0")
    assert _indices(latest)[("level", "organizational")] == D("50.0")
    row = AssessmentIndex.objects.get(assessment=latest, axis="level", key="organizational")
    assert row.dimensions == 3


def test_change_is_the_latest_follow_up_against_the_baseline(rounds, union):
    baseline, _first, latest = rounds
    computed.capacity_recompute_all(as_of=AS_OF)
    changes = {c.dimension_code: c for c in DimensionChange.objects.filter(constituent=union)}
    assert {code: c.change for code, c in changes.items()} == {
        "organizing_membership": 2, "research_analysis": 1, "social_dialogue_bargaining": 0,
        "international_labour_standards": 2, "women_youth": 2}
    research = changes["research_analysis"]
    assert (research.baseline_id, research.follow_up_id) == (baseline.pk, latest.pk)
    assert (research.baseline_score, research.latest_score) == (1, 2)
    assert research.dimension.framework_id == latest.framework_id
    assert research.framework_code == "workers"


def test_as_of_an_earlier_date_uses_the_rounds_known_then(rounds, union):
    _baseline, first, latest = rounds
    computed.capacity_recompute_all(as_of=dt.date(2015, 6, 30))
    changes = dict(DimensionChange.objects.filter(constituent=union)
                   .values_list("dimension_code", "change"))
    assert changes["social_dialogue_bargaining"] == -1  # 3 at baseline, 2 in 2015
    assert set(DimensionChange.objects.values_list("follow_up_id", flat=True)) == {first.pk}
    assert not AssessmentIndex.objects.filter(assessment=latest).exists()


def test_no_change_without_a_follow_up(union):
    CapacityAssessmentFactory(constituent=union, date=dt.date(2014, 3, 1), scores=3)
    computed.capacity_recompute_all(as_of=AS_OF)
    assert not DimensionChange.objects.exists()
    assert AssessmentIndex.objects.get(axis="overall").index == D("50.0")


# --- needs coverage -------------------------------------------------------------------------

def test_needs_coverage_is_the_share_of_high_priority_needs_with_an_intervention(
        union, business):
    planned = CapacityNeedFactory(constituent=union, status=NeedStatus.PLANNED)
    with_training = CapacityNeedFactory(constituent=union, status=NeedStatus.NEW)
    InterventionFactory(status=InterventionStatus.ONGOING, end_date=None).needs.add(
        with_training)
    CapacityNeedFactory(constituent=union, status=NeedStatus.REVIEWED)  # nothing planned
    cancelled_only = CapacityNeedFactory(constituent=union, status=NeedStatus.NEW)
    InterventionFactory(status=InterventionStatus.CANCELLED).needs.add(cancelled_only)
    CapacityNeedFactory(constituent=union, status=NeedStatus.DECLINED,
                        decline_reason="Covered by the national federation")  # left out
    CapacityNeedFactory(constituent=union, priority="medium")  # not high priority
    kenyan = ConstituentFactory(country=country("KEN"), type=ConstituentType.EMPLOYERS)
    CapacityNeedFactory(constituent=kenyan, status=NeedStatus.ADDRESSED)
    assert planned  # (covered by its state)

    computed.capacity_recompute_all(as_of=AS_OF)

    rows = {(r.country.iso3, r.constituent_group): r
            for r in NeedsCoverage.objects.select_related("country")}
    assert set(rows) == {("ALB", "workers"), ("KEN", "employers")}
    albania = rows[("ALB", "workers")]
    assert (albania.high_priority, albania.covered, albania.share) == (4, 2, D("50.0"))
    assert (rows[("KEN", "employers")].covered, rows[("KEN", "employers")].share) == \
        (1, D("100.0"))


def test_needs_coverage_as_of_a_past_date_follows_the_dated_review_steps(union):
    need = CapacityNeedFactory(constituent=union, status=NeedStatus.PLANNED,
                               status_changed_on=dt.date(2016, 2, 1))
    NeedTransition.objects.create(need=need, from_status="new", to_status="reviewed",
                                  effective_date=dt.date(2015, 5, 1))
    NeedTransition.objects.create(need=need, from_status="reviewed", to_status="planned",
                                  effective_date=dt.date(2016, 2, 1))
    computed.capacity_recompute_all(as_of=dt.date(2015, 12, 31))
    assert NeedsCoverage.objects.get().covered == 0  # only reviewed at the end of 2015
    computed.capacity_recompute_all(as_of=dt.date(2016, 12, 31))
    assert NeedsCoverage.objects.get().covered == 1


# --- participation, reach and cost ----------------------------------------------------------

@pytest.fixture
def interventions(union, business):
    """2014–15 in Albania: a course with a list of 4 (US$3,000) and a training counted as 10
    workers' representatives (4 women, 6 men; no cost known); 2012–13: a regional course of
    20 (US$1,000); a planned one that took no place yet."""
    listed = InterventionFactory(start_date=dt.date(2014, 5, 5), cost=D("3000"))
    ParticipantFactory(intervention=listed, name="Anna Hoxha", sex=Sex.FEMALE,
                       organization=union.name, constituent=union)
    ParticipantFactory(intervention=listed, name="Besa Kola", sex=Sex.FEMALE,
                       organization="  Independent  union of miners ")
    ParticipantFactory(intervention=listed, name="Dritan Leka", sex=Sex.MALE,
                       participant_group="employers", organization=business.name,
                       constituent=business)
    ParticipantFactory(intervention=listed, name="Elira Marku", sex=Sex.NOT_RECORDED,
                       participant_group="other_government", organization="")
    counted = InterventionFactory(start_date=dt.date(2015, 2, 1), cost=None)
    counted.target_constituents.add(union)
    ParticipationCount.objects.create(intervention=counted, total=10, women=4, men=6,
                                      workers=10)
    regional = InterventionFactory(country=None, start_date=dt.date(2013, 6, 1),
                                   cost=D("1000"))
    ParticipationCount.objects.create(intervention=regional, total=20, women=5, men=10,
                                      sex_not_recorded=5, employers=8, workers=12)
    planned = InterventionFactory(start_date=dt.date(2014, 9, 1), end_date=None,
                                  status=InterventionStatus.PLANNED, cost=D("5000"))
    return listed, counted, regional, planned


def test_participants_by_biennium_group_and_sex_with_womens_share(interventions):
    computed.capacity_recompute_all(as_of=AS_OF)
    rows = {(r.biennium.code, r.country.iso3 if r.country else None, r.participant_group):
            (r.participants, r.women, r.men, r.sex_not_recorded, r.women_share)
            for r in ParticipationFigure.objects.select_related("biennium", "country")}
    assert rows == {
        # 2 women from the list + 4 women and 6 men counted.
        ("2014-15", "ALB", "workers"): (12, 6, 6, 0, D("50.0")),
        ("2014-15", "ALB", "employers"): (1, 0, 1, 0, D("0.0")),
        # Sex not recorded: left out of the share.
        ("2014-15", "ALB", "other_government"): (1, 0, 0, 1, None),
        # Counts by sex spread over the groups in proportion: 8 employers get 2 women,
        # 4 men and 2 not recorded; 12 workers 3, 6 and 3.
        ("2012-13", None, "employers"): (8, 2, 4, 2, D("33.3")),
        ("2012-13", None, "workers"): (12, 3, 6, 3, D("33.3")),
    }


def test_reach_counts_distinct_organizations_and_cost_per_participant(interventions):
    listed, counted, regional, planned = interventions
    computed.capacity_recompute_all(as_of=AS_OF)
    reach = {(r.biennium.code, r.country.iso3 if r.country else None):
             (r.interventions, r.participants, r.organizations, r.cost, r.cost_per_participant)
             for r in ReachFigure.objects.select_related("biennium", "country")}
    assert reach == {
        # The union (on the list and targeted by the counted training), the independent
        # union (by name) and Business Albania; US$3,000 over the 4 on the costed list.
        ("2014-15", "ALB"): (2, 14, 3, D("3000.00"), D("750.00")),
        ("2012-13", None): (1, 20, 0, D("1000.00"), D("50.00")),
    }
    figures = {f.intervention_id: f for f in InterventionFigure.objects.all()}
    assert set(figures) == {listed.pk, counted.pk, regional.pk}  # the planned one took no place
    assert (figures[listed.pk].participants, figures[listed.pk].women,
            figures[listed.pk].women_share, figures[listed.pk].organizations,
            figures[listed.pk].cost_per_participant) == (4, 2, D("66.7"), 3, D("750.00"))
    assert (figures[counted.pk].organizations, figures[counted.pk].cost_per_participant) == \
        (1, None)


@given(groups=st.lists(st.integers(0, 300), min_size=1, max_size=5),
       cut=st.tuples(st.floats(0, 1), st.floats(0, 1)))
def test_a_split_by_sex_spread_over_groups_keeps_both_splits_exact(groups, cut):
    total = sum(groups)
    women = int(total * cut[0])
    men = int((total - women) * cut[1])
    names = [f"g{i}" for i in range(len(groups))]
    split = computed.split_counts_by_sex(dict(zip(names, groups, strict=True)), women=women,
                                         men=men, not_recorded=total - women - men)
    assert sum(w for w, _, _ in split.values()) == women
    assert sum(m for _, m, _ in split.values()) == men
    for name, n in zip(names, groups, strict=True):
        if n:
            assert sum(split[name]) == n and min(split[name]) >= 0
        else:
            assert name not in split


# --- snapshots --------------------------------------------------------------------------------

def test_a_recompute_swaps_in_exactly_one_current_snapshot(rounds, interventions):
    first = computed.capacity_recompute_all(as_of=dt.date(2016, 1, 1))
    second = computed.capacity_recompute_all(as_of=AS_OF)
    assert list(CapacitySnapshot.objects.values_list("pk", "is_current")) == [(second.pk, True)]
    assert second.completed_at is not None and second.as_of == AS_OF
    assert not AssessmentIndex.objects.filter(snapshot_id=first.pk).exists()
    assert ReachFigure.objects.filter(snapshot=second).count() == 2


def test_a_run_never_replaces_figures_of_a_run_started_after_it(rounds):
    older = CapacitySnapshot.objects.create(as_of=AS_OF)  # a slow run, started first
    newer = computed.capacity_recompute_all(as_of=AS_OF)
    assert computed._swap(older) == newer
    assert list(CapacitySnapshot.objects.values_list("pk", "is_current")) == [(newer.pk, True)]


def test_inputs_are_read_with_a_constant_number_of_queries(union):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            computed.capacity_recompute_all(as_of=AS_OF)
        return len(context)

    def add_data(n):
        for i in range(n):
            constituent = ConstituentFactory(type=ConstituentType.WORKERS)
            CapacityAssessmentFactory(constituent=constituent, scores=2)
            CapacityAssessmentFactory(constituent=constituent, scores=3,
                                      date=dt.date(2015, 1, 1),
                                      round=AssessmentRound.FOLLOW_UP)
            CapacityNeedFactory(constituent=constituent)
            course = InterventionFactory(cost=D("100"),
                                         start_date=dt.date(2014 + i % 3, 2, 1))
            ParticipantFactory(intervention=course)
            ParticipantFactory(intervention=course, sex=Sex.MALE)
            counted = InterventionFactory(start_date=dt.date(2015, 2, 1))
            ParticipationCount.objects.create(intervention=counted, total=3, women=1, men=2,
                                              other=3)

    add_data(2)
    computed.capacity_recompute_all(as_of=AS_OF)  # so that each measured run replaces one
    few = queries()
    add_data(6)
    assert queries() == few


# --- recompute after writes -------------------------------------------------------------------

def test_writes_queue_one_recompute_once_they_commit(union, django_capture_on_commit_callbacks):
    cache.delete(computed.SCHEDULED_KEY)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for n in range(3):
            need_create(user=None, constituent=union, description=f"Need {n}",
                        level="organizational", capacity_type="functional",
                        technical_area="organizing", priority="high")
    assert len(callbacks) == 1
    # Tasks run in-process in tests: the run is recorded and its figures are current.
    run = TaskRun.objects.get(name="capacity.recompute_all")
    assert run.status == TaskRun.Status.SUCCEEDED, run.error
    assert run.counts["needs_coverage"] == 1
    assert NeedsCoverage.objects.get(snapshot__is_current=True).high_priority == 3
    assert cache.get(computed.SCHEDULED_KEY) is None  # freed by the run


def test_with_a_broker_a_burst_of_writes_queues_one_delayed_run(
        union, monkeypatch, django_capture_on_commit_callbacks):
    from capacity.tasks import recompute_all

    sent = []
    monkeypatch.setattr(recompute_all, "apply_async",
                        lambda **options: sent.append(options))
    cache.delete(computed.SCHEDULED_KEY)
    course = InterventionFactory(status=InterventionStatus.COMPLETED)
    eager = recompute_all.app.conf.task_always_eager
    recompute_all.app.conf.task_always_eager = False  # as with a broker
    try:
        with django_capture_on_commit_callbacks(execute=True):
            participation_counts_set(user=None, intervention=course, total=2, women=1, men=1,
                                     workers=2)
        with django_capture_on_commit_callbacks(execute=True):
            need_create(user=None, constituent=union, description="Organizing",
                        level="organizational", capacity_type="functional",
                        technical_area="organizing")
    finally:
        recompute_all.app.conf.task_always_eager = eager
        cache.delete(computed.SCHEDULED_KEY)
    run = TaskRun.objects.get(name="capacity.recompute_all")
    assert sent == [{"kwargs": {"run_id": run.pk}, "countdown": computed.DEBOUNCE_SECONDS}]
    assert run.status == TaskRun.Status.QUEUED


def test_no_recompute_is_queued_while_paused_or_after_a_rollback(
        union, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with computed.recompute_paused():
            need_create(user=None, constituent=union, description="Bulk loaded",
                        level="organizational", capacity_type="functional",
                        technical_area="organizing")
        try:
            with transaction.atomic():
                need_create(user=None, constituent=union, description="Rolled back",
                            level="organizational", capacity_type="functional",
                            technical_area="organizing")
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == []


# --- the command ------------------------------------------------------------------------------

def test_compute_capacity_command(rounds, interventions, capsys):
    call_command("compute_capacity", "--as-of", "2016-12-31")
    out = capsys.readouterr().out
    assert "Capacity figures computed as of 2016-12-31" in out
    assert "2 reach rows" in out
    run = TaskRun.objects.get(name="capacity.recompute_all")
    assert run.status == TaskRun.Status.SUCCEEDED and run.parameters == {"as_of": "2016-12-31"}
    snapshot = CapacitySnapshot.objects.get(is_current=True)
    assert snapshot.as_of == AS_OF and snapshot.run_id == run.pk
    assert Biennium.objects.filter(pk__in=ReachFigure.objects.values("biennium")).count() == 2


@pytest.mark.parametrize(("value", "message"), [
    ("yesterday", "--as-of must be a date such as 2021-12-31, not 'yesterday'."),
    ("2999-01-01", "--as-of cannot be in the future (2999-01-01)"),
])
def test_compute_capacity_refuses_a_bad_date_with_a_sentence(value, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("compute_capacity", "--as-of", value)
    assert not CapacitySnapshot.objects.exists()
