"""Pages of development cooperation resources: who sees and changes what, the filters, the
project form with its funding by year (errors next to the fields, nothing half-saved), CPO
links, and the CPO / DWCP resource pages."""
import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import Project, ProjectFunding, ProjectOutcomeLink, ProjectStage
from tests.factories import country
from tests.programmes.factories import CpoFactory, DwcpFactory, ProjectFactory
from tests.programmes.factories_resources import funded_project, link

pytestmark = pytest.mark.django_db

LIST_URL = reverse("programmes:project-list")
CREATE_URL = reverse("programmes:project-create")


def _html(response) -> str:
    return response.content.decode()


def _project_post(*, rows=(), initial=0, **overrides) -> dict:
    """The POST body of the project form with funding ``rows`` (year, allocation,
    expenditure[, delete]); rows beyond ``initial`` are new ones."""
    data = {"country": str(country("ALB").pk), "code": "ALB/14/02/RBS",
            "title": "Skills for youth employment", "funding_source": "rbsa",
            "funding_partner": "", "start_date": "2014-01-01", "end_date": "2015-12-31",
            "status": "ongoing", "description": "", "reason": "", "scope": "country",
            "funding-TOTAL_FORMS": str(len(rows)), "funding-INITIAL_FORMS": str(initial),
            "funding-MIN_NUM_FORMS": "0", "funding-MAX_NUM_FORMS": "1000",
            "pb_links-TOTAL_FORMS": "0", "pb_links-INITIAL_FORMS": "0",
            "pb_links-MIN_NUM_FORMS": "0", "pb_links-MAX_NUM_FORMS": "1000"}
    for index, row in enumerate(rows):
        year, allocation, expenditure, *delete = row
        data.update({f"funding-{index}-year": year, f"funding-{index}-allocation": allocation,
                     f"funding-{index}-expenditure": expenditure})
        if delete and delete[0]:
            data[f"funding-{index}-DELETE"] = "on"
    data.update(overrides)
    return data


# --- list -----------------------------------------------------------------------------------

def test_field_staff_list_only_projects_of_their_countries(client, field_user):
    ProjectFactory(code="ALB/12/01/EEC", title="Albanian project")
    ProjectFactory(code="KEN/12/01/EEC", title="Kenyan project", country=country("KEN"))
    client.force_login(field_user)
    html = _html(client.get(LIST_URL))
    assert "ALB/12/01/EEC" in html
    assert "KEN/12/01/EEC" not in html
    assert "New project" in html


def test_manager_lists_every_project_but_is_not_offered_to_add(client, manager_user):
    ProjectFactory(code="ALB/12/01/EEC")
    ProjectFactory(code="KEN/12/01/EEC", country=country("KEN"))
    client.force_login(manager_user)
    html = _html(client.get(LIST_URL))
    assert "ALB/12/01/EEC" in html and "KEN/12/01/EEC" in html
    assert "New project" not in html


def test_list_shows_totals_and_delivery_rate(client, field_user):
    funded_project(code="ALB/12/01/EEC", years={2012: ("100000", "50000"),
                                                2013: ("100000", "100000")})
    client.force_login(field_user)
    html = _html(client.get(LIST_URL))
    assert "200,000" in html and "150,000" in html
    assert "75.0 %" in html


@pytest.mark.parametrize(("params", "expected"), [
    ({"country": "ken"}, {"KEN/1"}),
    ({"region": "EU"}, {"ALB/1", "SRB/1"}),
    ({"funding_source": "rbsa"}, {"SRB/1"}),
    ({"status": "closed"}, {"KEN/1"}),
    ({"year": "2016"}, {"SRB/1"}),
    ({"q": "european"}, {"ALB/1"}),
    ({"q": "kenya"}, {"KEN/1"}),
])
def test_list_filters(client, manager_user, params, expected):
    ProjectFactory(code="ALB/1", funding_partner="European Union", title="Youth",
                   start_date=dt.date(2012, 1, 1), end_date=dt.date(2013, 12, 31))
    ProjectFactory(code="KEN/1", country=country("KEN"), funding_partner="Norway",
                   title="Kenya labour inspection", status=ProjectStage.CLOSED,
                   start_date=dt.date(2012, 1, 1), end_date=dt.date(2013, 12, 31))
    ProjectFactory(code="SRB/1", country=country("SRB"), funding_source="rbsa",
                   funding_partner="", title="Serbian social dialogue",
                   start_date=dt.date(2015, 1, 1), end_date=dt.date(2017, 12, 31))
    client.force_login(manager_user)
    response = client.get(LIST_URL, params)
    shown = {p.code for p in response.context["page_obj"]}
    assert shown == expected


