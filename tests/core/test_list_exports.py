# factory_boy's stubs type a factory's call as the factory, not the model it makes:
# mypy: disable-error-code="list-item, attr-defined, arg-type"
"""Every list page exports what it shows (issue 15, point 4): ``?export=csv`` and
``?export=xlsx`` give every row of the filtered list (not one page) with the page's columns,
headers in the reader's language, numbers as numbers, dates as dates, and text that would
run as a formula kept inert. The export is the list view itself, so it holds only what the
user may see: for each page, an Albanian field officer's export has no Kenyan row."""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

import core.pages
from capacity.models import AssessmentRound, TechnicalArea
from capacity.views.assessments import ASSESSMENTS_EXPORT
from capacity.views.interventions import INTERVENTIONS_EXPORT
from capacity.views.needs import NEEDS_EXPORT
from capacity.views.plans import PLANS_EXPORT
from constituents.models import ConstituentType
from constituents.views import CONSTITUENTS_EXPORT, COUNTRIES_EXPORT
from core.exports import Column, ListExport
from evaluation.models import ActionStatus, EvaluationStatus
from evaluation.views import EVALUATIONS_EXPORT, FOLLOW_UP_EXPORT, LEARNING_EXPORTS
from programmes.models import (
    Donor,
    DwcpStatus,
    ExchangeRate,
    FundingAgreement,
    NationalDevelopmentPlan,
    UNFramework,
)
from programmes.services import appraisal as appraisal_services
from programmes.views.appraisal import APPRAISALS_EXPORT
from programmes.views.dwcp import DWCPS_EXPORT
from programmes.views.frameworks import DEVELOPMENT_PLANS_EXPORT, UNFRAMEWORKS_EXPORT
from programmes.views.portfolio import AGREEMENTS_EXPORT, DONORS_EXPORT, RATES_EXPORT
from programmes.views.resources import PROJECTS_EXPORT
from tests.capacity.factories import (
    CapacityAssessmentFactory,
    CapacityNeedFactory,
    InterventionFactory,
    PlanFactory,
)
from tests.constituents.factories import ConstituentFactory
from tests.evaluation.factories import (
    EvaluationFactory,
    FollowUpActionFactory,
    GoodPracticeFactory,
    LessonFactory,
)
from tests.factories import country
from tests.programmes.factories import (
    DwcpFactory,
    ProjectFactory,
    ProjectFundingFactory,
    UNFrameworkFactory,
)
from tests.programmes.factories_appraisal import appraise

# The users are fixtures asked for by name, which pytest-django cannot see: mark the database.
pytestmark = pytest.mark.django_db

PAGE = 3  # rows a page shows in these tests: every export below has more


def hostile(text: str) -> str:
    """A name that a spreadsheet would run as a formula (and that still matches ``text``)."""
    return f'=HYPERLINK("http://attacker.example","{text}")'


def name(i: int, text: str) -> str:
    return hostile(text) if i == 0 else f"{text} {i}"


@dataclass
class Case:
    """A list page: ``make(i)`` records its i-th row the filter ``params`` selects in the
    user's scope (row 0 named with a formula where the page has a free-text name) and gives
    the values its export must show, by column; ``others()`` records rows the export must
    not show (filtered out, or in a country out of the user's scope) and gives their keys."""

    url: str
    user: str
    export: ListExport
    params: dict[str, str]
    make: Callable[[int], dict[int, Any]]
    others: Callable[[], list[str]]
    key: int = 0  # the column that tells the rows apart
    total: Callable[[], int] | None = None  # rows selected besides those made (countries)
    extra: dict[str, str] = field(default_factory=dict)  # query of the page besides filters


def kenya(**kwargs: Any) -> dict[str, Any]:
    return {"country": country("KEN"), **kwargs}


def _evaluation_kenya() -> Any:
    return EvaluationFactory(**kenya(project=ProjectFactory(**kenya())))


# --- the pages --------------------------------------------------------------------------------

