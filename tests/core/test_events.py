"""The event feed (issue 15, point 5): every announced domain event is recorded in the
transaction of its change, listed oldest first after a cursor, to those who may view what it
is about, and never changed or removed."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from core import notifications
from core.events.models import Event
from core.events.selectors import events_visible
from core.roles import Role
from programmes.models import Biennium
from programmes.services import indicators as svc
from programmes.services import results
from programmes.services.dwcp.lifecycle import dwcp_transition
from tests.factories import UserFactory, country
from tests.programmes.factories import CpoFactory, DwcpFactory

pytestmark = pytest.mark.django_db

FEED = "/api/v1/events/"


def _indicator(iso3: str, user):
    dwcp = DwcpFactory(country=country(iso3))
    cpo = CpoFactory(code=f"{iso3}101", dwcp=dwcp)
    return svc.indicator_create(
        user=user, cpo=cpo, title="Agreements", baseline_value=Decimal("10"),
        milestones={Biennium.objects.get(code="2012-13"): (Decimal("20"), "")})


def _approved_update(indicator, author, approver):
    update = svc.progress_update_create(user=author, indicator=indicator,
                                        date=dt.date(2013, 5, 1), value=Decimal("20"),
                                        submit=True)
    return svc.progress_update_approve(user=approver, update=update, recompute=False)


@pytest.fixture
def officer_ken(db):
    return UserFactory(username="field.ken", role=Role.FIELD_STAFF, countries=[country("KEN")])


def test_an_approval_records_its_events_in_order_with_actor_object_and_payload(
        field_user, manager_user):
    indicator = _indicator("ALB", field_user)
    update = _approved_update(indicator, field_user, manager_user)

    events = list(Event.objects.order_by("id"))
    assert [e.kind for e in events] == ["update_submitted", "update_approved"]
    approved = events[1]
    assert approved.actor == manager_user
    assert (approved.object_type, approved.object_id) == ("programmes.progressupdate",
                                                          str(update.pk))
    assert approved.country == country("ALB")
    assert approved.payload == {"indicator": indicator.code, "indicator_id": indicator.pk,
                                "date": "2013-05-01", "status": "approved"}


def test_a_refused_change_records_no_event(field_user):
    indicator = _indicator("ALB", field_user)
    update = svc.progress_update_create(user=field_user, indicator=indicator,
                                        date=dt.date(2013, 5, 1), value=Decimal("20"),
                                        submit=True)
    with pytest.raises(Exception, match="someone else must approve"):
        svc.progress_update_approve(user=field_user, update=update)
    assert list(Event.objects.values_list("kind", flat=True)) == ["update_submitted"]


def test_the_feed_lists_oldest_first_and_after_a_cursor_only_newer_events(
        api_client, field_user, manager_user):
    indicator = _indicator("ALB", field_user)
    for _ in range(3):
        _approved_update(indicator, field_user, manager_user)
    api_client.force_authenticate(manager_user)

    page = api_client.get(FEED, {"page_size": 4}).json()
    ids = [row["id"] for row in page["results"]]
    assert ids == sorted(ids) and len(ids) == 4
    assert page["cursor"] == ids[-1]
    assert f"after={ids[-1]}" in page["next"]

    rest = api_client.get(FEED, {"after": page["cursor"]}).json()
    assert [row["id"] for row in rest["results"]] == list(
        Event.objects.filter(id__gt=ids[-1]).order_by("id").values_list("id", flat=True))
    assert len(rest["results"]) == 2 and rest["next"] is None

    caught_up = api_client.get(FEED, {"after": rest["cursor"]}).json()
    assert caught_up == {"cursor": rest["cursor"], "next": None, "results": []}

    approvals = api_client.get(FEED, {"kind": "update_approved"}).json()["results"]
    assert [row["kind"] for row in approvals] == ["update_approved"] * 3
    row = approvals[0]
    assert row["actor"] == (manager_user.get_full_name() or manager_user.username)
    assert row["object"]["country"] == "ALB"


def test_bad_cursor_or_kind_is_a_400_saying_which(api_client, manager_user):
    api_client.force_authenticate(manager_user)
    response = api_client.get(FEED, {"after": "yesterday"})
    assert response.status_code == 400 and "after" in response.json()
    response = api_client.get(FEED, {"kind": "update_approved,coffee_made"})
    assert response.status_code == 400 and "coffee_made" in str(response.json()["kind"])


def test_a_field_officer_never_sees_events_of_another_country(
        api_client, field_user, officer_ken, manager_user):
    _approved_update(_indicator("ALB", field_user), field_user, manager_user)
    _approved_update(_indicator("KEN", officer_ken), officer_ken, manager_user)
    ken_event = Event.objects.filter(country=country("KEN")).first()

    api_client.force_authenticate(field_user)
    rows = api_client.get(FEED).json()["results"]
    assert {row["object"]["country"] for row in rows} == {"ALB"}
    assert api_client.get(f"{FEED}{ken_event.pk}/").status_code == 404
    assert api_client.get(FEED, {"after": 0, "kind": "update_approved"}).json()[
        "results"][0]["object"]["country"] == "ALB"

    api_client.force_authenticate(manager_user)
    assert {row["object"]["country"] for row in api_client.get(FEED).json()["results"]} == {
        "ALB", "KEN"}


def test_events_of_records_shown_to_one_constituent_group_are_seen_by_that_group_only(
        actemp_user, actrav_user, manager_user):
    Event.objects.create(kind="need_reviewed", key="a", object_type="capacity.x", object_id="1",
                         country=country("ALB"), group="employers", group_limits_view=True)
    Event.objects.create(kind="need_reviewed", key="b", object_type="capacity.x", object_id="2",
                         country=country("ALB"), group="workers", group_limits_view=False)
    assert set(events_visible(actemp_user).values_list("key", flat=True)) == {"a", "b"}
    assert set(events_visible(actrav_user).values_list("key", flat=True)) == {"b"}
    assert set(events_visible(manager_user).values_list("key", flat=True)) == {"a", "b"}


def test_the_feed_is_append_only_through_the_api_and_the_admin(
        api_client, client, field_user, manager_user, admin_user):
    _approved_update(_indicator("ALB", field_user), field_user, manager_user)
    event = Event.objects.last()
    before = Event.objects.values().get(pk=event.pk)
    api_client.force_authenticate(admin_user)
    for method in ("put", "patch", "delete"):
        response = getattr(api_client, method)(f"{FEED}{event.pk}/", {"kind": "x"},
                                               format="json")
        assert response.status_code == 405
    assert api_client.post(FEED, {"kind": "x"}, format="json").status_code == 405
    assert Event.objects.values().get(pk=event.pk) == before

    client.force_login(admin_user)
    change = reverse("admin:events_event_change", args=[event.pk])
    assert client.get(change).status_code == 200  # seen...
    client.post(change, {"kind": "x"})
    client.post(reverse("admin:events_event_delete", args=[event.pk]), {"post": "yes"})
    assert Event.objects.values().get(pk=event.pk) == before  # ...never changed
    assert client.get(reverse("admin:events_event_add")).status_code == 403


def test_announcing_the_same_occurrence_twice_records_it_once(field_user, manager_user):
    update = _approved_update(_indicator("ALB", field_user), field_user, manager_user)
    notifications.announce("update_approved", update, event=update.decided_at.isoformat())
    assert Event.objects.filter(kind="update_approved").count() == 1


def test_events_are_recorded_while_notifications_are_suppressed(
        field_user, manager_user, django_capture_on_commit_callbacks):
    indicator = _indicator("ALB", field_user)
    with notifications.suppressed(), django_capture_on_commit_callbacks() as callbacks:
        _approved_update(indicator, field_user, manager_user)
    assert Event.objects.filter(kind="update_approved").exists()
    assert callbacks == []  # no notification and no webhook queued


def test_dwcp_status_changes_evaluations_published_and_milestones_reached_are_recorded(
        field_user, manager_user, admin_user):
    from evaluation.services.evaluations import evaluation_transition
    from tests.evaluation.factories import EvaluationFactory

    dwcp = DwcpFactory(country=country("ALB"))
    dwcp_transition(dwcp=dwcp, to_status="quality_appraisal", effective_date=dt.date(2012, 3, 1),
                    user=field_user)
    changed = Event.objects.get(kind="dwcp_status_changed")
    assert changed.payload["from_status"] == "in_preparation"
    assert changed.payload["to_status"] == "quality_appraisal"
    assert changed.actor == field_user and changed.object_id == str(dwcp.pk)

    evaluation = EvaluationFactory(status="approved", summary="What was learned.")
    evaluation_transition(user=admin_user, evaluation=evaluation, to_status="published")
    assert Event.objects.get(kind="evaluation_published").object_id == str(evaluation.pk)

    indicator = _indicator("ALB", field_user)
    results.results_recompute_all(as_of=dt.date(2014, 1, 1))
    _approved_update(indicator, field_user, manager_user)
    results.results_recompute_indicators(indicator_ids=[indicator.pk])
    reached = Event.objects.get(kind="milestone_reached")
    assert reached.object_type == "programmes.biennialmilestone"
    assert reached.payload["biennium"] == "2012-13"
    results.results_recompute_indicators(indicator_ids=[indicator.pk])  # still reached
    assert Event.objects.filter(kind="milestone_reached").count() == 1


def test_the_feed_takes_a_constant_number_of_queries(
        api_client, field_user, manager_user, django_assert_max_num_queries):
    indicator = _indicator("ALB", field_user)
    _approved_update(indicator, field_user, manager_user)
    api_client.force_authenticate(manager_user)
    with django_assert_max_num_queries(4) as few:
        api_client.get(FEED)
    for _ in range(4):
        _approved_update(indicator, field_user, manager_user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api_client.get(FEED).json()["results"]) == 10


@pytest.mark.django_db(transaction=True)
def test_events_become_visible_in_the_order_of_their_ids():
    """A transaction that records an event waits for one that recorded an event before it
    to end: an event never appears after a greater id was read (PostgreSQL)."""
    import threading
    import time

    from django.db import connection, transaction

    from programmes.notifications import DWCP_STATUS_CHANGED

    if connection.vendor != "postgresql":
        pytest.skip("the order is PostgreSQL's advisory lock (SQLite writes one at a time)")
    dwcp = DwcpFactory(country=country("ALB"))
    recorded, release, done = threading.Event(), threading.Event(), []

    def first() -> None:
        try:
            with transaction.atomic():
                notifications.announce(DWCP_STATUS_CHANGED, dwcp, event="first")
                recorded.set()
                release.wait(10)
                time.sleep(0.3)
                done.append(("first commits", time.monotonic()))
        finally:
            connection.close()

    def second() -> None:
        try:
            recorded.wait(10)
            with transaction.atomic():
                notifications.announce(DWCP_STATUS_CHANGED, dwcp, event="second")
                done.append(("second recorded", time.monotonic()))
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    recorded.wait(10)
    time.sleep(0.3)
    assert done == []  # the second waits while the first is open
    release.set()
    for thread in threads:
        thread.join(15)
    assert [what for what, _t in done] == ["first commits", "second recorded"]
    assert list(Event.objects.order_by("id").values_list("key", flat=True)) == [
        f"dwcp_status_changed:programmes.dwcp:{dwcp.pk}:first",
        f"dwcp_status_changed:programmes.dwcp:{dwcp.pk}:second"]
