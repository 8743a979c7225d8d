"""Pages of UN frameworks and national development plans: who sees and changes what, the
filters, the forms (messages next to the field, nothing half-written) and the history."""
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.errors import ApplicationError
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

LIST_URL = reverse("programmes:unframework-list")
CREATE_URL = reverse("programmes:unframework-create")


def _detail(framework) -> str:
    return reverse("programmes:unframework-detail", args=[framework.pk])


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _error_of(response, field: str) -> str | None:
    """The message shown right under the field ``field`` (see includes/field.html)."""
    match = re.search(rf'<p class="field__error" id="id_{field}_error">([^<]*)</p>',
                      _text(response))
    return match.group(1) if match else None


@pytest.fixture
def albania():
    return UNFrameworkFactory(title="Programme of Cooperation Albania", start_year=2012,
                              end_year=2016)


@pytest.fixture
def kenya():
    return UNFrameworkFactory(country=country("KEN"), title="UNDAF Kenya 2014-2018",
                              start_year=2014, end_year=2018,
                              kind=UNFramework.Kind.UNDAF)


@pytest.fixture
def viet_nam():
    return UNFrameworkFactory(country=country("VNM"), title="One Strategic Plan Viet Nam",
                              start_year=2017, end_year=2021,
                              kind=UNFramework.Kind.COOPERATION_FRAMEWORK)


def _framework_form(**overrides) -> dict:
    data = {"country": country("ALB").pk, "kind": UNFramework.Kind.COOPERATION_FRAMEWORK,
            "title": "UN Sustainable Development Cooperation Framework Albania 2022-2026",
            "start_year": "2022", "end_year": "2026", "signed_date": "2021-12-15"}
    data.update(overrides)
    return data


# --- list -----------------------------------------------------------------------------------

def test_field_staff_list_only_the_frameworks_of_their_countries(client, field_user, albania,
                                                                 kenya):
    client.force_login(field_user)
    page = _text(client.get(LIST_URL))
    assert "Programme of Cooperation Albania" in page
    assert "UNDAF Kenya" not in page


def test_managers_list_the_frameworks_of_every_country(client, manager_user, albania, kenya):
    client.force_login(manager_user)
    page = _text(client.get(LIST_URL))
    assert "Programme of Cooperation Albania" in page
    assert "UNDAF Kenya" in page
    assert "New UN framework" not in page


@pytest.mark.parametrize(("query", "expected"), [
    ({"country": "ken"}, {"UNDAF Kenya"}),
    ({"region": "EU"}, {"Programme of Cooperation Albania"}),
    ({"kind": "cooperation_framework"}, {"One Strategic Plan Viet Nam"}),
    ({"period": "2017-2019"}, {"UNDAF Kenya", "One Strategic Plan Viet Nam"}),
    ({"period": "2013"}, {"Programme of Cooperation Albania"}),
    ({"q": "strategic"}, {"One Strategic Plan Viet Nam"}),
])
def test_list_filters_by_country_region_kind_period_and_search(client, manager_user, albania,
                                                               kenya, viet_nam, query,
                                                               expected):
    client.force_login(manager_user)
    page = _text(client.get(LIST_URL, query))
    titles = {"Programme of Cooperation Albania", "UNDAF Kenya", "One Strategic Plan Viet Nam"}
    assert {t for t in titles if t in page} == expected


def test_a_malformed_period_filter_says_why_next_to_the_field(client, manager_user, albania):
    client.force_login(manager_user)
    response = client.get(LIST_URL, {"period": "2016-2012"})
    assert response.status_code == 200
    assert _error_of(response, "period") == "The last year cannot be before the first year."


def test_the_list_is_paginated(client, manager_user):
    UNFrameworkFactory.create_batch(27, title="Framework")
    client.force_login(manager_user)
    first = _text(client.get(LIST_URL))
    assert "Page 1 of 2" in first
    second = _text(client.get(LIST_URL, {"page": 2}))
    assert len(re.findall(r'href="/programmes/un-frameworks/\d+/"', second)) == 2


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(LIST_URL).status_code == 200
    return len(ctx.captured_queries)


