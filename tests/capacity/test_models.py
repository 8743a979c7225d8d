"""The capacity models: default frameworks loaded by the data migration, database constraints,
who sees what (core.policy), and the computation rules of capacity/computation.py (examples
and properties)."""
import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st

from capacity import computation as c
from capacity.frameworks_data import DEFAULT_FRAMEWORKS
from capacity.frameworks_data import load as load_frameworks
from capacity.models import (
    AssessmentDimension,
    AssessmentFramework,
    CapacityAssessment,
    CapacityLevel,
    CapacityNeed,
    CapacityType,
    DimensionScore,
    Intervention,
    ParticipationCount,
    ScoreDescriptor,
)
from constituents.models import ConstituentType
from core import policy
from tests.capacity.factories import (
    CapacityAssessmentFactory,
    CapacityNeedFactory,
    InterventionFactory,
)
from tests.constituents.factories import ConstituentFactory
from tests.factories import country

# --- default frameworks -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_three_default_frameworks_are_loaded_with_five_dimensions_and_descriptors():
    frameworks = {f.code: f for f in AssessmentFramework.objects.all()}
    assert set(frameworks) >= {"employers", "workers", "labour_administration"}
    expected = {
        "employers": ["Governance and management", "Representativeness and membership",
                      "Financial sustainability", "Services to members",
                      "Evidence-based policy advocacy"],
        "workers": ["Organizing and membership", "Research and analysis",
                    "Social dialogue and collective bargaining",
                    "Use of international labour standards",
                    "Participation of women and youth"],
        "labour_administration": ["Legal and institutional framework",
                                  "Labour inspection and OSH", "Employment policy and services",
                                  "Labour market information", "Social dialogue institutions"],
    }
    for code, names in expected.items():
        fw = frameworks[code]
        assert (fw.version, fw.is_current) == (1, True)
        assert "GB.309/TC/1" in fw.source
        assert list(fw.dimensions.values_list("name", flat=True)) == names
        for dimension in fw.dimensions.all():
            assert dimension.level in CapacityLevel.values
            assert dimension.capacity_type in CapacityType.values
            assert sorted(dimension.descriptors.values_list("score", flat=True)) == \
                [1, 2, 3, 4, 5]
            assert all(d.descriptor for d in dimension.descriptors.all())


@pytest.mark.django_db
def test_loading_the_defaults_again_writes_nothing():
    before = (AssessmentFramework.objects.count(), AssessmentDimension.objects.count(),
              ScoreDescriptor.objects.count())
    assert load_frameworks(AssessmentFramework, AssessmentDimension, ScoreDescriptor) == 0
    assert (AssessmentFramework.objects.count(), AssessmentDimension.objects.count(),
            ScoreDescriptor.objects.count()) == before


@pytest.mark.django_db
def test_a_missing_default_framework_is_loaded_again():
    AssessmentFramework.objects.filter(code="workers").delete()
    created = load_frameworks(AssessmentFramework, AssessmentDimension, ScoreDescriptor)
    assert created == 1 + 5 + 25
    assert AssessmentFramework.objects.get(code="workers").dimensions.count() == 5


def test_default_frameworks_cover_every_level_and_both_capacity_types():
    dims = [d for fw in DEFAULT_FRAMEWORKS for d in fw["dimensions"]]
    assert {d["level"] for d in dims} == set(CapacityLevel.values)
    assert {d["capacity_type"] for d in dims} == set(CapacityType.values)


@pytest.mark.django_db
@pytest.mark.parametrize("code, kind, fits", [
    ("employers", ConstituentType.EMPLOYERS, True),
    ("employers", ConstituentType.WORKERS, False),
    ("workers", ConstituentType.WORKERS, True),
    ("labour_administration", ConstituentType.LABOUR_MINISTRY, True),
    ("labour_administration", ConstituentType.LABOUR_INSPECTORATE, True),
    ("labour_administration", ConstituentType.CSO, False),
])
def test_framework_fits_the_constituent_type(code, kind, fits):
    assert AssessmentFramework.objects.get(code=code).fits_type(kind) is fits


