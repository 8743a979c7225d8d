"""Reminders of the reporting calendar (issue 13, point 2): a DWCP's reporting dates (data)
make progress due soon, then late for the indicators not reported for the period; the
country's field staff are told once per date, and their home page lists it. The clock is
moved by giving the service the day."""
import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from programmes.models import DwcpStatus, ReportingDate
from programmes.notifications import REPORTING_DUE, REPORTING_LATE
from programmes.services import indicators as svc
from programmes.services.reminders import reminders_send, reporting_due
from tests.factories import UserFactory, country
from tests.programmes.factories import CountryPriorityFactory, CpoFactory, DwcpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(field_user):
    UserFactory(username="field.sen", role="field_staff", countries=[country("SEN")])
    dwcp = DwcpFactory(start_year=2021, end_year=2026, status=DwcpStatus.ACTIVE)
    for month, day in ((6, 30), (11, 30)):
        ReportingDate.objects.create(dwcp=dwcp, month=month, day=day)
    cpo = CpoFactory(code="ALB101", priority=CountryPriorityFactory(dwcp=dwcp))
    made = {}
    for name, last in (("reported", dt.date(2026, 7, 15)), ("silent", dt.date(2026, 5, 1))):
        made[name] = svc.indicator_create(user=field_user, cpo=cpo, title=name.capitalize(),
                                          baseline_value=Decimal("1"))
        svc.progress_update_create(user=field_user, indicator=made[name], date=last,
                                   value=Decimal("2"), submit=True)
    return {"dwcp": dwcp, **made}


def _told(kind):
    return list(Notification.objects.filter(kind=kind)
                .values_list("recipient__username", "subject"))


def test_due_soon_then_late_for_the_indicators_not_reported(programme, field_user,
                                                            django_capture_on_commit_callbacks):
    assert reporting_due(today=dt.date(2026, 11, 1)) == []  # 29 days ahead: not yet
    (soon,) = reporting_due(today=dt.date(2026, 11, 20))
    assert (soon.due, soon.late, soon.missing) == (dt.date(2026, 11, 30), False, ["ALB101.2"])
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=dt.date(2026, 11, 20)) == 1
        reminders_send(today=dt.date(2026, 11, 21))  # the next morning: told once
    assert _told(REPORTING_DUE) == [("field.alb", "Reporting due on 30 November 2026: Albania")]
    note = Notification.objects.get(kind=REPORTING_DUE)
    assert "1 indicator has no progress for the period yet: ALB101.2." in note.body
    assert note.url == reverse("programmes:dwcp-glance", args=[programme["dwcp"].pk])

    # The clock moves past the date: late, for the same indicator.
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=dt.date(2026, 12, 5))
    assert _told(REPORTING_LATE) == [("field.alb",
                                      "Reporting late since 30 November 2026: Albania")]
    # Reported at last: nothing is late any more.
    svc.progress_update_create(user=field_user, indicator=programme["silent"],
                               date=dt.date(2026, 11, 10), value=Decimal("3"), submit=True)
    assert reporting_due(today=dt.date(2026, 12, 6)) == []


def test_a_programme_not_in_force_or_without_a_calendar_reminds_nobody(programme):
    programme["dwcp"].reporting_dates.all().delete()
    assert reporting_due(today=dt.date(2026, 11, 20)) == []


def test_the_home_page_lists_what_is_late(client, field_user, programme):
    today = timezone.localdate()
    dwcp = programme["dwcp"]
    dwcp.start_year, dwcp.end_year = today.year - 2, today.year + 1
    dwcp.save(update_fields=["start_year", "end_year"])
    ReportingDate.objects.filter(dwcp=dwcp).delete()
    # Reporting dates 60 and 3 days ago: nothing was reported in between.
    for days in (60, 3):
        passed = today - dt.timedelta(days=days)
        ReportingDate.objects.create(dwcp=dwcp, month=passed.month, day=min(passed.day, 28))
    client.force_login(field_user)
    home = client.get(reverse("home")).content.decode()
    assert "Progress reporting" in home and ">Late</span>" in home
    assert "2 indicators have no progress for the period yet." in home


