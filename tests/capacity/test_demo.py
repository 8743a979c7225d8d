"""The capacity demo data: loaded after the constituents' and programmes' demo data, every demo
country has assessed constituents with baselines and follow-ups, needs reviewed by the bureau
that owns them, the Turin Centre's and SCORE's participation as the seeds report it, a
participant list that shows the same person trained on unrelated subjects, and loading again
changes nothing."""
import datetime as dt
import importlib.util
import io
from collections import Counter, defaultdict

import pytest
from django.apps import apps
from django.db import transaction
from django.db.models import Sum

from capacity import demo, demo_data, selectors
from capacity.models import (
    AssessmentMethod,
    AssessmentRound,
    CapacityAssessment,
    CapacityDevelopmentPlan,
    CapacityNeed,
    DimensionScore,
    Intervention,
    InterventionStatus,
    NeedStatus,
    NeedTransition,
    Participant,
    ParticipationCount,
    Provider,
)
from constituents import demo as constituents_demo
from core.models import User
from core.roles import ConstituentGroup, Role
from programmes import demo as programmes_demo

pytestmark = pytest.mark.django_db

OWNER_ROLE = {ConstituentGroup.EMPLOYERS: Role.ACTEMP, ConstituentGroup.WORKERS: Role.ACTRAV}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo data, loaded once for the module and rolled back after it (each test runs in
    a savepoint inside, so what a test changes is undone too)."""
    with django_db_blocker.unblock(), transaction.atomic():
        constituents_demo.load(stdout=io.StringIO())
        programmes_demo.load(stdout=io.StringIO())
        out = io.StringIO()
        demo.load(stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def _snapshot() -> dict[str, tuple[int, object]]:
    """Row count and latest update of every table (history tables included)."""
    result = {}
    for model in apps.get_models():
        qs = model._default_manager.all()
        latest = None
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            latest = qs.order_by("-updated_at").values_list("updated_at", flat=True).first()
        result[model._meta.label] = (qs.count(), latest)
    return result


def test_the_load_prints_one_summary_line(loaded):
    assert loaded.count("\n") == 1
    assert loaded.startswith("Capacity demo data: 18 countries; created ")
    assert "assessments" in loaded and "need review steps" in loaded


def test_every_demo_country_has_its_tripartite_constituents_assessed(loaded):
    groups = defaultdict(set)
    for assessment in CapacityAssessment.objects.select_related("constituent__country",
                                                                "framework"):
        constituent = assessment.constituent
        assert assessment.framework.constituent_group == constituent.group
        assert assessment.framework.fits_type(constituent.type)
        groups[constituent.country.iso3].add(constituent.group)
    assert set(groups) == set(constituents_demo.DEMO_COUNTRIES)
    tripartite = {ConstituentGroup.GOVERNMENT, ConstituentGroup.EMPLOYERS,
                  ConstituentGroup.WORKERS}
    assert all(found == tripartite for found in groups.values()), groups


def test_each_follow_up_comes_two_or_three_years_after_a_baseline(loaded):
    follow_ups = list(CapacityAssessment.objects.filter(round=AssessmentRound.FOLLOW_UP)
                      .select_related("framework"))
    assert len(follow_ups) >= 10
    for follow_up in follow_ups:
        baselines = CapacityAssessment.objects.filter(
            constituent=follow_up.constituent, framework__code=follow_up.framework.code,
            round=AssessmentRound.BASELINE, date__lt=follow_up.date)
        latest = baselines.order_by("-date").first()
        assert latest is not None, follow_up
        assert 2 * 365 <= (follow_up.date - latest.date).days <= 3 * 365 + 60, follow_up


def test_scores_change_between_rounds_some_better_some_not(loaded):
    scores = {(s.assessment.constituent_id, s.dimension.code, s.assessment.round): s.score
              for s in DimensionScore.objects.select_related("assessment", "dimension")}
    changes = Counter()
    for (constituent, code, kind), score in scores.items():
        if kind == AssessmentRound.FOLLOW_UP:
            before = scores[(constituent, code, AssessmentRound.BASELINE)]
            changes["better" if score > before else "worse" if score < before else "same"] += 1
    assert changes["better"] >= 20 and changes["same"] >= 50 and changes["worse"] >= 3
    assert not DimensionScore.objects.filter(evidence="").exists()


def test_methods_fit_the_constituent_group_and_dwcp_links_the_country(loaded):
    assessments = list(CapacityAssessment.objects.select_related(
        "constituent", "dwcp", "cpo__dwcp"))
    assert {a.method for a in assessments} == set(AssessmentMethod.values)
    bureau_methods = {AssessmentMethod.ACTEMP: ConstituentGroup.EMPLOYERS,
                      AssessmentMethod.ACTRAV: ConstituentGroup.WORKERS,
                      AssessmentMethod.LABOUR_ADMINISTRATION_AUDIT: ConstituentGroup.GOVERNMENT}
    for assessment in assessments:
        if assessment.method in bureau_methods:
            assert bureau_methods[assessment.method] == assessment.constituent.group
        if assessment.dwcp is not None:
            assert assessment.dwcp.country_id == assessment.constituent.country_id
            assert assessment.dwcp.start_year - 1 <= assessment.date.year \
                <= assessment.dwcp.end_year
        if assessment.cpo is not None:
            assert assessment.cpo.dwcp_id == assessment.dwcp_id
    assert sum(a.cpo is not None for a in assessments) >= 30
    assert all(a.assessors and a.summary for a in assessments)


def test_needs_come_from_the_low_scores(loaded):
    scores = {(s.assessment_id, s.dimension_id): s.score for s in DimensionScore.objects.all()}
    needs = list(CapacityNeed.objects.select_related("dimension"))
    assert len(needs) >= 60
    for need in needs:
        assert scores[(need.assessment_id, need.dimension_id)] <= 2
        assert (need.level, need.capacity_type) == (need.dimension.level,
                                                    need.dimension.capacity_type)
    with_need = {(n.constituent_id, n.dimension.code) for n in needs}
    for score in DimensionScore.objects.filter(score__lte=2).select_related("assessment",
                                                                           "dimension"):
        assert (score.assessment.constituent_id, score.dimension.code) in with_need


def test_needs_are_in_every_review_state_moved_by_the_owning_bureau(loaded):
    needs = list(CapacityNeed.objects.select_related("constituent__country")
                 .prefetch_related("plan_items", "interventions"))
    states = Counter(n.status for n in needs)
    assert set(states) == set(NeedStatus.values)
    assert all(count >= 5 for count in states.values()), states
    field_staff = list(User.objects.filter(role=Role.FIELD_STAFF,
                                           username__in=["field", "field.africa"]))
    moved_by = Counter()
    for transition in NeedTransition.objects.select_related("need__constituent", "changed_by"):
        user, constituent = transition.changed_by, transition.need.constituent
        if constituent.group in OWNER_ROLE:
            assert user.role == OWNER_ROLE[constituent.group], transition
        else:
            covering = [u for u in field_staff
                        if constituent.country_id in u.scope_country_ids]
            assert user == (covering[0] if covering else User.objects.get(username="admin"))
        moved_by[user.role] += 1
        # The change history names the same person as the review step.
        record = transition.need.history.filter(status=transition.to_status).first()
        assert record.history_user == user
    assert moved_by[Role.ACTEMP] and moved_by[Role.ACTRAV] and moved_by[Role.FIELD_STAFF]
    for need in needs:
        took_place = [i for i in need.interventions.all()
                      if i.status == InterventionStatus.COMPLETED]
        if need.status == NeedStatus.DECLINED:
            assert need.decline_reason
        elif need.status == NeedStatus.ADDRESSED:
            assert took_place, need
        elif need.status == NeedStatus.PLANNED:
            assert need.plan_items.all() or any(
                i.status != InterventionStatus.CANCELLED for i in need.interventions.all())


def test_turin_centre_participation_adds_up_to_the_2011_12_figures(loaded):
    turin = ParticipationCount.objects.filter(
        intervention__provider=Provider.ITCILO, intervention__country__isnull=True,
        intervention__start_date__gte=dt.date(2011, 1, 1),
        intervention__start_date__lte=dt.date(2012, 12, 31))
    totals = turin.aggregate(total=Sum("total"), employers=Sum("employers"),
                             workers=Sum("workers"), labour_ministry=Sum("labour_ministry"),
                             other_government=Sum("other_government"))
    assert totals == {"total": 22_800, "employers": 1_900, "workers": 3_200,
                      "labour_ministry": 2_000, "other_government": 6_500}
    assert turin.count() >= 5
    assert {c.intervention.target_group for c in turin.select_related("intervention")} == {
        ConstituentGroup.EMPLOYERS, ConstituentGroup.WORKERS, ConstituentGroup.GOVERNMENT, ""}


def test_score_programme_trained_1700_managers_and_workers_a_third_women(loaded):
    score = ParticipationCount.objects.filter(intervention__title__startswith="SCORE")
    totals = score.aggregate(total=Sum("total"), managers=Sum("employers"),
                             workers=Sum("workers"), women=Sum("women"), men=Sum("men"))
    assert totals["total"] > 1_700
    assert totals["managers"] + totals["workers"] == totals["total"]
    assert round(100 * totals["managers"] / totals["total"]) == 65
    assert round(100 * totals["workers"] / totals["total"]) == 35
    assert round(100 * totals["women"] / (totals["women"] + totals["men"])) == 33


def test_the_repeat_training_flag_finds_the_person_sent_to_everything(loaded):
    field = User.objects.get(username="field")  # covers Moldova
    for user in (field, User.objects.get(username="admin")):
        flagged = selectors.repeat_trainees(user=user, start=dt.date(2023, 1, 1),
                                            end=dt.date(2024, 12, 31))
        assert [row.name for row in flagged] == [demo_data.REPEAT_TRAINEE]
        assert len(flagged[0].technical_areas) == 2
    listed = Participant.objects.filter(intervention__title__in=list(demo_data.PARTICIPANT_LISTS))
    assert listed.count() == sum(len(rows) for rows in demo_data.PARTICIPANT_LISTS.values())
    # Organizations named by acronym are linked to the constituents; the import is on record.
    popa = listed.filter(name=demo_data.REPEAT_TRAINEE).select_related("constituent")
    assert {p.constituent.acronym for p in popa} == {"CNSM"}
    assert popa[0].history.first().history_change_reason == "Imported from CSV"


def test_interventions_are_varied_and_participation_follows_their_status(loaded):
    interventions = list(Intervention.objects.prefetch_related("participants"))
    assert {i.provider for i in interventions} == set(Provider.values)
    assert len({i.method for i in interventions}) >= 8
    assert {i.status for i in interventions} == set(InterventionStatus.values)
    counted = set(ParticipationCount.objects.values_list("intervention_id", flat=True))
    for intervention in interventions:
        recorded = intervention.pk in counted or bool(intervention.participants.all())
        took_place = intervention.status in (InterventionStatus.ONGOING,
                                             InterventionStatus.COMPLETED)
        assert recorded == took_place, intervention
        assert intervention.funding_source and intervention.cost is not None
    assert Intervention.objects.filter(cpos__isnull=False).distinct().count() >= 20


def test_plans_link_needs_of_their_constituent_to_interventions(loaded):
    plans = list(CapacityDevelopmentPlan.objects.prefetch_related(
        "items__needs", "items__intervention__target_constituents"))
    assert len(plans) == len(demo_data.PLANS)
    assert {p.status for p in plans} == {"draft", "agreed", "closed"}
    linked = 0
    for plan in plans:
        for item in plan.items.all():
            assert {n.constituent_id for n in item.needs.all()} == {plan.constituent_id}
            if item.intervention is not None:
                linked += 1
                assert plan.constituent in item.intervention.target_constituents.all()
    assert linked >= 5


@pytest.mark.skipif(importlib.util.find_spec("capacity.services.computed") is None,
                    reason="the worker's computation is not installed")
def test_the_figures_are_computed_after_the_load(loaded):
    from capacity.models import CapacitySnapshot, DimensionChange

    assert "figures computed" in loaded
    snapshot = CapacitySnapshot.objects.get(is_current=True)
    assert DimensionChange.objects.filter(snapshot=snapshot).exists()


def test_loading_again_changes_nothing(loaded):
    before = _snapshot()
    out = io.StringIO()
    assert demo.load(stdout=out) == {}
    assert out.getvalue() == "Capacity demo data: 18 countries; created nothing new.\n"
    assert _snapshot() == before


def test_need_review_steps_are_dated_as_they_happened(loaded):
    from capacity.models import CapacityNeed, NeedTransition

    needs = CapacityNeed.objects.select_related("assessment")
    assert all(n.status_changed_on >= n.assessment.date for n in needs if n.assessment)
    assert NeedTransition.objects.filter(effective_date__year__lt=2025).exists()
    for need in needs.prefetch_related("transitions"):
        days = [t.effective_date for t in sorted(need.transitions.all(),
                                                 key=lambda t: t.pk)]
        assert days == sorted(days), need.pk
