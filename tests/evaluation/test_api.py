"""The evaluation API: evaluations and their lifecycle, report files, findings,
recommendations, management responses and follow-up actions written through the services
(400 with field errors, nothing written; 403 saying who may), reads scoped per role (404
outside), lists with a fixed number of queries, the figures read from the worker's snapshot,
the history of changes, the lessons search, and everything in the OpenAPI schema."""
import datetime as dt
from decimal import Decimal

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.roles import Role
from evaluation.models import (
    ActionStatus,
    AddresseeUnit,
    Evaluation,
    EvaluationStatus,
    EvaluationStatusChange,
    FollowUpAction,
    ManagementResponse,
    Rating,
    Recommendation,
    ResponseDecision,
)
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
from tests.factories import UserFactory, country
from tests.programmes.factories import ProjectFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/"
EVALUATIONS = f"{API}evaluations/"
RATINGS, LESSONS = f"{API}evaluation-ratings/", f"{API}evaluation-lessons/"
PRACTICES = f"{API}evaluation-good-practices/"
RECOMMENDATIONS, RESPONSES = f"{API}evaluation-recommendations/", f"{API}evaluation-responses/"
ACTIONS, EVALUATORS = f"{API}evaluation-actions/", f"{API}evaluation-evaluators/"
STATUS_CHANGES = f"{API}evaluation-status-changes/"
RULES, FLAGS = f"{API}evaluation-coverage-rules/", f"{API}evaluation-coverage-flags/"
COVERAGE, IMPLEMENTATION = f"{API}evaluation-coverage/", f"{API}evaluation-implementation/"
AVERAGES = f"{API}evaluation-rating-averages/"

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = dt.date.today()


@pytest.fixture
def people(db):
    return {
        "field": UserFactory(username="api.field", role=Role.FIELD_STAFF,
                             countries=[country("ALB")]),
        "other_field": UserFactory(username="api.field.sen", role=Role.FIELD_STAFF,
                                   countries=[country("SEN")]),
        "manager": UserFactory(username="api.manager", role=Role.MANAGER),
        "actemp": UserFactory(username="api.actemp", role=Role.ACTEMP),
        "actrav": UserFactory(username="api.actrav", role=Role.ACTRAV),
    }


