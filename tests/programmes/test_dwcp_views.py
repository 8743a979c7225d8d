"""DWCP pages: the list (scoped, searched, filtered, paginated, a fixed number of queries),
the detail page with its history link, create/edit with messages next to the fields, the
lifecycle buttons, signatories; 403 for field staff of another country, managers read-only."""
import datetime as dt
import re

import pytest
from django.urls import reverse

from constituents.models import ConstituentType
from programmes.models import Dwcp, DwcpStatus, DwcpStatusChange, Signatory
from tests.constituents.factories import ConstituentFactory
from tests.factories import country
from tests.programmes.factories import DwcpFactory

pytestmark = pytest.mark.django_db

LIST = reverse("programmes:dwcp-list")
CREATE = reverse("programmes:dwcp-create")


def _detail(dwcp) -> str:
    return reverse("programmes:dwcp-detail", args=[dwcp.pk])


def _field_errors(html: str, name: str) -> list[str]:
    """The messages shown next to field ``name`` (includes/field.html)."""
    return re.findall(rf'<p class="field__error" id="id_{name}_error">([^<]*)</p>', html)


def _many(n: int, start: int = 0):
    """``n`` DWCPs of Albania and Kenya, periods apart so none overlap."""
    for i in range(start, start + n):
        DwcpFactory(country=country("ALB" if i % 2 else "KEN"), title=f"Programme {i:03d}",
                    start_year=1990 + 2 * i, end_year=1991 + 2 * i)


# --- list -------------------------------------------------------------------------------------

def test_field_staff_see_only_the_dwcps_of_their_countries(client, field_user):
    DwcpFactory(title="Albania DWCP")
    DwcpFactory(title="Kenya DWCP", country=country("KEN"))
    client.force_login(field_user)
    html = client.get(LIST).content.decode()
    assert "Albania DWCP" in html and "Kenya DWCP" not in html


def test_managers_see_every_dwcp_but_no_new_button(client, manager_user):
    DwcpFactory(title="Albania DWCP")
    DwcpFactory(title="Kenya DWCP", country=country("KEN"))
    client.force_login(manager_user)
    html = client.get(LIST).content.decode()
    assert "Albania DWCP" in html and "Kenya DWCP" in html
    assert CREATE not in html


def test_the_list_searches_and_filters(client, manager_user):
    DwcpFactory(title="Albania DWCP", start_year=2012, end_year=2016, status=DwcpStatus.ACTIVE)
    DwcpFactory(title="Kenya DWCP", country=country("KEN"), start_year=2013, end_year=2016)
    DwcpFactory(title="Serbia DWCP", country=country("SRB"), start_year=2019, end_year=2022)
    client.force_login(manager_user)

    def titles(**params):
        html = client.get(LIST, params).content.decode()
        return {t for t in ("Albania", "Kenya", "Serbia") if f"{t} DWCP" in html}

    assert titles(q="keny") == {"Kenya"}
    assert titles(country="srb") == {"Serbia"}
    assert titles(region="EU") == {"Albania", "Serbia"}
    assert titles(status="active") == {"Albania"}
    assert titles(year=2020) == {"Serbia"}
    assert titles(period="2017-2019") == {"Serbia"}


def test_the_list_is_paginated(client, manager_user):
    _many(30)
    client.force_login(manager_user)
    first = client.get(LIST).content.decode()
    second = client.get(LIST, {"page": 2}).content.decode()
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert first.count('href="/programmes/dwcps/') - first.count("/new/") >= 25


def test_the_list_runs_a_fixed_number_of_queries(client, manager_user,
                                                 django_assert_num_queries):
    _many(3)
    client.force_login(manager_user)
    client.get(LIST)  # warm the session and the caches of reference data
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    _many(20, start=3)
    with django_assert_num_queries(len(few)):
        assert client.get(LIST).status_code == 200


# --- detail -----------------------------------------------------------------------------------

def test_field_staff_of_another_country_get_403_on_every_dwcp_page(client, field_user_africa):
    dwcp = DwcpFactory()
    client.force_login(field_user_africa)
    for url in (_detail(dwcp), reverse("programmes:dwcp-edit", args=[dwcp.pk]),
                reverse("programmes:dwcp-framework", args=[dwcp.pk]),
                reverse("programmes:signatory-create", args=[dwcp.pk])):
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("programmes:dwcp-transition", args=[dwcp.pk]),
                           {"to_status": "quality_appraisal", "effective_date": "2013-01-01"})
    assert response.status_code == 403
    assert Dwcp.objects.get(pk=dwcp.pk).status == DwcpStatus.IN_PREPARATION


