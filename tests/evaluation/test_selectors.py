"""Reads of evaluations: who sees what (field staff their countries, specialists what
touches their group, managers all), the lessons search (full-text on PostgreSQL with ranking
and highlighted snippets; plain elsewhere), the home-page lists and constant query counts."""
import datetime as dt

import pytest
from django.utils import timezone

from core.roles import Role
from evaluation import selectors
from evaluation.models import (
    ActionStatus,
    CoverageStatus,
    EvaluationStatus,
    GoodPractice,
    ResponseDecision,
    SubjectKind,
)
from evaluation.services.computed import evaluation_recompute_all
from tests.evaluation.factories import (
    EvaluationFactory,
    FollowUpActionFactory,
    GoodPracticeFactory,
    LessonFactory,
    ManagementResponseFactory,
    RecommendationFactory,
)
from tests.factories import UserFactory, country
from tests.programmes.factories import ProjectFactory, ProjectFundingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    people = {
        "field": UserFactory(username="s.field", role=Role.FIELD_STAFF,
                             countries=[country("ALB")]),
        "actemp": UserFactory(username="s.actemp", role=Role.ACTEMP),
        "actrav": UserFactory(username="s.actrav", role=Role.ACTRAV),
        "manager": UserFactory(username="s.manager", role=Role.MANAGER),
    }
    evaluations = {
        "alb": EvaluationFactory(title="Albania youth", constituent_groups=["employers"]),
        "sen": EvaluationFactory(title="Senegal social protection", country=country("SEN"),
                                 constituent_groups=[]),
        "hq": EvaluationFactory(title="Organizing strategy", country=None, project=None,
                                subject_kind=SubjectKind.THEME, theme_title="Organizing",
                                constituent_groups=["workers"]),
    }
    return people, evaluations


@pytest.mark.parametrize(("persona", "expected"), [
    ("field", {"Albania youth"}),
    ("actemp", {"Albania youth", "Senegal social protection"}),
    ("actrav", {"Senegal social protection", "Organizing strategy"}),
    ("manager", {"Albania youth", "Senegal social protection", "Organizing strategy"}),
])
def test_each_role_reads_its_evaluations_and_their_lessons(world, persona, expected):
    people, evaluations = world
    for evaluation in evaluations.values():
        LessonFactory(evaluation=evaluation, title=f"Lesson of {evaluation.title}")
    user = people[persona]
    assert {e.title for e in selectors.evaluation_list(user=user)} == expected
    assert {lesson.evaluation.title
            for lesson in selectors.learning_search(user=user)} == expected


def test_the_list_filters_by_country_covered_type_and_year(world):
    people, evaluations = world
    evaluations["hq"].countries.set([country("ALB"), country("SEN")])
    manager = people["manager"]
    by_country = selectors.evaluation_list(user=manager, filters={"country": "ALB"})
    assert {e.title for e in by_country} == {"Albania youth", "Organizing strategy"}
    assert not selectors.evaluation_list(user=manager, filters={"year": "2014"}).exists()
    assert selectors.evaluation_list(user=manager, filters={"year": "2015",
                                                            "type": "independent"}).count() == 3


def test_the_list_does_a_constant_number_of_queries(world, django_assert_max_num_queries):
    people, evaluations = world
    for evaluation in evaluations.values():
        RecommendationFactory(evaluation=evaluation)
    with django_assert_max_num_queries(2):
        rows = [(e.title, e.country, e.recommendation_count, e.project)
                for e in selectors.evaluation_list(user=people["manager"])]
    assert len(rows) == 3
    with django_assert_max_num_queries(20):
        detail = selectors.evaluation_detail(user=people["manager"],
                                             pk=evaluations["alb"].pk)
        chart = selectors.ratings_by_criterion(detail)
        _ = [(r.number, r.implementation, list(r.actions.all()))
             for r in detail.recommendations.all()]
    assert [c.criterion for c in chart][:2] == ["relevance", "coherence"]


