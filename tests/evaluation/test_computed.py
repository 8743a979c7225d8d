"""The evaluation figures against figures worked out by hand: coverage of the evaluation plan
(the default rules), the implementation rate of recommendations, the average ratings."""
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from evaluation.coverage import add_months, coverage_status, due_date
from evaluation.models import (
    ActionStatus,
    AddresseeUnit,
    CoverageFigure,
    CoverageFlag,
    CoverageStatus,
    Criterion,
    EvaluationSnapshot,
    EvaluationStatus,
    EvaluationType,
    ImplementationFigure,
    RatingAverage,
    ResponseDecision,
    SubjectKind,
    Timing,
)
from evaluation.services.computed import evaluation_recompute_all
from programmes.models import DwcpStatus
from tests.evaluation.factories import (
    EvaluationFactory,
    FollowUpActionFactory,
    ManagementResponseFactory,
    RatingFactory,
    RecommendationFactory,
)
from tests.factories import country
from tests.programmes.factories import DwcpFactory, ProjectFactory, ProjectFundingFactory

AS_OF = dt.date(2016, 8, 1)


# --- the rules as functions -----------------------------------------------------------------

def test_due_date_counts_from_the_end_or_the_midpoint():
    start, end = dt.date(2015, 1, 1), dt.date(2018, 12, 31)
    assert due_date(start=start, end=end, anchor="end", offset_months=0) == end
    assert due_date(start=start, end=end, anchor="midpoint", offset_months=6) == \
        dt.date(2017, 6, 30)
    assert add_months(dt.date(2016, 1, 31), 1) == dt.date(2016, 2, 29)
    assert add_months(dt.date(2016, 3, 31), -13) == dt.date(2015, 2, 28)


@pytest.mark.parametrize(("as_of", "status", "expected"), [
    (dt.date(2016, 1, 1), None, CoverageStatus.UPCOMING),
    (dt.date(2016, 1, 1), EvaluationStatus.PLANNED, CoverageStatus.SCHEDULED),
    (dt.date(2016, 7, 1), None, CoverageStatus.MISSING),
    (dt.date(2016, 7, 1), EvaluationStatus.IN_PROGRESS, CoverageStatus.DUE),
    (dt.date(2016, 12, 31), EvaluationStatus.PLANNED, CoverageStatus.DUE),
    (dt.date(2017, 1, 1), EvaluationStatus.IN_PROGRESS, CoverageStatus.OVERDUE),
    (dt.date(2017, 1, 1), None, CoverageStatus.OVERDUE),
    (dt.date(2015, 1, 1), EvaluationStatus.REPORT_SUBMITTED, CoverageStatus.DONE),
    (dt.date(2019, 1, 1), EvaluationStatus.PUBLISHED, CoverageStatus.DONE),
])
def test_coverage_status(as_of, status, expected):
    assert coverage_status(due=dt.date(2016, 12, 31), window_months=6, as_of=as_of,
                           evaluation_status=status) == expected


# --- coverage -------------------------------------------------------------------------------

def _project(iso3, budget, start, end, **kwargs):
    project = ProjectFactory(country=country(iso3), start_date=start, end_date=end, **kwargs)
    half = Decimal(budget) / 2
    ProjectFundingFactory(project=project, year=start.year, allocation=half)
    ProjectFundingFactory(project=project, year=start.year + 1, allocation=half)
    return project


@pytest.fixture
def plan(db):
    """Projects and a DWCP against the default rules, as of 1 August 2016."""
    p1 = _project("ALB", 1_200_000, dt.date(2014, 1, 1), dt.date(2016, 12, 31))
    p2 = _project("SEN", 6_000_000, dt.date(2015, 1, 1), dt.date(2018, 12, 31))
    _project("ALB", 500_000, dt.date(2014, 1, 1), dt.date(2016, 3, 31))  # below US$1M
    p4 = _project("ALB", 2_000_000, dt.date(2013, 1, 1), dt.date(2015, 12, 31))
    p5 = _project("ALB", 1_000_000, dt.date(2014, 1, 1), dt.date(2016, 3, 31))
    _project("SEN", 3_000_000, dt.date(2016, 1, 1), dt.date(2017, 12, 31),
             status="concept")  # not yet approved: no requirement
    dwcp = DwcpFactory(country=country("ALB"), start_year=2012, end_year=2016,
                       status=DwcpStatus.ACTIVE)
    DwcpFactory(country=country("SEN"), start_year=2017, end_year=2020)  # in preparation
    EvaluationFactory(project=p2, timing=Timing.MID_TERM, country=country("SEN"))
    EvaluationFactory(project=p4, status=EvaluationStatus.PUBLISHED)
    EvaluationFactory(project=p5, status=EvaluationStatus.IN_PROGRESS)
    # An internal evaluation does not meet the rule of an independent one.
    EvaluationFactory(project=p1, evaluation_type=EvaluationType.INTERNAL,
                      status=EvaluationStatus.APPROVED)
    # Nor does a cancelled one.
    EvaluationFactory(project=p1, status=EvaluationStatus.CANCELLED,
                      cancellation_reason="The donor ended the project early.")
    EvaluationFactory(project=None, subject_kind=SubjectKind.DWCP, dwcp=dwcp,
                      evaluation_type=EvaluationType.REVIEW, timing=Timing.FINAL)
    return {"p1": p1, "p2": p2, "p4": p4, "p5": p5, "dwcp": dwcp}


