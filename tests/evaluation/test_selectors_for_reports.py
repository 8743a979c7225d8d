"""The reports' reads of evaluations: the biennial report's evaluation section (evaluations
completed in the biennium, their average ratings and the implementation of their
recommendations from the worker's snapshot, a few lessons from different evaluations) and a
DWCP's evaluations."""
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from evaluation.models import EvaluationStatus, ResponseDecision, SubjectKind
from evaluation.selectors_for_reports import (
    biennial_evaluations_for_report,
    dwcp_evaluations_for_report,
)
from evaluation.services.computed import evaluation_recompute_all
from programmes.models import Biennium
from tests.evaluation.factories import (
    EvaluationFactory,
    FollowUpActionFactory,
    LessonFactory,
    ManagementResponseFactory,
    RatingFactory,
    RecommendationFactory,
)
from tests.programmes.factories import CpoFactory, DwcpFactory

pytestmark = pytest.mark.django_db


def test_the_biennial_section(django_assert_max_num_queries):
    inside = EvaluationFactory(title="Inside", status=EvaluationStatus.PUBLISHED,
                               actual_end=dt.date(2016, 6, 30))
    other = EvaluationFactory(title="Also inside", status=EvaluationStatus.APPROVED,
                              actual_end=dt.date(2017, 3, 1))
    EvaluationFactory(title="Before", status=EvaluationStatus.PUBLISHED,
                      actual_end=dt.date(2015, 12, 31))
    EvaluationFactory(title="Not approved yet", status=EvaluationStatus.REPORT_SUBMITTED,
                      actual_end=dt.date(2016, 8, 1))
    RatingFactory(evaluation=inside, criterion="relevance", score=6)
    RatingFactory(evaluation=other, criterion="relevance", score=4)
    done = RecommendationFactory(evaluation=inside)
    ManagementResponseFactory(recommendation=done, decision=ResponseDecision.ACCEPTED,
                              submitted_at=timezone.now())
    FollowUpActionFactory(recommendation=done, status="completed",
                          completed_on=dt.date(2016, 9, 1))
    waiting = RecommendationFactory(evaluation=other)
    ManagementResponseFactory(recommendation=waiting, decision=ResponseDecision.ACCEPTED,
                              submitted_at=timezone.now())
    for n, evaluation in enumerate((inside, inside, other)):
        LessonFactory(evaluation=evaluation, title=f"Lesson {n}")
    snapshot = evaluation_recompute_all(as_of=dt.date(2018, 1, 31))
    with django_assert_max_num_queries(6):
        section = biennial_evaluations_for_report(
            snapshot=snapshot, biennium=Biennium.objects.get(code="2016-17"), lessons=2)
    assert [e.title for e in section.evaluations] == ["Inside", "Also inside"]
    assert [(r.criterion, r.average) for r in section.ratings] == [("relevance",
                                                                     Decimal("5.00"))]
    assert (section.implementation["to_implement"], section.implementation["completed"],
            section.implementation["rate"]) == (2, 1, Decimal("50.0"))
    assert {lesson.evaluation_id for lesson in section.lessons} == {inside.pk, other.pk}
    assert section.as_of == dt.date(2018, 1, 31)


def test_a_dwcps_evaluations():
    dwcp = DwcpFactory()
    cpo = CpoFactory(priority__dwcp=dwcp)
    review = EvaluationFactory(title="Review", project=None, subject_kind=SubjectKind.DWCP,
                               dwcp=dwcp)
    cluster = EvaluationFactory(title="Cluster", project=None, subject_kind=SubjectKind.CPO,
                                cpo=cpo)
    concerned = EvaluationFactory(title="Concerned")
    concerned.cpos.set([cpo])
    EvaluationFactory(title="Cancelled", project=None, subject_kind=SubjectKind.DWCP,
                      dwcp=dwcp, status=EvaluationStatus.CANCELLED,
                      cancellation_reason="Merged.")
    EvaluationFactory(title="Elsewhere")
    found = {e.title for e in dwcp_evaluations_for_report(dwcp=dwcp)}
    assert found == {review.title, cluster.title, concerned.title}
