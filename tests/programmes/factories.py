"""Factories for programme structure. Defaults build an Albanian DWCP 2012–2016."""
import datetime as dt
from decimal import Decimal

import factory

from programmes.models import (
    CountryPriority,
    CountryProgrammeOutcome,
    Dwcp,
    DwcpStatus,
    Output,
    Project,
    ProjectFunding,
    ProjectOutcomeLink,
    UNFramework,
    UNFrameworkOutcome,
)
from tests.factories import country


class DwcpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dwcp

    country = factory.LazyFunction(lambda: country("ALB"))
    title = factory.LazyAttribute(lambda o: f"Decent Work Country Programme of {o.country.name}")
    start_year = 2012
    end_year = 2016
    status = DwcpStatus.IN_PREPARATION


class CountryPriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CountryPriority

    dwcp = factory.SubFactory(DwcpFactory)
    code = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Country priority {n + 1}")
    order = factory.Sequence(lambda n: n)


class CpoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CountryProgrammeOutcome

    priority = factory.SubFactory(CountryPriorityFactory)
    dwcp = factory.LazyAttribute(lambda o: o.priority.dwcp)
    code = factory.Sequence(lambda n: f"ALB{101 + n}")
    title = factory.Sequence(lambda n: f"Country programme outcome {n + 1}")
    planned_resources = Decimal("500000")


class OutputFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Output

    cpo = factory.SubFactory(CpoFactory)
    code = factory.Sequence(lambda n: f"{n + 1}")
    title = factory.Sequence(lambda n: f"Output {n + 1}")


class UNFrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UNFramework

    country = factory.LazyFunction(lambda: country("ALB"))
    title = "Government of Albania – United Nations Programme of Cooperation"
    start_year = 2012
    end_year = 2016


class UNFrameworkOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UNFrameworkOutcome

    framework = factory.SubFactory(UNFrameworkFactory)
    code = factory.Sequence(lambda n: f"O{n + 1}")
    title = factory.Sequence(lambda n: f"UN outcome {n + 1}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    country = factory.LazyFunction(lambda: country("ALB"))
    code = factory.Sequence(lambda n: f"ALB/12/{n + 1:02d}/EEC")
    title = factory.Sequence(lambda n: f"Project {n + 1}")
    funding_source = "xbtc"
    funding_partner = "European Union"
    start_date = dt.date(2012, 1, 1)
    end_date = dt.date(2015, 12, 31)


class ProjectFundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectFunding

    project = factory.SubFactory(ProjectFactory)
    year = 2013
    allocation = Decimal("100000")
    expenditure = Decimal("80000")


class ProjectOutcomeLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectOutcomeLink

    project = factory.SubFactory(ProjectFactory)
    cpo = factory.SubFactory(CpoFactory)
    share = Decimal("100")
