"""What the browser shows is in /api/v1/ too (issue 15 point 1): one's notifications (list,
filter, mark read), the change history of a record with the page's policy, and an OpenAPI
document that validates."""
import pytest
import yaml
from openapi_spec_validator import validate

from core.history import attribute
from core.notifications.models import Notification
from tests.factories import UserFactory
from tests.programmes.factories import DwcpFactory

pytestmark = pytest.mark.django_db


def _note(user, n, **extra):
    return Notification.objects.create(recipient=user, kind=extra.pop("kind", "update"),
                                       event_key=f"event-{n}", subject=f"Subject {n}", **extra)


def test_one_sees_only_ones_own_notifications_and_marks_them_read(api_client, field_user):
    other = UserFactory(username="someone.else")
    mine = [_note(field_user, n) for n in range(3)]
    _note(other, 9)
    api_client.force_authenticate(field_user)

    listed = api_client.get("/api/v1/notifications/").json()
    assert listed["count"] == 3
    assert {row["subject"] for row in listed["results"]} == {"Subject 0", "Subject 1",
                                                             "Subject 2"}
    assert api_client.get(f"/api/v1/notifications/{Notification.objects.get(recipient=other).pk}/"
                          ).status_code == 404

    answer = api_client.post("/api/v1/notifications/read/", {"ids": [mine[0].pk]},
                             format="json")
    assert answer.status_code == 200 and answer.json() == {"marked": 1}
    unread = api_client.get("/api/v1/notifications/?unread=true").json()
    assert unread["count"] == 2
    assert api_client.post("/api/v1/notifications/read/", {}, format="json").json() == {
        "marked": 2}
    assert not Notification.objects.filter(recipient=other, read_at__isnull=False).exists()


def test_bad_ids_are_a_400_with_the_field(api_client, field_user):
    api_client.force_authenticate(field_user)
    answer = api_client.post("/api/v1/notifications/read/", {"ids": ["x"]}, format="json")
    assert answer.status_code == 400
    assert "ids" in answer.json()


def test_notifications_are_ordered_and_filtered(api_client, field_user):
    first, second = _note(field_user, 1, kind="a"), _note(field_user, 2, kind="b")
    api_client.force_authenticate(field_user)
    rows = api_client.get("/api/v1/notifications/?ordering=id").json()["results"]
    assert [r["id"] for r in rows] == [first.pk, second.pk]
    rows = api_client.get("/api/v1/notifications/?ordering=-id").json()["results"]
    assert [r["id"] for r in rows] == [second.pk, first.pk]
    rows = api_client.get("/api/v1/notifications/?kind=b").json()["results"]
    assert [r["id"] for r in rows] == [second.pk]


def test_the_notification_list_does_a_constant_number_of_queries(
        api_client, field_user, django_assert_max_num_queries):
    api_client.force_authenticate(field_user)
    for n in range(30):
        _note(field_user, n)
    with django_assert_max_num_queries(4):
        assert api_client.get("/api/v1/notifications/").status_code == 200


def test_history_lists_changes_with_user_and_reason(api_client, field_user):
    dwcp = DwcpFactory(title="DWCP of Albania")
    attribute(dwcp, user=field_user, reason="Signed title")
    dwcp.title = "DWCP of Albania 2012-2016"
    dwcp.save()
    api_client.force_authenticate(field_user)

    answer = api_client.get(f"/api/v1/history/programmes/dwcp/{dwcp.pk}/")
    assert answer.status_code == 200
    latest = answer.json()["results"][0]
    assert latest["kind"] == "changed"
    assert latest["reason"] == "Signed title"
    assert latest["user"] == str(field_user)
    assert [(c["old"], c["new"]) for c in latest["changes"]] == [
        ("DWCP of Albania", "DWCP of Albania 2012-2016")]
    assert answer.json()["results"][-1]["kind"] == "created"


def test_history_of_a_record_out_of_scope_or_unknown_is_not_found(
        api_client, field_user_africa, admin_user):
    dwcp = DwcpFactory()
    api_client.force_authenticate(field_user_africa)
    assert api_client.get(f"/api/v1/history/programmes/dwcp/{dwcp.pk}/").status_code == 404
    api_client.force_authenticate(admin_user)
    assert api_client.get("/api/v1/history/programmes/nosuchmodel/1/").status_code == 404
    assert api_client.get(f"/api/v1/history/core/user/{admin_user.pk}/").status_code == 404
    assert api_client.get(f"/api/v1/history/programmes/dwcp/{dwcp.pk + 999}/"
                          ).status_code == 404


def test_history_requires_sign_in(api_client):
    dwcp = DwcpFactory()
    assert api_client.get(f"/api/v1/history/programmes/dwcp/{dwcp.pk}/").status_code in (401,
                                                                                          403)


def test_the_openapi_document_validates(client, manager_user):
    client.force_login(manager_user)
    document = yaml.safe_load(client.get("/api/schema/").content)
    validate(document)
    assert any(p.startswith("/api/v1/history/") for p in document["paths"])
    assert "/api/v1/notifications/read/" in document["paths"]


# --- evidence files of progress updates --------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def draft_update(field_user):
    import datetime as dt
    from decimal import Decimal

    from programmes.models import Biennium
    from programmes.services import indicators as svc
    from tests.programmes.factories import CpoFactory

    indicator = svc.indicator_create(
        user=field_user, cpo=CpoFactory(code="ALB101"), title="Agreements registered",
        baseline_value=Decimal("10"), baseline_year=2011, target_value=Decimal("40"),
        target_year=2016,
        milestones={Biennium.objects.get(code="2012-13"): (Decimal("20"), "")})
    return svc.progress_update_create(user=field_user, indicator=indicator,
                                      date=dt.date(2013, 6, 30), value=Decimal("18"))


def _upload(api_client, update, content=PDF, name="register.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return api_client.post("/api/v1/evidence-files/", {
        "update": update.pk, "title": "Register",
        "file": SimpleUploadedFile(name, content, "application/pdf")}, format="multipart")


def test_evidence_uploaded_as_pdf_downloads_byte_identical(
        api_client, field_user, draft_update, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    api_client.force_authenticate(field_user)
    answer = _upload(api_client, draft_update)
    assert answer.status_code == 201, answer.content
    row = answer.json()
    assert row["title"] == "Register" and row["update"] == draft_update.pk

    download = api_client.get(row["download"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    listed = api_client.get(f"/api/v1/evidence-files/?update={draft_update.pk}").json()
    assert [r["id"] for r in listed["results"]] == [row["id"]]


def test_evidence_of_another_country_is_not_found(
        api_client, field_user, field_user_africa, draft_update, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    api_client.force_authenticate(field_user)
    row = _upload(api_client, draft_update).json()
    api_client.force_authenticate(field_user_africa)
    assert api_client.get(row["download"]).status_code == 404
    assert api_client.get("/api/v1/evidence-files/").json()["count"] == 0
    refused = _upload(api_client, draft_update)  # as if there were no such update
    assert refused.status_code == 400
    assert refused.json()["update"] == ["There is no such progress update."]


def test_html_posing_as_evidence_is_a_400_on_the_field(
        api_client, field_user, draft_update, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    api_client.force_authenticate(field_user)
    answer = _upload(api_client, draft_update, content=b"<html><script>x</script></html>",
                     name="report.pdf")
    assert answer.status_code == 400
    assert "evidence" in answer.json() or "file" in answer.json()
    assert draft_update.evidence.count() == 0
