"""core.filters: countries by ISO3 code and regions by code, along a path, in any case."""
import pytest

from constituents.filters import ConstituentFilter, CountryFilter
from constituents.models import Constituent, Country
from programmes.filters.resources import ProjectFundingFilter
from programmes.models import ProjectFunding
from tests.constituents.factories import ConstituentFactory
from tests.factories import country
from tests.programmes.factories import ProjectFactory, ProjectFundingFactory

pytestmark = pytest.mark.django_db


def test_country_and_region_codes_match_in_any_case():
    albanian = ConstituentFactory(country=country("ALB"))
    kenyan = ConstituentFactory(country=country("KEN"))

    by_country = ConstituentFilter({"country": "alb"}, Constituent.objects.all()).qs
    by_region = ConstituentFilter({"region": albanian.country.region.code.lower()},
                                  Constituent.objects.all()).qs

    assert list(by_country) == [albanian]
    assert albanian in by_region and kenyan not in by_region


def test_region_of_the_filtered_model_itself():
    albania = country("ALB")

    found = CountryFilter({"region": albania.region.code.lower()}, Country.objects.all()).qs

    assert albania in found and {c.region_id for c in found} == {albania.region_id}


def test_country_along_a_longer_path():
    albanian = ProjectFundingFactory(project=ProjectFactory(country=country("ALB")))
    kenyan = ProjectFundingFactory(project=ProjectFactory(country=country("KEN"),
                                                          code="KEN/12/01/EEC"))

    found = ProjectFundingFilter({"country": "Alb"}, ProjectFunding.objects.all()).qs

    assert list(found) == [albanian] and kenyan not in found
