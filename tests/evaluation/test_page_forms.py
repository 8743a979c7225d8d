"""The evaluation pages' forms (issue 12): field staff record and edit their country's
evaluations and take the lifecycle's steps; the addressee records the management response;
the addressee or owner updates an action. Each form calls one service: refusals come back on
the form (400) with nothing written, and who may is the services' policy."""
import datetime as dt

import pytest
from django.urls import reverse

from evaluation.models import Evaluation, EvaluationStatus, ManagementResponse
from evaluation.models.choices import ActionStatus, ResponseDecision
from tests.evaluation.factories import (
    EvaluationFactory,
    FollowUpActionFactory,
    RecommendationFactory,
)
from tests.factories import country
from tests.programmes.factories import ProjectFactory

pytestmark = pytest.mark.django_db
NEW = reverse("evaluation:evaluation-create")


def _detail(evaluation):
    return reverse("evaluation:evaluation-detail", args=[evaluation.pk])


def _new_evaluation(project, **changes):
    return {"title": "Final independent evaluation of the youth employment project",
            "subject_kind": "project", "project": project.pk if project else "",
            "evaluation_type": "independent",
            "timing": "final", "management": "decentralized", "planned_end": "2016-12-31",
            "budget": "45000", "languages": ["en", "fr"], "constituent_groups": ["workers"],
            **changes}


def test_field_staff_record_an_evaluation_of_their_countrys_project(client, field_user):
    project = ProjectFactory(country=country("ALB"))
    client.force_login(field_user)
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, _new_evaluation(project))
    evaluation = Evaluation.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(evaluation)
    assert (evaluation.status, evaluation.country, evaluation.languages) == (
        EvaluationStatus.PLANNED, country("ALB"), ["en", "fr"])
    assert evaluation.history.first().history_user == field_user
    page = client.get(_detail(evaluation)).content.decode()
    assert "Start the evaluation" in page and reverse(
        "evaluation:evaluation-edit", args=[evaluation.pk]) in page


def test_a_refused_evaluation_comes_back_on_the_form_and_nothing_is_written(client,
                                                                             field_user):
    client.force_login(field_user)
    response = client.post(NEW, _new_evaluation(None, planned_start="2017-01-01"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "project" in errors  # the service: choose what is evaluated
    assert not Evaluation.objects.exists()


def test_another_countrys_project_is_not_offered(client, field_user):
    foreign = ProjectFactory(country=country("SEN"))
    client.force_login(field_user)
    response = client.post(NEW, _new_evaluation(foreign))
    assert response.status_code == 400
    assert "project" in response.context["form"].errors
    assert not Evaluation.objects.exists()


def test_only_who_manages_an_evaluation_may_edit_it(client, field_user, manager_user):
    evaluation = EvaluationFactory(title="Final evaluation")
    client.force_login(manager_user)  # managers manage only evaluations of headquarters
    assert client.get(reverse("evaluation:evaluation-edit", args=[evaluation.pk])
                      ).status_code == 403
    client.force_login(field_user)
    url = reverse("evaluation:evaluation-edit", args=[evaluation.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(project=evaluation.project_id, country=evaluation.country_id,
                title="Final independent evaluation", reason="Title as in the ToR")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    evaluation.refresh_from_db()
    assert evaluation.title == "Final independent evaluation"
    assert evaluation.history.first().history_change_reason == "Title as in the ToR"


def test_the_lifecycle_steps_are_taken_on_the_evaluations_page(client, field_user,
                                                              manager_user):
    evaluation = EvaluationFactory()
    step = reverse("evaluation:evaluation-step", args=[evaluation.pk])
    client.force_login(field_user)
    response = client.post(step, {"to_status": "in_progress", "effective_date": "2015-09-01"})
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.IN_PROGRESS
    # Submitting needs the report: refused on the step's form, nothing changes.
    refused = client.post(step, {"to_status": "report_submitted",
                                 "effective_date": "2015-11-01"})
    assert refused.status_code == 400
    assert "report" in refused.content.decode().lower()
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.IN_PROGRESS
    # Approving is for managers: field staff are refused.
    Evaluation.objects.filter(pk=evaluation.pk).update(status=EvaluationStatus.REPORT_SUBMITTED)
    page = client.get(_detail(evaluation)).content.decode()
    assert "Approve the report" not in page
    assert client.post(step, {"to_status": "approved",
                              "effective_date": "2015-12-01"}).status_code in (400, 403)
    client.force_login(manager_user)
    assert "Approve the report" in client.get(_detail(evaluation)).content.decode()
    assert client.post(step, {"to_status": "approved",
                              "effective_date": "2015-12-01"}).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.APPROVED


def test_the_addressee_records_and_submits_the_management_response(client, field_user,
                                                                   manager_user):
    recommendation = RecommendationFactory(
        evaluation=EvaluationFactory(status=EvaluationStatus.APPROVED))
    url = reverse("evaluation:response", args=[recommendation.pk])
    client.force_login(manager_user)  # addressed to the country office, not to headquarters
    assert client.get(url).status_code == 403
    client.force_login(field_user)
    assert "Record the response" in client.get(_detail(recommendation.evaluation)
                                               ).content.decode()
    refused = client.post(url, {"decision": ResponseDecision.REJECTED, "rationale": ""})
    assert refused.status_code == 400 and "rationale" in refused.context["form"].errors
    assert not ManagementResponse.objects.exists()
    response = client.post(url, {"decision": ResponseDecision.ACCEPTED, "rationale": "Agreed.",
                                 "responded_on": "2016-02-01", "submit": "on"})
    assert response.status_code == 302
    saved = ManagementResponse.objects.get()
    assert saved.decision == ResponseDecision.ACCEPTED and saved.submitted_at is not None
    # Submitted: a change needs a reason.
    again = client.post(url, {"decision": ResponseDecision.PARTIALLY_ACCEPTED,
                              "rationale": "Only in the pilot provinces."})
    assert again.status_code == 400
    saved.refresh_from_db()
    assert saved.decision == ResponseDecision.ACCEPTED


def test_an_action_s_progress_is_updated_by_its_addressee(client, field_user, manager_user):
    action = FollowUpActionFactory(recommendation__evaluation=EvaluationFactory(
        status=EvaluationStatus.PUBLISHED))
    url = reverse("evaluation:action-status", args=[action.pk])
    client.force_login(manager_user)
    assert client.get(url).status_code == 403
    client.force_login(field_user)
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    refused = client.post(url, {"to_status": ActionStatus.COMPLETED,
                                "effective_date": future})
    assert refused.status_code == 400
    assert "effective_date" in refused.context["form"].errors
    response = client.post(url, {"to_status": ActionStatus.COMPLETED,
                                 "effective_date": "2016-06-30", "note": "Plan adopted."})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.completed_on) == (ActionStatus.COMPLETED,
                                                   dt.date(2016, 6, 30))


def test_an_unseen_evaluation_is_a_404_on_every_form(client, field_user):
    senegal = EvaluationFactory(country=country("SEN"),
                                project=ProjectFactory(country=country("SEN")))
    recommendation = RecommendationFactory(evaluation=senegal)
    action = FollowUpActionFactory(recommendation=recommendation)
    client.force_login(field_user)
    for url in (reverse("evaluation:evaluation-edit", args=[senegal.pk]),
                reverse("evaluation:response", args=[recommendation.pk]),
                reverse("evaluation:action-status", args=[action.pk])):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("evaluation:evaluation-step", args=[senegal.pk]),
                       {"to_status": "in_progress", "effective_date": "2015-09-01"}
                       ).status_code == 404
