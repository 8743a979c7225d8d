"""P&B outcome indicators with their biennial targets (issue 14, point 1): imported by
administrators with a framework or alone (every problem listed with its row, all or nothing,
a re-import changes nothing); a CPO's link to an outcome names one of that outcome's
indicators (a field error otherwise), through the services, the form, the admin and the API;
the Office-wide table sets the results achieved (member States with a CPO achieved) beside
each target, in a fixed number of queries."""
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from core.errors import ApplicationError
from programmes.models import (
    Biennium,
    CpoOutcomeLink,
    PBFramework,
    PBOutcome,
    PBOutcomeIndicator,
)
from programmes.selectors.pb import pb_outcome_table
from programmes.selectors.results import current_snapshot
from programmes.services import indicators as svc
from programmes.services import results
from programmes.services.framework import cpo_set_outcome_links, cpo_update
from programmes.services.pb import pb_framework_import, pb_indicators_import
from tests.factories import UserFactory, country
from tests.programmes.factories import CountryPriorityFactory, CpoFactory, DwcpFactory

pytestmark = pytest.mark.django_db

SPF = "SPF 2010-15"
INDICATORS = ("outcome,code,indicator,target,target_unit\n"
              "1,1.1,Member States with a national employment policy,3,member States\n"
              "1,1.2,Member States with a youth employment programme,,\n"
              "4,4.1,Member States extending social security coverage,2,member States\n")
FRAMEWORK = ("code,title,kind,strategic_objective\n"
             "1,Strong tripartite constituents,,social_dialogue\n"
             "2,International labour standards,,standards\n")


def _spf(code: str) -> PBOutcome:
    return PBOutcome.objects.get(framework__code=SPF, code=code)


def _import(text: str, framework=SPF, user=None):
    fw = PBFramework.objects.get(code=framework) if framework else None
    return pb_indicators_import(file=io.BytesIO(text.encode()), framework=fw, user=user,
                                name="indicators.csv")


def _indicator(code: str) -> PBOutcomeIndicator:
    return PBOutcomeIndicator.objects.get(pb_outcome__framework__code=SPF, code=code)


# --- import ---------------------------------------------------------------------------------

def test_an_administrator_imports_indicators_for_a_framework_and_again_changes_nothing(
        admin_user):
    result = _import(INDICATORS, user=admin_user)
    assert result.errors == []
    assert result.created == [f"{SPF} 1 1.1", f"{SPF} 1 1.2", f"{SPF} 4 4.1"]
    first = _indicator("1.1")
    assert (first.pb_outcome, first.target, first.target_unit, first.order) == (
        _spf("1"), 3, "member States", 1)
    second = _indicator("1.2")
    assert (second.target, second.target_unit, second.order) == (None, "", 2)
    assert first.history.first().history_user == admin_user
    assert first.history.first().history_change_reason == "Imported from indicators.csv"
    again = _import(INDICATORS, user=admin_user)
    assert (again.created, again.updated, again.errors) == ([], [], [])
    changed = _import(INDICATORS.replace(",3,member", ",4,member"), user=admin_user)
    assert (changed.created, changed.updated) == ([], [f"{SPF} 1 1.1"])
    assert _indicator("1.1").target == 4


def test_an_excel_file_with_several_frameworks_imports_too(admin_user):
    book = Workbook()
    for row in [["Framework", "Outcome", "Code", "Indicator", "Target", "Target unit"],
                [SPF, 1, "1.1", "Employment policies", 12, "member States"],
                ["P&B 2024-25", "3", "3.1", "Transitions", None, None]]:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    result = pb_indicators_import(file=io.BytesIO(data.getvalue()), name="ind.xlsx",
                                  user=admin_user)
    assert result.errors == [] and len(result.created) == 2
    assert PBOutcomeIndicator.objects.get(pb_outcome__framework__code="P&B 2024-25",
                                          code="3.1").target is None
    assert _indicator("1.1").target == 12