# --- constraints: the database refuses what the services refuse ---------------------------

@pytest.mark.django_db
def test_database_refuses_a_score_outside_the_scale():
    assessment = CapacityAssessmentFactory()
    score = assessment.scores.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        DimensionScore.objects.filter(pk=score.pk).update(score=6)


@pytest.mark.django_db
def test_database_refuses_counts_that_do_not_add_up():
    intervention = InterventionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipationCount.objects.create(intervention=intervention, total=10, women=5, men=5,
                                          workers=9)
    assert ParticipationCount.objects.create(intervention=intervention, total=10, women=5,
                                             men=5, workers=10).pk


@pytest.mark.django_db
def test_database_refuses_a_declined_need_without_reason_and_a_negative_cost():
    need = CapacityNeedFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CapacityNeed.objects.filter(pk=need.pk).update(status="declined")
    with pytest.raises(IntegrityError), transaction.atomic():
        InterventionFactory(cost=D("-5"))


@pytest.mark.django_db
def test_only_one_current_version_per_framework():
    assert AssessmentFramework.objects.get(code="workers").is_current
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentFramework.objects.create(code="workers", version=2, title="Workers v2",
                                           constituent_group="workers", is_current=True)
    assert AssessmentFramework.objects.create(code="workers", version=2, title="Workers v2",
                                              constituent_group="workers",
                                              is_current=False).pk


# --- who sees what ------------------------------------------------------------------------

@pytest.mark.django_db
def test_assessments_and_needs_are_seen_by_their_group_only(actemp_user, actrav_user,
                                                            manager_user, field_user,
                                                            field_user_africa):
    employers_assessment = CapacityAssessmentFactory(
        constituent=ConstituentFactory(type=ConstituentType.EMPLOYERS))
    workers_assessment = CapacityAssessmentFactory(
        constituent=ConstituentFactory(type=ConstituentType.WORKERS))
    kenya = CapacityAssessmentFactory(constituent=ConstituentFactory(
        country=country("KEN"), type=ConstituentType.LABOUR_MINISTRY))
    CapacityNeedFactory(constituent=employers_assessment.constituent)

    def seen(user, model=CapacityAssessment):
        return set(policy.visible(user, model.objects.all()))

    assert seen(actemp_user) == {employers_assessment}
    assert seen(actrav_user) == {workers_assessment}
    assert seen(manager_user) == {employers_assessment, workers_assessment, kenya}
    assert seen(field_user) == {employers_assessment, workers_assessment}
    assert seen(field_user_africa) == {kenya}
    assert len(seen(actemp_user, CapacityNeed)) == 1 and not seen(actrav_user, CapacityNeed)
    assert policy.can_view(actemp_user, employers_assessment.scores.first())
    assert not policy.can_view(actrav_user, employers_assessment.scores.first())


@pytest.mark.django_db
def test_interventions_are_seen_by_all_groups_and_changed_by_their_own(actemp_user,
                                                                       actrav_user):
    intervention = InterventionFactory(target_group="employers", country=None)
    assert set(policy.visible(actrav_user, Intervention.objects.all())) == {intervention}
    assert policy.can_change(actemp_user, intervention)
    assert not policy.can_change(actrav_user, intervention)


@pytest.mark.django_db
def test_frameworks_are_reference_data_changed_by_administrators_only(admin_user, field_user):
    fw = AssessmentFramework.objects.get(code="workers")
    assert policy.can_view(field_user, fw) and not policy.can_change(field_user, fw)
    assert policy.can_change(admin_user, fw)


# --- computation: examples ----------------------------------------------------------------

def test_scores_are_rescaled_to_0_100():
    assert [c.rescale(s) for s in (1, 2, 3, 4, 5)] == [0, 25, 50, 75, 100]
    with pytest.raises(ValueError):
        c.rescale(6)