def _as(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def _started(**kwargs) -> Evaluation:
    return EvaluationFactory(status=EvaluationStatus.IN_PROGRESS, actual_start=dt.date(2015, 3, 1),
                             status_changed_on=dt.date(2015, 3, 1), **kwargs)


# --- access per role --------------------------------------------------------------------------

def test_each_role_reads_the_evaluations_it_may(api_client, people):
    albania = EvaluationFactory(title="Albania")
    senegal = EvaluationFactory(title="Senegal", country=country("SEN"),
                                project=ProjectFactory(country=country("SEN")),
                                constituent_groups=["workers"])
    assert _ids(_as(api_client, people["field"]).get(EVALUATIONS)) == {albania.pk}
    assert api_client.get(f"{EVALUATIONS}{senegal.pk}/").status_code == 404
    assert _ids(_as(api_client, people["other_field"]).get(EVALUATIONS)) == {senegal.pk}
    assert _ids(_as(api_client, people["manager"]).get(EVALUATIONS)) == {albania.pk, senegal.pk}
    # Specialists: the evaluations touching their group (naming none: all three).
    assert _ids(_as(api_client, people["actemp"]).get(EVALUATIONS)) == {albania.pk}
    assert api_client.get(f"{EVALUATIONS}{senegal.pk}/").status_code == 404
    assert _ids(_as(api_client, people["actrav"]).get(EVALUATIONS)) == {albania.pk, senegal.pk}
    api_client.force_authenticate(None)
    assert api_client.get(EVALUATIONS).status_code in (401, 403)


def test_records_under_an_evaluation_follow_its_scope(api_client, people):
    albania, senegal = _started(), _started(country=country("SEN"),
                                            project=ProjectFactory(country=country("SEN")))
    mine, theirs = RatingFactory(evaluation=albania), RatingFactory(evaluation=senegal)
    lesson = LessonFactory(evaluation=senegal)
    recommendation = RecommendationFactory(evaluation=senegal)
    client = _as(api_client, people["field"])
    assert _ids(client.get(RATINGS)) == {mine.pk}
    assert client.get(f"{RATINGS}{theirs.pk}/").status_code == 404
    assert client.get(f"{LESSONS}{lesson.pk}/").status_code == 404
    assert client.get(f"{RECOMMENDATIONS}{recommendation.pk}/").status_code == 404
    # Nor may they write under it: the evaluation does not exist for them.
    response = client.post(RATINGS, {"evaluation": senegal.pk, "criterion": "impact",
                                     "score": 4, "justification": "Reached."}, format="json")
    assert response.status_code == 400 and "evaluation" in response.json()
    assert not Rating.objects.filter(evaluation=senegal, criterion="impact").exists()


def test_field_staff_record_their_countrys_evaluations_only(api_client, people):
    project = ProjectFactory(country=country("ALB"))
    payload = {"title": "Final evaluation of the youth employment project",
               "subject_kind": "project", "project": project.pk,
               "evaluation_type": "independent", "timing": "final",
               "planned_end": "2016-12-31", "budget": "45000.00", "languages": ["en"]}
    response = _as(api_client, people["other_field"]).post(EVALUATIONS, payload, format="json")
    # A project the caller may not see is refused as one that does not exist.
    assert response.status_code == 400, response.content
    assert "does not exist" in response.json()["project"][0]
    # Managers record evaluations managed at headquarters, not a country office's.
    assert _as(api_client, people["manager"]).post(EVALUATIONS, payload,
                                                   format="json").status_code == 403
    assert not Evaluation.objects.exists()
    response = _as(api_client, people["field"]).post(EVALUATIONS, payload, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["country"], body["region"], body["status"]) == ("ALB", "EU", "planned")
    assert body["countries"] == ["ALB"]
    hq = _as(api_client, people["manager"]).post(EVALUATIONS, {
        **payload, "title": "High-level evaluation of capacity development",
        "subject_kind": "theme", "project": None, "theme_title": "Capacity development",
        "evaluation_type": "high_level", "country": None}, format="json")
    assert hq.status_code == 201, hq.content
    assert hq.json()["country"] is None


def test_bad_input_is_a_400_with_field_errors_and_nothing_written(api_client, people):
    client = _as(api_client, people["field"])
    response = client.post(EVALUATIONS, {
        "title": "Review", "subject_kind": "project", "evaluation_type": "independent",
        "timing": "final", "planned_start": "2017-01-01", "planned_end": "2016-12-31",
        "budget": "-5"}, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert errors["project"] == ["Choose what is evaluated."]
    assert "planned_end" in errors and "budget" in errors
    response = client.post(EVALUATIONS, {"title": "", "subject_kind": "nonsense"},
                           format="json")
    assert response.status_code == 400
    assert {"title", "subject_kind", "evaluation_type", "planned_end"} <= set(response.json())
    assert not Evaluation.objects.exists()
    evaluation = _started()
    response = client.post(RATINGS, {"evaluation": evaluation.pk, "criterion": "relevance",
                                     "score": 9, "justification": ""}, format="json")
    assert response.status_code == 400
    assert {"score", "justification"} <= set(response.json())
    assert not Rating.objects.exists()


def test_the_map_counts_the_evaluations_the_caller_reads_by_country(api_client, people):
    albania = EvaluationFactory()
    albania.countries.add(country("ALB"))
    regional = EvaluationFactory(evaluation_type="internal")
    regional.countries.add(country("ALB"), country("SEN"))
    senegal = EvaluationFactory(country=country("SEN"),
                                project=ProjectFactory(country=country("SEN")))
    senegal.countries.add(country("SEN"))
    rows = _as(api_client, people["manager"]).get(f"{EVALUATIONS}map/").json()
    assert {r["iso3"]: r["evaluation_count"] for r in rows} == {"ALB": 2, "SEN": 2}
    rows = api_client.get(f"{EVALUATIONS}map/", {"type": "internal"}).json()
    assert {r["iso3"]: r["evaluation_count"] for r in rows} == {"ALB": 1, "SEN": 1}
    rows = _as(api_client, people["field"]).get(f"{EVALUATIONS}map/").json()
    assert {r["iso3"]: r["evaluation_count"] for r in rows} == {"ALB": 2, "SEN": 1}


def test_only_an_empty_planned_evaluation_is_deleted(api_client, people):
    kept, mistake = _started(), EvaluationFactory()
    RatingFactory(evaluation=kept)
    client = _as(api_client, people["field"])
    response = client.delete(f"{EVALUATIONS}{kept.pk}/")
    assert response.status_code == 400 and "cancel this one instead" in response.json()["detail"]
    assert _as(api_client, people["other_field"]).delete(
        f"{EVALUATIONS}{mistake.pk}/").status_code == 404
    assert _as(api_client, people["field"]).delete(
        f"{EVALUATIONS}{mistake.pk}/?reason=Recorded twice").status_code == 204
    assert list(Evaluation.objects.all()) == [kept]
    assert Evaluation.history.filter(id=mistake.pk, history_type="-").get(
    ).history_change_reason == "Recorded twice"


# --- the lifecycle ----------------------------------------------------------------------------

def test_an_evaluation_moves_through_its_lifecycle(api_client, people):
    evaluation = EvaluationFactory()
    url = f"{EVALUATIONS}{evaluation.pk}/"
    field, manager = people["field"], people["manager"]
    client = _as(api_client, field)
    steps = client.get(f"{url}next-steps/").json()
    assert [s["to_status"] for s in steps] == ["in_progress", "cancelled"]
    response = client.post(f"{url}transition/", {"to_status": "approved"}, format="json")
    assert response.status_code == 400
    assert "next steps are" in response.json()["detail"]
    start = client.post(f"{url}transition/", {"to_status": "in_progress",
                                              "effective_date": "2016-01-10"}, format="json")
    assert start.status_code == 201, start.content
    assert (start.json()["from_status"], start.json()["changed_by"]) == ("planned",
                                                                         "api.field")
    # Submitting needs the report, uploaded and checked by its content.
    response = client.post(f"{url}transition/", {"to_status": "report_submitted"},
                           format="json")
    assert response.status_code == 400 and "report" in response.json()
    fake = SimpleUploadedFile("report.pdf", b"not a pdf", content_type="application/pdf")
    assert client.post(f"{url}files/", {"report": fake},
                       format="multipart").status_code == 400
    upload = client.post(f"{url}files/", {"report": SimpleUploadedFile("report.pdf", PDF)},
                         format="multipart")
    assert upload.status_code == 200, upload.content
    assert upload.json()["report"]
    assert client.post(f"{url}transition/", {"to_status": "report_submitted"},
                       format="json").status_code == 201
    # Field staff do not approve: they are told who does.
    response = client.post(f"{url}transition/", {"to_status": "approved"}, format="json")
    assert response.status_code == 400
    assert "managers or administrators" in response.json()["detail"]
    manager_client = _as(api_client, manager)
    returned = manager_client.post(f"{url}transition/", {"to_status": "in_progress"},
                                   format="json")
    assert returned.status_code == 400 and "note" in returned.json()
    assert manager_client.post(f"{url}transition/", {"to_status": "approved"},
                               format="json").status_code == 201
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.APPROVED
    assert evaluation.actual_start == dt.date(2016, 1, 10)
    changes = manager_client.get(f"{url}transitions/").json()
    assert [(c["from_status"], c["to_status"]) for c in changes] == [
        ("planned", "in_progress"), ("in_progress", "report_submitted"),
        ("report_submitted", "approved")]
    assert _ids(manager_client.get(STATUS_CHANGES, {"evaluation": evaluation.pk})) == {
        c["id"] for c in changes}


def test_cancelling_needs_a_reason_kept_on_the_evaluation(api_client, people):
    evaluation = EvaluationFactory()
    url = f"{EVALUATIONS}{evaluation.pk}/transition/"
    client = _as(api_client, people["field"])
    response = client.post(url, {"to_status": "cancelled"}, format="json")
    assert response.status_code == 400 and "note" in response.json()
    assert client.post(url, {"to_status": "cancelled", "note": "The project closed early."},
                       format="json").status_code == 201
    body = client.get(f"{EVALUATIONS}{evaluation.pk}/").json()
    assert (body["status"], body["cancellation_reason"]) == ("cancelled",
                                                             "The project closed early.")


# --- findings ---------------------------------------------------------------------------------

def test_findings_are_recorded_by_whoever_manages_the_evaluation(api_client, people):
    evaluation = _started()
    client = _as(api_client, people["field"])
    rating = client.post(RATINGS, {"evaluation": evaluation.pk, "criterion": "relevance",
                                   "score": 5, "justification": "Aligned."}, format="json")
    assert rating.status_code == 201, rating.content
    again = client.post(RATINGS, {"evaluation": evaluation.pk, "criterion": "relevance",
                                  "score": 4, "justification": "Mostly aligned."},
                        format="json")
    assert again.status_code == 201 and again.json()["id"] == rating.json()["id"]
    assert client.patch(f"{RATINGS}{rating.json()['id']}/", {"score": 3},
                        format="json").json()["score"] == 3
    lesson = client.post(LESSONS, {"evaluation": evaluation.pk, "title": "Ownership",
                                   "description": "Tripartite design builds ownership.",
                                   "technical_area": "social_dialogue", "country": "ALB"},
                         format="json")
    assert lesson.status_code == 201, lesson.content
    practice = client.post(PRACTICES, {"evaluation": evaluation.pk, "title": "Committee",
                                       "description": "A steering committee met monthly.",
                                       "replication": "Any country programme."},
                           format="json")
    assert practice.status_code == 201, practice.content
    evaluator = client.post(EVALUATORS, {"evaluation": evaluation.pk, "name": "A. Expert",
                                         "kind": "external", "team_leader": True},
                            format="json")
    assert evaluator.status_code == 201, evaluator.content
    # A manager reads them but does not manage an evaluation a country office manages.
    manager = _as(api_client, people["manager"])
    assert manager.get(f"{LESSONS}{lesson.json()['id']}/").status_code == 200
    response = manager.post(RATINGS, {"evaluation": evaluation.pk, "criterion": "impact",
                                      "score": 4, "justification": "Some."}, format="json")
    assert response.status_code == 403
    assert manager.delete(f"{LESSONS}{lesson.json()['id']}/").status_code == 403
    assert _as(api_client, people["field"]).delete(
        f"{LESSONS}{lesson.json()['id']}/").status_code == 204


def test_a_published_evaluations_findings_change_only_with_a_reason(api_client, people):
    evaluation = _started()
    Evaluation.objects.filter(pk=evaluation.pk).update(status=EvaluationStatus.PUBLISHED)
    rating = RatingFactory(evaluation=evaluation)
    client = _as(api_client, people["field"])
    response = client.patch(f"{RATINGS}{rating.pk}/", {"score": 2}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    response = client.patch(f"{RATINGS}{rating.pk}/", {"score": 2, "reason": "Typo"},
                            format="json")
    assert response.status_code == 200 and response.json()["score"] == 2


def test_lessons_search_across_evaluations(api_client, people):
    a, b = _started(title="A"), _started(title="B", technical_area="")
    LessonFactory(evaluation=a, title="Social dialogue",
                  description="Tripartite committees built ownership of the reform.",
                  technical_area="social_dialogue")
    LessonFactory(evaluation=b, title="Budgets",
                  description="Costing the plan early avoided delays.")
    hidden = _started(title="C", country=country("SEN"),
                      project=ProjectFactory(country=country("SEN")))
    LessonFactory(evaluation=hidden, description="Tripartite bodies in Senegal.")
    client = _as(api_client, people["field"])
    found = client.get(LESSONS, {"q": "tripartite"}).json()["results"]
    assert [r["title"] for r in found] == ["Social dialogue"]
    assert len(client.get(LESSONS).json()["results"]) == 2
    assert [r["title"] for r in client.get(LESSONS, {"theme": "social_dialogue"})
            .json()["results"]] == ["Social dialogue"]
    assert [r["title"] for r in client.get(LESSONS, {"evaluation": b.pk}).json()["results"]
            ] == ["Budgets"]


@pytest.mark.postgres
def test_lessons_full_text_search_is_stemmed_ranked_and_highlighted(api_client, people):
    evaluation = _started()
    LessonFactory(evaluation=evaluation, title="Committees",
                  description="The committees were meeting every quarter.")
    LessonFactory(evaluation=evaluation, title="Other", description="Nothing relevant.")
    found = _as(api_client, people["field"]).get(LESSONS, {"q": "committee meets"}).json()
    [row] = found["results"]
    assert row["title"] == "Committees" and row["rank"] > 0
    assert "<mark>committees</mark>" in row["snippet"]


# --- recommendations and follow-up ------------------------------------------------------------

def test_the_addressee_records_the_management_response(api_client, people):
    evaluation = _started()
    client = _as(api_client, people["field"])
    created = client.post(RECOMMENDATIONS, {
        "evaluation": evaluation.pk, "text": "Strengthen monitoring.",
        "addressee_unit": "country_office", "priority": "high"}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["number"] == 1
    to_actemp = RecommendationFactory(evaluation=evaluation, addressee_unit=AddresseeUnit.ACTEMP)
    pk = created.json()["id"]
    # Not the addressee: refused, saying who may.
    response = _as(api_client, people["actemp"]).post(RESPONSES, {
        "recommendation": pk, "decision": "accepted"}, format="json")
    assert response.status_code == 403
    assert "addressee" in response.json()["detail"]
    assert _as(api_client, people["actemp"]).post(RESPONSES, {
        "recommendation": to_actemp.pk, "decision": "accepted"},
        format="json").status_code == 201
    # A rejection gives its rationale.
    client = _as(api_client, people["field"])
    response = client.post(RESPONSES, {"recommendation": pk, "decision": "rejected"},
                           format="json")
    assert response.status_code == 400 and "rationale" in response.json()
    draft = client.post(RESPONSES, {"recommendation": pk, "decision": "accepted",
                                    "responded_on": "2016-02-01"}, format="json")
    assert draft.status_code == 201, draft.content
    assert draft.json()["submitted_at"] is None
    url = f"{RESPONSES}{draft.json()['id']}/"
    submitted = client.post(f"{url}submit/")
    assert submitted.status_code == 200 and submitted.json()["submitted_by"] == "api.field"
    # Once submitted, a change needs a reason.
    response = client.patch(url, {"decision": "partially_accepted",
                                  "rationale": "Only the monitoring part."}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()
    assert ManagementResponse.objects.get(pk=draft.json()["id"]).decision == "accepted"
    response = client.patch(url, {"decision": "partially_accepted",
                                  "rationale": "Only the monitoring part.",
                                  "reason": "Budget cut"}, format="json")
    assert response.status_code == 200, response.content
    recommendation = client.get(f"{RECOMMENDATIONS}{pk}/").json()
    assert recommendation["response"]["decision"] == "partially_accepted"
    history = client.get(f"{EVALUATIONS}{evaluation.pk}/history/").json()["results"]
    change = next(e for e in history if e["record"] == "management response"
                  and e["kind"] == "changed" and e["reason"] == "Budget cut")
    assert change["user"] == "api.field"
    assert {"field": "response", "old": "accepted", "new": "partially_accepted"} in \
        change["changes"]


def test_follow_up_actions_move_to_completion(api_client, people):
    evaluation = _started()
    recommendation = RecommendationFactory(evaluation=evaluation)
    owner = UserFactory(username="api.owner", role=Role.FIELD_STAFF, countries=[country("SEN")])
    client = _as(api_client, people["field"])
    payload = {"recommendation": recommendation.pk, "description": "Monitoring plan",
               "owner": "api.owner", "due_date": "2016-12-31"}
    response = client.post(ACTIONS, payload, format="json")
    assert response.status_code == 400 and "Submit the management response" in \
        response.json()["detail"]
    ManagementResponseFactory(recommendation=recommendation, submitted_at=dt.datetime(
        2016, 3, 1, tzinfo=dt.UTC))
    response = client.post(ACTIONS, {**payload, "owner": None, "owner_unit": ""},
                           format="json")
    assert response.status_code == 400 and "owner" in response.json()
    created = client.post(ACTIONS, payload, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["is_overdue"] is (dt.date(2016, 12, 31) < TODAY)
    url = f"{ACTIONS}{created.json()['id']}/"
    # The owner (of another country) updates its status; "not possible" says why.
    owner_client = _as(api_client, owner)
    response = owner_client.post(f"{url}status/", {"status": "not_possible"}, format="json")
    assert response.status_code == 400 and "note" in response.json()
    done = owner_client.post(f"{url}status/", {"status": "completed",
                                               "effective_date": "2016-11-30"}, format="json")
    assert done.status_code == 200, done.content
    assert (done.json()["status"], done.json()["completed_on"]) == ("completed", "2016-11-30")
    # Others may not.
    assert _as(api_client, people["actemp"]).post(
        f"{url}status/", {"status": "in_progress"}, format="json").status_code in (403, 404)
    board = _as(api_client, people["manager"]).get(ACTIONS, {"status": "completed"}).json()
    assert [a["id"] for a in board["results"]] == [created.json()["id"]]
    assert _as(api_client, people["field"]).get(RECOMMENDATIONS).json()["results"][0][
        "implementation"] == "completed"


def test_an_overdue_action_shows_on_the_board(api_client, people):
    recommendation = RecommendationFactory(evaluation=_started())
    ManagementResponseFactory(recommendation=recommendation)
    late = FollowUpActionFactory(recommendation=recommendation, due_date=dt.date(2016, 1, 31))
    FollowUpActionFactory(recommendation=recommendation, due_date=TODAY + dt.timedelta(days=30))
    rows = _as(api_client, people["manager"]).get(ACTIONS, {"overdue": "true"}).json()
    assert [(r["id"], r["is_overdue"]) for r in rows["results"]] == [(late.pk, True)]


# --- lists: a fixed number of queries ---------------------------------------------------------

def _grow(n: int) -> None:
    for _ in range(n):
        evaluation = _started()
        RatingFactory(evaluation=evaluation)
        LessonFactory(evaluation=evaluation)
        GoodPracticeFactory(evaluation=evaluation)
        recommendation = RecommendationFactory(evaluation=evaluation)
        ManagementResponseFactory(recommendation=recommendation)
        FollowUpActionFactory(recommendation=recommendation)
        EvaluationStatusChange.objects.create(evaluation=evaluation, from_status="planned",
                                              to_status="in_progress",
                                              effective_date=dt.date(2015, 3, 1))
        evaluation.countries.add(country("ALB"), country("SEN"))


@pytest.mark.parametrize("url", [EVALUATIONS, RATINGS, LESSONS, PRACTICES, RECOMMENDATIONS,
                                 RESPONSES, ACTIONS, EVALUATORS, STATUS_CHANGES,
                                 f"{EVALUATIONS}map/"])
@pytest.mark.parametrize("persona", ["field", "manager", "actemp"])
def test_lists_run_a_fixed_number_of_queries(api_client, people, url, persona,
                                             django_assert_num_queries):
    client = _as(api_client, people[persona])
    _grow(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow(5)
    with django_assert_num_queries(len(few)):
        response = client.get(url)
        assert response.status_code == 200


def test_the_history_runs_a_fixed_number_of_queries(api_client, people):
    evaluation = _started()
    client = _as(api_client, people["field"])
    url = f"{EVALUATIONS}{evaluation.pk}/history/"

    def add(n):
        for _ in range(n):
            recommendation = RecommendationFactory(evaluation=evaluation)
            ManagementResponseFactory(recommendation=recommendation)
            FollowUpActionFactory(recommendation=recommendation)

    add(1)
    client.get(url)  # warm up: the caller's scope is read once per user
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(4)
    with CaptureQueriesContext(connection) as more:
        assert client.get(url).json()["count"] >= 15
    assert len(more) == len(few)


# --- the computed figures ---------------------------------------------------------------------

def _responded(evaluation, decision, *statuses):
    recommendation = RecommendationFactory(evaluation=evaluation)
    ManagementResponseFactory(recommendation=recommendation, decision=decision,
                              rationale="Why.", submitted_at=dt.datetime(2016, 3, 1,
                                                                         tzinfo=dt.UTC))
    for status in statuses:
        FollowUpActionFactory(recommendation=recommendation, status=status,
                              status_note="Done" if status != ActionStatus.NOT_STARTED else "",
                              completed_on=dt.date(2016, 5, 1)
                              if status == ActionStatus.COMPLETED else None)


def test_the_figures_are_read_from_the_workers_snapshot(api_client, people):
    evaluation = EvaluationFactory(status=EvaluationStatus.APPROVED,
                                   actual_start=dt.date(2016, 1, 1),
                                   actual_end=dt.date(2016, 6, 30))
    RatingFactory(evaluation=evaluation, criterion="relevance", score=5)
    RatingFactory(evaluation=evaluation, criterion="efficiency", score=2)
    _responded(evaluation, ResponseDecision.ACCEPTED, ActionStatus.COMPLETED)
    _responded(evaluation, ResponseDecision.ACCEPTED, ActionStatus.IN_PROGRESS)
    _responded(evaluation, ResponseDecision.PARTIALLY_ACCEPTED)
    _responded(evaluation, ResponseDecision.REJECTED)
    manager = _as(api_client, people["manager"])
    # Before the worker has run, there are no figures: the request computes none.
    assert manager.get(IMPLEMENTATION).json()["count"] == 0
    recompute_all.apply(kwargs={"as_of": "2016-08-01"}).get()
    rows = {(r["dimension"], r["key"]): r
            for r in manager.get(IMPLEMENTATION).json()["results"]}
    overall = rows[("all", "")]
    assert (overall["responses"], overall["to_implement"], overall["completed"],
            overall["partially"], overall["not_implemented"], overall["rate"]) == (
        4, 3, 1, 1, 1, "33.3")
    assert overall["as_of"] == "2016-08-01"
    assert rows[("region", "EU")]["rate"] == "33.3"
    assert rows[("unit", "country_office")]["responses"] == 4
    assert rows[("type", "independent")]["to_implement"] == 3
    assert rows[("year", "2016")]["completed"] == 1
    by_region = manager.get(IMPLEMENTATION, {"dimension": "region"}).json()["results"]
    assert {r["dimension"] for r in by_region} == {"region"}
    averages = {(r["dimension"], r["key"], r["criterion"]): Decimal(r["average"])
                for r in manager.get(AVERAGES).json()["results"]}
    assert averages[("all", "", "relevance")] == 5
    assert averages[("biennium", "2016-17", "efficiency")] == 2
    assert averages[("region", "EU", "relevance")] == 5
    # A later write does not move the figures until the worker runs again.
    Rating.objects.filter(criterion="relevance").update(score=1)
    again = manager.get(AVERAGES, {"dimension": "all", "criterion": "relevance"}).json()
    assert [Decimal(r["average"]) for r in again["results"]] == [5]
    # The figures are for those who monitor evaluations.
    assert _as(api_client, people["field"]).get(IMPLEMENTATION).status_code == 403
    assert api_client.get(AVERAGES).status_code == 403
    assert api_client.get(COVERAGE).status_code == 403


@pytest.mark.parametrize("url", [FLAGS, COVERAGE, IMPLEMENTATION, AVERAGES, RULES])
def test_figure_lists_run_a_fixed_number_of_queries(api_client, people, url,
                                                    django_assert_num_queries):
    from tests.programmes.factories import ProjectFundingFactory

    def grow(n):
        for year in range(2010, 2010 + n):
            project = ProjectFactory(country=country("ALB"), start_date=dt.date(year, 1, 1),
                                     end_date=dt.date(year, 12, 31))
            ProjectFundingFactory(project=project, year=year, allocation=Decimal("2000000"))
            evaluation = EvaluationFactory(status=EvaluationStatus.APPROVED,
                                           actual_end=dt.date(year, 6, 30))
            RatingFactory(evaluation=evaluation)
            _responded(evaluation, ResponseDecision.ACCEPTED, ActionStatus.COMPLETED)
        recompute_all.apply(kwargs={"as_of": "2016-08-01"}).get()

    client = _as(api_client, people["manager"])
    grow(1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).json()["count"] > 0
    grow(4)
    with django_assert_num_queries(len(few)):
        assert client.get(url).status_code == 200


def test_coverage_required_and_done_from_the_snapshot(api_client, people):
    from tests.programmes.factories import ProjectFundingFactory

    big = ProjectFactory(country=country("ALB"), start_date=dt.date(2014, 1, 1),
                         end_date=dt.date(2016, 12, 31))
    ProjectFundingFactory(project=big, year=2014, allocation=Decimal("1500000"))
    EvaluationFactory(project=big, status=EvaluationStatus.IN_PROGRESS)
    recompute_all.apply(kwargs={"as_of": "2016-08-01"}).get()
    manager = _as(api_client, people["manager"])
    rules = manager.get(RULES).json()["results"]
    assert len(rules) == 3 and all(r["is_active"] for r in rules)
    flags = manager.get(FLAGS, {"country": "ALB"}).json()["results"]
    [flag] = [f for f in flags if f["project"] == big.pk]
    assert (flag["status"], flag["due_date"], flag["as_of"]) == ("due", "2016-12-31",
                                                                 "2016-08-01")
    table = manager.get(COVERAGE, {"region": "all", "year": 2016}).json()["results"]
    assert [(r["region"], r["required"], r["done"], r["due"]) for r in table] == [
        (None, 1, 0, 1)]
    europe = manager.get(COVERAGE, {"region": "EU"}).json()["results"]
    assert [(r["region"], r["year"], r["required"]) for r in europe] == [("EU", 2016, 1)]
    # Field staff see their countries' flags only, and no coverage table.
    other = _as(api_client, people["other_field"])
    assert all(f["country"] == "SEN" for f in other.get(FLAGS).json()["results"])
    assert other.get(COVERAGE).status_code == 403


# --- history ----------------------------------------------------------------------------------

def test_the_history_says_who_changed_what_when_and_why(api_client, people):
    evaluation = EvaluationFactory()
    client = _as(api_client, people["field"])
    url = f"{EVALUATIONS}{evaluation.pk}/"
    response = client.patch(url, {"title": "Final evaluation, revised", "budget": "30000",
                                  "reason": "Terms of reference agreed"}, format="json")
    assert response.status_code == 200, response.content
    client.post(f"{url}transition/", {"to_status": "in_progress"}, format="json")
    rating = client.post(RATINGS, {"evaluation": evaluation.pk, "criterion": "impact",
                                   "score": 4, "justification": "Visible."}, format="json")
    client.delete(f"{RATINGS}{rating.json()['id']}/?reason=Recorded twice")
    entries = client.get(f"{url}history/").json()["results"]
    kinds = [(e["record"], e["kind"]) for e in entries]
    assert kinds[:2] == [("rating", "deleted"), ("rating", "created")]
    edit = next(e for e in entries if e["reason"] == "Terms of reference agreed")
    assert edit["user"] == "api.field" and edit["record"] == "evaluation"
    assert {c["field"] for c in edit["changes"]} == {"title", "budget (US$)"}
    assert entries[0]["reason"] == "Recorded twice"
    assert any(e["reason"] and e["reason"].startswith("Status") for e in entries)
    # Another country's field staff do not see it.
    assert _as(api_client, people["other_field"]).get(f"{url}history/").status_code == 404


# --- the schema -------------------------------------------------------------------------------

def test_every_endpoint_and_filter_is_in_the_openapi_schema(client, manager_user):
    client.force_login(manager_user)
    schema = yaml.safe_load(client.get("/api/schema/").content)
    paths = schema["paths"]
    for path in (f"{EVALUATIONS}{{id}}/transition/", f"{EVALUATIONS}{{id}}/history/",
                 f"{EVALUATIONS}{{id}}/files/", f"{EVALUATIONS}{{id}}/next-steps/",
                 f"{EVALUATIONS}map/", f"{RESPONSES}{{id}}/submit/",
                 f"{ACTIONS}{{id}}/status/", RULES, FLAGS,
                 COVERAGE, IMPLEMENTATION, AVERAGES, EVALUATORS, STATUS_CHANGES, PRACTICES):
        assert path in paths, path
    wanted = {
        EVALUATIONS: {"country", "region", "type", "status", "theme", "year"},
        LESSONS: {"q", "evaluation", "theme", "constituent_group", "country", "region",
                  "type", "year"},
        RECOMMENDATIONS: {"evaluation", "country", "region", "unit", "response", "type",
                          "year", "to_respond"},
        ACTIONS: {"status", "overdue", "owner", "unit", "recommendation"},
        FLAGS: {"country", "region", "year", "status"},
        COVERAGE: {"region", "year"},
        IMPLEMENTATION: {"dimension", "key"},
        AVERAGES: {"dimension", "key", "criterion"},
    }
    for path, names in wanted.items():
        params = {p["name"] for p in paths[path]["get"]["parameters"]}
        assert names <= params, (path, names - params)


def test_recommendations_to_respond_filter(api_client, people):
    evaluation = _started()
    mine = RecommendationFactory(evaluation=evaluation)
    answered = RecommendationFactory(evaluation=evaluation)
    ManagementResponseFactory(recommendation=answered, submitted_at=dt.datetime(
        2016, 3, 1, tzinfo=dt.UTC))
    RecommendationFactory(evaluation=evaluation, addressee_unit=AddresseeUnit.ACTRAV)
    rows = _as(api_client, people["field"]).get(RECOMMENDATIONS, {"to_respond": "true"})
    assert _ids(rows) == {mine.pk}
    assert Recommendation.objects.count() == 3 and FollowUpAction.objects.count() == 0
