"""Implausible values are refused with a sentence naming the bounds (issue 18, item 8): dates
outside 1990 … fifteen years ahead (0001-01-01, 9999-12-31 are typing errors), progress
updates dated in year 1, expenditure far above the allocation; nothing is written."""
import datetime as dt
from decimal import Decimal

import pytest

from capacity.models import Intervention
from evaluation.models import Evaluation
from programmes.models import ProgressUpdate, Project
from programmes.services import indicators as svc
from tests.factories import country
from tests.programmes.factories import CpoFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _project(**changes):
    return {"country": "ALB", "code": "ALB/14/02/RBS", "title": "Skills for youth",
            "funding_source": "rbsa", "start_date": "2014-01-01", "end_date": "2015-12-31",
            "funding": [{"year": 2014, "allocation": "120000", "expenditure": "90000"}],
            **changes}


def test_a_project_ending_in_9999_is_refused(api_client, field_user):
    api_client.force_authenticate(field_user)
    response = api_client.post("/api/v1/projects/", _project(end_date="9999-12-31"),
                               format="json")
    assert response.status_code == 400
    assert "Enter a date between 1990-01-01 and" in response.json()["end_date"][0]
    assert not Project.objects.exists()


def test_expenditure_far_above_the_allocation_is_refused(api_client, field_user):
    api_client.force_authenticate(field_user)
    response = api_client.post("/api/v1/projects/", _project(funding=[
        {"year": 2014, "allocation": "120000", "expenditure": "1200000"}]), format="json")
    assert response.status_code == 400
    assert "one and a half times the allocation" in str(response.json())
    assert not Project.objects.exists()
    # An overspend within reason is recorded.
    ok = api_client.post("/api/v1/projects/", _project(funding=[
        {"year": 2014, "allocation": "120000", "expenditure": "150000"}]), format="json")
    assert ok.status_code == 201, ok.content


def test_a_progress_update_dated_in_year_one_is_refused(api_client, field_user):
    indicator = svc.indicator_create(user=None, cpo=CpoFactory(code="ALB101"),
                                     title="Collective agreements", baseline_value=Decimal(10))
    api_client.force_authenticate(field_user)
    response = api_client.post("/api/v1/progress-updates/", {
        "indicator": indicator.pk, "date": "0001-01-01", "value": "12"}, format="json")
    assert response.status_code == 400
    assert "1990-01-01" in str(response.json()["date"])
    assert not ProgressUpdate.objects.exists()


def test_an_intervention_starting_in_year_one_is_refused(api_client, field_user):
    api_client.force_authenticate(field_user)
    response = api_client.post("/api/v1/capacity-interventions/", {
        "title": "Collective bargaining course", "method": "training", "provider": "itcilo",
        "technical_area": "social_dialogue", "levels": ["individual"], "country": "ALB",
        "start_date": "0001-05-06", "end_date": "2024-05-10"}, format="json")
    assert response.status_code == 400
    assert "start_date" in response.json()
    assert not Intervention.objects.exists()


def test_an_evaluation_planned_for_9999_is_refused(api_client, field_user):
    project = ProjectFactory(country=country("ALB"))
    api_client.force_authenticate(field_user)
    response = api_client.post("/api/v1/evaluations/", {
        "title": "Final evaluation", "subject_kind": "project", "project": project.pk,
        "evaluation_type": "independent", "timing": "final",
        "planned_end": "9999-12-31"}, format="json")
    assert response.status_code == 400
    assert "planned_end" in response.json()
    assert not Evaluation.objects.exists()
    far = dt.date.today().replace(year=dt.date.today().year + 10).isoformat()
    assert api_client.post("/api/v1/evaluations/", {
        "title": "Ex-post evaluation", "subject_kind": "project", "project": project.pk,
        "evaluation_type": "independent", "timing": "ex_post",
        "planned_end": far}, format="json").status_code == 201