def test_every_problem_is_listed_with_its_row_and_nothing_is_written(admin_user):
    headers = _import("outcome,code,indicator,budget\n1,1.1,x,2\n")
    assert headers.errors == ["Unknown column “budget”; the columns are framework, outcome, "
                              "code, indicator, target, target_unit."]
    missing = _import("outcome,indicator\n1,x\n", framework=None)
    assert missing.errors == [
        "The column “code” is missing; the columns are framework, outcome, code, indicator, "
        "target, target_unit.",
        "The column “framework” is missing: name the framework of each indicator, e.g. "
        "P&B 2026-27."]
    bad = ("framework,outcome,code,indicator,target,target_unit\n"
           f"{SPF},1,1.1,Fine,3,member States\n"
           ",99,1.2,Nowhere,0,\n"
           f"{SPF},1,1.1,Twice,two,\n"
           "P&B 2024-25,1,1.3,,2.5,\n"
           f"{SPF},,1.4,No outcome,,{'x' * 61}\n")
    result = _import(bad)
    assert result.errors == [
        "Row 3, outcome: SPF 2010-15 has no outcome “99”.",
        "Row 3, target: enter a whole number of at least 1 (e.g. 25), or leave it empty when "
        "the framework sets none; not “0”.",
        "Row 4, code: indicator 1.1 of outcome 1 is also in row 2.",
        "Row 4, target: enter a whole number of at least 1 (e.g. 25), or leave it empty when "
        "the framework sets none; not “two”.",
        "Row 5, framework: this import is for SPF 2010-15, not “P&B 2024-25”.",
        "Row 5, indicator: enter the indicator's text (500 characters at most).",
        "Row 5, target: enter a whole number of at least 1 (e.g. 25), or leave it empty when "
        "the framework sets none; not “2.5”.",
        "Row 6, outcome: enter the code of the indicator's outcome, e.g. 1 or A.",
        "Row 6, target_unit: say what the target counts in 60 characters at most, e.g. "
        "member States.",
    ]
    unknown = _import("framework,outcome,code,indicator\nP&B 1999-00,1,1.1,x\n,1,1.2,y\n",
                      framework=None)
    assert unknown.errors == [
        "Row 2, framework: there is no P&B framework “P&B 1999-00”.",
        "Row 3, framework: name the framework, e.g. P&B 2026-27."]
    assert _import("outcome,code,indicator\n").errors == ["The file holds no indicator."]
    assert not PBOutcomeIndicator.objects.exists()


def test_only_administrators_import_indicators(field_user):
    with pytest.raises(PermissionDenied):
        _import(INDICATORS, user=field_user)


def test_a_framework_imports_with_its_indicators_all_or_nothing(admin_user):
    indicators = ("outcome,code,indicator,target,target_unit\n"
                  "1,1.1,Social dialogue institutions,20,member States\n"
                  "2,2.1,Ratifications,30,member States\n")
    kwargs = {"code": "P&B 2026-27", "title": "Programme and Budget for 2026–27",
              "start_year": 2026, "end_year": 2027, "user": admin_user}
    refused = pb_framework_import(file=io.BytesIO(FRAMEWORK.encode()),
                                  indicators=io.BytesIO(indicators.replace("2,2.1", "3,2.1")
                                                        .encode()), **kwargs)
    assert refused.errors == ["Indicators: Row 3, outcome: P&B 2026-27 has no outcome “3”."]
    assert not PBFramework.objects.filter(code="P&B 2026-27").exists()
    result = pb_framework_import(file=io.BytesIO(FRAMEWORK.encode()),
                                 indicators=io.BytesIO(indicators.encode()),
                                 indicators_name="ind.csv", **kwargs)
    assert result.errors == [] and result.created == ["1", "2"]
    assert result.indicators_created == ["P&B 2026-27 1 1.1", "P&B 2026-27 2 2.1"]
    assert PBOutcomeIndicator.objects.get(code="2.1").pb_outcome.framework.code == \
        "P&B 2026-27"
    again = pb_framework_import(file=io.BytesIO(FRAMEWORK.encode()),
                                indicators=io.BytesIO(indicators.encode()), **kwargs)
    assert (again.indicators_created, again.indicators_updated) == ([], [])


