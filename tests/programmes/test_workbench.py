"""The approvals workbench (issue 13, point 4): select-box filters, the biennium's milestone
and the previous approved value beside the new one, several updates approved together (all
or none, the same checks), a fixed number of queries."""
import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programmes.models import Biennium, UpdateStatus
from programmes.services import indicators as svc
from tests.factories import UserFactory, country
from tests.programmes.factories import CountryPriorityFactory, CpoFactory, DwcpFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("programmes:approval-queue")


@pytest.fixture
def queue(field_user, manager_user):
    biennium = Biennium.objects.get(code="2012-13")
    cpo = CpoFactory(code="ALB101", title="Youth employment policies")
    indicator = svc.indicator_create(user=field_user, cpo=cpo, title="Young people placed",
                                     baseline_value=Decimal("10"),
                                     milestones={biennium: (Decimal("20"), "")})
    first = svc.progress_update_create(user=field_user, indicator=indicator,
                                       date=dt.date(2012, 6, 30), value=Decimal("12"),
                                       submit=True)
    svc.progress_update_approve(user=manager_user, update=first, recompute=False)
    pending = [svc.progress_update_create(user=field_user, indicator=indicator,
                                          date=dt.date(2013, m, 1), value=Decimal(v),
                                          submit=True)
               for m, v in ((3, "15"), (6, "17"), (9, "16"))]
    senegal = UserFactory(username="field.sen", role="field_staff",
                          countries=[country("SEN")])
    sen_cpo = CpoFactory(code="SEN101", priority=CountryPriorityFactory(
        dwcp=DwcpFactory(country=country("SEN"))))
    other = svc.indicator_create(user=senegal, cpo=sen_cpo, title="Workers covered",
                                 baseline_value=Decimal("5"))
    pending.append(svc.progress_update_create(user=senegal, indicator=other,
                                              date=dt.date(2013, 2, 1), value=Decimal("6"),
                                              submit=True))
    return pending


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_each_update_shows_its_milestone_previous_value_and_change(client, manager_user,
                                                                   queue):
    client.force_login(manager_user)
    html = client.get(QUEUE, {"country": "ALB"}).content.decode()
    assert "Milestone of the biennium" in html and ">20<" in html
    assert "Previous approved value" in html and '>12<span class="workbench__where">' in html
    assert '<span class="workbench__change">+3</span>' in html  # 15 after 12
    assert "</a> Workers covered" not in html  # filtered to Albania (a row, not an option)
    # The filters are select boxes of what the queue holds.
    assert '<option value="SEN">Senegal</option>' in html
    assert '<option value="field.sen">field.sen</option>' in html
    only_sen = client.get(QUEUE, {"submitter": "field.sen"}).content.decode()
    assert "</a> Workers covered" in only_sen and "</a> Young people placed" not in only_sen
    assert "Young people placed" in client.get(QUEUE, {"q": "ALB101"}).content.decode()


def test_ticked_updates_are_approved_together(client, manager_user, queue):
    client.force_login(manager_user)
    response = client.post(reverse("programmes:approve-selected"),
                           {"update": [u.pk for u in queue[:3]], "next": QUEUE})
    assert response.status_code == 302
    assert _messages(response) == ["3 updates approved."]
    statuses = [type(u).objects.get(pk=u.pk).status for u in queue]
    assert statuses == [UpdateStatus.APPROVED] * 3 + [UpdateStatus.SUBMITTED]
    assert "1 update you may approve or return" in client.get(QUEUE).content.decode()


def test_all_or_none_when_one_may_not_be_approved(client, field_user, queue):
    """Field staff may decide their country's updates, never their own: one of their own
    among the ticked ones stops the lot, and the message says which and why."""
    colleague = UserFactory(username="field.alb2", role="field_staff",
                            countries=[country("ALB")])
    client.force_login(colleague)
    own = svc.progress_update_create(user=colleague, indicator=queue[0].indicator,
                                     date=dt.date(2013, 10, 1), value=Decimal("18"),
                                     submit=True)
    response = client.post(reverse("programmes:approve-selected"),
                           {"update": [queue[0].pk, own.pk]})
    assert response.status_code == 403  # one's own is refused before anything is written
    assert type(own).objects.get(pk=queue[0].pk).status == UpdateStatus.SUBMITTED
    response = client.post(reverse("programmes:approve-selected"), {"update": []})
    assert _messages(response) == ["Choose at least one update to approve."]


def test_the_workbench_reads_a_fixed_number_of_queries(client, manager_user, field_user,
                                                       queue):
    client.force_login(manager_user)
    with CaptureQueriesContext(connection) as few:
        client.get(QUEUE)
    indicator = queue[0].indicator
    for day in range(2, 20):
        svc.progress_update_create(user=field_user, indicator=indicator,
                                   date=dt.date(2013, 11, day), value=Decimal(day),
                                   submit=True)
    with CaptureQueriesContext(connection) as many:
        client.get(QUEUE)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_workbench_filters_by_cpo_and_shows_how_long_each_update_waited(
        client, manager_user, queue):
    type(queue[0]).objects.filter(pk=queue[0].pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=12))
    client.force_login(manager_user)
    html = client.get(QUEUE).content.decode()
    alb101 = queue[0].indicator.cpo
    assert f'<option value="{alb101.pk}">ALB101 – Youth employment policies</option>' in html
    assert "waiting 12 days" in html and "waiting 0 days" in html
    only = client.get(QUEUE, {"cpo": alb101.pk}).content.decode()
    assert "</a> Young people placed" in only and "</a> Workers covered" not in only
    assert "3 updates you may approve or return" in only


def test_a_decision_in_place_recounts_under_the_workbench_filters(client, manager_user, queue):
    """After an inline approval the count above the table is what is left under the same
    filters (here Albania: 3, then 2), not the whole queue (4)."""
    client.force_login(manager_user)
    response = client.post(reverse("programmes:update-approve", args=[queue[0].pk]),
                           {"next": f"{QUEUE}?country=ALB"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "2 updates you may approve or return" in html


def test_the_workbench_filters_by_indicator_from_a_select_box(client, manager_user, queue):
    client.force_login(manager_user)
    other = queue[-1].indicator  # Senegal's
    html = client.get(QUEUE).content.decode()
    assert f'<option value="{other.pk}">{other.code} – Workers covered</option>' in html
    only = client.get(QUEUE, {"indicator": other.pk}).content.decode()
    assert "1 update you may approve or return" in only
    assert "</a> Young people placed" not in only
