"""A DWCP's results framework at a glance (issue 13, point 3): every indicator of every CPO
with unit, baseline, end target and, per biennium, milestone, actual value and status, in
the framework's order; filtered by biennium and status; scoped; a fixed number of queries."""
import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.services import indicators as svc
from programmes.services import results
from tests.factories import UserFactory
from tests.programmes.factories import CountryPriorityFactory, CpoFactory, DwcpFactory

pytestmark = pytest.mark.django_db


def _cpo(dwcp, code, title):
    return CpoFactory(code=code, title=title,
                      priority=CountryPriorityFactory(dwcp=dwcp, code=code[3], title="P" + code))


def _indicator(user, cpo, title, actual, approver, milestone=Decimal("20")):
    from programmes.models import Biennium

    biennium = Biennium.objects.get(code="2012-13")
    indicator = svc.indicator_create(user=user, cpo=cpo, title=title,
                                     baseline_value=Decimal("10"), baseline_year=2011,
                                     target_value=Decimal("40"), target_year=2016,
                                     milestones={biennium: (milestone, "")})
    update = svc.progress_update_create(user=user, indicator=indicator,
                                        date=dt.date(2013, 5, 1), value=actual, submit=True)
    svc.progress_update_approve(user=approver, update=update, recompute=False)
    return indicator


@pytest.fixture
def framework(field_user):
    approver = UserFactory(username="approver", role="manager")
    dwcp = DwcpFactory()
    youth = _cpo(dwcp, "ALB101", "Youth employment policies")
    protection = _cpo(dwcp, "ALB201", "Social protection floor")
    made = {
        "placed": _indicator(field_user, youth, "Young people placed in jobs", Decimal("21"),
                             approver),
        "covered": _indicator(field_user, protection, "Workers covered", Decimal("12"),
                              approver),
    }
    results.results_recompute_all(as_of=dt.date(2014, 3, 1))
    return {"dwcp": dwcp, **made}


def _page(client, dwcp, **params):
    return client.get(reverse("programmes:dwcp-glance", args=[dwcp.pk]), params)


def test_every_indicator_reads_with_its_milestone_actual_and_status(client, field_user,
                                                                    framework):
    client.force_login(field_user)
    html = _page(client, framework["dwcp"]).content.decode()
    assert html.index("ALB101") < html.index("Young people placed in jobs") < \
        html.index("ALB201") < html.index("Workers covered")
    assert "10 (2011)" in html and "40 (2016)" in html  # baseline and end target
    assert "2012–13" in html
    assert ">Achieved</span>" in html and ">Not achieved</span>" in html
    assert reverse("programmes:update-create", args=[framework["placed"].pk]) in html


def test_filters_by_biennium_and_status(client, field_user, framework):
    client.force_login(field_user)
    html = _page(client, framework["dwcp"], biennium="2012-13",
                 status="not_achieved").content.decode()
    assert "Workers covered" in html and "Young people placed in jobs" not in html
    html = _page(client, framework["dwcp"], status="on_track").content.decode()
    assert "No indicator matches these filters." in html


def test_out_of_scope_and_a_constant_number_of_queries(client, field_user,
                                                       field_user_africa, framework):
    client.force_login(field_user_africa)
    assert _page(client, framework["dwcp"]).status_code == 403
    client.force_login(field_user)
    with CaptureQueriesContext(connection) as few:
        assert _page(client, framework["dwcp"]).status_code == 200
    approver = UserFactory(username="approver3", role="manager")
    for n in range(3, 7):
        cpo = _cpo(framework["dwcp"], f"ALB{n}01", f"Outcome {n}")
        for k in range(3):
            _indicator(field_user, cpo, f"Indicator {n}.{k}", Decimal("15"), approver)
    results.results_recompute_all(as_of=dt.date(2014, 3, 1))
    with CaptureQueriesContext(connection) as many:
        assert _page(client, framework["dwcp"]).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
