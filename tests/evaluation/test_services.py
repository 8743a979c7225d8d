"""The evaluation services: recording an evaluation, the status lifecycle, report files
checked by content, findings, the management response (changed only with a reason once
submitted) and follow-up actions — each refused with a clear message, leaving nothing
half-written, and recorded in the history with who and why."""
import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.errors import ApplicationError
from core.roles import Role
from evaluation.models import (
    ActionStatus,
    AddresseeUnit,
    Evaluation,
    EvaluationStatus,
    EvaluationStatusChange,
    ManagementResponse,
    ResponseDecision,
    SubjectKind,
)
from evaluation.services import documents
from evaluation.services.evaluations import (
    evaluation_attach_files,
    evaluation_create,
    evaluation_next_steps,
    evaluation_transition,
    evaluation_update,
)
from evaluation.services.findings import lesson_create, rating_set
from evaluation.services.follow_up import (
    action_create,
    action_set_status,
    response_record,
)
from tests.evaluation.factories import EvaluationFactory, RecommendationFactory
from tests.factories import UserFactory, country
from tests.programmes.factories import ProjectFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def people(db):
    return {
        "field": UserFactory(username="e.field", role=Role.FIELD_STAFF,
                             countries=[country("ALB")]),
        "other_field": UserFactory(username="e.field.sen", role=Role.FIELD_STAFF,
                                   countries=[country("SEN")]),
        "manager": UserFactory(username="e.manager", role=Role.MANAGER),
        "actemp": UserFactory(username="e.actemp", role=Role.ACTEMP),
    }