def test_managers_read_a_dwcp_but_cannot_edit_it(client, manager_user):
    dwcp = DwcpFactory(title="Albania DWCP")
    client.force_login(manager_user)
    html = client.get(_detail(dwcp)).content.decode()
    assert "Albania DWCP" in html
    assert reverse("programmes:dwcp-edit", args=[dwcp.pk]) not in html
    assert reverse("programmes:signatory-create", args=[dwcp.pk]) not in html
    assert client.get(reverse("programmes:dwcp-edit", args=[dwcp.pk])).status_code == 403
    response = client.post(reverse("programmes:dwcp-edit", args=[dwcp.pk]),
                           {"title": "Renamed", "start_year": 2012, "end_year": 2016})
    assert response.status_code == 403
    assert Dwcp.objects.get(pk=dwcp.pk).title == "Albania DWCP"


def test_the_detail_page_links_to_the_history_and_the_framework(client, field_user):
    dwcp = DwcpFactory()
    client.force_login(field_user)
    html = client.get(_detail(dwcp)).content.decode()
    assert reverse("object-history", args=["programmes", "dwcp", dwcp.pk]) in html
    assert reverse("programmes:dwcp-framework", args=[dwcp.pk]) in html


def test_the_detail_page_runs_a_fixed_number_of_queries(client, field_user,
                                                        django_assert_max_num_queries):
    dwcp = DwcpFactory(status=DwcpStatus.QUALITY_APPRAISAL)
    for kind, party in ((ConstituentType.LABOUR_MINISTRY, "government"),
                        (ConstituentType.EMPLOYERS, "employers"),
                        (ConstituentType.WORKERS, "workers")):
        for i in range(3):
            Signatory.objects.create(dwcp=dwcp, party=party, name=f"{party} {i}",
                                     constituent=ConstituentFactory(type=kind))
    client.force_login(field_user)
    with django_assert_max_num_queries(20):
        assert client.get(_detail(dwcp)).status_code == 200


# --- create and edit --------------------------------------------------------------------------

def test_field_staff_create_a_dwcp_and_land_on_its_page(client, field_user):
    client.force_login(field_user)
    response = client.post(CREATE, {"country": country("ALB").pk, "title": "DWCP 2012–2016",
                                     "start_year": 2012, "end_year": 2016})
    dwcp = Dwcp.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(dwcp)
    assert dwcp.history.first().history_user == field_user


def test_a_bad_period_is_shown_next_to_the_last_year_and_nothing_is_saved(client, field_user):
    client.force_login(field_user)
    response = client.post(CREATE, {"country": country("ALB").pk, "title": "Too long",
                                    "start_year": 2012, "end_year": 2020})
    assert response.status_code == 200
    errors = _field_errors(response.content.decode(), "end_year")
    assert errors and "2 to 6 years" in errors[0]
    assert not Dwcp.objects.exists()


def test_field_staff_cannot_create_for_another_country(client, field_user):
    client.force_login(field_user)
    response = client.post(CREATE, {"country": country("KEN").pk, "title": "Kenya",
                                    "start_year": 2012, "end_year": 2016})
    assert response.status_code == 200
    assert _field_errors(response.content.decode(), "country")
    assert not Dwcp.objects.exists()


def test_managers_get_403_on_the_create_page(client, manager_user):
    client.force_login(manager_user)
    assert client.get(CREATE).status_code == 403


def test_an_edit_keeps_its_reason_in_the_history(client, field_user):
    dwcp = DwcpFactory(title="Old title")
    client.force_login(field_user)
    response = client.post(reverse("programmes:dwcp-edit", args=[dwcp.pk]), {
        "title": "New title", "start_year": 2012, "end_year": 2016,
        "reason": "Title agreed by the steering committee"})
    assert response.status_code == 302
    record = Dwcp.objects.get(pk=dwcp.pk).history.first()
    assert record.title == "New title"
    assert record.history_change_reason == "Title agreed by the steering committee"
    assert record.history_user == field_user


def test_an_overlapping_edit_of_a_dwcp_in_force_shows_the_message_next_to_the_field(
        client, field_user):
    DwcpFactory(start_year=2012, end_year=2016, status=DwcpStatus.ACTIVE)
    later = DwcpFactory(title="Later", start_year=2017, end_year=2020,
                        status=DwcpStatus.ACTIVE)
    client.force_login(field_user)
    response = client.post(reverse("programmes:dwcp-edit", args=[later.pk]), {
        "title": "Later", "start_year": 2015, "end_year": 2020})
    assert response.status_code == 200
    assert "2012–2016" in _field_errors(response.content.decode(), "end_year")[0]
    assert Dwcp.objects.get(pk=later.pk).start_year == 2017


# --- lifecycle and signatories on the page ------------------------------------------------------