def test_the_commands_import_indicators_and_fail_with_a_sentence(tmp_path, capsys):
    path = tmp_path / "ind.csv"
    path.write_text(INDICATORS)
    call_command("import_pb_indicators", str(path), "--framework", SPF)
    assert "Outcome indicators: 3 created, 0 updated." in capsys.readouterr().out
    path.write_text("outcome,code,indicator\n99,9.1,x\n")
    with pytest.raises(CommandError, match="The indicators were not imported: 1 error"):
        call_command("import_pb_indicators", str(path), "--framework", SPF)
    assert "Row 2, outcome" in capsys.readouterr().err
    with pytest.raises(CommandError, match="There is no P&B framework P&B 1999-00."):
        call_command("import_pb_indicators", str(path), "--framework", "P&B 1999-00")
    framework, indicators = tmp_path / "pb.csv", tmp_path / "pbi.csv"
    framework.write_text(FRAMEWORK)
    indicators.write_text("outcome,code,indicator,target\n1,1.1,Dialogue,20\n")
    call_command("import_pb_framework", str(framework), "--code", "P&B 2026-27", "--title",
                 "P&B 2026–27", "--start", "2026", "--end", "2027", "--indicators",
                 str(indicators))
    assert "Outcome indicators: 1 created, 0 updated." in capsys.readouterr().out


def test_administrators_import_indicators_in_the_admin(client, admin_user, field_user):
    url = reverse("admin:programmes_pbframework_import_indicators")
    client.force_login(admin_user)
    assert url in client.get(reverse("admin:programmes_pbframework_changelist")).content \
        .decode()
    framework = PBFramework.objects.get(code=SPF).pk
    bad = client.post(url, {"framework": framework,
                            "file": SimpleUploadedFile("i.csv", b"outcome,code,indicator\n"
                                                                b"1,,x\n")})
    assert bad.status_code == 400
    assert "Row 2, code: enter the indicator&#x27;s code" in bad.content.decode()
    good = client.post(url, {"framework": framework,
                             "file": SimpleUploadedFile("i.csv", INDICATORS.encode())})
    assert good.status_code == 302 and PBOutcomeIndicator.objects.count() == 3
    page = client.get(reverse("admin:programmes_pboutcome_change", args=[_spf("1").pk]))
    assert page.status_code == 200 and "Member States with a national employment policy" in \
        page.content.decode()
    client.force_login(field_user)
    assert client.get(url).status_code in (302, 403)


# --- the link names an indicator of its outcome ----------------------------------------------

@pytest.fixture
def indicators():
    _import(INDICATORS)
    return {i.code: i for i in PBOutcomeIndicator.objects.all()}


def test_a_link_names_an_indicator_of_its_outcome_only(field_user, indicators):
    cpo = CpoFactory(code="ALB101")
    b12 = Biennium.objects.get(code="2012-13")
    with pytest.raises(ApplicationError) as refused:
        cpo_set_outcome_links(cpo=cpo, links={b12: _spf("1")},
                              indicators={b12: indicators["4.1"]}, user=field_user)
    assert refused.value.field_errors == {"pb_2012_indicator": [
        "Indicator 4.1 is not an indicator of the P&B outcome linked in 2012-13; choose one "
        "of that outcome's indicators."]}
    with pytest.raises(ApplicationError) as no_outcome:
        cpo_set_outcome_links(cpo=cpo, links={}, indicators={b12: indicators["1.1"]},
                              user=field_user)
    assert no_outcome.value.field_errors == {"pb_2012_indicator": [
        "Choose the P&B outcome of 2012-13 before its indicator."]}
    assert not CpoOutcomeLink.objects.exists()
    cpo_set_outcome_links(cpo=cpo, links={b12: _spf("1")}, indicators={b12: indicators["1.1"]},
                          user=field_user, reason="Reports on the policy")
    link = CpoOutcomeLink.objects.get()
    assert link.pb_indicator == indicators["1.1"]
    assert link.history.first().history_change_reason == "Reports on the policy"
    # The outcome unchanged and no indicator given: kept; changed: dropped.
    cpo_set_outcome_links(cpo=cpo, links={b12: _spf("1")}, user=field_user)
    assert CpoOutcomeLink.objects.get().pb_indicator == indicators["1.1"]
    cpo_set_outcome_links(cpo=cpo, links={}, indicators={b12: indicators["1.2"]},
                          user=field_user)
    assert CpoOutcomeLink.objects.get().pb_indicator == indicators["1.2"]
    cpo_update(cpo=cpo, priority=cpo.priority, code=cpo.code, title=cpo.title,
               outcome_links={b12: _spf("4")}, user=field_user)
    assert CpoOutcomeLink.objects.get().pb_indicator is None


