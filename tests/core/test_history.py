"""Audit: every write of programme data records who, when, what changed and why; the history
page shows it to those who may see the object."""
import pytest
from django.urls import reverse
from simple_history.utils import bulk_create_with_history

from core.history import ADMIN_REASON, admin_change, attribute
from core.roles import Role
from programmes.models import Dwcp
from tests.factories import UserFactory, country
from tests.programmes.factories import DwcpFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls_audit")]


def _history_url(obj) -> str:
    return reverse("object-history", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


@pytest.fixture
def dwcp():
    return DwcpFactory(title="DWCP of Albania")


def test_field_staff_of_the_country_see_the_history(client, field_user, dwcp):
    client.force_login(field_user)
    response = client.get(_history_url(dwcp))
    assert response.status_code == 200
    assert "History of changes" in response.content.decode()


def test_field_staff_of_another_country_are_refused(client, field_user_africa, dwcp):
    client.force_login(field_user_africa)
    response = client.get(_history_url(dwcp))
    assert response.status_code == 403
    assert "You may not open this page" in response.content.decode()


def test_history_requires_sign_in(client, dwcp):
    response = client.get(_history_url(dwcp))
    assert response.status_code == 302


def test_history_of_unknown_or_unaudited_kinds_is_not_found(client, admin_user, dwcp):
    client.force_login(admin_user)
    assert client.get("/history/programmes/nosuchmodel/1/").status_code == 404
    assert client.get(f"/history/core/user/{admin_user.pk}/").status_code == 404
    assert client.get(f"/history/programmes/dwcp/{dwcp.pk + 1000}/").status_code == 404


def test_update_through_a_request_shows_who_when_what_and_why(client, dwcp):
    editor = UserFactory(username="editor", first_name="Ana", last_name="Hoxha",
                         role=Role.FIELD_STAFF, countries=[country("ALB")])
    client.force_login(editor)

    response = client.post(f"/test-audit/dwcp/{dwcp.pk}/",
                           {"title": "DWCP of Albania 2012-2016", "reason": "Signed title"})
    assert response.status_code == 200

    latest = dwcp.history.first()
    assert latest.history_type == "~"
    assert latest.history_user == editor
    assert latest.history_change_reason == "Signed title"
    html = client.get(_history_url(dwcp)).content.decode()
    assert "Changed" in html and "Ana Hoxha" in html
    assert "Reason: Signed title" in html
    assert "DWCP of Albania" in html and "DWCP of Albania 2012-2016" in html
    assert "<time datetime=" in html
    assert "Created" in html


def test_refused_update_changes_nothing(client, field_user_africa, dwcp):
    client.force_login(field_user_africa)
    response = client.post(f"/test-audit/dwcp/{dwcp.pk}/", {"title": "Hijacked"})
    assert response.status_code == 403
    dwcp.refresh_from_db()
    assert dwcp.title == "DWCP of Albania"
    assert dwcp.history.count() == 1


def test_delete_is_recorded_with_the_user_and_reason(client, field_user, dwcp):
    client.force_login(field_user)
    client.post(f"/test-audit/dwcp/{dwcp.pk}/", {"delete": "1", "reason": "Entered twice"})
    assert not Dwcp.objects.filter(pk=dwcp.pk).exists()
    record = Dwcp.history.filter(id=dwcp.pk).first()
    assert record.history_type == "-"
    assert record.history_user == field_user
    assert record.history_change_reason == "Entered twice"


def test_bulk_create_with_history_records_every_row(manager_user):
    rows = [Dwcp(country=country(iso3), title=f"DWCP {iso3}", start_year=2014, end_year=2017)
            for iso3 in ("ALB", "SEN", "VNM")]
    created = bulk_create_with_history(rows, Dwcp, default_user=manager_user,
                                       default_change_reason="Import from spreadsheet")
    records = Dwcp.history.filter(id__in=[d.pk for d in created])
    assert records.count() == 3
    assert {r.history_user for r in records} == {manager_user}
    assert {r.history_change_reason for r in records} == {"Import from spreadsheet"}


def test_history_page_runs_a_constant_number_of_queries(client, admin_user, dwcp,
                                                       django_assert_max_num_queries):
    client.force_login(admin_user)
    for n in range(3):
        dwcp.title = f"Title {n}"
        dwcp.save(update_fields=["title", "updated_at"])
    with django_assert_max_num_queries(12) as few:
        client.get(_history_url(dwcp))
    for n in range(30):
        dwcp.title = f"Title {n + 3}"
        dwcp.save(update_fields=["title", "updated_at"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(_history_url(dwcp))


def test_a_change_outside_a_request_is_attributed_to_the_user_and_reason(manager_user, dwcp):
    dwcp.title = "DWCP of Albania 2012-2016"
    attribute(dwcp, user=manager_user, reason="  Signed title ")
    dwcp.save(update_fields=["title", "updated_at"])
    latest = dwcp.history.first()
    assert (latest.history_user, latest.history_change_reason) == (manager_user,
                                                                   "Signed title")


def test_a_blank_reason_records_none_and_no_user_leaves_the_change_anonymous(dwcp):
    attribute(dwcp, user=None, reason="Signed title")
    dwcp.save(update_fields=["updated_at"])
    attribute(dwcp, reason=" ")
    pk = dwcp.pk
    dwcp.delete()
    deleted = Dwcp.history.filter(id=pk).first()
    assert deleted.history_type == "-"
    assert (deleted.history_user, deleted.history_change_reason) == (None, None)


def test_a_change_in_the_admin_is_attributed_to_the_signed_in_user(rf, admin_user, dwcp):
    request = rf.post("/admin/")
    request.user = admin_user
    admin_change(dwcp, request).save(update_fields=["updated_at"])
    latest = dwcp.history.first()
    assert (latest.history_user, latest.history_change_reason) == (admin_user, ADMIN_REASON)