def test_capacity_index_is_the_mean_of_rescaled_scores():
    assert c.capacity_index([2, 3, 3]) == D("41.7")
    assert c.capacity_index([]) is None


def test_indices_per_level_and_capacity_type():
    indices = c.assessment_indices([
        c.ScoredDimension("organizational", "functional", 2),
        c.ScoredDimension("organizational", "technical", 4),
        c.ScoredDimension("enabling_environment", "technical", 5),
    ])
    assert indices[("overall", "")] == (D("66.7"), 3)
    assert indices[("level", "organizational")] == (D("50.0"), 2)
    assert indices[("level", "enabling_environment")] == (D("100.0"), 1)
    assert indices[("capacity_type", "technical")] == (D("87.5"), 2)
    assert ("level", "individual") not in indices


def point(pk, day, round, scores, constituent=1, code="workers"):
    return c.AssessmentPoint(pk, constituent, code, day, round, scores)


def test_change_is_latest_follow_up_against_the_latest_earlier_baseline():
    changes = c.dimension_changes([
        point(1, dt.date(2012, 1, 1), "baseline", {"org": 1, "res": 2}),
        point(2, dt.date(2014, 1, 1), "baseline", {"org": 2, "res": 2, "ils": 1}),
        point(3, dt.date(2015, 1, 1), "follow_up", {"org": 3, "res": 2}),
        point(4, dt.date(2016, 1, 1), "follow_up", {"org": 4, "res": 1, "ils": 3}),
        point(5, dt.date(2017, 1, 1), "baseline", {"org": 1}),  # after the follow-up
    ])
    assert [(x.dimension_code, x.baseline_id, x.follow_up_id, x.change) for x in changes] == \
        [("ils", 2, 4, 2), ("org", 2, 4, 2), ("res", 2, 4, -1)]


def test_no_change_without_a_follow_up_after_a_baseline():
    assert c.dimension_changes([point(1, dt.date(2014, 1, 1), "baseline", {"org": 2})]) == []
    assert c.dimension_changes([point(1, dt.date(2014, 1, 1), "follow_up", {"org": 2})]) == []


def test_needs_coverage_counts_high_priority_needs_not_declined():
    needs = [
        c.NeedPoint(1, "workers", "high", "planned"),
        c.NeedPoint(1, "workers", "high", "reviewed", ("completed",)),
        c.NeedPoint(1, "workers", "high", "reviewed", ("cancelled",)),
        c.NeedPoint(1, "workers", "high", "new"),
        c.NeedPoint(1, "workers", "high", "declined"),
        c.NeedPoint(1, "workers", "low", "addressed"),
        c.NeedPoint(2, "employers", "medium", "new"),
    ]
    coverage = c.needs_coverage(needs)
    assert set(coverage) == {(1, "workers")}
    assert (coverage[(1, "workers")].high_priority, coverage[(1, "workers")].covered,
            coverage[(1, "workers")].share) == (4, 2, D("50.0"))


def test_participation_by_biennium_group_and_sex_with_womens_share():
    rows = [
        c.ParticipationRow(1, dt.date(2011, 3, 1), 7, "employers", women=3, men=5),
        c.ParticipationRow(2, dt.date(2010, 9, 1), 7, "employers", women=1, men=1,
                           sex_not_recorded=4),
        c.ParticipationRow(3, dt.date(2012, 1, 1), 7, "employers", women=2),
    ]
    result = c.participation_by_biennium(rows)
    tally = result[(2010, 7, "employers")]
    assert (tally.participants, tally.women, tally.men, tally.sex_not_recorded) == (14, 4, 6, 4)
    assert tally.women_share == D("40.0")
    assert result[(2012, 7, "employers")].women_share == D("100.0")


