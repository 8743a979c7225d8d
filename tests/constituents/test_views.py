"""The country and constituent pages: what each role sees and may change, where validation
messages appear, and that the list pages stay within a fixed number of queries."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from constituents.models import (
    Affiliation,
    Constituent,
    ConstituentType,
    Contact,
    Country,
    MembershipFigure,
)
from core.roles import ConstituentGroup
from tests.factories import country
from tests.programmes.factories import DwcpFactory

from .factories import (
    AffiliationFactory,
    ConstituentFactory,
    ContactFactory,
    MembershipFigureFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("constituents:constituent-list")
CREATE_URL = reverse("constituents:constituent-create")


def _country_url(iso3: str) -> str:
    return reverse("constituents:country-detail", args=[iso3])


def _detail_url(org) -> str:
    return reverse("constituents:constituent-detail", args=[org.pk])


def _html(response) -> str:
    return response.content.decode()


def _column(html: str, group: str) -> str:
    """The HTML of one column (government / employers / workers) of the tripartite block."""
    start = html.index(f"tripartite__column--{group}")
    rest = html[start + 1:]
    ends = [i for i in (rest.find("tripartite__column--"), rest.find("</section>")) if i >= 0]
    return rest[:min(ends)]


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start:html.index("</section>", start)]


def _field_error(html: str, field_id: str) -> str | None:
    """The error printed under the field with this id (None when there is none)."""
    match = re.search(rf'<p class="field__error" id="{field_id}_error">(.*?)</p>', html, re.S)
    return match.group(1) if match else None


def _listed_names(response) -> list[str]:
    return [c.name for c in response.context["page_obj"]]


def _org_data(**overrides) -> dict:
    data = {"country": country("ALB").pk, "name": "Confederation of Trade Unions of Albania",
            "acronym": "KSSH", "type": ConstituentType.WORKERS, "level": "national",
            "sector": "", "website": "", "address": "", "notes": "", "reason": ""}
    data.update(overrides)
    return data


# --- country page -------------------------------------------------------------------------

def test_country_page_shows_tripartite_constituents_side_by_side_and_other_partners(
        client, field_user):
    alb = country("ALB")
    ConstituentFactory(country=alb, name="Ministry of Finance and Economy",
                       type=ConstituentType.LABOUR_MINISTRY)
    ConstituentFactory(country=alb, name="Labour Inspectorate",
                       type=ConstituentType.LABOUR_INSPECTORATE)
    ConstituentFactory(country=alb, name="Business Albania", type=ConstituentType.EMPLOYERS)
    ConstituentFactory(country=alb, name="Union of Independent Trade Unions",
                       type=ConstituentType.WORKERS)
    ConstituentFactory(country=alb, name="University of Tirana",
                       type=ConstituentType.RESEARCH)
    ConstituentFactory(country=country("MKD"), name="Union of Macedonia",
                       type=ConstituentType.WORKERS)
    client.force_login(field_user)

    html = _html(client.get(_country_url("ALB")))

    government, employers, workers = (_column(html, g) for g in
                                      ("government", "employers", "workers"))
    assert "Ministry of Finance and Economy" in government
    assert "Labour Inspectorate" in government
    assert "Business Albania" in employers and "Business Albania" not in government
    assert "Union of Independent Trade Unions" in workers
    assert "Union of Independent Trade Unions" not in employers
    assert "University of Tirana" not in government + employers + workers
    assert "University of Tirana" in _section(html, "partners-h")
    assert "Union of Macedonia" not in html
    # In reading order the columns are government, then employers, then workers.
    assert (html.index("tripartite__column--government")
            < html.index("tripartite__column--employers")
            < html.index("tripartite__column--workers"))


def test_country_page_marks_inactive_organizations(client, field_user):
    ConstituentFactory(country=country("ALB"), name="Dissolved Union", active=False)
    client.force_login(field_user)
    workers = _column(_html(client.get(_country_url("ALB"))), "workers")
    assert "Dissolved Union" in workers
    assert "inactive" in workers


def test_country_page_of_another_country_is_refused_to_field_staff(client, field_user_africa):
    client.force_login(field_user_africa)
    assert client.get(_country_url("ALB")).status_code == 403


def test_manager_sees_the_country_page_without_edit_actions(client, manager_user):
    ConstituentFactory(country=country("ALB"), name="Business Albania",
                       type=ConstituentType.EMPLOYERS)
    client.force_login(manager_user)
    response = client.get(_country_url("ALB"))
    html = _html(response)
    assert response.status_code == 200
    assert "Business Albania" in _column(html, "employers")
    assert reverse("constituents:country-context-edit", args=["ALB"]) not in html
    assert CREATE_URL not in html


def test_field_staff_see_edit_and_add_actions_on_their_country(client, field_user):
    client.force_login(field_user)
    html = _html(client.get(_country_url("ALB")))
    assert reverse("constituents:country-context-edit", args=["ALB"]) in html
    assert f"{CREATE_URL}?country=ALB" in html


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_country_page_query_count_is_constant_as_constituents_grow(
        client, field_user, django_assert_max_num_queries):
    alb = country("ALB")
    for kind in (ConstituentType.LABOUR_MINISTRY, ConstituentType.EMPLOYERS,
                 ConstituentType.WORKERS, ConstituentType.CSO):
        ConstituentFactory(country=alb, type=kind)
    DwcpFactory(country=alb, start_year=2012, end_year=2016)
    client.force_login(field_user)
    few = _count_queries(client, _country_url("ALB"))

    for kind in ConstituentType.values * 4:
        ConstituentFactory(country=alb, type=kind, active=False)
    DwcpFactory(country=alb, start_year=2017, end_year=2021)
    DwcpFactory(country=alb, start_year=2022, end_year=2026)
    many = _count_queries(client, _country_url("ALB"))

    assert many == few
    with django_assert_max_num_queries(8):
        client.get(_country_url("ALB"))


# --- country context ----------------------------------------------------------------------

def test_field_staff_edit_the_context_of_their_country_with_history(client, field_user):
    client.force_login(field_user)
    response = client.post(reverse("constituents:country-context-edit", args=["ALB"]), {
        "ilo_office": "ILO Office for Central and Eastern Europe, Budapest",
        "decent_work_team": "DWT/CO-Budapest", "delivering_as_one_pilot": "on",
        "reason": "new office arrangement"})
    assert response.status_code == 302
    alb = Country.objects.get(iso3="ALB")
    assert alb.ilo_office.endswith("Budapest")
    assert alb.ilo_resident_in_unct is False
    last = alb.history.first()
    assert last.history_user == field_user
    assert last.history_change_reason == "new office arrangement"
    assert "DWT/CO-Budapest" in _html(client.get(_country_url("ALB")))


def test_country_context_too_long_value_is_shown_next_to_the_field(client, field_user):
    client.force_login(field_user)
    response = client.post(reverse("constituents:country-context-edit", args=["ALB"]),
                           {"ilo_office": "x" * 201, "decent_work_team": ""})
    assert response.status_code == 200
    assert "at most 200 characters" in _field_error(_html(response), "id_ilo_office")
    assert Country.objects.get(iso3="ALB").ilo_office == ""


@pytest.mark.parametrize("persona", ["field_user_africa", "manager_user", "actemp_user",
                                     "actrav_user"])
def test_country_context_edit_is_refused_outside_field_staff_of_the_country(
        client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("constituents:country-context-edit", args=["ALB"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"ilo_office": "Somewhere"}).status_code == 403
    assert Country.objects.get(iso3="ALB").ilo_office == ""


# --- constituent list ---------------------------------------------------------------------

def test_constituent_list_search_finds_name_or_acronym(client, manager_user):
    ConstituentFactory(name="Confederation of Trade Unions", acronym="KSSH")
    ConstituentFactory(name="Chamber of Commerce", acronym="CCI",
                       type=ConstituentType.EMPLOYERS)
    client.force_login(manager_user)
    assert _listed_names(client.get(LIST_URL, {"q": "kssh"})) == [
        "Confederation of Trade Unions"]
    assert _listed_names(client.get(LIST_URL, {"q": "chamber"})) == ["Chamber of Commerce"]


def test_constituent_list_filters(client, manager_user):
    ConstituentFactory(name="Albanian union", country=country("ALB"))
    ConstituentFactory(name="Albanian employers", country=country("ALB"),
                       type=ConstituentType.EMPLOYERS, level="sectoral")
    ConstituentFactory(name="Kenyan ministry", country=country("KEN"),
                       type=ConstituentType.LABOUR_MINISTRY)
    ConstituentFactory(name="Old union", country=country("KEN"), active=False)
    client.force_login(manager_user)

    def names(**params):
        return sorted(_listed_names(client.get(LIST_URL, params)))

    assert names(country="alb") == ["Albanian employers", "Albanian union"]
    assert names(region="AF") == ["Kenyan ministry", "Old union"]
    assert names(group="workers") == ["Albanian union", "Old union"]
    assert names(type="labour_ministry") == ["Kenyan ministry"]
    assert names(level="sectoral") == ["Albanian employers"]
    assert names(active="false") == ["Old union"]
    assert names(active="true", group="workers") == ["Albanian union"]


def test_constituent_list_keeps_filters_across_pages(client, manager_user):
    for n in range(30):
        ConstituentFactory(name=f"Union {n:02d}")
    ConstituentFactory(name="Employers", type=ConstituentType.EMPLOYERS)
    client.force_login(manager_user)
    first = client.get(LIST_URL, {"group": "workers"})
    assert len(first.context["page_obj"]) == 25
    assert first.context["page_obj"].paginator.count == 30
    assert "group=workers&amp;page=2" in _html(first)
    second = client.get(LIST_URL, {"group": "workers", "page": 2})
    assert len(second.context["page_obj"]) == 5
    assert "Employers" not in _listed_names(second)


def test_field_staff_list_only_their_countries(client, field_user):
    ConstituentFactory(name="Albanian union", country=country("ALB"))
    ConstituentFactory(name="Kenyan union", country=country("KEN"))
    client.force_login(field_user)
    response = client.get(LIST_URL)
    assert _listed_names(response) == ["Albanian union"]
    # Even asking for another country shows nothing of it.
    assert _listed_names(client.get(LIST_URL, {"country": "KEN"})) == []
    assert CREATE_URL in _html(response)


@pytest.mark.parametrize("persona", ["manager_user", "actemp_user", "actrav_user"])
def test_managers_and_specialists_list_every_country(client, request, persona):
    ConstituentFactory(name="Albanian union", country=country("ALB"))
    ConstituentFactory(name="Kenyan employers", country=country("KEN"),
                       type=ConstituentType.EMPLOYERS)
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(LIST_URL)
    assert sorted(_listed_names(response)) == ["Albanian union", "Kenyan employers"]
    assert (CREATE_URL in _html(response)) is (persona != "manager_user")


def test_constituent_list_query_count_is_constant_as_constituents_grow(
        client, manager_user, django_assert_max_num_queries):
    for kind in ConstituentType.values:
        ConstituentFactory(type=kind, country=country("ALB"))
    client.force_login(manager_user)
    few = _count_queries(client, LIST_URL)
    for n in range(40):
        ConstituentFactory(type=ConstituentType.values[n % 10],
                           country=country(("KEN", "MKD", "PAK", "BRA")[n % 4]))
    many = _count_queries(client, LIST_URL)
    assert many == few
    with django_assert_max_num_queries(7):
        client.get(LIST_URL, {"page": 2})


# --- creating and editing constituents ----------------------------------------------------

def test_field_staff_add_an_organization_with_history(client, field_user):
    client.force_login(field_user)
    response = client.post(CREATE_URL, _org_data(reason="first contact"))
    org = Constituent.objects.get(name="Confederation of Trade Unions of Albania")
    assert response.status_code == 302
    assert response["Location"] == _detail_url(org)
    assert org.group == ConstituentGroup.WORKERS
    record = org.history.first()
    assert record.history_user == field_user
    assert record.history_change_reason == "first contact"
    assert "Confederation of Trade Unions of Albania" in _column(
        _html(client.get(_country_url("ALB"))), "workers")


def test_duplicate_name_in_the_country_is_shown_next_to_the_name(client, field_user):
    ConstituentFactory(country=country("ALB"), name="Confederation of Trade Unions of Albania")
    client.force_login(field_user)
    response = client.post(CREATE_URL, _org_data(name="confederation of trade unions "
                                                      "of albania"))
    assert response.status_code == 200
    assert "already has an organization named" in _field_error(_html(response), "id_name")
    assert Constituent.objects.count() == 1


def test_bad_website_and_missing_type_are_shown_next_to_their_fields(client, field_user):
    client.force_login(field_user)
    response = client.post(CREATE_URL, _org_data(type="", website="not a url"))
    html = _html(response)
    assert response.status_code == 200
    assert _field_error(html, "id_type") == "This field is required."
    assert "valid URL" in _field_error(html, "id_website")
    assert not Constituent.objects.exists()


def test_field_staff_cannot_add_an_organization_in_another_country(client, field_user):
    client.force_login(field_user)
    response = client.post(CREATE_URL, _org_data(country=country("KEN").pk))
    assert response.status_code == 200
    assert "valid choice" in _field_error(_html(response), "id_country")
    assert not Constituent.objects.exists()


def test_manager_may_not_add_or_edit_organizations(client, manager_user):
    org = ConstituentFactory()
    client.force_login(manager_user)
    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, _org_data()).status_code == 403
    edit = reverse("constituents:constituent-edit", args=[org.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, _org_data(name="Renamed")).status_code == 403
    detail = client.get(_detail_url(org))
    assert detail.status_code == 200
    assert edit not in _html(detail)
    assert "Add a membership figure" not in _html(detail)


def test_field_staff_of_another_country_are_refused_everything_of_an_organization(
        client, field_user_africa):
    org = ConstituentFactory(country=country("ALB"))
    figure = MembershipFigureFactory(constituent=org, year=2020)
    client.force_login(field_user_africa)
    urls = [_detail_url(org), reverse("constituents:constituent-edit", args=[org.pk]),
            reverse("constituents:membership-edit", args=[figure.pk]),
            reverse("constituents:membership-delete", args=[figure.pk])]
    for url in urls:
        assert client.get(url).status_code == 403, url
    add = reverse("constituents:membership-add", args=[org.pk])
    assert client.post(add, {"membership-year": 2021, "membership-total": 5}).status_code \
        == 403
    assert client.post(reverse("constituents:constituent-set-active", args=[org.pk]),
                       {}).status_code == 403
    org.refresh_from_db()
    assert org.active is True
    assert org.membership_figures.count() == 1


def test_field_staff_edit_an_organization_and_the_change_is_in_its_history(
        client, field_user):
    org = ConstituentFactory(name="Old name", country=country("ALB"))
    client.force_login(field_user)
    data = _org_data(name="New name", type=ConstituentType.CSO, reason="re-registered")
    del data["country"]
    response = client.post(reverse("constituents:constituent-edit", args=[org.pk]), data)
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.name, org.group) == ("New name", ConstituentGroup.OTHER)
    record = org.history.first()
    assert (record.history_user, record.history_change_reason) == (field_user, "re-registered")
    history = client.get(reverse("object-history",
                                 args=["constituents", "constituent", org.pk]))
    assert "re-registered" in _html(history)


def test_deactivating_an_organization_keeps_it_with_a_badge(client, field_user):
    org = ConstituentFactory(country=country("ALB"))
    client.force_login(field_user)
    response = client.post(reverse("constituents:constituent-set-active", args=[org.pk]),
                           {"reason": "dissolved"})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.active is False
    assert org.history.first().history_user == field_user
    assert "Inactive" in _html(client.get(_detail_url(org)))


# --- specialists ----------------------------------------------------------------------------

def test_actemp_add_employers_organizations_anywhere_but_no_trade_union(client, actemp_user):
    client.force_login(actemp_user)
    response = client.post(CREATE_URL, _org_data(country=country("KEN").pk,
                                                 name="Federation of Kenya Employers",
                                                 type=ConstituentType.EMPLOYERS))
    assert response.status_code == 302
    assert Constituent.objects.get(name="Federation of Kenya Employers").group == "employers"

    response = client.post(CREATE_URL, _org_data(type=ConstituentType.WORKERS))
    assert response.status_code == 200
    assert "valid choice" in _field_error(_html(response), "id_type")


def test_specialists_change_only_their_groups_organizations(client, actemp_user, actrav_user):
    union = ConstituentFactory(type=ConstituentType.WORKERS, name="Union")
    employers = ConstituentFactory(type=ConstituentType.EMPLOYERS, name="Employers")
    client.force_login(actemp_user)
    assert client.get(_detail_url(union)).status_code == 200
    assert client.get(reverse("constituents:constituent-edit",
                              args=[union.pk])).status_code == 403
    assert client.get(reverse("constituents:constituent-edit",
                              args=[employers.pk])).status_code == 200
    client.force_login(actrav_user)
    assert client.post(reverse("constituents:contact-add", args=[employers.pk]),
                       {"contact-name": "Someone"}).status_code == 403
    response = client.post(reverse("constituents:contact-add", args=[union.pk]),
                           {"contact-name": "Ana Hoxha"})
    assert response.status_code == 302
    assert union.contacts.get().name == "Ana Hoxha"


def test_actemp_cannot_turn_an_employers_organization_into_a_union(client, actemp_user):
    org = ConstituentFactory(type=ConstituentType.EMPLOYERS, name="Employers")
    client.force_login(actemp_user)
    data = _org_data(name="Employers", type=ConstituentType.WORKERS)
    del data["country"]
    response = client.post(reverse("constituents:constituent-edit", args=[org.pk]), data)
    assert response.status_code == 200
    assert _field_error(_html(response), "id_type")
    org.refresh_from_db()
    assert org.type == ConstituentType.EMPLOYERS


# --- records of an organization -------------------------------------------------------------

@pytest.fixture
def union(db):
    return ConstituentFactory(country=country("ALB"), name="Union of Independent Trade Unions",
                              type=ConstituentType.WORKERS)


def _add(client, union, kind: str, **fields):
    data = {f"{kind}-{name}": value for name, value in fields.items()}
    return client.post(reverse(f"constituents:{kind}-add", args=[union.pk]), data)


def test_field_staff_record_membership_by_year_and_sex(client, field_user, union):
    client.force_login(field_user)
    response = _add(client, union, "membership", year=2022, total=12000, women=5000, men=7000,
                    member_kind="individual workers", source="Congress report", reason="2022")
    assert response.status_code == 302
    figure = union.membership_figures.get()
    assert (figure.year, figure.total, figure.women, figure.men) == (2022, 12000, 5000, 7000)
    assert figure.history.first().history_user == field_user
    membership = _section(_html(client.get(_detail_url(union))), "mem-h")
    assert "12000" in membership and "41.7 %" in membership


@pytest.mark.parametrize(("fields", "field_id", "message"), [
    ({"year": 2022, "total": -5}, "id_membership-total", "greater than or equal to 0"),
    ({"year": 2022, "total": 100, "women": 150}, "id_membership-women",
     "cannot be more than the total"),
    ({"year": 2022, "total": 100, "women": 40, "men": 50}, "id_membership-total",
     "add up to 90"),
    ({"year": 1850, "total": 100}, "id_membership-year", "Enter a year between"),
    ({"year": 2020, "total": 100}, "id_membership-year", "already has a figure"),
])
def test_bad_membership_figures_are_shown_next_to_the_field(
        client, field_user, union, fields, field_id, message):
    MembershipFigureFactory(constituent=union, year=2020)
    client.force_login(field_user)
    response = _add(client, union, "membership", **fields)
    html = _html(response)
    assert response.status_code == 200
    assert message in _field_error(html, field_id)
    # The form stays open with what was typed.
    assert re.search(r'<details class="subform" open>\s*<summary>Add a membership figure', html)
    assert union.membership_figures.count() == 1


def test_edit_and_delete_a_membership_figure_with_history(client, field_user, union):
    figure = MembershipFigureFactory(constituent=union, year=2021, total=100, women=40, men=60)
    client.force_login(field_user)
    edit = reverse("constituents:membership-edit", args=[figure.pk])
    response = client.post(edit, {"membership-year": 2021, "membership-total": 90,
                                  "membership-women": 95, "membership-men": ""})
    assert "cannot be more than the total" in _field_error(_html(response),
                                                          "id_membership-women")
    response = client.post(edit, {"membership-year": 2021, "membership-total": 120,
                                  "membership-women": 50, "membership-men": 70,
                                  "membership-reason": "audited figure"})
    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.total == 120
    assert figure.history.first().history_change_reason == "audited figure"

    response = client.post(reverse("constituents:membership-delete", args=[figure.pk]),
                           {"reason": "entered twice"})
    assert response.status_code == 302
    assert not MembershipFigure.objects.filter(pk=figure.pk).exists()
    deleted = MembershipFigure.history.filter(id=figure.pk).first()
    assert (deleted.history_type, deleted.history_user) == ("-", field_user)


def test_field_staff_add_contacts_and_only_one_primary(client, field_user, union):
    ContactFactory(constituent=union, name="Gezim Kalaja", is_primary=True)
    client.force_login(field_user)
    response = _add(client, union, "contact", name="Ana Hoxha", email="not-an-email")
    assert "valid email" in _field_error(_html(response), "id_contact-email")
    response = _add(client, union, "contact", name="Ana Hoxha", email="ana@example.org",
                    is_primary="on")
    assert "Gezim Kalaja is already the primary contact" in _field_error(
        _html(response), "id_contact-is_primary")
    response = _add(client, union, "contact", name="Ana Hoxha", email="ana@example.org",
                    position="Gender officer")
    assert response.status_code == 302
    contacts = _section(_html(client.get(_detail_url(union))), "contacts-h")
    assert "Ana Hoxha" in contacts and "Gender officer" in contacts
    assert Contact.objects.get(name="Ana Hoxha").history.first().history_user == field_user


def test_field_staff_record_affiliations_once(client, field_user, union):
    AffiliationFactory(constituent=union, organization="ITUC")
    client.force_login(field_user)
    response = _add(client, union, "affiliation", organization="ituc", since_year=2006)
    assert "already recorded" in _field_error(_html(response), "id_affiliation-organization")
    response = _add(client, union, "affiliation", organization="PERC", since_year=3000)
    assert "Enter a year between" in _field_error(_html(response),
                                                  "id_affiliation-since_year")
    response = _add(client, union, "affiliation", organization="PERC", since_year=2007)
    assert response.status_code == 302
    assert sorted(Affiliation.objects.values_list("organization", flat=True)) == ["ITUC",
                                                                                  "PERC"]
    assert "PERC" in _section(_html(client.get(_detail_url(union))), "aff-h")


def test_manager_reads_the_records_but_may_not_add_any(client, manager_user, union):
    ContactFactory(constituent=union, name="Ana Hoxha")
    client.force_login(manager_user)
    assert "Ana Hoxha" in _html(client.get(_detail_url(union)))
    for kind, data in (("contact", {"contact-name": "X"}),
                       ("membership", {"membership-year": 2020, "membership-total": 1}),
                       ("affiliation", {"affiliation-organization": "ITUC"})):
        assert client.post(reverse(f"constituents:{kind}-add", args=[union.pk]),
                           data).status_code == 403
    assert union.contacts.count() == 1


# --- admin ----------------------------------------------------------------------------------

ADMIN_ADD = "/admin/constituents/constituent/add/"


def _admin_data(**fields) -> dict:
    data = {"country": country("ALB").pk, "name": "Business Albania", "acronym": "BA",
            "type": ConstituentType.EMPLOYERS, "level": "national", "sector": "",
            "website": "", "address": "", "notes": "", "active": "on"}
    for prefix in ("affiliations", "membership_figures", "contacts"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0,
                     f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000})
    data.update(fields)
    return data


def test_admin_adds_an_organization_with_a_membership_figure(client, admin_user):
    client.force_login(admin_user)
    response = client.post(ADMIN_ADD, _admin_data(**{
        "membership_figures-TOTAL_FORMS": 1, "membership_figures-0-year": 2022,
        "membership_figures-0-total": 300, "membership_figures-0-women": 120}))
    assert response.status_code == 302, response.context["adminform"].form.errors
    org = Constituent.objects.get(name="Business Albania")
    assert org.group == ConstituentGroup.EMPLOYERS
    assert org.membership_figures.get().women == 120
    assert org.history.first().history_user == admin_user


def test_admin_applies_the_service_rules(client, admin_user):
    ConstituentFactory(country=country("ALB"), name="Business Albania")
    client.force_login(admin_user)
    response = client.post(ADMIN_ADD, _admin_data(**{
        "name": "business albania", "membership_figures-TOTAL_FORMS": 1,
        "membership_figures-0-year": 2022, "membership_figures-0-total": 100,
        "membership_figures-0-women": 150}))
    assert response.status_code == 200
    assert "already has an organization" in str(response.context["adminform"].form.errors)
    figures = response.context["inline_admin_formsets"][1].formset
    assert "cannot be more than the total" in figures.errors[0]["women"][0]
    assert Constituent.objects.count() == 1


def test_admin_lists_only_what_field_staff_may_see_and_managers_only_read(
        client, field_user, manager_user):
    ConstituentFactory(country=country("ALB"), name="Albanian union")
    kenyan = ConstituentFactory(country=country("KEN"), name="Kenyan union")
    for user in (field_user, manager_user):
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    client.force_login(field_user)
    listing = _html(client.get("/admin/constituents/constituent/"))
    assert "Albanian union" in listing and "Kenyan union" not in listing
    assert client.get(f"/admin/constituents/constituent/{kenyan.pk}/change/").status_code \
        in (302, 403)
    response = client.post(ADMIN_ADD, _admin_data(country=country("KEN").pk))
    assert "valid choice" in str(response.context["adminform"].form.errors["country"])
    client.force_login(manager_user)
    assert client.get(ADMIN_ADD).status_code == 403
    change = client.get(f"/admin/constituents/constituent/{kenyan.pk}/change/")
    assert change.status_code == 200
    assert 'name="_save"' not in _html(change)


def test_country_page_links_to_the_countrys_un_frameworks_and_projects(client, field_user):
    client.force_login(field_user)
    html = client.get(reverse("constituents:country-detail", args=["ALB"])).content.decode()
    assert f'{reverse("programmes:unframework-list")}?country=ALB' in html
    assert f'{reverse("programmes:project-list")}?country=ALB' in html


def test_the_list_keeps_the_chosen_filters_selected(client, manager_user):
    client.force_login(manager_user)
    html = client.get(reverse("constituents:constituent-list"),
                      {"country": "alb", "region": "EU", "group": "workers"}).content.decode()
    assert '<option value="ALB" selected>' in html
    assert '<option value="EU" selected>' in html
    assert '<option value="workers" selected>' in html
    filters = html.split('role="search"', 1)[1].split("</form>", 1)[0]
    assert filters.count(" selected>") == 3