def test_list_page_query_count_does_not_grow_with_rows(client, field_user,
                                                       django_assert_num_queries):
    for _ in range(2):
        UNFrameworkOutcomeFactory(framework=UNFrameworkFactory())
    client.force_login(field_user)
    few = _list_queries(client)
    for _ in range(20):
        UNFrameworkOutcomeFactory.create_batch(
            2, framework=UNFrameworkFactory(country=country("ALB")))
    many = _list_queries(client)
    assert few == many
    # session, user, the user's countries, count, page rows, regions, "may create here?"
    with django_assert_num_queries(7):
        client.get(LIST_URL)


def test_list_requires_sign_in(client, albania):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- detail ---------------------------------------------------------------------------------

def test_detail_shows_period_outcomes_roles_participation_and_alignments(client, field_user,
                                                                         albania):
    dwcp = DwcpFactory(start_year=2012, end_year=2016)
    employment = CountryPriorityFactory(dwcp=dwcp, code="1", title="Employment policy")
    dialogue = CountryPriorityFactory(dwcp=dwcp, code="2", title="Social dialogue")
    outcome = UNFrameworkOutcomeFactory(
        framework=albania, code="1.1", title="Inclusive labour market",
        ilo_role=UNFrameworkOutcome.IloRole.LEAD,
        social_partner_participation=UNFrameworkOutcome.Participation.MINIMAL)
    PriorityAlignment.objects.create(un_outcome=outcome, priority=employment,
                                     reflection=PriorityAlignment.Reflection.FULLY)
    PriorityAlignment.objects.create(un_outcome=outcome, priority=dialogue,
                                     reflection=PriorityAlignment.Reflection.PARTLY,
                                     note="Tripartism mentioned only once")
    client.force_login(field_user)
    page = _text(client.get(_detail(albania)))
    assert "2012–2016" in page
    assert "Inclusive labour market" in page
    assert "Lead" in page and "Minimal" in page
    assert "Employment policy" in page and "Fully reflected" in page
    assert "Social dialogue" in page and "Partly reflected" in page
    assert "Tripartism mentioned only once" in page
    assert f"/history/programmes/unframework/{albania.pk}/" in page
    assert reverse("programmes:unframework-edit", args=[albania.pk]) in page


def test_detail_lists_the_countrys_development_plans_of_the_period(client, field_user,
                                                                   albania):
    plan = services.development_plan_create(country=country("ALB"),
                                            title="National Strategy for Development",
                                            start_year=2015, end_year=2020)
    services.national_priority_create(plan=plan, code="A", title="Growth through jobs")
    services.development_plan_create(country=country("ALB"), title="Old strategy",
                                     start_year=2001, end_year=2005)
    client.force_login(field_user)
    page = _text(client.get(_detail(albania)))
    assert "National Strategy for Development" in page
    assert "Growth through jobs" in page
    assert "Old strategy" not in page


def test_detail_of_another_countrys_framework_is_forbidden_to_field_staff(
        client, field_user_africa, albania):
    client.force_login(field_user_africa)
    assert client.get(_detail(albania)).status_code == 403


def test_unknown_framework_is_not_found(client, manager_user):
    client.force_login(manager_user)
    assert client.get("/programmes/un-frameworks/999999/").status_code == 404


# --- create and edit ------------------------------------------------------------------------

def test_field_staff_create_a_framework_of_their_country(client, field_user):
    client.force_login(field_user)
    assert client.get(CREATE_URL).status_code == 200
    response = client.post(CREATE_URL, _framework_form())
    framework = UNFramework.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(framework)
    assert (framework.country.iso3, framework.start_year, framework.end_year) == (
        "ALB", 2022, 2026)
    assert framework.kind == UNFramework.Kind.COOPERATION_FRAMEWORK
    record = framework.history.get()
    assert record.history_type == "+" and record.history_user == field_user


def test_field_staff_cannot_create_a_framework_of_another_country(client, field_user):
    client.force_login(field_user)
    response = client.post(CREATE_URL, _framework_form(country=country("KEN").pk))
    assert response.status_code == 200
    assert _error_of(response, "country")
    assert not UNFramework.objects.exists()