def _errors(html: str, name: str) -> list[str]:
    return re.findall(rf'<p class="field__error" id="id_{name}_error">([^<]*)</p>', html)


def test_the_cpo_form_offers_the_indicators_and_shows_a_refusal_next_to_the_field(
        client, field_user, indicators):
    cpo = CpoFactory(code="ALB101")
    client.force_login(field_user)
    url = reverse("programmes:cpo-edit", args=[cpo.pk])
    form = client.get(url).content.decode()
    assert 'name="pb_2012_indicator"' in form and "1.2 Member States with a youth" in form
    assert 'name="pb_2016_indicator"' not in form  # P&B 2016–17 has no indicators here
    data = {"priority": cpo.priority_id, "code": "ALB101", "title": cpo.title,
            "pb_2012": _spf("1").pk, "pb_2012_indicator": indicators["4.1"].pk}
    refused = client.post(url, data)
    assert refused.status_code == 200  # the form again, with the message next to the field
    assert _errors(refused.content.decode(), "pb_2012_indicator") == [
        "Indicator 4.1 is not an indicator of the P&amp;B outcome linked in 2012-13; choose "
        "one of that outcome&#x27;s indicators."]
    assert client.post(url, {**data, "pb_2012_indicator": indicators["1.1"].pk}) \
        .status_code == 302
    assert CpoOutcomeLink.objects.get().pb_indicator == indicators["1.1"]
    page = client.get(reverse("programmes:cpo-detail", args=[cpo.pk])).content.decode()
    assert "Reports against indicator 1.1: Member States with a national employment" in page
    form = client.get(url).content.decode()
    select = re.search(r'<select name="pb_2012_indicator".*?</select>', form, re.S).group(0)
    assert select.count(f'<option value="{indicators["1.1"].pk}" selected>') == 1


def test_the_admin_inline_checks_the_indicator_of_the_outcome(client, admin_user, indicators):
    from programmes.admin.framework import OutcomeLinkAdminForm

    cpo = CpoFactory(code="ALB101")
    form = OutcomeLinkAdminForm(
        data={"biennium": Biennium.objects.get(code="2012-13").pk,
              "pb_outcome": _spf("1").pk, "pb_indicator": indicators["4.1"].pk},
        instance=CpoOutcomeLink(cpo=cpo))
    assert not form.is_valid()
    assert form.errors["pb_indicator"][0].startswith("Indicator 4.1 is not an indicator")


CPOS, LINKS = "/api/v1/cpos/", "/api/v1/cpo-outcome-links/"


def test_the_api_sets_shows_and_filters_the_indicator(api_client, field_user, indicators):
    priority = CountryPriorityFactory()
    api_client.force_authenticate(field_user)
    bad = api_client.post(CPOS, {
        "priority": priority.pk, "code": "ALB101", "title": "Jobs",
        "outcome_links": [{"biennium": "2012-13", "pb_outcome": _spf("1").pk,
                           "pb_indicator": indicators["4.1"].pk}]}, format="json")
    assert bad.status_code == 400
    assert "Indicator 4.1 is not an indicator" in bad.json()["outcome_links"][0]
    created = api_client.post(CPOS, {
        "priority": priority.pk, "code": "ALB101", "title": "Jobs",
        "outcome_links": [{"biennium": "2012-13", "pb_outcome": _spf("1").pk,
                           "pb_indicator": indicators["1.1"].pk}]}, format="json")
    assert created.status_code == 201, created.content
    link = created.json()["outcome_links"][0]
    assert (link["pb_indicator"], link["pb_indicator_code"]) == (indicators["1.1"].pk, "1.1")
    cpo = created.json()["id"]
    kept = api_client.patch(f"{CPOS}{cpo}/", {"outcome_links": [
        {"biennium": "2012-13", "pb_outcome": _spf("1").pk}]}, format="json")
    assert kept.json()["outcome_links"][0]["pb_indicator"] == indicators["1.1"].pk
    cleared = api_client.patch(f"{CPOS}{cpo}/", {"outcome_links": [
        {"biennium": "2012-13", "pb_outcome": _spf("1").pk, "pb_indicator": None}]},
        format="json")
    assert cleared.json()["outcome_links"][0]["pb_indicator"] is None
    api_client.patch(f"{CPOS}{cpo}/", {"outcome_links": [
        {"biennium": "2012-13", "pb_outcome": _spf("1").pk,
         "pb_indicator": indicators["1.2"].pk}]}, format="json")
    assert [c["code"] for c in api_client.get(
        CPOS, {"pb_indicator": indicators["1.2"].pk}).json()["results"]] == ["ALB101"]
    assert api_client.get(CPOS, {"pb_indicator": indicators["1.1"].pk}).json()["count"] == 0
    assert api_client.get(LINKS, {"pb_indicator": indicators["1.2"].pk}).json()["count"] == 1