def test_score_programme_womens_share():
    """SCORE: more than 1,700 trained, 33 % women [seeds/001 Box 2]."""
    tally = c.Tally()
    tally.add(c.ParticipationRow(1, dt.date(2012, 1, 1), None, "other", women=561, men=1139))
    assert tally.women_share == D("33.0")


def test_reach_counts_distinct_organizations_and_cost_per_participant():
    points = [
        c.InterventionPoint(1, dt.date(2014, 2, 1), 7, D("1000"), 10, 4, 6,
                            frozenset({"c1", "c2"})),
        c.InterventionPoint(2, dt.date(2015, 2, 1), 7, None, 5, 0, 5, frozenset({"c2", "c3"})),
        c.InterventionPoint(3, dt.date(2015, 3, 1), 7, D("500"), 20, 10, 10,
                            frozenset({"c1"})),
    ]
    reach = c.reach_by_biennium(points)[(2014, 7)]
    assert (reach.interventions, reach.participants, reach.organizations, reach.cost) == \
        (3, 35, 3, D("1500"))
    assert reach.cost_per_participant == D("50.00")  # 1,500 over the 30 costed participants
    figures = c.intervention_figures(points[0])
    assert (figures.organizations, figures.women_share, figures.cost_per_participant) == \
        (2, D("40.0"), D("100.00"))
    assert c.cost_per_participant(D("100"), 0) is None


def test_repeat_trainees_need_different_subjects_in_the_period():
    def a(key, pk, day, area):
        return c.Attendance(key, key, pk, day, area)

    attendances = [a("p1", 1, dt.date(2014, 1, 1), "osh"), a("p1", 2, dt.date(2014, 5, 1), "law"),
                   a("p2", 1, dt.date(2014, 1, 1), "osh"), a("p2", 3, dt.date(2014, 6, 1), "osh"),
                   a("p3", 2, dt.date(2014, 5, 1), "law"), a("p3", 4, dt.date(2016, 1, 1), "osh")]
    flagged = c.repeat_trainees(attendances, start=dt.date(2014, 1, 1), end=dt.date(2014, 12, 31))
    assert [(t.person_key, t.interventions, t.technical_areas) for t in flagged] == \
        [("p1", (1, 2), ("law", "osh"))]


# --- computation: properties --------------------------------------------------------------

scores = st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=30)


@given(scores)
def test_index_stays_within_0_and_100_and_between_the_extreme_scores(values):
    index = c.capacity_index(values)
    assert 0 <= index <= 100
    assert c.rescale(min(values)) - D("0.05") <= index <= c.rescale(max(values)) + D("0.05")


@given(scores, st.integers(min_value=1, max_value=5))
def test_raising_a_score_never_lowers_the_index(values, position):
    i = position % len(values)
    if values[i] == 5:
        return
    higher = [*values[:i], values[i] + 1, *values[i + 1:]]
    assert c.capacity_index(higher) >= c.capacity_index(values)


@given(st.integers(min_value=1, max_value=5), st.integers(min_value=1, max_value=20))
def test_equal_scores_give_their_rescaled_value(score, n):
    assert c.capacity_index([score] * n) == c.rescale(score)


dimension_scores = st.lists(st.builds(
    c.ScoredDimension, level=st.sampled_from(CapacityLevel.values),
    capacity_type=st.sampled_from(CapacityType.values),
    score=st.integers(min_value=1, max_value=5)), min_size=1, max_size=20)


@given(dimension_scores)
def test_the_dimension_counts_of_each_axis_add_up_to_all_dimensions(items):
    indices = c.assessment_indices(items)
    assert indices[("overall", "")][1] == len(items)
    assert sum(n for (axis, _), (_, n) in indices.items() if axis == "level") == len(items)
    assert sum(n for (axis, _), (_, n) in indices.items() if axis == "capacity_type") == \
        len(items)


rounds = st.lists(st.tuples(st.dates(min_value=dt.date(2010, 1, 1),
                                     max_value=dt.date(2020, 12, 31)),
                            st.sampled_from(["baseline", "follow_up"]),
                            st.integers(min_value=1, max_value=5)), max_size=8)