def test_field_staff_send_the_dwcp_to_quality_appraisal_from_its_page(client, field_user):
    dwcp = DwcpFactory()
    client.force_login(field_user)
    assert "Send to quality appraisal" in client.get(_detail(dwcp)).content.decode()
    response = client.post(reverse("programmes:dwcp-transition", args=[dwcp.pk]),
                           {"to_status": "quality_appraisal", "effective_date": "2012-02-01",
                            "note": "Draft ready"})
    assert response.status_code == 302
    change = DwcpStatusChange.objects.get(dwcp=dwcp)
    assert (change.to_status, change.effective_date, change.changed_by) == (
        "quality_appraisal", dt.date(2012, 2, 1), field_user)
    html = client.get(_detail(dwcp)).content.decode()
    assert "Draft ready" in html and "Send to quality appraisal" not in html


def test_a_refused_step_is_a_400_with_the_message(client, field_user):
    dwcp = DwcpFactory(status=DwcpStatus.QUALITY_APPRAISAL)
    client.force_login(field_user)
    response = client.post(reverse("programmes:dwcp-transition", args=[dwcp.pk]),
                           {"to_status": "active", "effective_date": "2012-02-01"})
    assert response.status_code == 400
    assert "Only managers or administrators" in response.content.decode()
    assert Dwcp.objects.get(pk=dwcp.pk).status == DwcpStatus.QUALITY_APPRAISAL


def test_a_missing_date_is_shown_next_to_the_date_field(client, field_user):
    dwcp = DwcpFactory()
    client.force_login(field_user)
    response = client.post(reverse("programmes:dwcp-transition", args=[dwcp.pk]),
                           {"to_status": "quality_appraisal", "effective_date": ""})
    assert response.status_code == 400
    assert _field_errors(response.content.decode(), "effective_date")


def test_a_signatory_of_the_wrong_kind_is_refused_next_to_the_organization(client,
                                                                           field_user):
    dwcp = DwcpFactory()
    union = ConstituentFactory(type=ConstituentType.WORKERS, name="Union of Albania")
    client.force_login(field_user)
    response = client.post(reverse("programmes:signatory-create", args=[dwcp.pk]), {
        "party": "employers", "constituent": union.pk, "name": "A. Person"})
    assert response.status_code == 200
    errors = _field_errors(response.content.decode(), "constituent")
    assert errors and "employers" in errors[0]
    assert not Signatory.objects.exists()


def test_a_signatory_is_added_and_shown_under_its_party(client, field_user):
    dwcp = DwcpFactory()
    employers = ConstituentFactory(type=ConstituentType.EMPLOYERS, name="Business Albania")
    client.force_login(field_user)
    response = client.post(reverse("programmes:signatory-create", args=[dwcp.pk]), {
        "party": "employers", "constituent": employers.pk, "name": "A. Person",
        "position": "President", "signed_date": "2012-03-01"})
    assert response.status_code == 302
    html = client.get(_detail(dwcp)).content.decode()
    assert "A. Person" in html and "Business Albania" in html


# --- admin ------------------------------------------------------------------------------------

def test_the_admin_lists_and_opens_dwcps_and_their_framework(client, admin_user):
    from tests.programmes.factories import OutputFactory

    output = OutputFactory()
    cpo = output.cpo
    client.force_login(admin_user)
    for url in ("/admin/programmes/dwcp/", f"/admin/programmes/dwcp/{cpo.dwcp_id}/change/",
                "/admin/programmes/dwcp/add/", "/admin/programmes/countrypriority/",
                "/admin/programmes/countryprogrammeoutcome/",
                f"/admin/programmes/countryprogrammeoutcome/{cpo.pk}/change/",
                "/admin/programmes/output/", "/admin/programmes/signatory/",
                "/admin/programmes/dwcpstatuschange/"):
        assert client.get(url).status_code == 200, url


def test_the_admin_applies_the_period_rule(client, admin_user):
    client.force_login(admin_user)
    response = client.post("/admin/programmes/dwcp/add/", {
        "country": country("ALB").pk, "title": "Too long", "start_year": 2012,
        "end_year": 2019,
        **{f"{prefix}-{key}": value for prefix in ("signatories", "committee_members",
                                                    "status_changes")
           for key, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))}})
    assert response.status_code == 200
    assert "2 to 6 years" in response.content.decode()
    assert not Dwcp.objects.exists()


def test_field_staff_without_staff_status_cannot_use_the_admin(client, field_user):
    client.force_login(field_user)
    response = client.get("/admin/programmes/dwcp/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_detail_links_to_the_un_framework_it_sits_in(client, field_user):
    from tests.programmes.factories import UNFrameworkFactory

    framework = UNFrameworkFactory(country=country("ALB"))
    dwcp = DwcpFactory(un_framework=framework)
    client.force_login(field_user)
    html = client.get(_detail(dwcp)).content.decode()
    assert reverse("programmes:unframework-detail", args=[framework.pk]) in html