def test_the_api_lists_the_indicators_with_their_targets(api_client, field_user,
                                                         django_assert_max_num_queries):
    api_client.force_authenticate(field_user)
    url = "/api/v1/pb-outcome-indicators/"
    _import(INDICATORS)
    with CaptureQueriesContext(connection) as few:
        api_client.get(url)
    _import("outcome,code,indicator,target\n" + "".join(
        f"5,5.{n},Indicator {n},{n}\n" for n in range(1, 9)))
    with django_assert_max_num_queries(len(few)):
        body = api_client.get(url, {"pb_outcome__framework__code": SPF}).json()
    assert body["count"] == 11
    first = body["results"][0]
    assert {k: first[k] for k in ("framework", "outcome_code", "code", "target",
                                  "target_unit")} == {
        "framework": SPF, "outcome_code": "1", "code": "1.1", "target": 3,
        "target_unit": "member States"}
    assert api_client.get(url, {"pb_outcome__framework__code": "P&B 2024-25"}).json()[
        "count"] == 0


# --- targets vs results achieved --------------------------------------------------------------

URL = reverse("programmes:pb-table")


def _cpo(iso3, code, outcome, indicator, actual, field, manager):
    biennium = Biennium.objects.get(code="2012-13")
    dwcp = DwcpFactory(country=country(iso3), start_year=2012, end_year=2015)
    cpo = CpoFactory(code=code, priority=CountryPriorityFactory(dwcp=dwcp))
    cpo_set_outcome_links(cpo=cpo, links={biennium: outcome},
                          indicators={biennium: indicator})
    measure = svc.indicator_create(user=None, cpo=cpo, title=f"Indicator of {code}",
                                   baseline_value=Decimal("10"),
                                   milestones={biennium: (Decimal("20"), "")})
    update = svc.progress_update_create(user=field, indicator=measure,
                                        date=dt.date(2013, 6, 1), value=Decimal(actual),
                                        submit=True)
    svc.progress_update_approve(user=manager, update=update, recompute=False)
    return cpo


@pytest.fixture
def table(field_user, manager_user, indicators):
    sen = UserFactory(username="field.sen", role="field_staff", countries=[country("SEN")])
    ken = UserFactory(username="field.ken", role="field_staff", countries=[country("KEN")])
    one, jobs = _spf("1"), indicators["1.1"]
    _cpo("ALB", "ALB101", one, jobs, "21", field_user, manager_user)  # achieved
    _cpo("ALB", "ALB102", one, jobs, "25", field_user, manager_user)  # achieved, same State
    _cpo("SEN", "SEN101", one, jobs, "15", sen, manager_user)  # partly achieved
    _cpo("KEN", "KEN101", one, indicators["1.2"], "21", ken, manager_user)  # achieved
    _cpo("KEN", "KEN102", _spf("4"), None, "21", ken, manager_user)  # no indicator named
    results.results_recompute_all(as_of=dt.date(2014, 3, 1))
    return {"sen": sen, "ken": ken}


def _row(html: str, indicator: PBOutcomeIndicator) -> list[str]:
    start = html.index(f'<tr id="pb-indicator-{indicator.pk}">')
    row = html[start:html.index("</tr>", start)].split("</th>", 1)[1]
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in row.split("</td>")[:-1]]


