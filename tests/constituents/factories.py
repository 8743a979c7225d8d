import factory

from constituents.models import (
    Affiliation,
    Constituent,
    ConstituentType,
    Contact,
    MembershipFigure,
    group_for_type,
)
from tests.factories import country


class ConstituentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Constituent

    country = factory.LazyFunction(lambda: country("ALB"))
    name = factory.Sequence(lambda n: f"Organization {n}")
    acronym = factory.Sequence(lambda n: f"ORG{n}")
    type = ConstituentType.WORKERS
    group = factory.LazyAttribute(lambda o: group_for_type(o.type))


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    constituent = factory.SubFactory(ConstituentFactory)
    organization = factory.Sequence(lambda n: f"International Federation {n}")
    since_year = 2001


class MembershipFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipFigure

    constituent = factory.SubFactory(ConstituentFactory)
    year = factory.Sequence(lambda n: 2000 + n % 25)
    total = 1000
    women = 400
    men = 600


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    constituent = factory.SubFactory(ConstituentFactory)
    name = factory.Sequence(lambda n: f"Contact Person {n}")
    position = "Secretary-General"
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    is_primary = False