def test_list_with_an_invalid_year_explains_it_instead_of_failing(client, manager_user):
    ProjectFactory(code="ALB/1")
    client.force_login(manager_user)
    response = client.get(LIST_URL, {"year": "twenty"})
    assert response.status_code == 200
    assert "Enter a number." in _html(response)


def test_list_is_paginated_and_keeps_filters_on_the_next_page(client, manager_user):
    for n in range(30):
        ProjectFactory(code=f"ALB/{n:02d}")
    client.force_login(manager_user)
    response = client.get(LIST_URL, {"country": "ALB"})
    assert len(response.context["page_obj"]) == 25
    assert "country=ALB&amp;page=2" in _html(response)
    assert len(client.get(LIST_URL, {"country": "ALB", "page": 2}).context["page_obj"]) == 5


def _list_queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(LIST_URL, params or {}).status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_with_projects(client, field_user,
                                                      django_assert_num_queries):
    client.force_login(field_user)
    funded_project(years={2012: ("1", "1")})
    few = _list_queries(client)
    for _ in range(12):
        link(funded_project(years={2012: ("10", "5"), 2013: ("10", "5")}))
    assert _list_queries(client) == few
    # session, user, user's countries, count, country choices, Convention choices, regions,
    # the page itself
    with django_assert_num_queries(8):
        client.get(LIST_URL, {"region": "EU", "year": "2013"})


# --- detail ---------------------------------------------------------------------------------

def test_detail_shows_funding_by_year_delivery_rates_cpos_and_history_link(client, field_user):
    project = funded_project(code="ALB/12/01/EEC", years={2012: ("100000", "80000"),
                                                          2013: ("50000", "70000")})
    cpo = CpoFactory(code="ALB101")
    link(project, cpo, share="40")
    client.force_login(field_user)
    response = client.get(reverse("programmes:project-detail", args=[project.pk]))
    html = _html(response)
    assert "80.0 %" in html and "140.0 %" in html  # per year
    assert "over allocation" in html                 # 2013 spent more than allocated
    assert "100.0 %" in html                         # 150,000 / 150,000 over all years
    assert "ALB101" in html and "40 %" in html
    assert "60,000" in html                          # 40 per cent of 150,000
    assert reverse("object-history", args=["programmes", "project", project.pk]) in html
    assert reverse("programmes:project-edit", args=[project.pk]) in html


def test_project_of_another_country_is_forbidden_to_field_staff(client, field_user):
    project = ProjectFactory(country=country("KEN"))
    client.force_login(field_user)
    assert client.get(reverse("programmes:project-detail", args=[project.pk])).status_code == 403
    assert client.get(reverse("programmes:project-edit", args=[project.pk])).status_code == 403


def test_manager_reads_a_project_without_edit_links(client, manager_user):
    project = ProjectFactory(country=country("KEN"))
    client.force_login(manager_user)
    html = _html(client.get(reverse("programmes:project-detail", args=[project.pk])))
    assert project.code in html
    assert reverse("programmes:project-edit", args=[project.pk]) not in html
    assert "Link a CPO" not in html


def test_missing_project_is_404(client, field_user):
    client.force_login(field_user)
    assert client.get(reverse("programmes:project-detail", args=[999999])).status_code == 404


# --- create and edit ------------------------------------------------------------------------

def test_field_staff_create_a_project_with_funding_rows(client, field_user):
    client.force_login(field_user)
    form = client.get(CREATE_URL)
    assert form.status_code == 200
    assert 'name="funding-4-year"' in _html(form)  # five empty rows for a new project
    response = client.post(CREATE_URL, _project_post(
        rows=[("2014", "120000", "90000"), ("2015", "80000", ""), ("", "", "")],
        reason="Approved by the donor"))
    project = Project.objects.get(code="ALB/14/02/RBS")
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:project-detail", args=[project.pk])
    rows = list(project.funding.values_list("year", "allocation", "expenditure"))
    assert rows == [(2014, Decimal("120000.00"), Decimal("90000.00")),
                    (2015, Decimal("80000.00"), Decimal("0.00"))]
    record = project.history.latest()
    assert record.history_change_reason == "Approved by the donor"
    assert record.history_user == field_user
    detail = _html(client.get(response["Location"]))
    assert "45.0 %" in detail  # 90,000 / 200,000