def make_country(i: int) -> dict[int, Any]:
    c = list(country("KEN").region.countries.order_by("name"))[i]
    c.ilo_office = name(i, f"Office of {c.iso3}")
    c.save(update_fields=["ilo_office"])
    return {3: c.ilo_office, 1: c.iso3}


def other_countries() -> list[str]:
    albania = country("ALB")  # out of the African field officer's scope
    albania.ilo_office = "Office of ALB"
    albania.save(update_fields=["ilo_office"])
    resident = country("KEN").region.countries.order_by("name").last()
    assert resident is not None
    resident.ilo_office, resident.ilo_resident_in_unct = "Resident office", True  # filtered out
    resident.save(update_fields=["ilo_office", "ilo_resident_in_unct"])
    return [albania.ilo_office, resident.ilo_office]


def make_constituent(i: int) -> dict[int, Any]:
    c = ConstituentFactory(name=name(i, "Union"), type=ConstituentType.WORKERS)
    return {0: c.name, 2: "Albania"}


def other_constituents() -> list[str]:
    return [ConstituentFactory(name="Employers' Union", type=ConstituentType.EMPLOYERS).name,
            ConstituentFactory(name="Kenyan Union", type=ConstituentType.WORKERS,
                               **kenya()).name]


def make_evaluation(i: int) -> dict[int, Any]:
    e = EvaluationFactory(title=name(i, "Evaluation"), planned_end=dt.date(2015, 1, 1 + i))
    return {0: e.title, 6: e.planned_end, 8: 0}


def other_evaluations() -> list[str]:
    return [EvaluationFactory(title="Ongoing", status=EvaluationStatus.IN_PROGRESS).title,
            EvaluationFactory(title="Kenyan", **kenya(project=ProjectFactory(**kenya()))).title]


def learning_case(factory: Any) -> tuple[Callable[[int], dict[int, Any]],
                                         Callable[[], list[str]]]:
    def make(i: int) -> dict[int, Any]:
        item = factory(title=name(i, "Finding"), technical_area=TechnicalArea.OSH)
        return {0: item.title, 2: item.evaluation.title}

    def others() -> list[str]:
        return [factory(title="Other theme", technical_area=TechnicalArea.GOVERNANCE).title,
                factory(title="Kenyan finding", technical_area=TechnicalArea.OSH,
                        evaluation=_evaluation_kenya()).title]
    return make, others


def make_action(i: int) -> dict[int, Any]:
    a = FollowUpActionFactory(description=name(i, "Action"),
                              due_date=dt.date(2016, 1, 1) + dt.timedelta(days=i))
    return {0: a.description, 4: a.due_date}


def other_actions() -> list[str]:
    return [FollowUpActionFactory(description="Under way",
                                  status=ActionStatus.IN_PROGRESS).description]


def make_appraisal(i: int) -> dict[int, Any]:
    dwcp = DwcpFactory(title=name(i, "Draft DWCP"), status=DwcpStatus.QUALITY_APPRAISAL,
                       start_year=2000 + 5 * i, end_year=2004 + 5 * i)
    a = appraisal_services.appraisal_start(user=None, dwcp=dwcp,
                                           started_on=dt.date(2020, 1, 1 + i))
    return {1: dwcp.title, 3: a.started_on, 8: 0}


def other_appraisals() -> list[str]:
    done = DwcpFactory(title="Appraised DWCP", status=DwcpStatus.QUALITY_APPRAISAL,
                       start_year=1990, end_year=1994)
    appraise(dwcp=done)
    kenyan = DwcpFactory(title="Kenyan DWCP", status=DwcpStatus.QUALITY_APPRAISAL, **kenya())
    appraisal_services.appraisal_start(user=None, dwcp=kenyan)
    return [done.title, kenyan.title]


