"""factory_boy factories shared by the suite. Reference data (regions, countries, biennia,
P&B outcomes) comes from the data migration, so factories look it up rather than invent it."""
import factory

from constituents.models import Country, Region
from core.models import User
from core.roles import Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.FIELD_STAFF
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-123")

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)

    @factory.post_generation
    def persist(self, create, extracted, **kwargs):
        if create:
            self.save()


def country(iso3: str) -> Country:
    return Country.objects.get(iso3=iso3)


def region(code: str) -> Region:
    return Region.objects.get(code=code)
