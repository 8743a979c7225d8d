"""The evaluation demo data: loaded after the constituents', programmes' and capacity demo
data, it holds evaluations of DWCPs, projects, capacity interventions and a theme in every
status, with ratings, lessons, good practices and recommendations whose responses and
actions are in every state (overdue ones included); the figures are computed; loading again
creates nothing."""
import io

import pytest
from django.db import transaction
from django.utils import timezone

from capacity import demo as capacity_demo
from constituents import demo as constituents_demo
from evaluation import demo, selectors
from evaluation.models import (
    ActionStatus,
    Evaluation,
    EvaluationStatus,
    FollowUpAction,
    ManagementResponse,
    Recommendation,
    ResponseDecision,
    SubjectKind,
)
from programmes import demo as programmes_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.conf import settings

    media, settings.MEDIA_ROOT = settings.MEDIA_ROOT, str(tmp_path_factory.mktemp("media"))
    with django_db_blocker.unblock(), transaction.atomic():
        constituents_demo.load(stdout=io.StringIO())
        programmes_demo.load(stdout=io.StringIO())
        capacity_demo.load(stdout=io.StringIO())
        out = io.StringIO()
        demo.load(stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)
    settings.MEDIA_ROOT = media


def test_every_status_and_kind_of_subject(loaded):
    assert loaded.startswith("Evaluation demo data: created ")
    assert set(Evaluation.objects.values_list("status", flat=True)) == set(EvaluationStatus)
    assert set(Evaluation.objects.values_list("subject_kind", flat=True)) == {
        SubjectKind.DWCP, SubjectKind.PROJECT, SubjectKind.INTERVENTION, SubjectKind.THEME}
    for evaluation in Evaluation.objects.filter(status__in=("report_submitted", "approved",
                                                            "published")):
        assert evaluation.report.name.endswith(".pdf")
        assert evaluation.ratings.exists()


def test_recommendations_in_every_state(loaded):
    assert Recommendation.objects.filter(response__isnull=True).exists()
    assert ManagementResponse.objects.filter(submitted_at__isnull=True).exists()
    assert set(ManagementResponse.objects.filter(submitted_at__isnull=False)
               .values_list("decision", flat=True)) == set(ResponseDecision)
    assert set(FollowUpAction.objects.values_list("status", flat=True)) == set(ActionStatus)
    overdue = FollowUpAction.objects.filter(selectors.overdue_q(timezone.localdate()))
    assert overdue.filter(owner__username="field").exists()


def test_the_figures_are_computed(loaded):
    assert selectors.current_snapshot() is not None
    overall = selectors.implementation_figures(dimension="all").get()
    assert overall.to_implement > overall.completed > 0
    assert selectors.rating_averages(dimension="all").filter(criterion="relevance").exists()
    assert selectors.coverage_table().exists()


def test_loading_again_creates_nothing(loaded):
    counts = {model: model.objects.count() for model in (Evaluation, Recommendation,
                                                         FollowUpAction)}
    out = io.StringIO()
    assert demo.load(stdout=out) == {}
    assert "nothing new" in out.getvalue()
    assert {model: model.objects.count() for model in counts} == counts
