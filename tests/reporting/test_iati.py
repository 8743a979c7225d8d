"""The IATI 2.03 activity file: valid against the official schema, one activity per CPO of
the biennium with the figures a donor relies on (results equal to the computed ones, budgets
equal to the linked resources), the IATI rulesets' common checks, the command and the
download's scoping."""
import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import etree

from programmes.models import (
    Biennium,
    CpoOutcomeLink,
    Donor,
    FundingAgreement,
    IndicatorResult,
    PBOutcome,
    SdgTarget,
)
from programmes.services import indicators as svc
from programmes.services import results
from reporting import iati
from tests.factories import UserFactory, country
from tests.programmes.factories import CountryPriorityFactory, CpoFactory, DwcpFactory
from tests.programmes.factories_resources import funded_project, link

pytestmark = pytest.mark.django_db
D = Decimal


def b(code: str) -> Biennium:
    return Biennium.objects.get(code=code)


@pytest.fixture
def world(field_user, manager_user):
    """An Albanian CPO linked to an employment outcome in 2012-13, with an indicator whose
    progress was approved and computed, a project funding it at 60 % and a donor; and a
    Senegalese CPO of the same biennium."""
    cpo = CpoFactory(code="ALB101")
    CpoOutcomeLink.objects.create(
        cpo=cpo, biennium=b("2012-13"),
        pb_outcome=PBOutcome.objects.filter(framework__code="SPF 2010-15",
                                            strategic_objective__code="employment")
        .order_by("code").first())
    cpo.sdg_targets.add(*SdgTarget.objects.filter(code__in=["8.5", "8.8"]))
    indicator = svc.indicator_create(user=field_user, cpo=cpo, title="Agreements signed",
                                     baseline_value=D("10"), baseline_year=2011,
                                     milestones={b("2012-13"): (D("20"), "")})
    update = svc.progress_update_create(user=field_user, indicator=indicator,
                                        date=dt.date(2013, 5, 1), submit=True, value=D("16"))
    svc.progress_update_approve(user=manager_user, update=update)
    project = funded_project(years={2012: ("100000", "80000"), 2013: ("50000", "50000"),
                                    2015: ("999", "999")})
    link(project, cpo, share="60")
    FundingAgreement.objects.create(
        donor=Donor.objects.create(name="Norway", category="multi_bilateral"), project=project,
        reference="NOR-1", title="Norway agreement", approval_date=dt.date(2012, 1, 10),
        amount=D("150000"), amount_usd=D("150000"))
    sen = DwcpFactory(country=country("SEN"), start_year=2013, end_year=2016)
    other = CpoFactory(code="SEN101", priority=CountryPriorityFactory(dwcp=sen))
    results.results_recompute_all(as_of=dt.date(2014, 3, 1))
    return {"cpo": cpo, "indicator": indicator, "other": other}


def _activities(xml: bytes) -> dict[str, etree._Element]:
    root = etree.fromstring(xml)
    return {a.findtext("iati-identifier"): a for a in root.findall("iati-activity")}


def test_the_file_validates_and_holds_one_activity_per_cpo(world):
    xml = iati.build_activities(biennium=b("2012-13"))
    assert iati.validation_errors(xml) == []
    assert set(_activities(xml)) == {"XM-DAC-41302-ALB101-2012-13",
                                     "XM-DAC-41302-SEN101-2012-13"}


def test_results_and_budgets_are_the_computed_results_and_the_resources(world):
    activity = _activities(iati.build_activities(biennium=b("2012-13")))[
        "XM-DAC-41302-ALB101-2012-13"]
    computed = IndicatorResult.objects.get(indicator=world["indicator"],
                                           biennium=b("2012-13"))
    indicator = activity.find("result/indicator")
    assert activity.find("result").get("type") == "2"
    assert indicator.find("baseline").attrib == {"year": "2011", "value": "10"}
    assert D(indicator.find("period/target").get("value")) == computed.milestone == D("20")
    assert D(indicator.find("period/actual").get("value")) == computed.actual == D("16")
    assert indicator.find("period/period-start").get("iso-date") == "2012-01-01"
    references = {r.get("code") for r in activity.findall("result/reference")}
    assert "ALB101" in references and any("outcome" in r for r in references)
    # 60 % of the project's allocation and expenditure of each year of the biennium.
    budgets = {bud.find("period-start").get("iso-date"): D(bud.findtext("value"))
               for bud in activity.findall("budget")}
    assert budgets == {"2012-01-01": D("60000"), "2013-01-01": D("30000")}
    spent = {t.find("transaction-date").get("iso-date"): D(t.findtext("value"))
             for t in activity.findall("transaction")}
    assert spent == {"2012-12-31": D("48000"), "2013-12-31": D("30000")}
    assert {t.find("transaction-type").get("code")
            for t in activity.findall("transaction")} == {"4"}
    roles = {(p.get("role"), p.findtext("narrative"))
             for p in activity.findall("participating-org")}
    assert ("1", "Norway") in roles and ("2", iati.ILO_NAME) in roles
    assert activity.find("sector").attrib == {"vocabulary": "1", "code": "16020",
                                              "percentage": "100"}
    tags = {(t.get("vocabulary"), t.get("code")) for t in activity.findall("tag")}
    assert tags == {("2", "8"), ("3", "8.5"), ("3", "8.8")}
    assert {o.get("ref") for o in activity.findall("other-identifier")} >= {"ALB101"}