def make_project(i: int) -> dict[int, Any]:
    p = ProjectFactory(title=name(i, "Project"), funding_source="xbtc")
    ProjectFundingFactory(project=p, allocation=Decimal(1000 + i), expenditure=Decimal(250))
    return {1: p.title, 7: p.start_date, 10: 1000 + i, 11: 250,
            12: round(25000 / (1000 + i), 2)}  # the delivery rate, in per cent


def other_projects() -> list[str]:
    return [ProjectFactory(title="Regular budget", funding_source="rbtc").title,
            ProjectFactory(title="Kenyan project", funding_source="xbtc", **kenya()).title]


def make_unframework(i: int) -> dict[int, Any]:
    f = UNFrameworkFactory(title=name(i, "UNDAF"), start_year=2000 + i, end_year=2004 + i)
    return {0: f.title, 4: f.start_year, 6: 0}


def other_unframeworks() -> list[str]:
    return [UNFrameworkFactory(title="Cooperation",
                               kind=UNFramework.Kind.COOPERATION_FRAMEWORK).title,
            UNFrameworkFactory(title="Kenyan UNDAF", **kenya()).title]


def make_plan(i: int) -> dict[int, Any]:
    p = NationalDevelopmentPlan.objects.create(country=country("ALB"), title=name(i, "Growth"),
                                               start_year=2010 + i, end_year=2015 + i)
    return {0: p.title, 3: p.start_year}


def other_plans() -> list[str]:
    return [NationalDevelopmentPlan.objects.create(country=country("ALB"), title="Other",
                                                   start_year=2010, end_year=2015).title,
            NationalDevelopmentPlan.objects.create(country=country("KEN"), title="Kenyan Growth",
                                                   start_year=2010, end_year=2015).title]


def _agreement(donor: Donor, i: int, title: str, year: int = 2014) -> FundingAgreement:
    return FundingAgreement.objects.create(
        donor=donor, reference=f"AGR-{title}-{i}", title=title,
        approval_date=dt.date(year, 3, 1), amount=Decimal("1234.56") + i, currency="EUR",
        rate=Decimal("0.812345"), amount_usd=Decimal("1519.75") + i)


def make_donor(i: int) -> dict[int, Any]:
    d = Donor.objects.create(name=name(i, "Donor"), category="multi_bilateral")
    _agreement(d, i, d.name)
    return {0: d.name, 4: 1, 5: 1519.75 + i}


def other_donors() -> list[str]:
    return [Donor.objects.create(name="UN agency", category="un_system").name]


def make_agreement(i: int) -> dict[int, Any]:
    donor, _ = Donor.objects.get_or_create(name="Norway", category="multi_bilateral")
    a = _agreement(donor, i, name(i, "Agreement"))
    return {1: a.title, 5: a.approval_date, 9: 1234.56 + i, 11: 0.812345, 12: 1519.75 + i}


def other_agreements() -> list[str]:
    donor, _ = Donor.objects.get_or_create(name="Norway", category="multi_bilateral")
    return [_agreement(donor, 0, "Approved in 2015", year=2015).title]


def make_rate(i: int) -> dict[int, Any]:
    r = ExchangeRate.objects.create(currency="EUR", month=dt.date(2010 + i, 1, 1),
                                    units_per_usd=Decimal("0.812345"))
    return {1: r.month, 2: 0.812345}


def other_rates() -> list[str]:
    return [ExchangeRate.objects.create(currency="CHF", month=dt.date(2030, 1, 1),
                                        units_per_usd=Decimal("0.9")).month.isoformat()]


def make_dwcp(i: int) -> dict[int, Any]:
    d = DwcpFactory(title=name(i, "Programme"), start_year=1990 + 5 * i, end_year=1994 + 5 * i)
    return {0: d.title, 3: d.start_year}


def other_dwcps() -> list[str]:
    return [DwcpFactory(title="Signed", status=DwcpStatus.ACTIVE, start_year=2100,
                        end_year=2104).title,
            DwcpFactory(title="Kenyan Programme", **kenya()).title]