def _report(name="report.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# --- recording -------------------------------------------------------------------------------

def test_field_staff_record_an_evaluation_of_their_countrys_project(people):
    project = ProjectFactory(country=country("ALB"))
    evaluation = evaluation_create(user=people["field"], data={
        "title": "Final evaluation of the youth employment project",
        "subject_kind": SubjectKind.PROJECT, "project": project,
        "evaluation_type": "independent", "timing": "final",
        "planned_end": dt.date(2016, 6, 30), "budget": "45000",
        "constituent_groups": ["workers", "employers"], "languages": ["en", "fr"]},
        reason="Evaluation plan 2016")
    assert evaluation.country == country("ALB")
    assert evaluation.region == country("ALB").region
    assert list(evaluation.countries.all()) == [country("ALB")]
    assert evaluation.constituent_groups == ["employers", "workers"]
    record = evaluation.history.first()
    assert (record.history_user, record.history_change_reason) == (people["field"],
                                                                   "Evaluation plan 2016")


def test_field_staff_may_not_record_another_countrys_evaluation(people):
    project = ProjectFactory(country=country("ALB"))
    with pytest.raises(PermissionDenied):
        evaluation_create(user=people["other_field"], data={
            "title": "x", "subject_kind": "project", "project": project,
            "evaluation_type": "independent", "timing": "final",
            "planned_end": dt.date(2016, 6, 30)})
    assert not Evaluation.objects.exists()


def test_every_problem_is_reported_on_its_field(people):
    with pytest.raises(ApplicationError) as refused:
        evaluation_create(user=None, data={
            "title": "", "subject_kind": "project", "evaluation_type": "bogus",
            "timing": "final", "planned_start": dt.date(2016, 6, 1),
            "planned_end": dt.date(2016, 1, 1), "budget": "-5",
            "actual_end": timezone.localdate() + dt.timedelta(days=3)})
    assert set(refused.value.field_errors) == {"title", "project", "evaluation_type",
                                               "planned_end", "budget", "actual_end"}
    assert not Evaluation.objects.exists()


def test_managers_record_evaluations_managed_at_headquarters_only(people):
    data = {"title": "High-level evaluation of capacity development 2010–17",
            "subject_kind": SubjectKind.THEME, "theme_title": "Capacity development",
            "evaluation_type": "high_level", "timing": "ex_post", "management": "centralized",
            "planned_end": dt.date(2018, 10, 31)}
    evaluation = evaluation_create(user=people["manager"], data={**data, "country": None})
    assert evaluation.country is None
    with pytest.raises(PermissionDenied):
        evaluation_create(user=people["manager"], data={**data, "country": country("ALB")})


def test_a_published_evaluation_changes_only_with_a_reason(people):
    evaluation = EvaluationFactory(status=EvaluationStatus.PUBLISHED)
    with pytest.raises(ApplicationError) as refused:
        evaluation_update(user=people["field"], evaluation=evaluation, data={"title": "New"})
    assert "reason" in refused.value.field_errors
    evaluation_update(user=people["field"], evaluation=evaluation, data={"title": "New"},
                      reason="Title corrected after publication")
    assert Evaluation.objects.get().title == "New"


# --- files -----------------------------------------------------------------------------------

def test_report_files_are_checked_by_content(people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    evaluation = EvaluationFactory(status=EvaluationStatus.IN_PROGRESS)
    with pytest.raises(ApplicationError) as refused:
        evaluation_attach_files(user=people["field"], evaluation=evaluation,
                                report=_report("report.pdf", b"MZ\x90\x00 not a pdf"))
    assert "judging by its content" in refused.value.field_errors["report"][0]
    evaluation_attach_files(user=people["field"], evaluation=evaluation,
                            report=_report("report.pdf"),
                            report_summary=_report("summary.docx", docx_bytes()))
    evaluation.refresh_from_db()
    assert evaluation.report.name.endswith(".pdf")
    assert evaluation.report_summary.name.endswith(".docx")


def test_a_zip_that_is_not_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.csv", "a,b")
    assert documents.document_kind(io.BytesIO(buffer.getvalue())) is None
    assert documents.document_kind(io.BytesIO(docx_bytes())) == documents.DOCX


def test_too_large_a_file_is_refused(monkeypatch):
    monkeypatch.setattr(documents, "MAX_BYTES", 10)
    with pytest.raises(ApplicationError, match="at most"):
        documents.check_document(_report(), field="report")


# --- the lifecycle ---------------------------------------------------------------------------

def test_the_lifecycle_from_planned_to_published(people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    evaluation = EvaluationFactory()
    field, manager = people["field"], people["manager"]
    assert [t.to_status for t in evaluation_next_steps(evaluation=evaluation, user=field)] == [
        EvaluationStatus.IN_PROGRESS, EvaluationStatus.CANCELLED]
    assert evaluation_next_steps(evaluation=evaluation, user=manager) == []
    evaluation_transition(user=field, evaluation=evaluation, to_status="in_progress",
                          effective_date=dt.date(2016, 1, 10))
    with pytest.raises(ApplicationError) as refused:
        evaluation_transition(user=field, evaluation=evaluation, to_status="report_submitted")
    assert "report" in refused.value.field_errors
    evaluation_attach_files(user=field, evaluation=evaluation, report=_report())
    evaluation_transition(user=field, evaluation=evaluation, to_status="report_submitted",
                          effective_date=dt.date(2016, 5, 31))
    with pytest.raises(ApplicationError, match="Only managers or administrators"):
        evaluation_transition(user=field, evaluation=evaluation, to_status="approved")
    with pytest.raises(ApplicationError) as refused:
        evaluation_transition(user=manager, evaluation=evaluation, to_status="in_progress")
    assert "note" in refused.value.field_errors
    evaluation_transition(user=manager, evaluation=evaluation, to_status="approved",
                          effective_date=dt.date(2016, 6, 15))
    with pytest.raises(ApplicationError) as refused:
        evaluation_transition(user=manager, evaluation=evaluation, to_status="published")
    assert "summary" in refused.value.field_errors
    evaluation_update(user=field, evaluation=evaluation,
                      data={"summary": "The project met most of its targets."})
    evaluation_transition(user=manager, evaluation=evaluation, to_status="published",
                          effective_date=dt.date(2016, 7, 1))
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.actual_start, evaluation.actual_end) == (
        EvaluationStatus.PUBLISHED, dt.date(2016, 1, 10), dt.date(2016, 5, 31))
    assert list(EvaluationStatusChange.objects.values_list("to_status", flat=True)) == [
        "in_progress", "report_submitted", "approved", "published"]
    with pytest.raises(ApplicationError, match="no further steps"):
        evaluation_transition(user=manager, evaluation=evaluation, to_status="approved")


def test_cancelling_needs_a_reason_and_keeps_it(people):
    evaluation = EvaluationFactory()
    with pytest.raises(ApplicationError) as refused:
        evaluation_transition(user=people["field"], evaluation=evaluation,
                              to_status="cancelled")
    assert "note" in refused.value.field_errors
    evaluation_transition(user=people["field"], evaluation=evaluation, to_status="cancelled",
                          note="The project was merged into a regional programme.")
    evaluation.refresh_from_db()
    assert evaluation.cancellation_reason == "The project was merged into a regional programme."
    assert "merged" in evaluation.history.first().history_change_reason


def test_a_step_out_of_order_says_what_the_next_steps_are(people):
    evaluation = EvaluationFactory()
    with pytest.raises(ApplicationError, match="“In progress”, “Cancelled”"):
        evaluation_transition(user=people["field"], evaluation=evaluation,
                              to_status="approved")


def test_a_step_may_not_be_dated_before_the_previous_one(people):
    evaluation = EvaluationFactory(status_changed_on=dt.date(2016, 3, 1))
    with pytest.raises(ApplicationError) as refused:
        evaluation_transition(user=people["field"], evaluation=evaluation,
                              to_status="in_progress", effective_date=dt.date(2016, 2, 1))
    assert "effective_date" in refused.value.field_errors


# --- findings --------------------------------------------------------------------------------

def test_findings_are_recorded_once_the_evaluation_started(people):
    evaluation = EvaluationFactory()
    with pytest.raises(ApplicationError, match="Start the evaluation"):
        rating_set(user=people["field"], evaluation=evaluation, criterion="relevance",
                   score=5, justification="Aligned.")
    evaluation.status = EvaluationStatus.IN_PROGRESS
    evaluation.save()
    with pytest.raises(ApplicationError) as refused:
        rating_set(user=people["field"], evaluation=evaluation, criterion="relevance",
                   score=7, justification="")
    assert set(refused.value.field_errors) == {"score", "justification"}
    rating = rating_set(user=people["field"], evaluation=evaluation, criterion="relevance",
                        score=5, justification="Aligned with national priorities.")
    again = rating_set(user=people["field"], evaluation=evaluation, criterion="relevance",
                       score=4, justification="Partly aligned.", reason="Final report")
    assert again.pk == rating.pk and again.score == 4
    lesson = lesson_create(user=people["field"], evaluation=evaluation, data={
        "title": "Tripartite ownership", "description": "Involve the social partners early.",
        "country": country("ALB"), "technical_area": "social_dialogue"})
    assert lesson.region == country("ALB").region


# --- the management response and follow-up actions --------------------------------------------

@pytest.fixture
def recommendation(db):
    evaluation = EvaluationFactory(status=EvaluationStatus.APPROVED)
    return RecommendationFactory(evaluation=evaluation,
                                 addressee_unit=AddresseeUnit.COUNTRY_OFFICE)


def test_only_the_addressee_records_the_response(people, recommendation):
    with pytest.raises(PermissionDenied):
        response_record(user=people["actemp"], recommendation=recommendation,
                        decision="accepted")
    with pytest.raises(PermissionDenied):
        response_record(user=people["other_field"], recommendation=recommendation,
                        decision="accepted")
    response = response_record(user=people["field"], recommendation=recommendation,
                               decision="accepted", rationale="Agreed.")
    assert not response.is_submitted


def test_a_rejection_gives_its_rationale(people, recommendation):
    with pytest.raises(ApplicationError) as refused:
        response_record(user=people["field"], recommendation=recommendation,
                        decision=ResponseDecision.REJECTED)
    assert "rationale" in refused.value.field_errors
    assert not ManagementResponse.objects.exists()


def test_a_submitted_response_changes_only_with_a_reason(people, recommendation):
    field = people["field"]
    response_record(user=field, recommendation=recommendation, decision="accepted",
                    rationale="Agreed.", submit=True)
    with pytest.raises(ApplicationError) as refused:
        response_record(user=field, recommendation=recommendation,
                        decision="partially_accepted", rationale="Only the first part.")
    assert "reason" in refused.value.field_errors
    response = response_record(user=field, recommendation=recommendation,
                               decision="partially_accepted", rationale="Only the first part.",
                               reason="Budget cut: the second part cannot be funded.")
    assert response.decision == "partially_accepted"
    assert response.submitted_by == field
    assert response.history.first().history_change_reason == \
        "Budget cut: the second part cannot be funded."


def test_actions_follow_a_submitted_acceptance(people, recommendation):
    field = people["field"]
    data = {"description": "Train the labour inspectors", "owner": people["other_field"],
            "due_date": dt.date(2016, 12, 31)}
    with pytest.raises(ApplicationError, match="Submit the management response"):
        action_create(user=field, recommendation=recommendation, data=data)
    response_record(user=field, recommendation=recommendation, decision="rejected",
                    rationale="Out of the mandate.", submit=True)
    with pytest.raises(ApplicationError, match="rejected"):
        action_create(user=field, recommendation=recommendation, data=data)
    response_record(user=field, recommendation=recommendation, decision="accepted",
                    reason="Reconsidered with the constituents.")
    action = action_create(user=field, recommendation=recommendation, data=data)
    # The owner (field staff of another country) updates their own action.
    action_set_status(user=people["other_field"], action=action, status="in_progress",
                      effective_date=dt.date(2016, 5, 1))
    with pytest.raises(ApplicationError) as refused:
        action_set_status(user=field, action=action, status=ActionStatus.NOT_POSSIBLE)
    assert "note" in refused.value.field_errors
    with pytest.raises(PermissionDenied):
        action_set_status(user=people["actemp"], action=action, status="completed")
    action_set_status(user=field, action=action, status="completed",
                      effective_date=dt.date(2016, 6, 1), note="120 inspectors trained.")
    action.refresh_from_db()
    assert (action.status, action.completed_on, action.status_changed_on) == (
        "completed", dt.date(2016, 6, 1), dt.date(2016, 6, 1))
    reasons = list(action.history.values_list("history_change_reason", flat=True))
    assert reasons[0] == "Status: In progress → Completed. 120 inspectors trained."