def test_negative_amount_is_refused_next_to_the_field_and_nothing_is_saved(client, field_user):
    client.force_login(field_user)
    response = client.post(CREATE_URL, _project_post(
        rows=[("2014", "120000", "0"), ("2015", "-5", "0")]))
    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.forms[1].errors["allocation"] == ["The amount cannot be negative."]
    assert not formset.forms[0].errors
    html = _html(response)
    assert 'id="id_funding-1-allocation_error"' in html
    assert not Project.objects.exists() and not ProjectFunding.objects.exists()


def test_year_outside_the_period_is_refused_next_to_the_year(client, field_user):
    client.force_login(field_user)
    response = client.post(CREATE_URL, _project_post(rows=[("2017", "1000", "0")]))
    assert "within the project period 2014–2015" in \
        response.context["formset"].forms[0].errors["year"][0]
    assert not Project.objects.exists()


def test_dates_out_of_order_are_refused_next_to_the_end_date(client, field_user):
    client.force_login(field_user)
    response = client.post(CREATE_URL, _project_post(start_date="2015-01-01",
                                                     end_date="2014-01-01"))
    assert response.context["form"].errors["end_date"] == [
        "The end date must be on or after the start date."]
    assert 'id="id_end_date_error"' in _html(response)
    assert not Project.objects.exists()


def test_a_country_outside_the_users_scope_cannot_be_chosen(client, field_user):
    client.force_login(field_user)
    response = client.post(CREATE_URL, _project_post(country=str(country("KEN").pk)))
    assert "country" in response.context["form"].errors
    assert not Project.objects.exists()


def test_same_year_twice_is_refused(client, field_user):
    client.force_login(field_user)
    response = client.post(CREATE_URL, _project_post(
        rows=[("2014", "1", "0"), ("2014", "2", "0")]))
    assert "entered twice" in response.context["formset"].forms[1].errors["year"][0]
    assert not Project.objects.exists()


def test_edit_changes_fields_and_replaces_the_funding_rows(client, field_user):
    project = funded_project(code="ALB/14/02/RBS", start_date=dt.date(2014, 1, 1),
                             end_date=dt.date(2015, 12, 31),
                             years={2014: ("100", "10"), 2015: ("200", "20")})
    client.force_login(field_user)
    url = reverse("programmes:project-edit", args=[project.pk])
    html = _html(client.get(url))
    assert 'value="2014"' in html and 'value="2015"' in html
    response = client.post(url, _project_post(
        title="Renamed", initial=2, reason="Revision 2",
        rows=[("2014", "100", "50"), ("2015", "200", "20", True)]))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Renamed"
    assert list(project.funding.values_list("year", "expenditure")) == [(2014, Decimal("50"))]
    assert project.history.latest().history_change_reason == "Revision 2"
    deleted = ProjectFunding.history.filter(year=2015, history_type="-").get()
    assert deleted.history_change_reason == "Revision 2"


def test_a_failed_edit_changes_nothing(client, field_user):
    project = funded_project(code="ALB/14/02/RBS", title="Original",
                             start_date=dt.date(2014, 1, 1), end_date=dt.date(2015, 12, 31),
                             years={2014: ("100", "10")})
    client.force_login(field_user)
    response = client.post(reverse("programmes:project-edit", args=[project.pk]),
                           _project_post(title="Renamed", initial=1,
                                         rows=[("2014", "100", "-1")]))
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.title == "Original"
    assert project.funding.get().expenditure == Decimal("10")


def test_manager_may_not_create_or_edit(client, manager_user):
    project = ProjectFactory()
    client.force_login(manager_user)
    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, _project_post()).status_code == 403
    edit = reverse("programmes:project-edit", args=[project.pk])
    assert client.post(edit, _project_post(title="x")).status_code == 403
    assert not Project.objects.filter(title="x").exists()