def test_years_out_of_order_are_refused_next_to_the_last_year(client, field_user):
    client.force_login(field_user)
    response = client.post(CREATE_URL, _framework_form(start_year="2026", end_year="2022"))
    assert response.status_code == 200
    assert _error_of(response, "end_year") == "The last year cannot be before the first year."
    assert not UNFramework.objects.exists()


def test_editing_records_who_and_why_in_the_history(client, field_user, albania):
    client.force_login(field_user)
    url = reverse("programmes:unframework-edit", args=[albania.pk])
    assert "Programme of Cooperation Albania" in _text(client.get(url))
    response = client.post(url, {"kind": "undaf", "title": "Programme of Cooperation 2012-2016",
                                 "start_year": "2012", "end_year": "2017",
                                 "reason": "Extended by one year"})
    assert response.status_code == 302
    albania.refresh_from_db()
    assert (albania.title, albania.end_year) == ("Programme of Cooperation 2012-2016", 2017)
    record = albania.history.first()
    assert record.history_type == "~"
    assert record.history_user == field_user
    assert record.history_change_reason == "Extended by one year"
    history = _text(client.get(f"/history/programmes/unframework/{albania.pk}/"))
    assert "Extended by one year" in history


def test_field_staff_add_and_edit_an_outcome(client, field_user, albania):
    client.force_login(field_user)
    url = reverse("programmes:un-outcome-create", args=[albania.pk])
    response = client.post(url, {"code": "2.1", "title": "Social protection floor",
                                 "ilo_role": "shared", "social_partner_participation": "direct"})
    outcome = albania.outcomes.get()
    assert response["Location"] == f"{_detail(albania)}#outcome-{outcome.pk}"
    assert (outcome.ilo_role, outcome.social_partner_participation) == ("shared", "direct")

    edit = reverse("programmes:un-outcome-edit", args=[outcome.pk])
    client.post(edit, {"code": "2.1", "title": "Social protection floor for all",
                       "ilo_role": "lead", "social_partner_participation": "minimal",
                       "reason": "Mid-term review"})
    outcome.refresh_from_db()
    assert outcome.ilo_role == "lead"
    assert outcome.history.first().history_change_reason == "Mid-term review"
    assert outcome.history.first().history_user == field_user


def test_a_duplicate_outcome_code_is_refused_next_to_the_code(client, field_user, albania):
    UNFrameworkOutcomeFactory(framework=albania, code="1.1")
    client.force_login(field_user)
    response = client.post(reverse("programmes:un-outcome-create", args=[albania.pk]),
                           {"code": "1.1", "title": "Another", "ilo_role": "support",
                            "social_partner_participation": "none"})
    assert response.status_code == 200
    assert _error_of(response, "code") == (
        "This UN framework already has an outcome with code 1.1.")
    assert albania.outcomes.count() == 1


def test_field_staff_assess_an_outcome_against_dwcp_priorities(client, field_user, albania):
    dwcp = DwcpFactory(start_year=2012, end_year=2016)
    employment = CountryPriorityFactory(dwcp=dwcp, code="1", title="Employment policy")
    dialogue = CountryPriorityFactory(dwcp=dwcp, code="2", title="Social dialogue")
    outcome = UNFrameworkOutcomeFactory(framework=albania)
    PriorityAlignment.objects.create(un_outcome=outcome, priority=dialogue,
                                     reflection=PriorityAlignment.Reflection.NOT)
    client.force_login(field_user)
    url = reverse("programmes:un-outcome-alignments", args=[outcome.pk])
    form = _text(client.get(url))
    assert "Employment policy" in form and "Social dialogue" in form

    response = client.post(url, {f"priority_{employment.pk}": "partly",
                                 f"note_{employment.pk}": "Youth only",
                                 f"priority_{dialogue.pk}": "", "reason": "UNCT review"})
    assert response.status_code == 302
    alignments = list(outcome.alignments.all())
    assert [(a.priority, a.reflection, a.note) for a in alignments] == [
        (employment, "partly", "Youth only")]
    assert alignments[0].history.get().history_user == field_user