@given(rounds)
def test_a_change_always_compares_a_baseline_with_a_later_follow_up(items):
    points = [point(pk, day, kind, {"org": s}) for pk, (day, kind, s) in enumerate(items, 1)]
    by_id = {p.assessment_id: p for p in points}
    for change in c.dimension_changes(points):
        baseline, follow_up = by_id[change.baseline_id], by_id[change.follow_up_id]
        assert (baseline.round, follow_up.round) == ("baseline", "follow_up")
        assert baseline.date < follow_up.date
        assert change.change == follow_up.scores["org"] - baseline.scores["org"]
        assert -4 <= change.change <= 4


needs = st.lists(st.builds(
    c.NeedPoint, country_id=st.integers(1, 3), group=st.sampled_from(["workers", "employers"]),
    priority=st.sampled_from(["high", "medium", "low"]),
    status=st.sampled_from(["new", "reviewed", "planned", "addressed", "declined"]),
    intervention_states=st.lists(st.sampled_from(["planned", "completed", "cancelled"]),
                                 max_size=2).map(tuple)), max_size=40)


@given(needs)
def test_coverage_is_a_share_of_the_high_priority_needs(items):
    for coverage in c.needs_coverage(items).values():
        assert 0 <= coverage.covered <= coverage.high_priority
        assert coverage.high_priority > 0 and 0 <= coverage.share <= 100
    total = sum(x.high_priority for x in c.needs_coverage(items).values())
    assert total == sum(1 for n in items if n.priority == "high" and n.status != "declined")


participation = st.lists(st.builds(
    c.ParticipationRow, intervention_id=st.integers(1, 10),
    start_date=st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2019, 12, 31)),
    country_id=st.one_of(st.none(), st.integers(1, 3)),
    group=st.sampled_from(["employers", "workers", "other"]),
    women=st.integers(0, 500), men=st.integers(0, 500),
    sex_not_recorded=st.integers(0, 50)), max_size=30)


@given(participation)
def test_participation_tallies_keep_every_participant_once(rows):
    result = c.participation_by_biennium(rows)
    assert sum(t.participants for t in result.values()) == sum(r.total for r in rows)
    for (start, _, _), tally in result.items():
        assert start % 2 == 0
        assert tally.participants == tally.women + tally.men + tally.sex_not_recorded
        if tally.women_share is not None:
            assert 0 <= tally.women_share <= 100


@given(st.decimals(min_value=0, max_value=10**9, places=2), st.integers(1, 10**5))
def test_cost_per_participant_times_participants_gives_back_the_cost(cost, n):
    per = c.cost_per_participant(cost, n)
    assert abs(per * n - cost) <= D("0.005") * n


# --- admin --------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("model", ["assessmentframework", "assessmentdimension",
                                   "capacityassessment", "capacityneed",
                                   "capacitydevelopmentplan", "intervention", "participant"])
def test_admin_lists_open_for_administrators(client, admin_user, model):
    CapacityAssessmentFactory()
    CapacityNeedFactory()
    InterventionFactory()
    client.force_login(admin_user)
    assert client.get(f"/admin/capacity/{model}/").status_code == 200


@pytest.mark.django_db
def test_admin_keeps_a_framework_in_use_read_only(client, admin_user):
    used = CapacityAssessmentFactory().framework
    unused = AssessmentFramework.objects.exclude(pk=used.pk).first()
    client.force_login(admin_user)
    page = client.get(f"/admin/capacity/assessmentframework/{used.pk}/change/")
    # The title is edited in each language (title_en, title_fr, title_es).
    assert page.status_code == 200 and b'name="title_' not in page.content
    page = client.get(f"/admin/capacity/assessmentframework/{unused.pk}/change/")
    assert b'name="title_en"' in page.content and b'name="title_fr"' in page.content