def make_intervention(i: int) -> dict[int, Any]:
    item = InterventionFactory(title=name(i, "Workshop"), start_date=dt.date(2014, 5, 1 + i))
    return {0: item.title, 6: item.start_date}


def other_interventions() -> list[str]:
    return [InterventionFactory(title="Seminar").title,
            InterventionFactory(title="Kenyan Workshop", **kenya()).title]


def make_need(i: int) -> dict[int, Any]:
    need = CapacityNeedFactory(description=name(i, "Need"), priority="high")
    return {0: need.description, 1: need.constituent.name}


def other_needs() -> list[str]:
    return [CapacityNeedFactory(description="Low need", priority="low").description,
            CapacityNeedFactory(description="Kenyan need", priority="high",
                                constituent=ConstituentFactory(**kenya())).description]


def make_assessment(i: int) -> dict[int, Any]:
    a = CapacityAssessmentFactory(constituent=ConstituentFactory(name=name(i, "Assessed")),
                                  date=dt.date(2014, 3, 1 + i))
    return {0: a.constituent.name, 4: a.date}


def other_assessments() -> list[str]:
    return [CapacityAssessmentFactory(constituent=ConstituentFactory(name="Followed up"),
                                      round=AssessmentRound.FOLLOW_UP).constituent.name,
            CapacityAssessmentFactory(constituent=ConstituentFactory(
                name="Kenyan assessed", **kenya())).constituent.name]


def make_capacity_plan(i: int) -> dict[int, Any]:
    p = PlanFactory(title=name(i, "Plan"))
    return {0: p.title, 3: p.start_date, 5: 0}


def other_capacity_plans() -> list[str]:
    return [PlanFactory(title="Agreed plan", status="agreed").title,
            PlanFactory(title="Kenyan plan", constituent=ConstituentFactory(**kenya())).title]


lessons = learning_case(LessonFactory)
practices = learning_case(GoodPracticeFactory)

CASES = {
    "countries": Case("constituents:country-list", "field_user_africa", COUNTRIES_EXPORT,
                      {"ilo_resident_in_unct": "false"}, make_country, other_countries, key=3,
                      total=lambda: country("KEN").region.countries.filter(
                          ilo_resident_in_unct=False).count()),
    "constituents": Case("constituents:constituent-list", "field_user", CONSTITUENTS_EXPORT,
                         {"type": "workers"}, make_constituent, other_constituents),
    "evaluations": Case("evaluation:evaluation-list", "field_user", EVALUATIONS_EXPORT,
                        {"status": "planned"}, make_evaluation, other_evaluations),
    "lessons": Case("evaluation:learning", "field_user", LEARNING_EXPORTS["lessons"],
                    {"theme": "osh"}, *lessons, extra={"kind": "lessons"}),
    "good-practices": Case("evaluation:learning", "field_user",
                           LEARNING_EXPORTS["good_practices"], {"theme": "osh"}, *practices,
                           extra={"kind": "good_practices"}),
    "follow-up": Case("evaluation:follow-up", "manager_user", FOLLOW_UP_EXPORT,
                      {"status": "not_started"}, make_action, other_actions),
    "appraisals": Case("programmes:appraisal-list", "field_user", APPRAISALS_EXPORT,
                       {"outcome": "in_progress"}, make_appraisal, other_appraisals, key=1),
    "projects": Case("programmes:project-list", "field_user", PROJECTS_EXPORT,
                     {"funding_source": "xbtc"}, make_project, other_projects, key=1),
    "un-frameworks": Case("programmes:unframework-list", "field_user", UNFRAMEWORKS_EXPORT,
                          {"kind": "undaf"}, make_unframework, other_unframeworks),
    "development-plans": Case("programmes:development-plan-list", "field_user",
                              DEVELOPMENT_PLANS_EXPORT, {"q": "growth"}, make_plan,
                              other_plans),
    "donors": Case("programmes:donor-list", "field_user", DONORS_EXPORT,
                   {"category": "multi_bilateral"}, make_donor, other_donors),
    "agreements": Case("programmes:agreement-list", "field_user", AGREEMENTS_EXPORT,
                       {"year": "2014"}, make_agreement, other_agreements, key=1),
    "rates": Case("programmes:exchange-rate-list", "field_user", RATES_EXPORT,
                  {"currency": "EUR"}, make_rate, other_rates, key=1),
    "dwcps": Case("programmes:dwcp-list", "field_user", DWCPS_EXPORT,
                  {"status": "in_preparation"}, make_dwcp, other_dwcps),
    "interventions": Case("capacity:intervention-list", "field_user", INTERVENTIONS_EXPORT,
                          {"q": "workshop"}, make_intervention, other_interventions),
    "needs": Case("capacity:need-list", "field_user", NEEDS_EXPORT, {"priority": "high"},
                  make_need, other_needs),
    "assessments": Case("capacity:assessment-list", "field_user", ASSESSMENTS_EXPORT,
                        {"round": "baseline"}, make_assessment, other_assessments),
    "capacity-plans": Case("capacity:plan-list", "field_user", PLANS_EXPORT,
                           {"status": "draft"}, make_capacity_plan, other_capacity_plans),
}