def test_coverage_flags_follow_the_default_rules(plan):
    snapshot = evaluation_recompute_all(as_of=AS_OF)
    flags = {(f.rule.code, f.project_id or f.dwcp_id): (f.due_date, f.status)
             for f in CoverageFlag.objects.filter(snapshot=snapshot).select_related("rule")}
    assert flags == {
        ("project-final", plan["p1"].pk): (dt.date(2016, 12, 31), CoverageStatus.MISSING),
        ("project-final", plan["p2"].pk): (dt.date(2018, 12, 31), CoverageStatus.UPCOMING),
        ("project-mid-term", plan["p2"].pk): (dt.date(2017, 6, 30), CoverageStatus.SCHEDULED),
        ("project-final", plan["p4"].pk): (dt.date(2015, 12, 31), CoverageStatus.DONE),
        ("project-final", plan["p5"].pk): (dt.date(2016, 3, 31), CoverageStatus.OVERDUE),
        ("dwcp-review", plan["dwcp"].pk): (dt.date(2016, 12, 31), CoverageStatus.DUE),
    }


def test_coverage_by_region_and_year(plan):
    snapshot = evaluation_recompute_all(as_of=AS_OF)
    figures = {(f.region.code if f.region else "all", f.year):
               (f.required, f.done, f.due, f.missing, f.overdue, f.share_done)
               for f in CoverageFigure.objects.filter(snapshot=snapshot)
               .select_related("region")}
    assert figures == {
        ("EU", 2015): (1, 1, 0, 0, 0, Decimal("100.0")),
        ("EU", 2016): (3, 0, 1, 1, 1, Decimal("0.0")),
        ("AF", 2017): (1, 0, 0, 0, 0, Decimal("0.0")),
        ("AF", 2018): (1, 0, 0, 0, 0, Decimal("0.0")),
        ("all", 2015): (1, 1, 0, 0, 0, Decimal("100.0")),
        ("all", 2016): (3, 0, 1, 1, 1, Decimal("0.0")),
        ("all", 2017): (1, 0, 0, 0, 0, Decimal("0.0")),
        ("all", 2018): (1, 0, 0, 0, 0, Decimal("0.0")),
    }


# --- implementation of recommendations ------------------------------------------------------

def _recommendation(evaluation, decision, actions=(), *, unit=AddresseeUnit.COUNTRY_OFFICE,
                    submitted=True):
    recommendation = RecommendationFactory(evaluation=evaluation, addressee_unit=unit)
    if decision:
        ManagementResponseFactory(
            recommendation=recommendation, decision=decision, rationale="Because.",
            submitted_at=timezone.now() if submitted else None)
    for status in actions:
        FollowUpActionFactory(recommendation=recommendation, status=status,
                              status_note="Explained." if status == "not_possible" else "",
                              completed_on=dt.date(2016, 5, 1) if status == "completed"
                              else None)
    return recommendation


@pytest.fixture
def follow_up(db):
    """Worked by hand:

    evaluation A (Albania, independent, completed 2016): A1 accepted, actions completed and
    completed → completed; A2 accepted, completed and in progress → partially; A3 partially
    accepted, not started → not implemented; A4 rejected; A5 accepted but the response is a
    draft → not counted.
    evaluation B (Senegal, internal, completed 2017): B1 accepted (headquarters), completed →
    completed; B2 partially accepted, not possible → not implemented; B3 accepted, no
    actions → not implemented.
    A cancelled evaluation's recommendation is not counted."""
    c, p, n, x = (ActionStatus.COMPLETED, ActionStatus.IN_PROGRESS, ActionStatus.NOT_STARTED,
                  ActionStatus.NOT_POSSIBLE)
    a = EvaluationFactory(actual_end=dt.date(2016, 6, 30), status=EvaluationStatus.APPROVED)
    b = EvaluationFactory(country=country("SEN"), evaluation_type=EvaluationType.INTERNAL,
                          actual_end=dt.date(2017, 3, 31), status=EvaluationStatus.PUBLISHED)
    cancelled = EvaluationFactory(status=EvaluationStatus.CANCELLED,
                                  cancellation_reason="Merged with the cluster evaluation.")
    _recommendation(a, ResponseDecision.ACCEPTED, (c, c))
    _recommendation(a, ResponseDecision.ACCEPTED, (c, p))
    _recommendation(a, ResponseDecision.PARTIALLY_ACCEPTED, (n,))
    _recommendation(a, ResponseDecision.REJECTED)
    _recommendation(a, ResponseDecision.ACCEPTED, (c,), submitted=False)
    _recommendation(b, ResponseDecision.ACCEPTED, (c,), unit=AddresseeUnit.HEADQUARTERS)
    _recommendation(b, ResponseDecision.PARTIALLY_ACCEPTED, (x,))
    _recommendation(b, ResponseDecision.ACCEPTED, ())
    _recommendation(cancelled, ResponseDecision.ACCEPTED, (c,))
    return a, b


