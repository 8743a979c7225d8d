"""The evaluation pages (issue 12, point 7): each role sees the evaluations it may, filters and
bad filter values, an evaluation's page with its ratings, recommendations, response and
actions, the lessons search, the follow-up board and the coverage table (managers), and
constant query counts on the lists."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluation.models import EvaluationStatus
from evaluation.models.choices import ActionStatus, Criterion, EvaluationType, ResponseDecision
from evaluation.services.computed import evaluation_recompute_all
from evaluation.tasks import recompute_all
from tests.evaluation.factories import (
    EvaluationFactory,
    FollowUpActionFactory,
    GoodPracticeFactory,
    LessonFactory,
    ManagementResponseFactory,
    RatingFactory,
    RecommendationFactory,
)
from tests.factories import country
from tests.programmes.factories import ProjectFactory, ProjectFundingFactory

pytestmark = pytest.mark.django_db
LIST = reverse("evaluation:evaluation-list")


def _published(**kwargs):
    return EvaluationFactory(status=EvaluationStatus.PUBLISHED, actual_end=dt.date(2015, 11, 30),
                             **kwargs)


def _senegal(**kwargs):
    return _published(title="Senegal evaluation", country=country("SEN"),
                      project=ProjectFactory(country=country("SEN")), **kwargs)


def test_field_staff_see_their_countries_evaluations_only(client, field_user, manager_user):
    albania, senegal = _published(title="Albania evaluation"), _senegal()
    client.force_login(field_user)
    page = client.get(LIST).content.decode()
    assert "Albania evaluation" in page and "Senegal evaluation" not in page
    assert client.get(reverse("evaluation:evaluation-detail", args=[senegal.pk])).status_code == 404
    assert client.get(reverse("evaluation:evaluation-detail", args=[albania.pk])).status_code == 200
    assert client.get(reverse("evaluation:follow-up")).status_code == 403
    assert client.get(reverse("evaluation:coverage")).status_code == 403
    client.force_login(manager_user)
    page = client.get(LIST).content.decode()
    assert "Albania evaluation" in page and "Senegal evaluation" in page
    assert client.get(reverse("evaluation:follow-up")).status_code == 200
    client.logout()
    assert client.get(LIST).status_code == 302  # to the sign-in page


def test_filters_and_a_bad_year_is_a_form_error_not_a_failure(client, manager_user):
    _published(title="Independent one")
    _senegal(evaluation_type=EvaluationType.INTERNAL)
    client.force_login(manager_user)
    page = client.get(LIST, {"type": EvaluationType.INTERNAL}).content.decode()
    assert "Senegal evaluation" in page and "Independent one" not in page
    page = client.get(LIST, {"country": "ALB"}).content.decode()
    assert "Independent one" in page and "Senegal evaluation" not in page
    assert "Independent one" in client.get(LIST, {"year": "2015"}).content.decode()
    assert "Independent one" not in client.get(LIST, {"year": "2016"}).content.decode()
    for year in ("1e20", "18446744073709551616", "-3", "abc"):
        response = client.get(LIST, {"year": year})
        assert response.status_code == 200, year
        assert 'class="form-errors"' in response.content.decode(), year


def test_an_evaluation_page_shows_ratings_recommendations_and_follow_up(client, manager_user):
    evaluation = _published(title="Albania evaluation", summary="Broadly relevant.")
    RatingFactory(evaluation=evaluation, criterion=Criterion.RELEVANCE, score=5)
    recommendation = RecommendationFactory(evaluation=evaluation,
                                           text="Involve the social partners earlier.")
    ManagementResponseFactory(recommendation=recommendation,
                              decision=ResponseDecision.PARTIALLY_ACCEPTED,
                              rationale="Within the budget available.")
    FollowUpActionFactory(recommendation=recommendation, description="Tripartite workshop",
                          status=ActionStatus.IN_PROGRESS)
    LessonFactory(evaluation=evaluation, title="Ownership comes from design")
    GoodPracticeFactory(evaluation=evaluation, title="Quarterly steering committee")
    client.force_login(manager_user)
    page = client.get(reverse("evaluation:evaluation-detail", args=[evaluation.pk]))
    html = page.content.decode()
    assert "Broadly relevant." in html
    assert 'class="rating-bar rating-bar--5"' in html and "Not rated" in html
    assert "Involve the social partners earlier." in html
    assert "Partially accepted" in html and "Within the budget available." in html
    assert "Tripartite workshop" in html and "In progress" in html
    assert "Ownership comes from design" in html and "Quarterly steering committee" in html


def test_the_follow_up_board_marks_overdue_actions(client, manager_user):
    recommendation = RecommendationFactory(evaluation=_published())
    FollowUpActionFactory(recommendation=recommendation, description="Late action",
                          due_date=dt.date(2016, 1, 31))
    FollowUpActionFactory(recommendation=recommendation, description="Future action",
                          due_date=dt.date(2099, 1, 31))
    client.force_login(manager_user)
    html = client.get(reverse("evaluation:follow-up"), {"overdue": "true"}).content.decode()
    assert "Late action" in html and "Future action" not in html and "row--overdue" in html


def test_the_lessons_search_finds_across_evaluations(client, field_user):
    LessonFactory(evaluation=_published(), title="Social dialogue first",
                  description="Tripartite consultation before the design phase built ownership.")
    LessonFactory(evaluation=_published(), title="Budget early",
                  description="Costing the activities early avoided delays.")
    LessonFactory(evaluation=_senegal(), title="Not in sight",
                  description="Tripartite consultation in Senegal.")
    client.force_login(field_user)
    html = client.get(reverse("evaluation:learning"), {"q": "tripartite"}).content.decode()
    assert "Social dialogue first" in html
    assert "Budget early" not in html and "Not in sight" not in html
    if connection.vendor == "postgresql":
        assert "<mark>Tripartite</mark>" in html  # the matched word highlighted


def test_the_coverage_table_reads_the_worker_s_figures(client, manager_user):
    client.force_login(manager_user)
    assert "have not been computed yet" in client.get(reverse("evaluation:coverage")
                                                      ).content.decode()
    recompute_all.apply()
    assert client.get(reverse("evaluation:coverage")).status_code == 200


def test_the_lists_take_a_constant_number_of_queries(client, manager_user):
    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    client.force_login(manager_user)
    recommendation = RecommendationFactory(evaluation=_published())
    FollowUpActionFactory(recommendation=recommendation)
    LessonFactory(evaluation=recommendation.evaluation)
    urls = [LIST, reverse("evaluation:learning"), reverse("evaluation:follow-up")]
    before = [count(url) for url in urls]
    for _ in range(5):
        more = RecommendationFactory(evaluation=_senegal())
        FollowUpActionFactory(recommendation=more)
        LessonFactory(evaluation=more.evaluation)
    assert [count(url) for url in urls] == before


def test_the_home_page_shows_due_evaluations_and_the_user_s_overdue_actions(client, field_user):
    project = ProjectFactory(country=country("ALB"), title="Youth employment project",
                             start_date=dt.date(2014, 1, 1),
                             end_date=timezone.localdate() + dt.timedelta(days=60))
    ProjectFundingFactory(project=project, allocation=1_500_000)
    late = FollowUpActionFactory(recommendation=RecommendationFactory(evaluation=_published()),
                                 owner=field_user, description="Share the evaluation report",
                                 due_date=dt.date(2016, 1, 31))
    FollowUpActionFactory(recommendation=late.recommendation, owner=field_user,
                          description="Not yet due", due_date=dt.date(2099, 1, 31))
    evaluation_recompute_all()
    client.force_login(field_user)
    html = client.get(reverse("home")).content.decode()
    assert "Evaluations due in your countries" in html and "Youth employment project" in html
    assert "Your overdue follow-up actions" in html and "Share the evaluation report" in html
    assert "Not yet due" not in html


def test_report_files_are_handed_out_by_the_policy_never_from_media(client, api_client,
                                                                    field_user, settings,
                                                                    tmp_path):
    from django.core.files.base import ContentFile

    from tests.factories import UserFactory

    settings.MEDIA_ROOT = tmp_path
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    evaluation = _published(title="Albania evaluation")
    evaluation.report.save("report.pdf", ContentFile(pdf))
    url = reverse("evaluation:evaluation-file", args=[evaluation.pk, "report"])
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(field_user)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == pdf
    assert client.get(reverse("evaluation:evaluation-file",
                              args=[evaluation.pk, "summary"])).status_code == 404
    assert client.get(f"/media/{evaluation.report.name}").status_code == 404
    client.force_login(UserFactory(username="field.sen", role=field_user.role,
                                   countries=[country("SEN")]))
    assert client.get(url).status_code == 404
    api_client.force_authenticate(field_user)
    body = api_client.get(f"/api/v1/evaluations/{evaluation.pk}/").json()
    assert body["report"].endswith(url) and body["report_summary"] is None


def test_the_map_page_lists_the_countries_covered(client, field_user, manager_user):
    evaluation = _published(title="Albania evaluation")
    evaluation.countries.set([country("ALB"), country("SEN")])
    client.force_login(manager_user)
    html = client.get(reverse("evaluation:map")).content.decode()
    assert "1 evaluation covering a country" in html
    assert 'href="/evaluation/?country=SEN"' in html and "evaluation-map-data" in html
    client.force_login(field_user)  # Albania's evaluation, in sight
    assert 'href="/evaluation/?country=ALB"' in client.get(reverse("evaluation:map")
                                                           ).content.decode()
