import factory

from constituents.models import Constituent, ConstituentType, group_for_type
from tests.factories import country


class ConstituentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Constituent

    country = factory.LazyFunction(lambda: country("ALB"))
    name = factory.Sequence(lambda n: f"Organization {n}")
    acronym = factory.Sequence(lambda n: f"ORG{n}")
    type = ConstituentType.WORKERS
    group = factory.LazyAttribute(lambda o: group_for_type(o.type))
