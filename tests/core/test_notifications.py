"""Notifications (issue 13, point 1): who is told of a progress update submitted, returned or
approved; once per event; e-mailed at once or in the daily digest as each person chooses;
the inbox shows one's own notifications only, counts them in the header and marks them read."""
import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import formats

from core.models import Notification, NotificationSetting
from core.notifications.delivery import deliver, send_digests
from core.roles import Role
from programmes.notifications import UPDATE_APPROVED, UPDATE_RETURNED, UPDATE_SUBMITTED
from programmes.services import indicators as svc
from tests.factories import UserFactory, country
from tests.programmes.factories import CpoFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(field_user, manager_user, admin_user):
    field_user.email = "field.alb@ilo.test"
    field_user.save(update_fields=["email"])
    manager_user.email = "manager@ilo.test"
    manager_user.save(update_fields=["email"])
    return {
        "author": field_user,
        "manager": manager_user,
        "admin": admin_user,
        "colleague": UserFactory(username="field.alb2", role=Role.FIELD_STAFF,
                                 email="field.alb2@ilo.test", countries=[country("ALB")]),
        "elsewhere": UserFactory(username="field.sen", role=Role.FIELD_STAFF,
                                 email="field.sen@ilo.test", countries=[country("SEN")]),
    }


@pytest.fixture
def indicator(people):
    return svc.indicator_create(user=people["author"], cpo=CpoFactory(code="ALB101"),
                                title="Youth placed in jobs", baseline_value=Decimal("10"))


def _submit(people, indicator, capture):
    with capture(execute=True):
        return svc.progress_update_create(user=people["author"], indicator=indicator,
                                          date=dt.date(2021, 5, 1), value=Decimal("12"),
                                          submit=True)


def _inbox(user, kind=None):
    rows = Notification.objects.filter(recipient=user)
    return list(rows.filter(kind=kind) if kind else rows)


def test_a_submitted_update_is_announced_to_those_who_may_approve_it(
        people, indicator, django_capture_on_commit_callbacks, mailoutbox):
    update = _submit(people, indicator, django_capture_on_commit_callbacks)
    told = set(Notification.objects.filter(kind=UPDATE_SUBMITTED)
               .values_list("recipient__username", flat=True))
    # Managers and the country's other field staff; not the author, not the administrator,
    # not field staff of another country.
    assert told == {"manager", "field.alb2"}
    note = _inbox(people["manager"])[0]
    assert note.subject == "To approve: progress on ALB101.1 (Albania)"
    author = people["author"].get_full_name()
    assert f"{author} submitted progress dated 1 May 2021 on indicator ALB101.1" in note.body
    assert note.url == reverse("programmes:indicator-detail", args=[indicator.pk]) + \
        "#h-updates"
    assert update.pk  # submitted
    # "To approve" is a daily digest by default: nobody is e-mailed at once.
    assert mailoutbox == []