def test_the_plain_search_finds_words_in_any_field(world):
    people, evaluations = world
    LessonFactory(evaluation=evaluations["alb"], title="Mentoring",
                  causal_factors="Peer mentoring between employers' organizations")
    LessonFactory(evaluation=evaluations["alb"], title="Other", description="Unrelated")
    found = selectors.learning_search(user=people["manager"], query="mentoring")
    assert [lesson.title for lesson in found] == ["Mentoring"]


@pytest.mark.postgres("full-text search with ranking and snippets")
def test_full_text_search_ranks_and_highlights(world):
    people, evaluations = world
    LessonFactory(evaluation=evaluations["alb"], title="Tripartite steering committees",
                  description="Committees that met every quarter kept the constituents "
                              "engaged in monitoring.")
    LessonFactory(evaluation=evaluations["sen"], title="Budgets",
                  description="The steering committee approved the budget late.",
                  context="Ministry <script>alert(1)</script> restructuring")
    LessonFactory(evaluation=evaluations["sen"], title="Unrelated lesson",
                  description="Nothing about that.")
    GoodPracticeFactory(evaluation=evaluations["alb"], title="Committee charter",
                        description="A charter for the steering committee.")
    found = list(selectors.learning_search(user=people["manager"],
                                           query="steering committees"))
    # Matched in the title (weight A) first; "committees" matches "committee" (stemming).
    assert [lesson.title for lesson in found] == ["Tripartite steering committees", "Budgets"]
    assert found[0].rank > found[1].rank
    html = selectors.highlight(found[1].headline)
    assert "<mark>steering</mark> <mark>committee</mark>" in html
    assert "<script>" not in html
    practices = selectors.learning_search(user=people["manager"], model=GoodPractice,
                                          query="charter")
    assert [p.title for p in practices] == ["Committee charter"]
    # The field officer of Albania finds only Albania's lesson.
    assert [lesson.title for lesson in selectors.learning_search(
        user=people["field"], query="committee")] == ["Tripartite steering committees"]
    # Web-search syntax: a word excluded.
    assert [lesson.title for lesson in selectors.learning_search(
        user=people["manager"], query="committee -budget")] == ["Tripartite steering committees"]


def test_home_page_lists(world):
    people, evaluations = world
    field = people["field"]
    recommendation = RecommendationFactory(evaluation=evaluations["alb"])
    ManagementResponseFactory(recommendation=recommendation,
                              decision=ResponseDecision.ACCEPTED, submitted_at=timezone.now())
    late = FollowUpActionFactory(recommendation=recommendation, owner=field,
                                 due_date=dt.date(2016, 1, 31))
    FollowUpActionFactory(recommendation=recommendation, owner=field,
                          due_date=timezone.localdate() + dt.timedelta(days=30))
    FollowUpActionFactory(recommendation=recommendation, owner=field,
                          due_date=dt.date(2016, 1, 31), status=ActionStatus.COMPLETED,
                          completed_on=dt.date(2016, 1, 30))
    assert list(selectors.overdue_actions_for(user=field)) == [late]
    board = selectors.follow_up_board(user=people["manager"], filters={"overdue": "true"})
    assert [(a.pk, a.is_overdue) for a in board] == [(late.pk, True)]
    waiting = RecommendationFactory(evaluation=evaluations["alb"])
    evaluations["alb"].status = EvaluationStatus.IN_PROGRESS
    evaluations["alb"].save()
    assert list(selectors.recommendations_to_respond(user=field)) == [waiting]
    assert not selectors.recommendations_to_respond(user=people["actemp"]).exists()

    project = ProjectFactory(country=country("ALB"), start_date=dt.date(2014, 1, 1),
                             end_date=timezone.localdate() + dt.timedelta(days=60))
    ProjectFundingFactory(project=project, allocation=1_500_000)
    evaluation_recompute_all()
    due = selectors.due_evaluations_for(user=field)
    assert [(f.project, f.status) for f in due] == [(project, CoverageStatus.MISSING)]
    assert not selectors.due_evaluations_for(user=people["manager"]).exists()
    assert selectors.coverage_table().filter(region=None).get().missing == 1
