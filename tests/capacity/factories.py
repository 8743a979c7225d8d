"""Factories for capacity development. The default frameworks come from the data migration;
``framework(code)`` looks them up."""
import datetime as dt

import factory

from capacity.models import (
    AssessmentFramework,
    AssessmentRound,
    CapacityAssessment,
    CapacityDevelopmentPlan,
    CapacityNeed,
    DimensionScore,
    Intervention,
    InterventionMethod,
    InterventionStatus,
    NeedStatus,
    Participant,
    ParticipantGroup,
    Provider,
    Sex,
    TechnicalArea,
)
from capacity.services.participation import person_key
from constituents.models import ConstituentType
from tests.constituents.factories import ConstituentFactory
from tests.factories import country


def framework(code: str) -> AssessmentFramework:
    return AssessmentFramework.objects.get(code=code, is_current=True)


FRAMEWORK_FOR_TYPE = {ConstituentType.EMPLOYERS: "employers",
                      ConstituentType.WORKERS: "workers"}


class CapacityAssessmentFactory(factory.django.DjangoModelFactory):
    """An assessment with every dimension scored: ``scores=3`` scores all 3, a dict
    ``{dimension code: score}`` sets some (the others get 2)."""

    class Meta:
        model = CapacityAssessment
        skip_postgeneration_save = True

    constituent = factory.SubFactory(ConstituentFactory)
    framework = factory.LazyAttribute(
        lambda o: framework(FRAMEWORK_FOR_TYPE.get(o.constituent.type, "labour_administration")))
    date = dt.date(2014, 3, 1)
    method = "self_assessment"
    round = AssessmentRound.BASELINE
    assessors = "ILO specialist and the organization's secretariat"

    @factory.post_generation
    def scores(self, create, extracted, **kwargs):
        if not create:
            return
        if isinstance(extracted, int):
            values, default = {}, extracted
        else:
            values, default = extracted or {}, 2
        for dimension in self.framework.dimensions.all():
            DimensionScore.objects.create(assessment=self, dimension=dimension,
                                          score=values.get(dimension.code, default))


class CapacityNeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CapacityNeed

    constituent = factory.SubFactory(ConstituentFactory)
    description = factory.Sequence(lambda n: f"Capacity need {n}")
    level = "organizational"
    capacity_type = "functional"
    technical_area = TechnicalArea.GOVERNANCE
    priority = "high"
    status = NeedStatus.NEW
    status_changed_on = dt.date(2014, 3, 1)


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intervention

    title = factory.Sequence(lambda n: f"Intervention {n}")
    method = InterventionMethod.TRAINING
    provider = Provider.ITCILO
    technical_area = TechnicalArea.OSH
    country = factory.LazyFunction(lambda: country("ALB"))
    target_group = ""
    start_date = dt.date(2014, 5, 5)
    end_date = factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=4))
    status = InterventionStatus.COMPLETED
    levels = factory.LazyFunction(lambda: ["individual"])


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    intervention = factory.SubFactory(InterventionFactory)
    name = factory.Sequence(lambda n: f"Participant {n}")
    sex = Sex.FEMALE
    organization = "Organization"
    participant_group = ParticipantGroup.WORKERS
    country = factory.LazyFunction(lambda: country("ALB"))
    person_key = factory.LazyAttribute(lambda o: person_key(o.name, o.country.iso3))


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CapacityDevelopmentPlan

    constituent = factory.SubFactory(ConstituentFactory)
    title = "Capacity development plan 2014–2016"
    start_date = dt.date(2014, 1, 1)
    end_date = dt.date(2016, 12, 31)