def test_a_note_without_a_reflection_is_refused_next_to_the_note(client, field_user, albania):
    priority = CountryPriorityFactory(dwcp=DwcpFactory(start_year=2012, end_year=2016))
    outcome = UNFrameworkOutcomeFactory(framework=albania)
    client.force_login(field_user)
    response = client.post(reverse("programmes:un-outcome-alignments", args=[outcome.pk]),
                           {f"priority_{priority.pk}": "", f"note_{priority.pk}": "Why?"})
    assert response.status_code == 200
    assert _error_of(response, f"note_{priority.pk}").startswith("Choose how far")
    assert not PriorityAlignment.objects.exists()


def test_setting_alignments_writes_all_or_nothing(albania):
    own = CountryPriorityFactory(dwcp=DwcpFactory(start_year=2012, end_year=2016))
    foreign = CountryPriorityFactory(dwcp=DwcpFactory(country=country("KEN")))
    outcome = UNFrameworkOutcomeFactory(framework=albania)
    with pytest.raises(ApplicationError) as exc:
        services.un_outcome_set_alignments(
            un_outcome=outcome, reflections={own: ("fully", ""), foreign: ("partly", "")})
    assert "priority" in exc.value.field_errors
    assert not PriorityAlignment.objects.exists()


def test_deleting_an_outcome_removes_its_alignments(client, field_user, albania):
    outcome = UNFrameworkOutcomeFactory(framework=albania)
    PriorityAlignment.objects.create(
        un_outcome=outcome, reflection="fully",
        priority=CountryPriorityFactory(dwcp=DwcpFactory(start_year=2012, end_year=2016)))
    client.force_login(field_user)
    url = reverse("programmes:un-outcome-delete", args=[outcome.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": "Duplicate"}).status_code == 302
    assert not UNFrameworkOutcome.objects.exists()
    assert not PriorityAlignment.objects.exists()


# --- who may change -------------------------------------------------------------------------

def _change_urls(framework, outcome) -> list[str]:
    return [reverse("programmes:unframework-edit", args=[framework.pk]),
            reverse("programmes:un-outcome-create", args=[framework.pk]),
            reverse("programmes:un-outcome-edit", args=[outcome.pk]),
            reverse("programmes:un-outcome-alignments", args=[outcome.pk]),
            reverse("programmes:un-outcome-delete", args=[outcome.pk])]


def test_field_staff_of_another_country_are_refused_every_form(client, field_user_africa,
                                                               albania):
    outcome = UNFrameworkOutcomeFactory(framework=albania, title="Untouched")
    client.force_login(field_user_africa)
    for url in _change_urls(albania, outcome):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"code": "X", "title": "Changed", "ilo_role": "lead",
                                 "social_partner_participation": "direct",
                                 "kind": "undaf", "start_year": "2012",
                                 "end_year": "2016"}).status_code == 403, url
    outcome.refresh_from_db()
    assert outcome.title == "Untouched"
    assert UNFrameworkOutcome.objects.count() == 1


def test_managers_read_but_do_not_change(client, manager_user, albania):
    outcome = UNFrameworkOutcomeFactory(framework=albania)
    client.force_login(manager_user)
    page = _text(client.get(_detail(albania)))
    assert "Programme of Cooperation Albania" in page
    assert reverse("programmes:unframework-edit", args=[albania.pk]) not in page
    assert "Add outcome" not in page
    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, _framework_form()).status_code == 403
    for url in _change_urls(albania, outcome):
        assert client.get(url).status_code == 403, url
    assert UNFramework.objects.count() == 1


# --- national development plans -------------------------------------------------------------

def test_field_staff_record_a_plan_with_priorities(client, field_user):
    client.force_login(field_user)
    response = client.post(reverse("programmes:development-plan-create"),
                           {"country": country("ALB").pk, "title": "NSDI 2015-2020",
                            "start_year": "2015", "end_year": "2020"})
    plan = NationalDevelopmentPlan.objects.get()
    assert response["Location"] == reverse("programmes:development-plan-detail",
                                           args=[plan.pk])
    client.post(reverse("programmes:national-priority-create", args=[plan.pk]),
                {"code": "P1", "title": "Employment and skills"})
    priority = NationalPriority.objects.get()
    assert priority.history.get().history_user == field_user
    page = _text(client.get(reverse("programmes:development-plan-detail", args=[plan.pk])))
    assert "NSDI 2015-2020" in page and "Employment and skills" in page