@pytest.fixture
def small_pages(monkeypatch):
    """Pages of PAGE rows, so that a few rows already make several pages."""
    monkeypatch.setattr(core.pages, "Paginator",
                        lambda items, size: Paginator(items, PAGE))


def _get(client, case: Case, file_format: str, **headers: str):
    return client.get(reverse(case.url),
                      {**case.extra, **case.params, "export": file_format}, **headers)


def _csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx(response):
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml")
    return load_workbook(io.BytesIO(response.content)).active


def _headers(export: ListExport, language: str) -> list[str]:
    with translation.override(language):
        return export.headers()


def _same(cell: Any, expected: Any) -> bool:
    if isinstance(expected, dt.date):
        return isinstance(cell, dt.datetime) and cell.date() == expected
    if isinstance(expected, (int, float, Decimal)):
        return isinstance(cell, (int, float)) and abs(cell - float(expected)) < 1e-6
    return cell == expected


@pytest.mark.parametrize("slug", list(CASES))
def test_the_export_is_every_filtered_row_the_user_may_see(slug, client, request, small_pages):
    case = CASES[slug]
    user = request.getfixturevalue(case.user)
    client.force_login(user)
    unseen = case.others()
    made = [case.make(i) for i in range(PAGE + 2)]
    expected_count = case.total() if case.total else len(made)
    assert expected_count > PAGE

    page = client.get(reverse(case.url), {**case.extra, **case.params})
    assert page.status_code == 200 and len(page.context["page_obj"]) == PAGE
    links = page.context["export_urls"]
    assert set(links) == {"csv", "xlsx"} and all(
        f"{key}={value}" in links["csv"] for key, value in case.params.items())
    assert "Download CSV" in page.content.decode() and "page=" not in links["csv"]

    # CSV, in French: every row (not one page), French headers, the formula neutralized.
    response = _get(client, case, "csv", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    today = dt.date.today().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="{case.export.name}-{today}.csv"')
    header, *rows = _csv_rows(response)
    assert header == _headers(case.export, "fr") != _headers(case.export, "en")
    assert len(rows) == expected_count
    keys = [row[case.key] for row in rows]
    for values in made:
        text = values[case.key]
        text = text.isoformat() if isinstance(text, dt.date) else text
        text = "'" + text if text.startswith("=") else text
        # A title not translated into French is its original marked "(Anglais)".
        assert any(key == text or key.startswith(text + " (") for key in keys), (text, keys)
    assert not set(unseen) & set(keys), "a row filtered out or out of scope was exported"

    # xlsx: the same rows, values as the database has them (numbers and dates typed).
    sheet = _xlsx(_get(client, case, "xlsx"))
    lines = list(sheet.iter_rows())
    assert [c.value for c in lines[0]] == _headers(case.export, "en")
    by_key = {str(line[case.key].value.date() if isinstance(line[case.key].value, dt.datetime)
                  else line[case.key].value): line for line in lines[1:]}
    assert len(lines) - 1 == expected_count and not set(unseen) & set(by_key)
    for values in made:
        key = values[case.key]
        line = by_key[key.isoformat() if isinstance(key, dt.date) else key]
        for column, value in values.items():
            assert _same(line[column].value, value), (column, line[column].value, value)
            if isinstance(value, str) and value.startswith("="):
                assert line[column].data_type == "s"  # text, never a formula


@pytest.mark.parametrize("slug", list(CASES))
def test_an_export_takes_as_many_queries_whatever_its_rows(slug, client, request):
    case = CASES[slug]
    client.force_login(request.getfixturevalue(case.user))
    case.others()
    made = [case.make(i) for i in range(2)]

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert _get(client, case, "xlsx").status_code == 200
        return len(queries)

    few = count()
    made += [case.make(i) for i in range(2, 6)]
    assert count() == few


def test_headers_follow_the_language_saved_on_the_account(client, field_user):
    field_user.language = "es"
    field_user.save(update_fields=["language"])
    client.force_login(field_user)
    make_constituent(1)
    sheet = _xlsx(client.get(reverse("constituents:constituent-list"), {"export": "xlsx"}))
    assert [c.value for c in next(sheet.iter_rows())] == _headers(CONSTITUENTS_EXPORT, "es")


def test_a_page_without_the_user_s_scope_exports_nothing_of_it(client, field_user):
    """The export is the page: a Kenyan organization asked for by its country is not there."""
    ConstituentFactory(name="Kenyan Union", **kenya())
    client.force_login(field_user)
    response = client.get(reverse("constituents:constituent-list"),
                          {"country": "KEN", "export": "csv"})
    assert response.status_code == 200
    assert "Kenyan Union" not in response.content.decode("utf-8-sig")


def test_negative_numbers_stay_numbers_and_formulas_are_neutralized():
    export = ListExport("figures", [Column("Name", "name"), Column("Change", "change"),
                                    Column("Rate", "rate", places=1),
                                    Column("Active", "active"), Column("On", "on")])

    @dataclass
    class Row:
        name: str
        change: Any
        rate: Any
        active: bool
        on: dt.date

    rows = [Row("-ALB101", -250000, Decimal("-12.345"), True, dt.date(2014, 3, 1)),
            Row("@SUM(A1)", Decimal("-1.5"), None, False, dt.date(2015, 1, 1))]
    text = export.csv_bytes(rows).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1:] == [
        ["'-ALB101", "-250000", "-12.3", "Yes", "2014-03-01"],
        ["'@SUM(A1)", "-1.5", "", "No", "2015-01-01"]]
    sheet = load_workbook(io.BytesIO(export.xlsx_bytes(rows))).active
    first, second = list(sheet.iter_rows())[1:]
    assert first[0].value == "-ALB101" and first[0].data_type == "s"
    assert first[1].value == -250000 and first[1].data_type == "n"
    assert first[2].value == pytest.approx(-12.345) and first[2].number_format == "0.0"
    assert first[4].value == dt.datetime(2014, 3, 1) and first[4].is_date
    assert second[0].data_type == "s" and second[1].value == -1.5 and second[2].value is None


def test_no_list_filter_is_named_like_the_export_parameter(client, admin_user):
    """``export`` answers the file on every list page, so no filter may use the name (the
    list page refuses such a page rather than hiding a filter)."""
    client.force_login(admin_user)
    for case in CASES.values():
        response = client.get(reverse(case.url), case.extra)
        assert response.status_code == 200
        assert "export" not in getattr(response.context["filter"], "filters", {})


def test_an_unknown_export_format_shows_the_page(client, field_user):
    client.force_login(field_user)
    response = client.get(reverse("programmes:dwcp-list"), {"export": "pdf"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