def test_milestones_fall_due_at_the_biennium_end_then_are_overdue_if_unreported(
        field_user, manager_user, django_capture_on_commit_callbacks):
    """The clock moves through the end of 2024-25: 60 days before, the milestones the latest
    results do not show achieved are due; after it, those with nothing reported inside the
    biennium are overdue; each told once to the country's field staff."""
    from programmes.models import Biennium
    from programmes.notifications import MILESTONES_DUE, MILESTONES_OVERDUE
    from programmes.services.reminders import milestones_due
    from programmes.services.results import results_recompute_all

    biennium = Biennium.objects.get(code="2024-25")
    dwcp = DwcpFactory(start_year=2022, end_year=2027, status=DwcpStatus.ACTIVE)
    cpo = CpoFactory(code="ALB101", priority=CountryPriorityFactory(dwcp=dwcp))
    made = {name: svc.indicator_create(user=field_user, cpo=cpo, title=name,
                                       baseline_value=Decimal("10"),
                                       milestones={biennium: (Decimal("20"), "")})
            for name in ("reached", "behind", "silent")}
    for name, value in (("reached", "21"), ("behind", "12")):
        update = svc.progress_update_create(user=field_user, indicator=made[name],
                                            date=dt.date(2025, 6, 30), value=Decimal(value),
                                            submit=True)
        svc.progress_update_approve(user=manager_user, update=update, recompute=False)
    results_recompute_all(as_of=dt.date(2025, 10, 1))

    assert milestones_due(today=dt.date(2025, 10, 1)) == []  # 91 days ahead: not yet
    (due,) = milestones_due(today=dt.date(2025, 11, 15))
    assert (due.biennium, due.late, due.codes) == (biennium, False, ["ALB101.2", "ALB101.3"])
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=dt.date(2025, 11, 15))
        reminders_send(today=dt.date(2025, 11, 16))  # the next morning: told once
    assert _told(MILESTONES_DUE) == [("field.alb",
                                      "Milestones due on 31 December 2025: Albania")]
    note = Notification.objects.get(kind=MILESTONES_DUE)
    assert ("in the latest results 2 indicators of Albania have not achieved their milestones "
            "yet: ALB101.2, ALB101.3.") in note.body

    # The biennium has ended: only the indicator with nothing reported in it is overdue.
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=dt.date(2026, 1, 10))
    assert _told(MILESTONES_OVERDUE) == [("field.alb",
                                          "Milestones overdue since 31 December 2025: Albania")]
    assert "1 indicator of Albania has no progress reported for its milestone: ALB101.3." \
        in Notification.objects.get(kind=MILESTONES_OVERDUE).body
    assert milestones_due(today=dt.date(2026, 6, 1)) == []  # past the end-of-biennium window


def test_the_home_page_lists_milestones_due_at_the_end_of_this_biennium(client, field_user,
                                                                        settings):
    """With the window widened to two years, the biennium in course always ends within it."""
    from programmes.models import Biennium

    settings.REMINDER_MILESTONE_DAYS = 731
    today = timezone.localdate()
    start = today.year if today.year % 2 == 0 else today.year - 1
    biennium, _ = Biennium.objects.get_or_create(start_year=start,
                                                 defaults={"code": Biennium.code_for(start)})
    dwcp = DwcpFactory(start_year=start - 2, end_year=start + 3, status=DwcpStatus.ACTIVE)
    cpo = CpoFactory(code="ALB101", priority=CountryPriorityFactory(dwcp=dwcp))
    svc.indicator_create(user=field_user, cpo=cpo, title="Placed", baseline_value=Decimal("1"),
                         milestones={biennium: (Decimal("5"), "")})
    client.force_login(field_user)
    home = client.get(reverse("home")).content.decode()
    assert "Milestones of the biennium" in home
    assert (f"due on 31 December {biennium.end_year}; 1 indicator has not achieved its "
            "milestone yet.") in home
    settings.REMINDER_MILESTONE_DAYS = 0
    assert "Milestones of the biennium" not in client.get(reverse("home")).content.decode()