def test_a_returned_update_reaches_its_author_at_once_with_the_comment(
        people, indicator, django_capture_on_commit_callbacks, mailoutbox, settings):
    settings.SITE_URL = "https://dwcp.example.org"
    update = _submit(people, indicator, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        svc.progress_update_return(user=people["manager"], update=update,
                                   comment="Attach the employment service's register.")
    (note,) = _inbox(people["author"], UPDATE_RETURNED)
    assert note.subject == "Returned to you: progress on ALB101.1 (Albania)"
    assert note.body.endswith(": Attach the employment service's register.")
    (mail,) = mailoutbox
    assert mail.to == ["field.alb@ilo.test"] and mail.subject == note.subject
    assert "Attach the employment service's register." in mail.body
    assert f"https://dwcp.example.org{note.url}" in mail.body
    assert note.emailed_at is not None


def test_an_event_reaches_each_person_once(people, indicator,
                                           django_capture_on_commit_callbacks, mailoutbox):
    update = _submit(people, indicator, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        svc.progress_update_approve(user=people["manager"], update=update)
    event = update.__class__.objects.get(pk=update.pk).decided_at.isoformat()
    # The worker handed the same event again (a message delivered twice).
    assert deliver(UPDATE_APPROVED, "programmes.ProgressUpdate", update.pk, event, {}) == 0
    assert len(_inbox(people["author"], UPDATE_APPROVED)) == 1
    assert mailoutbox == []  # "approved" stays in the inbox unless one asks for e-mail


def test_the_daily_digest_gathers_what_waits_and_is_sent_once(
        people, indicator, django_capture_on_commit_callbacks, mailoutbox):
    _submit(people, indicator, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        svc.progress_update_create(user=people["author"], indicator=indicator,
                                   date=dt.date(2021, 9, 1), value=Decimal("14"), submit=True)
    assert send_digests() == 2  # the manager and the colleague, one e-mail each
    to_manager = next(m for m in mailoutbox if m.to == ["manager@ilo.test"])
    assert to_manager.subject == "DWCP Manager: 2 new notifications"
    assert "1 May 2021" in to_manager.body and "1 September 2021" in to_manager.body
    assert send_digests() == 0
    assert len(mailoutbox) == 2


def test_a_person_chooses_e_mail_at_once(client, people, indicator,
                                         django_capture_on_commit_callbacks, mailoutbox):
    client.force_login(people["manager"])
    page = client.get(reverse("notifications:settings"))
    assert page.status_code == 200
    assert "A progress update waits for your approval" in page.content.decode()
    choices = dict.fromkeys(page.context["form"].fields, "inbox")
    response = client.post(reverse("notifications:settings"),
                           {**choices, UPDATE_SUBMITTED: "immediate"})
    assert response.status_code == 302
    assert NotificationSetting.objects.get(user=people["manager"],
                                           kind=UPDATE_SUBMITTED).delivery == "immediate"
    _submit(people, indicator, django_capture_on_commit_callbacks)
    assert [m.to for m in mailoutbox] == [["manager@ilo.test"]]
    bad = client.post(reverse("notifications:settings"), {UPDATE_SUBMITTED: "carrier pigeon"})
    assert bad.status_code == 400


def test_the_inbox_counts_lists_and_marks_one_s_own_notifications(
        client, people, indicator, django_capture_on_commit_callbacks):
    _submit(people, indicator, django_capture_on_commit_callbacks)
    client.force_login(people["manager"])
    assert reverse("notifications:badge") in client.get(reverse("home")).content.decode()
    badge = client.get(reverse("notifications:badge")).content.decode()
    assert '>1</span>' in badge and "(1 unread)" in badge
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert "To approve: progress on ALB101.1 (Albania)" in inbox and "1 unread notification." \
        in inbox
    note = _inbox(people["manager"])[0]
    opened = client.get(reverse("notifications:open", args=[note.pk]))
    assert opened.status_code == 302 and opened["Location"] == note.url
    note.refresh_from_db()
    assert note.read_at is not None
    assert client.get(reverse("notifications:badge")).content.decode().strip() == ""
    # Someone else's notification is not there for this person.
    theirs = _inbox(people["colleague"])[0]
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    client.post(reverse("notifications:read"), {"all": "1"})
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "To approve" not in client.get(reverse("notifications:inbox"),
                                          {"show": "unread"}).content.decode()


def test_a_declined_need_reaches_the_field_office_of_its_country(
        people, actrav_user, field_user_africa, django_capture_on_commit_callbacks):
    from capacity.notifications import NEED_DECLINED
    from capacity.services.needs import need_transition
    from tests.capacity.factories import CapacityNeedFactory
    from tests.constituents.factories import ConstituentFactory

    need = CapacityNeedFactory(description="Train shop stewards in collective bargaining",
                               constituent=ConstituentFactory(name="Confederation of Trade "
                                                                   "Unions of Albania"))
    with django_capture_on_commit_callbacks(execute=True):
        need_transition(user=actrav_user, need=need, to_status="declined",
                        effective_date=dt.date(2014, 4, 1),
                        note="Covered by the regional programme already.")
    told = set(Notification.objects.filter(kind=NEED_DECLINED)
               .values_list("recipient__username", flat=True))
    assert told == {"field.alb", "field.alb2"}  # not Africa's field staff, nor the specialist
    note = _inbox(people["author"], NEED_DECLINED)[0]
    assert note.subject == "Need declined: Confederation of Trade Unions of Albania (Albania)"
    assert note.body.endswith(": Covered by the regional programme already.")
    assert note.url == reverse("capacity:need-detail", args=[need.pk])


def test_the_requester_is_told_when_the_report_is_ready(
        people, indicator, django_capture_on_commit_callbacks, settings, tmp_path):
    from programmes.services.results import results_recompute_all
    from reporting import services as reports
    from reporting.notifications import REPORT_READY

    settings.MEDIA_ROOT = tmp_path
    results_recompute_all(as_of=dt.date(2021, 12, 31))
    with django_capture_on_commit_callbacks(execute=True):
        run, _ = reports.report_request(user=people["manager"], kind="dwcp",
                                        parameters={"country": "ALB"})
    # The worker (here in-process) rendered it, then told who asked.
    run.refresh_from_db()
    assert run.status == "done", run.error
    (note,) = _inbox(people["manager"], REPORT_READY)
    assert note.subject.startswith("Report ready: ")
    assert note.url == reverse("reporting:run-pdf", args=[run.pk])


def test_history_loaded_at_once_notifies_nobody_but_what_still_waits_is_announced(
        people, indicator, django_capture_on_commit_callbacks):
    """The demo data: years of approved updates are nobody's news; the updates still
    waiting for approval reach the approvers' inboxes."""
    from core import notifications
    from programmes import demo

    with django_capture_on_commit_callbacks(execute=True), notifications.suppressed():
        done = svc.progress_update_create(user=people["author"], indicator=indicator,
                                          date=dt.date(2021, 5, 1), value=Decimal("12"),
                                          submit=True)
        svc.progress_update_approve(user=people["manager"], update=done, recompute=False)
        waiting = svc.progress_update_create(user=people["author"], indicator=indicator,
                                             date=dt.date(2021, 9, 1), value=Decimal("14"),
                                             submit=True)
    assert not Notification.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        demo.announce_pending()
    told = Notification.objects.filter(kind=UPDATE_SUBMITTED)
    assert set(told.values_list("recipient__username", flat=True)) == {"manager", "field.alb2"}
    assert all(formats.date_format(waiting.date) in n.body for n in told)
    assert not Notification.objects.exclude(kind=UPDATE_SUBMITTED).exists()


def test_a_returned_update_comes_first_on_its_author_s_home_page(
        client, people, indicator, django_capture_on_commit_callbacks):
    update = _submit(people, indicator, django_capture_on_commit_callbacks)
    client.force_login(people["manager"])
    assert "1 progress update waits for your decision." in client.get(
        reverse("home")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        svc.progress_update_return(user=people["manager"], update=update,
                                   comment="Attach the register.")
    client.force_login(people["author"])
    home = client.get(reverse("home")).content.decode()
    returned = home.index("Returned to you")
    assert returned < home.index("Your countries")
    assert reverse("programmes:update-edit", args=[update.pk]) in home
    assert "“Attach the register.”" in home
    # Corrected and submitted again: it leaves the list.
    with django_capture_on_commit_callbacks(execute=True):
        svc.progress_update_submit(user=people["author"], update=update)
    assert "Returned to you" not in client.get(reverse("home")).content.decode()
