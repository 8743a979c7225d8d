"""API of UN frameworks, their outcomes and alignments, and national development plans:
scoped lists and filters, writes through the services (400 with field errors), refused
writes outside the caller's scope, and the filters documented in the schema."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import (
    NationalDevelopmentPlan,
    NationalPriority,
    PriorityAlignment,
    UNFramework,
    UNFrameworkOutcome,
)
from programmes.services import unframeworks as services
from tests.factories import country
from tests.programmes.factories import (
    CountryPriorityFactory,
    DwcpFactory,
    UNFrameworkFactory,
    UNFrameworkOutcomeFactory,
)

pytestmark = pytest.mark.django_db

FRAMEWORKS = "/api/v1/un-frameworks/"
OUTCOMES = "/api/v1/un-framework-outcomes/"
ALIGNMENTS = "/api/v1/priority-alignments/"
PLANS = "/api/v1/national-development-plans/"
PRIORITIES = "/api/v1/national-priorities/"


@pytest.fixture
def albania():
    return UNFrameworkFactory(title="Programme of Cooperation Albania", start_year=2012,
                              end_year=2016)


@pytest.fixture
def kenya():
    return UNFrameworkFactory(country=country("KEN"), title="UNDAF Kenya", start_year=2014,
                              end_year=2018)


@pytest.fixture
def viet_nam():
    return UNFrameworkFactory(country=country("VNM"), title="One Strategic Plan Viet Nam",
                              start_year=2017, end_year=2021,
                              kind=UNFramework.Kind.COOPERATION_FRAMEWORK)


@pytest.fixture
def as_user(api_client):
    def _as(user):
        api_client.force_authenticate(user=user)
        return api_client
    return _as


def _titles(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["title"] for row in response.json()["results"]}


# --- lists and filters ----------------------------------------------------------------------

def test_field_staff_list_only_their_countries_frameworks(as_user, field_user, albania,
                                                          kenya):
    assert _titles(as_user(field_user).get(FRAMEWORKS)) == {"Programme of Cooperation Albania"}


def test_managers_list_every_framework(as_user, manager_user, albania, kenya):
    assert _titles(as_user(manager_user).get(FRAMEWORKS)) == {
        "Programme of Cooperation Albania", "UNDAF Kenya"}


def test_list_requires_authentication(api_client, albania):
    assert api_client.get(FRAMEWORKS).status_code in (401, 403)


@pytest.mark.parametrize(("query", "expected"), [
    ({"country": "KEN"}, {"UNDAF Kenya"}),
    ({"region": "ap"}, {"One Strategic Plan Viet Nam"}),
    ({"kind": "cooperation_framework"}, {"One Strategic Plan Viet Nam"}),
    ({"period": "2017-2020"}, {"UNDAF Kenya", "One Strategic Plan Viet Nam"}),
    ({"period": "2012"}, {"Programme of Cooperation Albania"}),
    ({"year": 2016}, {"Programme of Cooperation Albania", "UNDAF Kenya"}),
])
def test_frameworks_filter_by_country_region_kind_and_period(as_user, manager_user, albania,
                                                             kenya, viet_nam, query,
                                                             expected):
    assert _titles(as_user(manager_user).get(FRAMEWORKS, query)) == expected


def test_a_malformed_period_is_a_400_naming_the_parameter(as_user, manager_user, albania):
    response = as_user(manager_user).get(FRAMEWORKS, {"period": "soon"})
    assert response.status_code == 400
    assert response.json()["period"] == ["Enter a year or a period like 2012-2016."]


def test_outcomes_filter_by_framework_country_and_ilo_role(as_user, manager_user, albania,
                                                           kenya):
    UNFrameworkOutcomeFactory(framework=albania, title="Jobs", ilo_role="lead")
    UNFrameworkOutcomeFactory(framework=albania, title="Health", ilo_role="none")
    UNFrameworkOutcomeFactory(framework=kenya, title="Kenyan jobs", ilo_role="lead")
    client = as_user(manager_user)
    assert _titles(client.get(OUTCOMES, {"framework": albania.pk})) == {"Jobs", "Health"}
    assert _titles(client.get(OUTCOMES, {"ilo_role": "lead", "country": "ALB"})) == {"Jobs"}
    assert _titles(client.get(OUTCOMES, {"region": "AF"})) == {"Kenyan jobs"}


def _list_queries(client, url, user) -> int:
    # A fresh user object per request, as in real requests (its countries are cached on it).
    client.force_authenticate(user=type(user).objects.get(pk=user.pk))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_query_counts_do_not_grow_with_rows(as_user, field_user,
                                                 django_assert_num_queries):
    priority = CountryPriorityFactory(dwcp=DwcpFactory())
    outcome = UNFrameworkOutcomeFactory()
    PriorityAlignment.objects.create(un_outcome=outcome, priority=priority, reflection="fully")
    services.development_plan_create(country=country("ALB"), title="Plan", start_year=2015,
                                     end_year=2020)
    client = as_user(field_user)
    urls = (FRAMEWORKS, OUTCOMES, ALIGNMENTS, PLANS)
    few = {url: _list_queries(client, url, field_user) for url in urls}
    for _ in range(15):
        outcome = UNFrameworkOutcomeFactory()
        UNFrameworkOutcomeFactory(framework=outcome.framework)
        PriorityAlignment.objects.create(un_outcome=outcome, priority=priority,
                                         reflection="partly")
        services.development_plan_create(country=country("ALB"), title="Plan",
                                         start_year=2015, end_year=2020)
    many = {url: _list_queries(client, url, field_user) for url in urls}
    assert few == many
    # the user's countries, count, rows (+ the outcomes' alignments)
    client.force_authenticate(user=type(field_user).objects.get(pk=field_user.pk))
    with django_assert_num_queries(3):
        client.get(FRAMEWORKS)
    client.force_authenticate(user=type(field_user).objects.get(pk=field_user.pk))
    with django_assert_num_queries(4):
        client.get(OUTCOMES)


# --- frameworks: writes ---------------------------------------------------------------------

def _new_framework(**overrides) -> dict:
    data = {"country": "ALB", "kind": "cooperation_framework",
            "title": "Cooperation Framework Albania 2022-2026", "start_year": 2022,
            "end_year": 2026, "signed_date": "2021-12-15", "reason": "Signed in December"}
    data.update(overrides)
    return data


def test_field_staff_create_a_framework_with_history(as_user, field_user):
    response = as_user(field_user).post(FRAMEWORKS, _new_framework(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["country"], body["period"], body["outcome_count"]) == ("ALB", "2022–2026", 0)
    framework = UNFramework.objects.get(pk=body["id"])
    record = framework.history.get()
    assert record.history_user == field_user
    assert record.history_change_reason == "Signed in December"


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"end_year": 2020}, "end_year", "The last year cannot be before the first year."),
    ({"title": "  "}, "title", "This field may not be blank."),
    ({"start_year": 1850}, "start_year", "Enter a year between 1990 and 2100."),
    ({"kind": "mou"}, "kind", None),
    ({"country": "XXX"}, "country", None),
])
def test_bad_input_is_a_400_with_the_fields_message(as_user, field_user, overrides, field,
                                                    message):
    response = as_user(field_user).post(FRAMEWORKS, _new_framework(**overrides),
                                        format="json")
    assert response.status_code == 400
    errors = response.json()
    assert field in errors
    if message:
        assert errors[field] == [message]
    assert not UNFramework.objects.exists()


def test_field_staff_may_not_create_for_another_country(as_user, field_user):
    response = as_user(field_user).post(FRAMEWORKS, _new_framework(country="KEN"),
                                        format="json")
    assert response.status_code == 403
    assert not UNFramework.objects.exists()


def test_managers_may_not_write(as_user, manager_user, albania):
    client = as_user(manager_user)
    assert client.post(FRAMEWORKS, _new_framework(), format="json").status_code == 403
    assert client.patch(f"{FRAMEWORKS}{albania.pk}/", {"title": "X"},
                        format="json").status_code == 403
    albania.refresh_from_db()
    assert albania.title == "Programme of Cooperation Albania"


def test_a_partial_update_keeps_the_other_fields(as_user, field_user, albania):
    response = as_user(field_user).patch(f"{FRAMEWORKS}{albania.pk}/",
                                         {"end_year": 2017, "reason": "Extended"},
                                         format="json")
    assert response.status_code == 200, response.content
    albania.refresh_from_db()
    assert (albania.title, albania.start_year, albania.end_year) == (
        "Programme of Cooperation Albania", 2012, 2017)
    assert albania.history.first().history_change_reason == "Extended"


def test_frameworks_of_other_countries_are_not_found(as_user, field_user_africa, albania):
    client = as_user(field_user_africa)
    assert client.get(f"{FRAMEWORKS}{albania.pk}/").status_code == 404
    assert client.patch(f"{FRAMEWORKS}{albania.pk}/", {"title": "Hijacked"},
                        format="json").status_code == 404
    albania.refresh_from_db()
    assert albania.title == "Programme of Cooperation Albania"


def test_frameworks_are_not_deleted(as_user, admin_user, albania):
    assert as_user(admin_user).delete(f"{FRAMEWORKS}{albania.pk}/").status_code == 405
    assert UNFramework.objects.filter(pk=albania.pk).exists()


# --- outcomes and alignments ----------------------------------------------------------------

def test_field_staff_add_an_outcome_and_a_duplicate_code_is_refused(as_user, field_user,
                                                                    albania):
    client = as_user(field_user)
    outcome = {"framework": albania.pk, "code": "1.1", "title": "Decent jobs",
               "ilo_role": "lead", "social_partner_participation": "direct"}
    response = client.post(OUTCOMES, outcome, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["alignments"] == []
    again = client.post(OUTCOMES, {**outcome, "code": "1.1 "}, format="json")
    assert again.status_code == 400
    assert again.json()["code"] == ["This UN framework already has an outcome with code 1.1."]
    assert UNFrameworkOutcome.objects.count() == 1


def test_an_outcome_under_another_countrys_framework_is_refused(as_user, field_user_africa,
                                                                albania):
    response = as_user(field_user_africa).post(
        OUTCOMES, {"framework": albania.pk, "code": "9", "title": "Smuggled"}, format="json")
    # The framework is hidden from them: the id is as good as unknown.
    assert response.status_code == 400
    assert "does not exist" in response.json()["framework"][0]
    assert not UNFrameworkOutcome.objects.exists()


def test_specialists_read_outcomes_but_may_not_add_them(as_user, actemp_user, albania):
    UNFrameworkOutcomeFactory(framework=albania, title="Visible")
    client = as_user(actemp_user)
    assert _titles(client.get(OUTCOMES)) == {"Visible"}
    response = client.post(OUTCOMES, {"framework": albania.pk, "code": "9", "title": "New"},
                           format="json")
    assert response.status_code == 403


def test_field_staff_record_and_change_an_alignment(as_user, field_user, albania):
    priority = CountryPriorityFactory(dwcp=DwcpFactory(start_year=2012, end_year=2016))
    outcome = UNFrameworkOutcomeFactory(framework=albania)
    client = as_user(field_user)
    response = client.post(ALIGNMENTS, {"un_outcome": outcome.pk, "priority": priority.pk,
                                        "reflection": "partly", "note": "Youth only"},
                           format="json")
    assert response.status_code == 201, response.content
    alignment_id = response.json()["id"]
    response = client.patch(f"{ALIGNMENTS}{alignment_id}/", {"reflection": "fully"},
                            format="json")
    assert response.status_code == 200, response.content
    alignment = PriorityAlignment.objects.get()
    assert (alignment.reflection, alignment.note) == ("fully", "Youth only")
    assert alignment.history.first().history_user == field_user
    listed = client.get(OUTCOMES, {"framework": albania.pk}).json()["results"]
    assert listed[0]["alignments"][0]["reflection"] == "fully"
    assert _titles_of_alignments(client, {"reflection": "fully", "country": "ALB"}) == {
        alignment_id}
    assert client.delete(f"{ALIGNMENTS}{alignment_id}/").status_code == 204
    assert not PriorityAlignment.objects.exists()


def _titles_of_alignments(client, query) -> set[int]:
    response = client.get(ALIGNMENTS, query)
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def test_an_alignment_with_a_priority_of_another_country_is_refused(as_user, admin_user,
                                                                    albania):
    kenyan = CountryPriorityFactory(dwcp=DwcpFactory(country=country("KEN")))
    outcome = UNFrameworkOutcomeFactory(framework=albania)
    response = as_user(admin_user).post(ALIGNMENTS, {"un_outcome": outcome.pk,
                                                     "priority": kenyan.pk,
                                                     "reflection": "fully"}, format="json")
    assert response.status_code == 400
    assert response.json()["priority"] == [
        "Choose a priority of a DWCP of Albania, the UN framework's country."]
    assert not PriorityAlignment.objects.exists()


# --- national development plans -------------------------------------------------------------

def test_field_staff_record_a_plan_and_its_priorities(as_user, field_user):
    client = as_user(field_user)
    response = client.post(PLANS, {"country": "ALB", "title": "NSDI 2015-2020",
                                   "start_year": 2015, "end_year": 2020}, format="json")
    assert response.status_code == 201, response.content
    plan_id = response.json()["id"]
    response = client.post(PRIORITIES, {"plan": plan_id, "code": "P1",
                                        "title": "Employment and skills"}, format="json")
    assert response.status_code == 201, response.content
    assert NationalPriority.objects.get().history.get().history_user == field_user
    plans = client.get(PLANS, {"period": "2019-2024"}).json()["results"]
    assert [(p["title"], p["priority_count"]) for p in plans] == [("NSDI 2015-2020", 1)]
    assert _titles(client.get(PRIORITIES, {"plan": plan_id})) == {"Employment and skills"}


def test_plans_are_scoped_and_refused_outside_the_scope(as_user, field_user_africa):
    plan = services.development_plan_create(country=country("ALB"), title="NSDI",
                                            start_year=2015, end_year=2020)
    services.development_plan_create(country=country("KEN"), title="Kenya Vision 2030",
                                     start_year=2008, end_year=2030)
    client = as_user(field_user_africa)
    assert _titles(client.get(PLANS)) == {"Kenya Vision 2030"}
    assert client.post(PLANS, {"country": "ALB", "title": "Other", "start_year": 2015,
                               "end_year": 2020}, format="json").status_code == 403
    assert client.patch(f"{PLANS}{plan.pk}/", {"title": "X"}, format="json").status_code == 404
    assert NationalDevelopmentPlan.objects.count() == 2


def test_a_plan_with_years_out_of_order_is_a_400(as_user, field_user):
    response = as_user(field_user).post(PLANS, {"country": "ALB", "title": "NSDI",
                                                "start_year": 2020, "end_year": 2015},
                                        format="json")
    assert response.status_code == 400
    assert response.json()["end_year"] == ["The last year cannot be before the first year."]


# --- schema ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "params"), [
    ("/api/v1/un-frameworks/", {"country", "region", "period", "year", "kind", "q"}),
    ("/api/v1/un-framework-outcomes/", {"country", "region", "period", "kind", "framework",
                                        "ilo_role", "social_partner_participation"}),
    ("/api/v1/priority-alignments/", {"country", "region", "period", "reflection",
                                      "framework", "dwcp"}),
    ("/api/v1/national-development-plans/", {"country", "region", "period", "year", "q"}),
    ("/api/v1/national-priorities/", {"country", "region", "period", "plan"}),
])
def test_the_schema_documents_the_filters(as_user, manager_user, path, params):
    response = as_user(manager_user).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    operation = response.json()["paths"][path]["get"]
    names = {p["name"] for p in operation["parameters"] if p["in"] == "query"}
    assert params <= names
