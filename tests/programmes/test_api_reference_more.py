"""The reference lists of the API a client builds its choices from (issue 15, point 1): the
P&B results frameworks with the biennia they cover and their outcomes' codes, and the SDG
targets, each filtered, ordered and paginated; the SDG targets of a CPO only for a CPO the
caller may see."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import PBFramework, SdgTarget
from tests.factories import country
from tests.programmes.factories import CountryPriorityFactory, CpoFactory, DwcpFactory

pytestmark = pytest.mark.django_db

FRAMEWORKS = "/api/v1/pb-frameworks/"
SDGS = "/api/v1/sdg-targets/"


def test_frameworks_list_their_biennia_and_outcome_codes(api_client, field_user):
    api_client.force_authenticate(field_user)
    body = api_client.get(FRAMEWORKS, {"biennium": "2020-21"}).json()
    assert body["count"] == 1
    framework = body["results"][0]
    assert framework["code"] == "P&B 2020-21"
    assert framework["biennia"] == ["2020-21"]
    expected = set(PBFramework.objects.get(code="P&B 2020-21").outcomes.values_list(
        "code", flat=True))
    assert {outcome["code"] for outcome in framework["outcomes"]} == expected
    assert expected  # the framework ships with its outcomes


def test_the_spf_covers_three_biennia_and_a_year_finds_it(api_client, field_user):
    api_client.force_authenticate(field_user)
    body = api_client.get(FRAMEWORKS, {"year": 2013}).json()
    assert [f["code"] for f in body["results"]] == ["SPF 2010-15"]
    assert body["results"][0]["biennia"] == ["2010-11", "2012-13", "2014-15"]


def test_frameworks_are_ordered_and_paginated(api_client, field_user):
    api_client.force_authenticate(field_user)
    body = api_client.get(FRAMEWORKS, {"ordering": "-start_year", "page_size": 2}).json()
    years = [f["start_year"] for f in body["results"]]
    assert len(years) == 2 and years == sorted(years, reverse=True)
    assert body["count"] == PBFramework.objects.count() and body["next"]


def test_frameworks_list_in_a_constant_number_of_queries(api_client, field_user):
    api_client.force_authenticate(field_user)
    with CaptureQueriesContext(connection) as few:
        api_client.get(FRAMEWORKS, {"page_size": 1})
    with CaptureQueriesContext(connection) as many:
        api_client.get(FRAMEWORKS, {"page_size": 50})
    assert len(many) == len(few)


def test_a_bad_year_or_ordering_is_a_400_on_the_field(api_client, field_user):
    api_client.force_authenticate(field_user)
    response = api_client.get(FRAMEWORKS, {"year": "1e20"})
    assert response.status_code == 400 and "year" in response.json()
    response = api_client.get(SDGS, {"goal": "18"})
    assert response.status_code == 400 and "goal" in response.json()


def test_sdg_targets_filter_by_goal_and_search(api_client, field_user):
    api_client.force_authenticate(field_user)
    body = api_client.get(SDGS, {"goal": 8, "page_size": 500}).json()
    assert body["count"] == SdgTarget.objects.filter(goal=8).count() > 0
    assert "8.5" in [t["code"] for t in body["results"]]
    found = api_client.get(SDGS, {"code": "8.7"}).json()["results"]
    assert [t["code"] for t in found] == ["8.7"]
    ordered = api_client.get(SDGS, {"ordering": "-goal"}).json()["results"]
    assert ordered[0]["goal"] == SdgTarget.objects.order_by("-goal").first().goal


def test_the_sdg_targets_of_a_cpo_only_when_the_cpo_is_in_scope(api_client, field_user):
    """An Albanian officer sees the targets of an Albanian CPO; a Kenyan CPO's targets are
    not revealed (an empty list, as for a CPO that does not exist)."""
    albanian = CpoFactory()
    kenyan = CpoFactory(code="KEN101", priority=CountryPriorityFactory(
        dwcp=DwcpFactory(country=country("KEN"))))
    albanian.sdg_targets.set(SdgTarget.objects.filter(code__in=["8.5", "8.6"]))
    kenyan.sdg_targets.set(SdgTarget.objects.filter(code__in=["8.7"]))
    api_client.force_authenticate(field_user)
    mine = api_client.get(SDGS, {"cpo": albanian.pk}).json()["results"]
    assert [t["code"] for t in mine] == ["8.5", "8.6"]
    assert api_client.get(SDGS, {"cpo": kenyan.pk}).json()["count"] == 0


def test_reference_lists_are_read_only_and_need_a_sign_in(api_client, admin_user):
    assert api_client.get(SDGS).status_code in (401, 403)
    api_client.force_authenticate(admin_user)
    assert api_client.post(SDGS, {"code": "99.1", "goal": 9, "title": "x"},
                           format="json").status_code == 405
    framework = PBFramework.objects.first()
    assert api_client.delete(f"{FRAMEWORKS}{framework.pk}/").status_code == 405