def test_each_indicator_sets_the_member_states_achieved_beside_its_target(
        client, manager_user, table, indicators):
    biennium = Biennium.objects.get(code="2012-13")
    rows, total = pb_outcome_table(user=manager_user, biennium=biennium,
                                   snapshot=current_snapshot())
    by_code = {i.code: i for row in rows for i in row.indicators}
    jobs = by_code["1.1"]
    assert (jobs.cpos, jobs.member_states, jobs.achieved_in, jobs.in_progress) == (3, 2, 1, 1)
    assert round(jobs.percent, 4) == Decimal("33.3333")
    youth = by_code["1.2"]
    assert (youth.cpos, youth.achieved_in, youth.percent) == (1, 1, None)  # no target
    social = by_code["4.1"]
    assert (social.cpos, social.achieved_in, social.percent) == (0, 0, Decimal(0))
    assert [i.code for i in total.indicators] == ["1.1", "1.2", "4.1"]
    client.force_login(manager_user)
    html = client.get(URL, {"biennium": "2012-13"}).content.decode()
    assert "Outcome indicators: targets and results achieved" in html
    assert _row(html, indicators["1.1"])[:6] == [
        "3 member States", "1", "33.3 %", "3", "2", "1"]
    assert _row(html, indicators["1.2"])[:3] == ["none set", "1", "—"]


def test_field_staff_see_their_countries_results_against_the_targets(client, table,
                                                                     indicators):
    client.force_login(table["sen"])
    html = client.get(URL, {"biennium": "2012-13"}).content.decode()
    assert _row(html, indicators["1.1"])[:6] == [
        "3 member States", "0", "0.0 %", "1", "1", "1"]


def test_without_indicators_the_page_says_how_they_arrive(client, manager_user):
    client.force_login(manager_user)
    html = client.get(URL, {"biennium": "2024-25"}).content.decode()
    assert "No outcome indicators are recorded for P&amp;B 2024-25" in html


def test_the_table_reads_a_fixed_number_of_queries_however_many_indicators(
        client, manager_user, field_user, table, indicators):
    client.force_login(manager_user)
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"biennium": "2012-13"})
    more = "".join(f"{o},{o}.{n},Indicator {n} of outcome {o},{n},member States\n"
                   for o in ("2", "3", "5") for n in range(1, 4))
    _import("outcome,code,indicator,target,target_unit\n" + more)
    new = PBOutcomeIndicator.objects.get(code="2.1")
    for n in range(4):
        _cpo("ALB", f"ALB2{n}1", _spf("2"), new, "21", field_user, manager_user)
    results.results_recompute_all(as_of=dt.date(2014, 3, 1))
    with CaptureQueriesContext(connection) as many:
        html = client.get(URL, {"biennium": "2012-13"}).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert _row(html, new)[:3] == ["1 member States", "1", "100.0 %"]


# --- demo ---------------------------------------------------------------------------------------

def test_the_illustrative_demo_indicators_import_and_link_to_demo_cpos(field_user):
    from programmes import demo_pb
    from programmes.demo import cpo_codes
    from programmes.demo_data import PROGRAMMES

    first = demo_pb.load_indicators()
    assert first.errors == [] and first.created
    assert all(code.endswith("(demo)") for code in
               PBOutcomeIndicator.objects.values_list("code", flat=True))
    assert demo_pb.load_indicators().created == []
    iso3, spec = next(iter(PROGRAMMES.items()))
    _priority, cpo_spec, code = cpo_codes(iso3, spec)[0]
    framework = PBFramework.objects.get(code="P&B 2024-25")
    outcome = next(i.pb_outcome for i in PBOutcomeIndicator.objects.filter(
        pb_outcome__framework=framework).select_related("pb_outcome")
        if i.code.split(" ")[0] == demo_pb.THEME_INDICATOR.get(cpo_spec.theme, "3.1"))
    dwcp = DwcpFactory(country=country(iso3), start_year=2024, end_year=2027)
    cpo = CpoFactory(code=code, priority=CountryPriorityFactory(dwcp=dwcp))
    cpo_set_outcome_links(cpo=cpo, links={Biennium.objects.get(code="2024-25"): outcome})
    assert demo_pb.demo_link_indicators() == 1
    link = CpoOutcomeLink.objects.get(cpo=cpo)
    assert link.pb_indicator.pb_outcome == outcome
    assert demo_pb.demo_link_indicators() == 0
