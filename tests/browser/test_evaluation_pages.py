"""Browser journey of the evaluation pages: a manager opens Evaluations from the navigation,
filters by type, opens an evaluation and reads its ratings, recommendation, response and
actions, then searches the lessons across evaluations and finds the match highlighted."""
import datetime as dt
import re

import pytest
from django.db import connection

from evaluation.models import EvaluationStatus
from evaluation.models.choices import ActionStatus, Criterion, EvaluationType, ResponseDecision
from tests.evaluation.factories import (
    EvaluationFactory,
    FollowUpActionFactory,
    LessonFactory,
    ManagementResponseFactory,
    RatingFactory,
    RecommendationFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_browses_an_evaluation_and_searches_lessons(page, login, manager_user,
                                                              tmp_path):
    evaluation = EvaluationFactory(title="Albania youth employment project evaluation",
                                   status=EvaluationStatus.PUBLISHED,
                                   actual_end=dt.date(2015, 11, 30),
                                   summary="Relevant, with weak sustainability.")
    EvaluationFactory(title="Internal review elsewhere", evaluation_type=EvaluationType.INTERNAL)
    RatingFactory(evaluation=evaluation, criterion=Criterion.RELEVANCE, score=5)
    RatingFactory(evaluation=evaluation, criterion=Criterion.SUSTAINABILITY, score=2)
    recommendation = RecommendationFactory(evaluation=evaluation,
                                           text="Plan the exit strategy with the constituents.")
    ManagementResponseFactory(recommendation=recommendation,
                              decision=ResponseDecision.ACCEPTED, rationale="Agreed in full.")
    FollowUpActionFactory(recommendation=recommendation, description="Exit workshop",
                          status=ActionStatus.IN_PROGRESS)
    LessonFactory(evaluation=evaluation, title="Tripartite design",
                  description="Tripartite consultation during design built ownership.")

    login(manager_user)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Evaluations").click()
    page.wait_for_url(re.compile(r"/evaluation/$"))
    assert page.get_by_role("link", name="Internal review elsewhere").is_visible()
    page.get_by_label("Type").select_option(label="Independent evaluation")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"type=independent"))
    assert page.get_by_role("link", name="Internal review elsewhere").count() == 0
    page.screenshot(path=tmp_path / "evaluation_list.png", full_page=True)

    page.get_by_role("link", name="Albania youth employment project evaluation").click()
    page.wait_for_url(re.compile(rf"/evaluation/{evaluation.pk}/$"))
    ratings = page.get_by_role("table", name="Ratings by criterion")
    assert ratings.get_by_role("row", name=re.compile("Relevance.*Satisfactory")).is_visible()
    assert ratings.get_by_role("row", name=re.compile("Sustainability.*Unsatisfactory")
                               ).is_visible()
    assert page.get_by_text("Plan the exit strategy with the constituents.").is_visible()
    assert page.get_by_text("Agreed in full.", exact=False).is_visible()
    assert page.get_by_role("cell", name="Exit workshop").is_visible()
    page.screenshot(path=tmp_path / "evaluation_detail.png", full_page=True)

    page.goto("/evaluation/lessons/")
    page.get_by_role("searchbox", name="Search").fill("tripartite")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"q=tripartite"))
    assert page.get_by_role("heading", name="Tripartite design").is_visible()
    if connection.vendor == "postgresql":
        assert page.locator("mark").first.inner_text().lower() == "tripartite"
    page.screenshot(path=tmp_path / "evaluation_lessons.png", full_page=True)


def test_the_map_shades_the_countries_evaluated(page, login, manager_user, tmp_path):
    from tests.factories import country

    evaluation = EvaluationFactory(title="Albania evaluation")
    evaluation.countries.set([country("ALB"), country("SEN")])
    login(manager_user)
    page.goto("/evaluation/map/")
    page.wait_for_selector("#evaluation-map svg")
    links = page.locator("#evaluation-map a.map-country")
    assert links.count() == 2  # Albania and Senegal, drawn from the vendored topology
    assert sorted(t.text_content() for t in page.locator("#evaluation-map title").all()) == [
        "Albania: 1", "Senegal: 1"]
    page.screenshot(path=tmp_path / "evaluation_map.png", full_page=True)
    links.first.click()
    page.wait_for_url(re.compile(r"/evaluation/\?country="))
    assert page.get_by_role("link", name="Albania evaluation").is_visible()
