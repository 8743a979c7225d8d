"""The evaluation section of the biennial report and the evaluations in the DWCP report (issue
12, point 9), read from the PDF, figures worked out by hand."""
import datetime as dt

import pytest
from django.utils import timezone

from evaluation.models import EvaluationStatus
from evaluation.models.choices import (
    ActionStatus,
    Criterion,
    EvaluationType,
    ResponseDecision,
    SubjectKind,
)
from evaluation.services.computed import evaluation_recompute_all
from reporting import services
from tests.evaluation.factories import (
    EvaluationFactory,
    FollowUpActionFactory,
    LessonFactory,
    ManagementResponseFactory,
    RatingFactory,
    RecommendationFactory,
)
from tests.reporting.helpers import page_lines, pdf_words

pytestmark = pytest.mark.django_db


def _text(kind, **parameters):
    out = services.render_report(kind=kind, parameters=parameters, language="en",
                                 front_matter={})
    return " ".join(" ".join(line for p in pdf_words(out["pdf"]) for line in page_lines(p))
                    .split())


def _recommendation(evaluation, decision, *action_states):
    recommendation = RecommendationFactory(evaluation=evaluation)
    ManagementResponseFactory(recommendation=recommendation, decision=decision,
                              submitted_at=timezone.now())
    for state in action_states:
        FollowUpActionFactory(recommendation=recommendation, status=state,
                              completed_on=dt.date(2014, 1, 31)
                              if state == ActionStatus.COMPLETED else None)
    return recommendation


@pytest.fixture
def evaluated(report_data):
    """Two evaluations published in 2013 (relevance rated 5 and 4: mean 4.5), an approved one
    of 2011 (outside 2012–13) and a planned one. Recommendations of the 2013 ones: accepted and
    every action completed (completed), partially accepted with one action in progress
    (partially), rejected. To implement: 2, completed 1 → 50.0 per cent."""
    dwcp = report_data["cpo"].dwcp
    first = EvaluationFactory(title="Albania DWCP review", subject_kind=SubjectKind.DWCP,
                              project=None, dwcp=dwcp,
                              evaluation_type=EvaluationType.COUNTRY_PROGRAMME,
                              status=EvaluationStatus.PUBLISHED, actual_end=dt.date(2013, 6, 30))
    second = EvaluationFactory(title="Youth project evaluation", status=EvaluationStatus.APPROVED,
                               actual_end=dt.date(2013, 10, 31))
    EvaluationFactory(title="Older evaluation", status=EvaluationStatus.APPROVED,
                      actual_end=dt.date(2011, 5, 31))
    EvaluationFactory(title="Planned evaluation", planned_end=dt.date(2013, 12, 31))
    RatingFactory(evaluation=first, criterion=Criterion.RELEVANCE, score=5)
    RatingFactory(evaluation=second, criterion=Criterion.RELEVANCE, score=4)
    RatingFactory(evaluation=first, criterion=Criterion.EFFICIENCY, score=3)
    _recommendation(first, ResponseDecision.ACCEPTED, ActionStatus.COMPLETED,
                    ActionStatus.COMPLETED)
    _recommendation(first, ResponseDecision.PARTIALLY_ACCEPTED, ActionStatus.IN_PROGRESS)
    _recommendation(second, ResponseDecision.REJECTED)
    LessonFactory(evaluation=first, title="Ownership", description="Design with the partners.")
    LessonFactory(evaluation=second, title="Costing", description="Cost activities early.")
    evaluation_recompute_all()
    return {"first": first, "second": second}


def test_the_biennial_report_has_its_evaluation_section(evaluated):
    text = _text("biennial", biennium="2012-13")
    assert "VI. Evaluation" in text
    assert "In the 2012–13 biennium, 2 evaluations were completed (approved or published)." \
        in text
    assert "Albania DWCP review" in text and "Youth project evaluation" in text
    assert "Older evaluation" not in text and "Planned evaluation" not in text
    assert "Relevance 4.5 2 Satisfactory" in text  # (5 + 4) / 2, rounded to 5 for the reading
    assert "Efficiency 3.0 1 Somewhat unsatisfactory" in text
    assert "2 were accepted or partially accepted by management" in text
    assert ("The implementation rate, the share of those completed, is 50.0 per cent: "
            "completed 1, partially implemented 1, not implemented 0. Rejected: 1.") in text
    assert "Ownership: Design with the partners." in text
    assert "Costing: Cost activities early." in text


def test_the_dwcp_report_lists_the_programme_s_evaluations(evaluated):
    text = _text("dwcp", country="ALB")
    assert "The programme or its outcomes are the subject of 1 evaluation" in text
    # Mean of 5 and 3; of two recommendations to implement, one completed.
    assert "4.0 2 50.0" in text
    assert "Youth project evaluation" not in text
    assert "Ownership: Design with the partners." in text


def test_without_evaluations_the_sections_say_so(report_data):
    text = _text("biennial", biennium="2012-13")
    assert "No evaluation was completed in the 2012–13 biennium." in text
    assert "have not been computed yet" in text
    dwcp = _text("dwcp", country="ALB")
    assert "No evaluation of this Decent Work Country Programme or of its outcomes is " \
           "recorded." in dwcp
