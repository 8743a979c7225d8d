"""Factories of evaluations. Defaults build a planned independent final evaluation of an
Albanian project, managed by the office for Albania."""
import datetime as dt

import factory

from evaluation.models import (
    ActionStatus,
    AddresseeUnit,
    Criterion,
    Evaluation,
    EvaluationStatus,
    EvaluationType,
    FollowUpAction,
    GoodPractice,
    Lesson,
    ManagementResponse,
    Rating,
    Recommendation,
    ResponseDecision,
    SubjectKind,
    Timing,
)
from tests.factories import country
from tests.programmes.factories import ProjectFactory


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Final independent evaluation {n + 1}")
    subject_kind = SubjectKind.PROJECT
    project = factory.SubFactory(ProjectFactory)
    evaluation_type = EvaluationType.INDEPENDENT
    timing = Timing.FINAL
    country = factory.LazyFunction(lambda: country("ALB"))
    region = factory.LazyAttribute(lambda o: o.country.region if o.country else None)
    planned_end = dt.date(2015, 12, 31)
    status = EvaluationStatus.PLANNED


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating

    evaluation = factory.SubFactory(EvaluationFactory)
    criterion = Criterion.RELEVANCE
    score = 5
    justification = "Aligned with the national employment policy and the DWCP priorities."


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    evaluation = factory.SubFactory(EvaluationFactory)
    title = factory.Sequence(lambda n: f"Lesson {n + 1}")
    description = "Involving the social partners from the design phase builds ownership."


class GoodPracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoodPractice

    evaluation = factory.SubFactory(EvaluationFactory)
    title = factory.Sequence(lambda n: f"Good practice {n + 1}")
    description = "A tripartite steering committee met every quarter."


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    evaluation = factory.SubFactory(EvaluationFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "Strengthen the monitoring of the capacity development outcomes."
    addressee_unit = AddresseeUnit.COUNTRY_OFFICE


class ManagementResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ManagementResponse

    recommendation = factory.SubFactory(RecommendationFactory)
    decision = ResponseDecision.ACCEPTED
    rationale = "Agreed."
    responded_on = dt.date(2016, 3, 1)


class FollowUpActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpAction

    recommendation = factory.SubFactory(RecommendationFactory)
    description = "Set up a monitoring plan with the constituents."
    due_date = dt.date(2016, 12, 31)
    status = ActionStatus.NOT_STARTED