def test_field_staff_delete_a_project_with_its_funding_and_links(client, field_user):
    project = funded_project(years={2013: ("1", "0")})
    link(project)
    client.force_login(field_user)
    url = reverse("programmes:project-delete", args=[project.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Duplicate"})
    assert response["Location"] == LIST_URL
    assert not Project.objects.exists() and not ProjectFunding.objects.exists()
    assert not ProjectOutcomeLink.objects.exists()
    assert Project.history.filter(history_type="-").get().history_change_reason == "Duplicate"


# --- CPO links ------------------------------------------------------------------------------

def test_field_staff_link_change_and_unlink_a_cpo(client, field_user):
    project = funded_project(years={2013: ("1000", "500")})
    cpo = CpoFactory(code="ALB101")
    client.force_login(field_user)
    add = reverse("programmes:project-cpo-link-add", args=[project.pk])
    assert "ALB101" in _html(client.get(add))
    response = client.post(add, {"cpo": cpo.pk, "share": "60", "reason": "Work plan"})
    assert response.status_code == 302
    link_ = ProjectOutcomeLink.objects.get()
    assert link_.share == Decimal("60")
    edit = reverse("programmes:project-cpo-link-edit", args=[link_.pk])
    assert client.post(edit, {"share": "80"}).status_code == 302
    link_.refresh_from_db()
    assert link_.share == Decimal("80")
    delete = reverse("programmes:project-cpo-link-delete", args=[link_.pk])
    assert client.post(delete, {"reason": "Wrong outcome"}).status_code == 302
    assert not ProjectOutcomeLink.objects.exists()
    assert ProjectOutcomeLink.history.filter(history_type="-").get().history_change_reason \
        == "Wrong outcome"


def test_shares_above_100_per_cent_are_refused_next_to_the_share(client, field_user):
    project = ProjectFactory()
    link(project, share="70")
    other = CpoFactory()
    client.force_login(field_user)
    response = client.post(reverse("programmes:project-cpo-link-add", args=[project.pk]),
                           {"cpo": other.pk, "share": "40"})
    assert response.status_code == 200
    assert response.context["form"].errors["share"] == ["At most 30 per cent is left."]
    assert ProjectOutcomeLink.objects.count() == 1


def test_cpo_of_another_country_is_not_offered(client, field_user):
    project = ProjectFactory()
    foreign = CpoFactory(code="KEN101", priority__dwcp=DwcpFactory(country=country("KEN")))
    client.force_login(field_user)
    url = reverse("programmes:project-cpo-link-add", args=[project.pk])
    assert "KEN101" not in _html(client.get(url))
    response = client.post(url, {"cpo": foreign.pk, "share": "10"})
    assert "cpo" in response.context["form"].errors
    assert not ProjectOutcomeLink.objects.exists()


def test_manager_may_not_change_links(client, manager_user):
    link_ = link(ProjectFactory())
    client.force_login(manager_user)
    assert client.get(reverse("programmes:project-cpo-link-add",
                              args=[link_.project_id])).status_code == 403
    assert client.post(reverse("programmes:project-cpo-link-delete",
                               args=[link_.pk])).status_code == 403
    assert ProjectOutcomeLink.objects.exists()


# --- CPO and DWCP resources -----------------------------------------------------------------

def _dwcp_with_resources():
    dwcp = DwcpFactory()
    funded_cpo = CpoFactory(code="ALB101", priority__dwcp=dwcp,
                            planned_resources=Decimal("200000"))
    empty_cpo = CpoFactory(code="ALB102", priority__dwcp=dwcp,
                           planned_resources=Decimal("50000"))
    xbtc = funded_project(code="ALB/12/01/EEC", years={2012: ("100000", "60000"),
                                                       2013: ("50000", "30000")})
    rbsa = funded_project(code="ALB/13/01/RBS", funding_source="rbsa",
                          years={2013: ("40000", "10000")})
    link(xbtc, funded_cpo, share="60")   # 90,000 available, 54,000 spent
    link(rbsa, funded_cpo, share="100")  # 40,000 available, 10,000 spent
    return dwcp, funded_cpo, empty_cpo


def test_cpo_resources_show_planned_available_gap_and_delivery(client, field_user):
    _, cpo, _ = _dwcp_with_resources()
    client.force_login(field_user)
    response = client.get(reverse("programmes:cpo-resources", args=[cpo.pk]))
    html = _html(response)
    assert "US$200,000" in html        # planned
    assert "US$130,000" in html        # available: 60 % × 150,000 + 40,000
    assert "US$70,000" in html         # gap
    assert "Resource gap (shortfall)" in html
    assert "49.2 %" in html            # 64,000 / 130,000
    assert "ALB/12/01/EEC" in html and "ALB/13/01/RBS" in html
    assert "<html" in html


def test_cpo_resources_fragment_is_served_without_the_layout(client, field_user):
    _, cpo, _ = _dwcp_with_resources()
    client.force_login(field_user)
    response = client.get(reverse("programmes:cpo-resources", args=[cpo.pk]),
                          headers={"HX-Request": "true"})
    html = _html(response)
    assert "<html" not in html and "US$130,000" in html


def test_dwcp_resources_show_each_cpo_and_the_totals(client, manager_user):
    dwcp, _, _ = _dwcp_with_resources()
    client.force_login(manager_user)
    html = _html(client.get(reverse("programmes:dwcp-resources", args=[dwcp.pk])))
    assert "ALB101" in html and "ALB102" in html
    assert "US$250,000" in html   # planned 200,000 + 50,000
    assert "US$120,000" in html   # gap 250,000 − 130,000
    assert "Regular Budget Supplementary Account (RBSA)" in html
    assert "Extra-budgetary / voluntary (XBTC)" in html


def test_resources_of_another_countrys_outcomes_are_forbidden(client, field_user):
    dwcp = DwcpFactory(country=country("KEN"))
    cpo = CpoFactory(priority__dwcp=dwcp)
    client.force_login(field_user)
    assert client.get(reverse("programmes:cpo-resources", args=[cpo.pk])).status_code == 403
    assert client.get(reverse("programmes:dwcp-resources", args=[dwcp.pk])).status_code == 403


# --- admin ----------------------------------------------------------------------------------

def test_admin_lists_projects_with_their_delivery_rate_and_edits_funding_inline(client,
                                                                                 admin_user):
    project = funded_project(code="ALB/12/01/EEC", years={2012: ("200", "50")})
    client.force_login(admin_user)
    changelist = _html(client.get(reverse("admin:programmes_project_changelist")))
    assert "ALB/12/01/EEC" in changelist and "25.00" in changelist
    change = client.get(reverse("admin:programmes_project_change", args=[project.pk]))
    assert change.status_code == 200
    assert 'name="funding-0-allocation"' in _html(change)


# --- scope, markers, P&B links and agreements (issue 14) -------------------------------------

@pytest.fixture
def partnerships_user(db):
    from core.roles import Role
    from tests.factories import UserFactory

    return UserFactory(username="pardev", role=Role.PARTNERSHIPS)


def _pb(code="1", framework="SPF 2010-15"):
    from programmes.models import PBOutcome

    return PBOutcome.objects.get(framework__code=framework, code=code)


def test_a_partnerships_officer_records_a_regional_project_with_markers_and_pb_links(
        client, partnerships_user):
    from constituents.models import Region

    client.force_login(partnerships_user)
    data = _project_post(scope="regional", country="", region=str(Region.objects.get(
        code="AF").pk), code="RAF/14/01/NOR", office="RO-Africa", assistance_type="training",
        gender_marker="2", social_dialogue="on", conventions=[], **{
            "pb_links-TOTAL_FORMS": "1", "pb_links-0-pb_outcome": str(_pb().pk),
            "pb_links-0-share": "40"})
    response = client.post(CREATE_URL, data)
    assert response.status_code == 302, response.context["form"].errors
    project = Project.objects.get(code="RAF/14/01/NOR")
    assert (project.country, project.region.code, project.gender_marker) == (None, "AF", 2)
    assert project.pb_links.get().share == Decimal("40")
    html = _html(client.get(response.url))
    assert "(regional)" in html and "RO-Africa" in html and "40 %" in html


def test_field_staff_are_refused_an_interregional_project_next_to_the_scope(client,
                                                                             field_user):
    client.force_login(field_user)
    response = client.post(CREATE_URL, _project_post(scope="interregional", country=""))
    assert response.status_code == 200
    assert response.context["form"].errors["scope"]
    assert not Project.objects.exists()


def test_a_pb_link_outside_the_period_is_shown_on_its_row(client, field_user):
    client.force_login(field_user)
    response = client.post(CREATE_URL, _project_post(**{
        "pb_links-TOTAL_FORMS": "1", "pb_links-0-pb_outcome": str(_pb("1", "P&B 2024-25").pk),
        "pb_links-0-share": "50"}))
    assert response.status_code == 200
    row = response.context["pb_formset"].forms[0]
    assert "does not cover" in row.errors["pb_outcome"][0]
    assert not Project.objects.exists()


def test_project_list_filters_by_scope_marker_and_donor_category(client, manager_user):
    from programmes.models import DonorCategory
    from programmes.services import portfolio

    ProjectFactory(code="ALB/1", gender_marker=3)
    funded = ProjectFactory(code="ALB/2")
    portfolio.agreement_create(
        user=None, donor=portfolio.donor_create(user=None, name="EU",
                                                category=DonorCategory.EUROPEAN_UNION),
        reference="EU-1", title="EU", approval_date=dt.date(2013, 1, 1),
        amount=Decimal("5"), project=funded)
    client.force_login(manager_user)

    def codes(params):
        return {p.code for p in client.get(LIST_URL, params).context["page_obj"]}

    assert codes({"gender_marker": "3"}) == {"ALB/1"}
    assert codes({"donor_category": "european_union"}) == {"ALB/2"}
    assert codes({"scope": "interregional"}) == set()
    html = _html(client.get(reverse("programmes:project-detail", args=[funded.pk])))
    assert "EU-1" in html