def test_a_priority_without_title_is_refused_next_to_the_title(client, field_user):
    plan = services.development_plan_create(country=country("ALB"), title="NSDI",
                                            start_year=2015, end_year=2020)
    client.force_login(field_user)
    response = client.post(reverse("programmes:national-priority-create", args=[plan.pk]),
                           {"code": "P1", "title": "   "})
    assert response.status_code == 200
    assert _error_of(response, "title")
    assert not NationalPriority.objects.exists()


def test_plans_are_listed_within_the_users_scope(client, field_user, manager_user):
    services.development_plan_create(country=country("ALB"), title="Albanian strategy",
                                     start_year=2015, end_year=2020)
    services.development_plan_create(country=country("KEN"), title="Kenya Vision 2030",
                                     start_year=2008, end_year=2030)
    url = reverse("programmes:development-plan-list")
    client.force_login(field_user)
    page = _text(client.get(url))
    assert "Albanian strategy" in page and "Kenya Vision 2030" not in page
    client.force_login(manager_user)
    page = _text(client.get(url, {"region": "AF"}))
    assert "Albanian strategy" not in page and "Kenya Vision 2030" in page


def test_field_staff_of_another_country_cannot_change_a_plan(client, field_user_africa):
    plan = services.development_plan_create(country=country("ALB"), title="NSDI",
                                            start_year=2015, end_year=2020)
    priority = services.national_priority_create(plan=plan, title="Jobs")
    client.force_login(field_user_africa)
    for url in (reverse("programmes:development-plan-edit", args=[plan.pk]),
                reverse("programmes:national-priority-create", args=[plan.pk]),
                reverse("programmes:national-priority-edit", args=[priority.pk]),
                reverse("programmes:national-priority-delete", args=[priority.pk])):
        assert client.post(url, {"title": "Changed"}).status_code == 403, url
    assert NationalPriority.objects.get().title == "Jobs"


# --- admin ----------------------------------------------------------------------------------

def test_admin_lists_and_opens_frameworks_outcomes_and_plans(client, admin_user, albania):
    outcome = UNFrameworkOutcomeFactory(framework=albania)
    plan = services.development_plan_create(country=country("ALB"), title="NSDI",
                                            start_year=2015, end_year=2020)
    client.force_login(admin_user)
    for url in ("/admin/programmes/unframework/",
                f"/admin/programmes/unframework/{albania.pk}/change/",
                "/admin/programmes/unframeworkoutcome/",
                f"/admin/programmes/unframeworkoutcome/{outcome.pk}/change/",
                "/admin/programmes/nationaldevelopmentplan/",
                f"/admin/programmes/nationaldevelopmentplan/{plan.pk}/change/"):
        assert client.get(url).status_code == 200, url


def test_admin_applies_the_year_rule_and_records_the_admin_in_the_history(client, admin_user):
    client.force_login(admin_user)
    form = {"country": country("ALB").pk, "kind": "undaf", "title": "UNDAF Albania",
            "start_year": "2016", "end_year": "2012",
            "outcomes-TOTAL_FORMS": "1", "outcomes-INITIAL_FORMS": "0",
            "outcomes-0-code": "1", "outcomes-0-title": "Jobs",
            "outcomes-0-ilo_role": "lead", "outcomes-0-social_partner_participation": "none"}
    refused = client.post("/admin/programmes/unframework/add/", form)
    assert refused.status_code == 200
    assert "The last year cannot be before the first year." in _text(refused)
    assert not UNFramework.objects.exists()

    form["end_year"] = "2020"
    assert client.post("/admin/programmes/unframework/add/", form).status_code == 302
    framework = UNFramework.objects.get()
    assert framework.outcomes.get().title == "Jobs"
    assert framework.history.get().history_user == admin_user
    assert framework.outcomes.get().history.get().history_change_reason == (
        "Changed in the admin")
