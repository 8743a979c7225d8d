"""Follow-up actions reach their owners (issue 13, point 1, evaluation actions): when an
action is given to someone, and the morning after it falls overdue (once per due date)."""
import datetime as dt

import pytest
from django.urls import reverse

from core.models import Notification
from core.roles import Role
from evaluation.models import EvaluationStatus
from evaluation.notifications import ACTION_ASSIGNED, ACTION_OVERDUE, announce_overdue
from evaluation.services.follow_up import (
    action_create,
    action_update,
    recommendation_create,
    response_record,
)
from tests.evaluation.factories import EvaluationFactory
from tests.factories import UserFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommendation():
    field = UserFactory(username="e.field", role=Role.FIELD_STAFF, countries=[country("ALB")])
    evaluation = EvaluationFactory(status=EvaluationStatus.APPROVED,
                                   actual_end=dt.date(2016, 6, 30))
    recommendation = recommendation_create(user=field, evaluation=evaluation, data={
        "text": "Institutionalize the tripartite monitoring committee.",
        "addressee_unit": "country_office"})
    response_record(user=field, recommendation=recommendation, decision="accepted",
                    rationale="Agreed with the constituents.", submit=True)
    return field, recommendation


def test_an_action_s_owner_is_told_when_given_it_and_when_it_is_overdue(
        recommendation, django_capture_on_commit_callbacks):
    field, rec = recommendation
    colleague = UserFactory(username="e.colleague", role=Role.FIELD_STAFF,
                            countries=[country("ALB")])
    with django_capture_on_commit_callbacks(execute=True):
        action = action_create(user=field, recommendation=rec, data={
            "description": "Draft the committee's terms of reference", "owner": field,
            "due_date": dt.date(2026, 12, 1)})
    (given,) = Notification.objects.filter(kind=ACTION_ASSIGNED, recipient=field)
    assert given.subject == "A follow-up action is yours, due 1 December 2026"
    assert given.url == reverse("evaluation:evaluation-detail",
                                args=[rec.evaluation_id]) + f"#recommendation-{rec.number}"
    with django_capture_on_commit_callbacks(execute=True):
        action_update(user=field, action=action, data={"owner": colleague})
    assert Notification.objects.filter(kind=ACTION_ASSIGNED, recipient=colleague).exists()

    # The clock moves past the due date: the owner is told once, however often it runs.
    with django_capture_on_commit_callbacks(execute=True):
        assert announce_overdue(today=dt.date(2026, 11, 30)) == 0
        assert announce_overdue(today=dt.date(2026, 12, 2)) == 1
        announce_overdue(today=dt.date(2026, 12, 3))
    (late,) = Notification.objects.filter(kind=ACTION_OVERDUE)
    assert late.recipient == colleague
    assert late.subject == "Overdue since 1 December 2026: a follow-up action of yours"
