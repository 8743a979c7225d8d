"""The OpenAPI schema says what the API returns (issue 18, item 6): fields that are empty for
some rows are nullable, and lists returned whole are not described as pages."""
import pytest
import yaml

pytestmark = pytest.mark.django_db

NULLABLE = [
    ("Biennium", "framework"), ("PBOutcome", "strategic_objective"),
    ("ProgressUpdate", "submitted_by"), ("ProgressUpdate", "decided_by"),
    ("Revision", "biennium"), ("Revision", "revised_by"),
    ("EvaluationStatusChange", "changed_by"), ("ManagementResponse", "submitted_by"),
    ("ParticipationFigure", "country"), ("Reach", "country"), ("CoverageFigure", "region"),
    ("Evaluation", "region"),
]


@pytest.fixture
def schema(client, manager_user):
    client.force_login(manager_user)
    return yaml.safe_load(client.get("/api/schema/").content)


@pytest.mark.parametrize("component,field", NULLABLE)
def test_fields_empty_for_some_rows_are_nullable(schema, component, field):
    assert schema["components"]["schemas"][component]["properties"][field].get("nullable")


@pytest.mark.parametrize("path", ["/api/v1/capacity-needs/{id}/transitions/",
                                  "/api/v1/evaluations/{id}/transitions/"])
def test_transition_lists_are_described_as_the_whole_list_they_are(schema, path):
    body = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
    assert body["schema"]["type"] == "array"


def test_a_needs_transitions_answer_matches_its_schema(api_client, field_user):
    from tests.capacity.factories import CapacityNeedFactory

    need = CapacityNeedFactory()
    api_client.force_authenticate(field_user)
    response = api_client.get(f"/api/v1/capacity-needs/{need.pk}/transitions/")
    assert response.status_code == 200
    assert isinstance(response.json(), list)


def test_a_changed_recommendation_is_answered_with_every_field_its_schema_requires(
        api_client, field_user, schema):
    """The answer to a write is the row as the list reads it (overdue actions included)."""
    from evaluation.models import EvaluationStatus
    from tests.evaluation.factories import (
        EvaluationFactory,
        FollowUpActionFactory,
        RecommendationFactory,
    )

    recommendation = RecommendationFactory(
        evaluation=EvaluationFactory(status=EvaluationStatus.IN_PROGRESS))
    FollowUpActionFactory(recommendation=recommendation)
    api_client.force_authenticate(field_user)
    response = api_client.patch(f"/api/v1/evaluation-recommendations/{recommendation.pk}/",
                                {"priority": "high"}, format="json")
    assert response.status_code == 200, response.content
    required = schema["components"]["schemas"]["Recommendation"]["required"]
    assert set(required) <= set(response.json())
    assert response.json()["overdue_actions"] == 1


@pytest.mark.parametrize("path,factory,component", [
    ("/api/v1/evaluation-lessons/{}/", "LessonFactory", "Lesson"),
    ("/api/v1/evaluation-good-practices/{}/", "GoodPracticeFactory", "GoodPractice"),
])
def test_a_lesson_read_alone_has_every_field_its_schema_requires(api_client, manager_user,
                                                                 schema, path, factory,
                                                                 component):
    """Found by scripts/fuzz-api: out of a search, a lesson has no rank; it says so (null)
    rather than leaving out a field the schema requires."""
    from tests.evaluation import factories

    lesson = getattr(factories, factory)()
    api_client.force_authenticate(manager_user)
    response = api_client.get(path.format(lesson.pk))
    assert response.status_code == 200, response.content
    required = schema["components"]["schemas"][component]["required"]
    assert set(required) <= set(response.json())
    assert response.json()["rank"] is None
    assert schema["components"]["schemas"][component]["properties"]["rank"]["nullable"]
