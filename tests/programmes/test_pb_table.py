"""The Office-wide table by P&B outcome (issue 14, point 1): per outcome of the biennium's
framework, the CPOs linked, member States, statuses and member States with a CPO achieved;
scoped to what the user may see; a fixed number of queries."""
import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import Biennium, PBOutcome
from programmes.services import indicators as svc
from programmes.services import results
from programmes.services.framework import cpo_set_outcome_links
from tests.factories import UserFactory, country
from tests.programmes.factories import CountryPriorityFactory, CpoFactory, DwcpFactory

pytestmark = pytest.mark.django_db
URL = reverse("programmes:pb-table")


def _cpo(iso3, code, outcome, actual, field, manager):
    biennium = Biennium.objects.get(code="2012-13")
    dwcp = DwcpFactory(country=country(iso3), start_year=2012, end_year=2015)
    cpo = CpoFactory(code=code, priority=CountryPriorityFactory(dwcp=dwcp))
    cpo_set_outcome_links(cpo=cpo, links={biennium: outcome})
    indicator = svc.indicator_create(user=None, cpo=cpo, title=f"Indicator of {code}",
                                     baseline_value=Decimal("10"),
                                     milestones={biennium: (Decimal("20"), "")})
    update = svc.progress_update_create(user=field, indicator=indicator,
                                        date=dt.date(2013, 6, 1), value=Decimal(actual),
                                        submit=True)
    svc.progress_update_approve(user=manager, update=update, recompute=False)
    return cpo


@pytest.fixture
def table(field_user, manager_user):
    spf = {o.code: o for o in PBOutcome.objects.filter(framework__code="SPF 2010-15")}
    sen = UserFactory(username="field.sen", role="field_staff", countries=[country("SEN")])
    _cpo("ALB", "ALB101", spf["1"], "21", field_user, manager_user)  # achieved
    _cpo("SEN", "SEN101", spf["1"], "12", sen, manager_user)  # not achieved
    ken = UserFactory(username="field.ken", role="field_staff", countries=[country("KEN")])
    _cpo("KEN", "KEN101", spf["4"], "25", ken, manager_user)
    results.results_recompute_all(as_of=dt.date(2014, 3, 1))


def _rows(html, code):
    start = html.index(f'<span class="pb-table__code">{code}</span>')
    return html[start:html.index("</tr>", start)]


def test_each_outcome_counts_its_cpos_member_states_and_achievements(client, manager_user,
                                                                    table):
    client.force_login(manager_user)
    html = client.get(URL, {"biennium": "2012-13"}).content.decode()
    assert "<h1>Results by P&B outcome, 2012–13" in html
    assert "GB.304/PFA/2(Rev.)" in html
    one = _rows(html, "1")
    assert [c.split(">")[-1] for c in one.split("</td>")[:-1]] == [
        "2", "2", "1", "–", "1", "–", "1"]  # CPOs, States, achieved, partly, not, no data, won
    four = _rows(html, "4")
    assert [c.split(">")[-1] for c in four.split("</td>")[:-1]] == [
        "1", "1", "1", "–", "–", "–", "1"]
    total = html[html.index("<tfoot>"):html.index("</tfoot>")]
    assert ">3</td><td class=\"num\">3</td><td class=\"num\">2</td>" in total


def test_field_staff_count_their_countries_only(client, field_user, table):
    client.force_login(field_user)
    html = client.get(URL, {"biennium": "2012-13"}).content.decode()
    assert "Only the countries you cover are counted." in html
    assert [c.split(">")[-1] for c in _rows(html, "1").split("</td>")[:-1]][:2] == ["1", "1"]
    assert [c.split(">")[-1] for c in _rows(html, "4").split("</td>")[:-1]][:2] == ["0", "0"]


def test_the_table_reads_a_fixed_number_of_queries(client, manager_user, field_user, table):
    client.force_login(manager_user)
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"biennium": "2012-13"})
    spf = PBOutcome.objects.get(framework__code="SPF 2010-15", code="2")
    for n in range(5):
        _cpo("ALB", f"ALB2{n}1", spf, "15", field_user, manager_user)
    results.results_recompute_all(as_of=dt.date(2014, 3, 1))
    with CaptureQueriesContext(connection) as many:
        client.get(URL, {"biennium": "2012-13"})
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_table_counts_the_cross_cutting_markers_of_its_cpos(client, manager_user, table):
    from programmes.models import Convention, CountryProgrammeOutcome

    alb = CountryProgrammeOutcome.objects.get(code="ALB101")
    alb.gender_marker, alb.social_dialogue = 3, True
    alb.save()
    alb.conventions.add(Convention.objects.get(code="C087"))
    CountryProgrammeOutcome.objects.filter(code="SEN101").update(gender_marker=1)
    client.force_login(manager_user)
    html = client.get(URL, {"biennium": "2012-13"}).content.decode()
    assert ("1 of 3 CPOs has gender equality as a significant or principal objective "
            "(marker 2 or 3). 1 is not assessed yet.") in html
    assert "1 of 3 CPOs concerns ILO Conventions or Protocols." in html
    assert "1 of 3 CPOs is reached through social dialogue and tripartism." in html
    assert "0 of 3 CPOs serve a just transition." in html