def test_the_rulesets_common_checks_hold(world):
    for activity in _activities(iati.build_activities(biennium=b("2012-13"))).values():
        assert len(activity.findall("reporting-org")) == 1
        assert activity.find("reporting-org").get("ref") == "XM-DAC-41302"
        per_vocabulary = defaultdict(D)
        for sector in activity.findall("sector"):
            per_vocabulary[sector.get("vocabulary")] += D(sector.get("percentage"))
        assert set(per_vocabulary.values()) == {D(100)}
        dates = {d.get("type"): dt.date.fromisoformat(d.get("iso-date"))
                 for d in activity.findall("activity-date")}
        assert dates["1"] <= dates["3"]
        if "2" in dates and "4" in dates:
            assert dates["2"] <= dates["4"]
        for budget in activity.findall("budget"):
            start = dt.date.fromisoformat(budget.find("period-start").get("iso-date"))
            end = dt.date.fromisoformat(budget.find("period-end").get("iso-date"))
            assert start <= end and (end - start).days < 366
        assert activity.findtext("iati-identifier").startswith("XM-DAC-41302-")


def test_the_identifier_is_sanitized():
    assert iati.activity_identifier("ALB 1/01&x", "2020-21") == "XM-DAC-41302-ALB-1-01-x-2020-21"


def test_the_command_writes_a_valid_file_of_one_country(world, tmp_path):
    out = tmp_path / "alb.xml"
    call_command("export_iati", "--biennium", "2012-13", "--country", "alb", "-o", str(out))
    xml = out.read_bytes()
    assert iati.validation_errors(xml) == []
    assert set(_activities(xml)) == {"XM-DAC-41302-ALB101-2012-13"}


@pytest.mark.parametrize("args, message", [
    (["--biennium", "2013-14"], "no biennium"),
    (["--biennium", "2012-13", "--country", "XXX"], "no country"),
])
def test_the_command_refuses_a_bad_biennium_or_country(world, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_iati", *args, "-o", str(tmp_path / "x.xml"))
    assert not (tmp_path / "x.xml").exists()


def test_managers_download_the_file(world, client, manager_user):
    client.force_login(manager_user)
    assert reverse("reporting:iati").encode() in client.get(reverse("reporting:home")).content
    response = client.get(reverse("reporting:iati"), {"biennium": "2012-13"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert set(_activities(response.content)) == {"XM-DAC-41302-ALB101-2012-13",
                                                  "XM-DAC-41302-SEN101-2012-13"}


def test_field_staff_may_not_download_it(world, client):
    """The file is for report users (managers, partnerships officers, administrators)."""
    client.force_login(UserFactory(username="field.sen", role="field_staff",
                                   countries=[country("SEN")]))
    assert client.get(reverse("reporting:iati"), {"biennium": "2012-13"}).status_code == 403


def test_the_page_offers_the_biennia_and_countries_and_downloads_one_country(
        world, client, manager_user):
    client.force_login(manager_user)
    page = client.get(reverse("reporting:iati"))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<option value="2012-13">' in html and 'value="SEN"' in html
    response = client.get(reverse("reporting:iati"), {"biennium": "2012-13",
                                                     "country": "SEN"})
    assert set(_activities(response.content)) == {"XM-DAC-41302-SEN101-2012-13"}
    assert "iati-activities-2012-13-SEN.xml" in response["Content-Disposition"]


def test_a_bad_biennium_is_a_message_next_to_the_field(world, client, manager_user):
    client.force_login(manager_user)
    response = client.get(reverse("reporting:iati"), {"biennium": "1999-00"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("reporting:iati"), {"biennium": "2012-13"})
    assert response.status_code == 302 and "login" in response["Location"]


# --- the demo data --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """The constituents' and programmes' demo data with results computed, loaded once for
    the test below and rolled back after it (slow: about a minute)."""
    import io

    from django.db import transaction

    from constituents import demo as constituents_demo
    from programmes import demo

    with django_db_blocker.unblock(), transaction.atomic():
        constituents_demo.load(stdout=io.StringIO())
        demo.load(stdout=io.StringIO())
        results.results_recompute_all()
        yield
        transaction.set_rollback(True)


def test_the_demo_biennium_validates_and_holds_every_cpo_with_its_results(demo_loaded):
    from programmes.models import CountryProgrammeOutcome

    biennium = b("2020-21")
    xml = iati.build_activities(biennium=biennium)
    assert iati.validation_errors(xml) == []
    activities = _activities(xml)
    cpos = list(CountryProgrammeOutcome.objects
                .filter(dwcp__start_year__lte=2021, dwcp__end_year__gte=2020)
                .prefetch_related("indicators"))
    assert cpos and set(activities) == {
        iati.activity_identifier(c.code, biennium.code) for c in cpos}
    computed = {r.indicator.code: r for r in IndicatorResult.objects.filter(
        biennium=biennium).select_related("indicator")}
    assert computed
    for cpo in cpos:
        activity = activities[iati.activity_identifier(cpo.code, biennium.code)]
        published = activity.findall("result/indicator")
        assert len(published) == len(cpo.indicators.all())
        for indicator in published:
            code = indicator.find("reference").get("code")
            actual = indicator.find("period/actual").get("value")
            if code in computed and computed[code].actual is not None and actual is not None:
                assert D(actual) == computed[code].actual