def _implementation(snapshot):
    return {(f.dimension, f.key): (f.responses, f.accepted, f.partially_accepted, f.rejected,
                                   f.to_implement, f.completed, f.partially,
                                   f.not_implemented, f.rate)
            for f in ImplementationFigure.objects.filter(snapshot=snapshot)}


def test_implementation_rate_worked_by_hand(follow_up):
    figures = _implementation(evaluation_recompute_all(as_of=AS_OF))
    # responses, accepted, partially, rejected, to implement, completed, partially, not, rate
    assert figures[("all", "")] == (7, 4, 2, 1, 6, 2, 1, 3, Decimal("33.3"))
    assert figures[("unit", "country_office")] == (6, 3, 2, 1, 5, 1, 1, 3, Decimal("20.0"))
    assert figures[("unit", "headquarters")] == (1, 1, 0, 0, 1, 1, 0, 0, Decimal("100.0"))
    assert figures[("region", "EU")] == (4, 2, 1, 1, 3, 1, 1, 1, Decimal("33.3"))
    assert figures[("region", "AF")] == (3, 2, 1, 0, 3, 1, 0, 2, Decimal("33.3"))
    assert figures[("type", "independent")] == figures[("region", "EU")]
    assert figures[("type", "internal")] == figures[("region", "AF")]
    assert figures[("year", "2016")] == figures[("region", "EU")]
    assert figures[("year", "2017")] == figures[("region", "AF")]
    assert len(figures) == 9


def test_no_rate_without_recommendations_to_implement(db):
    evaluation = EvaluationFactory(status=EvaluationStatus.APPROVED)
    _recommendation(evaluation, ResponseDecision.REJECTED)
    figures = _implementation(evaluation_recompute_all(as_of=AS_OF))
    assert figures[("all", "")] == (1, 0, 0, 1, 0, 0, 0, 0, None)


# --- average ratings ------------------------------------------------------------------------

def test_average_ratings_by_region_type_and_biennium(db):
    a = EvaluationFactory(actual_end=dt.date(2016, 6, 30), status=EvaluationStatus.APPROVED)
    b = EvaluationFactory(country=country("SEN"), evaluation_type=EvaluationType.INTERNAL,
                          actual_end=dt.date(2018, 2, 1), status=EvaluationStatus.PUBLISHED)
    b2 = EvaluationFactory(country=country("SEN"), evaluation_type=EvaluationType.INTERNAL,
                           planned_end=dt.date(2019, 11, 30), status=EvaluationStatus.PUBLISHED)
    not_final = EvaluationFactory(status=EvaluationStatus.REPORT_SUBMITTED)
    RatingFactory(evaluation=a, criterion=Criterion.RELEVANCE, score=5)
    RatingFactory(evaluation=a, criterion=Criterion.EFFECTIVENESS, score=4)
    RatingFactory(evaluation=b, criterion=Criterion.RELEVANCE, score=3)
    RatingFactory(evaluation=b2, criterion=Criterion.RELEVANCE, score=4)
    RatingFactory(evaluation=not_final, criterion=Criterion.RELEVANCE, score=1)
    snapshot = evaluation_recompute_all(as_of=AS_OF)
    averages = {(r.dimension, r.key, r.criterion): (r.average, r.ratings)
                for r in RatingAverage.objects.filter(snapshot=snapshot)}
    assert averages == {
        ("all", "", "relevance"): (Decimal("4.00"), 3),
        ("all", "", "effectiveness"): (Decimal("4.00"), 1),
        ("region", "EU", "relevance"): (Decimal("5.00"), 1),
        ("region", "EU", "effectiveness"): (Decimal("4.00"), 1),
        ("region", "AF", "relevance"): (Decimal("3.50"), 2),
        ("type", "independent", "relevance"): (Decimal("5.00"), 1),
        ("type", "independent", "effectiveness"): (Decimal("4.00"), 1),
        ("type", "internal", "relevance"): (Decimal("3.50"), 2),
        ("biennium", "2016-17", "relevance"): (Decimal("5.00"), 1),
        ("biennium", "2016-17", "effectiveness"): (Decimal("4.00"), 1),
        ("biennium", "2018-19", "relevance"): (Decimal("3.50"), 2),
    }


def test_a_new_computation_replaces_the_current_snapshot(follow_up):
    first = evaluation_recompute_all(as_of=AS_OF)
    second = evaluation_recompute_all(as_of=AS_OF)
    assert list(EvaluationSnapshot.objects.values_list("pk", "is_current")) == [
        (second.pk, True)]
    assert not ImplementationFigure.objects.filter(snapshot_id=first.pk).exists()


def test_the_command_computes_the_figures_or_says_why_not(plan):
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = io.StringIO()
    call_command("compute_evaluation", "--as-of", "2016-08-01", stdout=out)
    assert out.getvalue().startswith("Evaluation figures computed as of 2016-08-01: "
                                     "6 required evaluations")
    with pytest.raises(CommandError, match="must be a date"):
        call_command("compute_evaluation", "--as-of", "August")
