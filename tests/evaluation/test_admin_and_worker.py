"""The evaluation admin (policy-scoped, the report checked by content, workflow states
read-only) and the evaluation figures computed by a real Celery worker after writes."""
import datetime as dt

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.utils import timezone

from core.models import TaskRun
from core.roles import Role
from evaluation.models import (
    EvaluationSnapshot,
    EvaluationStatus,
    ImplementationFigure,
    RatingAverage,
)
from evaluation.services import computed
from evaluation.services.findings import rating_set
from evaluation.services.follow_up import (
    action_create,
    action_set_status,
    recommendation_create,
    response_record,
)
from tests.evaluation.factories import EvaluationFactory
from tests.factories import UserFactory, country


@pytest.mark.django_db
def test_the_admin_lists_the_users_evaluations_and_checks_the_report(client):
    staff = UserFactory(username="a.field", role=Role.FIELD_STAFF, countries=[country("ALB")],
                        is_staff=True)
    mine = EvaluationFactory(title="Albanian evaluation")
    EvaluationFactory(title="Senegalese evaluation", country=country("SEN"))
    client.force_login(staff)
    listing = client.get("/admin/evaluation/evaluation/")
    assert listing.status_code == 200
    assert b"Albanian evaluation" in listing.content
    assert b"Senegalese evaluation" not in listing.content
    page = client.get(f"/admin/evaluation/evaluation/{mine.pk}/change/")
    assert page.status_code == 200
    assert b'name="status"' not in page.content  # the lifecycle is not edited here
    form = {"title": mine.title, "subject_kind": "project", "project": mine.project_id,
            "evaluation_type": "independent", "timing": "final", "management": "decentralized",
            "country": mine.country_id, "planned_end": "2015-12-31", "languages": "[]",
            "constituent_groups": "[]",
            "report": SimpleUploadedFile("report.pdf", b"not a PDF at all"),
            **{f"{prefix}-{key}": value
               for prefix in ("evaluators", "ratings", "status_changes")
               for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))}}
    refused = client.post(f"/admin/evaluation/evaluation/{mine.pk}/change/", form)
    assert refused.status_code == 200
    assert "judging by its content" in refused.content.decode()
    mine.refresh_from_db()
    assert not mine.report


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_computes_the_figures_after_writes(celery_worker_process):
    cache.delete(computed.RECOMPUTE.key)
    field = UserFactory(username="w.field", role=Role.FIELD_STAFF, countries=[country("ALB")])
    evaluation = EvaluationFactory(status=EvaluationStatus.APPROVED,
                                   actual_end=dt.date(2016, 6, 30))
    # Each service call commits on its own: a burst of writes.
    rating_set(user=field, evaluation=evaluation, criterion="relevance", score=5,
               justification="Aligned with the national employment policy.")
    recommendation = recommendation_create(user=field, evaluation=evaluation, data={
        "text": "Institutionalize the tripartite monitoring committee.",
        "addressee_unit": "country_office"})
    response_record(user=field, recommendation=recommendation, decision="accepted",
                    rationale="Agreed with the constituents.", submit=True)
    action = action_create(user=field, recommendation=recommendation, data={
        "description": "Draft the committee's terms of reference", "owner": field,
        "due_date": timezone.localdate()})
    action_set_status(user=field, action=action, status="completed", note="Adopted.")
    assert not EvaluationSnapshot.objects.exists()  # nothing computed in this process

    def computed_with_completion() -> bool:
        return ImplementationFigure.objects.filter(
            snapshot__is_current=True, dimension="all", completed=1,
            snapshot__run__status=TaskRun.Status.SUCCEEDED).exists()

    celery_worker_process.wait_for(computed_with_completion, timeout=90,
                                   what="the evaluation figures computed by the worker")
    runs = TaskRun.objects.filter(name="evaluation.recompute_all")
    assert runs.count() < 5  # debounced: five writes, not five runs
    run = runs.filter(status=TaskRun.Status.SUCCEEDED).order_by("-finished_at").first()
    assert run.worker
    snapshot = EvaluationSnapshot.objects.get(is_current=True)
    figure = ImplementationFigure.objects.get(snapshot=snapshot, dimension="all")
    assert (figure.to_implement, figure.completed, str(figure.rate)) == (1, 1, "100.0")
    assert RatingAverage.objects.get(snapshot=snapshot, dimension="all").average == 5


@pytest.mark.django_db
def test_a_coverage_rule_accepts_only_evaluation_types(admin_user):
    from evaluation.admin import CoverageRuleAdminForm
    from evaluation.models import CoverageRule

    rule = CoverageRule.objects.get(code="project-final")
    data = {k: ("" if v is None else v) for k, v in model_to_dict(rule).items()}
    form = CoverageRuleAdminForm({**data, "evaluation_types": '["independent", "audit"]'},
                                 instance=rule)
    assert not form.is_valid()
    assert "audit" in form.errors["evaluation_types"][0]
    valid = CoverageRuleAdminForm({**data, "evaluation_types": '["independent"]'},
                                  instance=rule)
    assert valid.is_valid(), valid.errors
