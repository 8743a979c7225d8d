"""The development cooperation statistical tables (issue 14, point 5): computed by the worker
into a snapshot, read as tables in the Office's shapes [seeds/003 Tables V.1, V.2, Annexes 1
and 2], shown as pages with their xlsx, through the API and in the biennial report."""
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from core.models import TaskRun
from core.numbers import rounded
from core.roles import Role
from programmes.models import (
    Biennium,
    CpoOutcomeLink,
    Donor,
    DonorCategory,
    FigureTable,
    FundingAgreement,
    PBOutcome,
    PortfolioFigure,
    PortfolioSnapshot,
    ProjectPbLink,
)
from programmes.selectors import portfolio_figures as figures
from programmes.selectors.portfolio_figures import Period
from programmes.services import portfolio_figures as service
from tests.factories import UserFactory, country, region
from tests.programmes.factories import CpoFactory
from tests.programmes.factories_resources import funded_project, link

pytestmark = pytest.mark.django_db

D = Decimal
AS_OF = dt.date(2024, 6, 30)
_counter = {"n": 0}


def one(value, places=1):
    return rounded(value, places)


def _donor(name, category):
    return Donor.objects.get_or_create(name=name, defaults={"category": category})[0]


def approve(donor, year, usd, *, local=False, project=None, month=6):
    _counter["n"] += 1
    return FundingAgreement.objects.create(
        donor=donor, project=project, reference=f"AGR-{_counter['n']}", title="Agreement",
        approval_date=dt.date(year, month, 1), amount=D(usd), amount_usd=D(usd),
        locally_mobilized=local)


def compute(as_of=AS_OF):
    return service.portfolio_figures_recompute_all(as_of=as_of)


# --- Table V.1 [seeds/003 ¶154, Table V.1] ----------------------------------------------------

# Yearly approvals (US$'000) whose averages are those of Table V.1: 1995–99 United Nations
# 29 895, multi-bilateral 72 415, other sources 3 446 (direct trust funds, non-state actors,
# international financial institutions, European Union); 2000–04 9 130, 137 576, 7 065.
V1_APPROVALS = {
    ("UNDP", DonorCategory.UN_SYSTEM): {
        1995: 40000, 1996: 35000, 1997: 30000, 1998: 25000, 1999: 19475,
        2000: 10000, 2001: 9000, 2002: 9000, 2003: 9000, 2004: 8650},
    ("United States", DonorCategory.MULTI_BILATERAL): {
        1995: 50000, 1996: 50000, 1997: 50000, 1998: 50000, 1999: 50000,
        2000: 100000, 2001: 100000, 2002: 100000, 2003: 100000, 2004: 100000},
    ("Netherlands", DonorCategory.MULTI_BILATERAL): {
        1995: 22415, 1996: 22415, 1997: 22415, 1998: 22415, 1999: 22415,
        2000: 37576, 2001: 37576, 2002: 37576, 2003: 37576, 2004: 37576},
    ("Trust fund", DonorCategory.DIRECT_TRUST): dict.fromkeys(range(1995, 2000), 1000)
    | dict.fromkeys(range(2000, 2005), 2000),
    ("Foundation", DonorCategory.NON_STATE): dict.fromkeys(range(1995, 2000), 1000)
    | dict.fromkeys(range(2000, 2005), 2000),
    ("Development bank", DonorCategory.IFI): dict.fromkeys(range(1995, 2000), 446)
    | dict.fromkeys(range(2000, 2005), 1065),
    ("European Commission", DonorCategory.EUROPEAN_UNION): dict.fromkeys(range(1995, 2000),
                                                                         1000)
    | dict.fromkeys(range(2000, 2005), 2000),
}
FIRST, SECOND = Period(1995, 1999), Period(2000, 2004)


@pytest.fixture
def table_v1():
    for (name, category), years in V1_APPROVALS.items():
        donor = _donor(name, category)
        for year, thousands in years.items():
            approve(donor, year, thousands * 1000)
    return compute()


def test_table_v1_reproduces_the_seed_shares_and_changes(table_v1):
    grid = figures.approvals_by_source(table_v1, FIRST, SECOND)
    labels = [row.cells[0] for row in grid.rows]
    assert labels == ["United Nations system", "Multi-bilateral donors", "Other sources"]
    averages = {label: (grid.value(label, 1), grid.value(label, 3)) for label in labels}
    assert averages["United Nations system"] == (D(29895000), D(9130000))
    assert averages["Multi-bilateral donors"] == (D(72415000), D(137576000))
    assert averages["Other sources"] == (D(3446000), D(7065000))
    # Shares to one decimal, half away from zero, and % change [seeds/003 Table V.1].
    expected = {"United Nations system": ("28.3", "5.9", "-69.5"),
                "Multi-bilateral donors": ("68.5", "89.5", "90.0"),
                "Other sources": ("3.3", "4.6", "105.0"),
                "Total": ("100.0", "100.0", "45.4")}
    for label, (first_share, second_share, change) in expected.items():
        assert one(grid.value(label, 2)) == D(first_share), label
        assert one(grid.value(label, 4)) == D(second_share), label
        assert one(grid.value(label, 5)) == D(change), label
    assert grid.value("Total", 1) == D(105756000)
    assert grid.note == ("Other sources: Direct trust funds, Non-state actors, International "
                         "financial institutions, European Union.")
    assert "1995–99" in grid.caption and "2000–04" in grid.caption
    assert "30 June 2024" in grid.caption


def test_table_v1_on_the_page_and_in_the_xlsx(client, manager_user, table_v1):
    client.force_login(manager_user)
    url = reverse("programmes:portfolio-table", args=["approvals"])
    html = client.get(url, {"first": "1995-1999", "second": "2000-2004"}).content.decode()
    for figure in ("28.3", "68.5", "3.3", "5.9", "89.5", "4.6", "-69.5", "+90.0", "+105.0",
                   "+45.4", "29,895,000", "153,771,000"):
        assert figure in html, figure
    assert "1995–99 and 2000–04" in html and "30 June 2024" in html
    response = client.get(reverse("programmes:portfolio-table-xlsx", args=["approvals"]),
                          {"first": "1995-1999", "second": "2000-2004"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert "1995–99 and 2000–04" in rows[0][0]
    by_label = {r[0]: r for r in rows[2:]}
    assert one(by_label["United Nations system"][2]) == D("28.3")
    assert one(by_label["Other sources"][5]) == D("105.0")
    assert one(by_label["Total"][5]) == D("45.4")
    assert sheet.cell(row=3, column=3).number_format == "0.0"


def test_annex_2_approvals_by_donor(table_v1):
    grid = figures.approvals_by_donor(table_v1, SECOND)
    assert [c.label for c in grid.columns][1:6] == ["2000", "2001", "2002", "2003", "2004"]
    group_labels = [r.cells[0] for r in grid.rows if r.group]
    assert group_labels[:2] == ["United Nations system", "Multi-bilateral donors"]
    assert grid.value("United States", 6) == D(500000000)
    assert grid.value("United States", 7) == D(100000000)
    assert one(grid.value("United States", 8)) == one(D(100000) * 100 / D(153771))


# --- V.2, Annex 1, delivery, outcomes ---------------------------------------------------------

@pytest.fixture
def portfolio():
    """Expenditure 2020: ALB (Europe) 300, regional Africa 100, interregional 600; 2021:
    ALB 200, Africa 300, interregional 500. Allocations 2020: 400, 200, 600; 2021: 400, 300,
    1000."""
    alb = funded_project(code="ALB/20/01", years={2020: ("400", "300"), 2021: ("400", "200")},
                         funding_source="xbtc", office="CO-Budapest",
                         assistance_type="training")
    africa = funded_project(code="RAF/20/01", country=None, scope="regional",
                            region=region("AF"), funding_source="rbsa", office="RO-Africa",
                            years={2020: ("200", "100"), 2021: ("300", "300")})
    glob = funded_project(code="GLO/20/01", country=None, scope="interregional",
                          funding_source="xbtc", office="",
                          years={2020: ("600", "600"), 2021: ("1000", "500")})
    un, norway = _donor("UNDP", DonorCategory.UN_SYSTEM), _donor("Norway", "multi_bilateral")
    approve(un, 2020, 1000, local=True, project=alb)
    approve(un, 2021, 3000, project=glob)
    approve(norway, 2021, 6000, local=True, project=glob)
    return {"alb": alb, "africa": africa, "global": glob}


def test_v2_shares_by_region_include_interregional(portfolio):
    grid = figures.expenditure_by_region(compute(), None, Period(2020, 2021))
    assert [r.cells[0] for r in grid.rows] == ["Africa", "Europe and Central Asia",
                                              "Interregional"]
    # 2020: 100, 300, 600 of 1000; 2021: 300, 200, 500 of 1000; average 200, 250, 550.
    assert [one(c) for c in grid.rows[0].cells[1:]] == [D("10.0"), D("30.0"), D("20.0")]
    assert [one(c) for c in grid.rows[2].cells[1:]] == [D("60.0"), D("50.0"), D("55.0")]
    assert grid.total == ["Total", D(100), D(100), D(100)]


def test_locally_mobilized_share_by_donor_category(portfolio):
    grid = figures.local_mobilization(compute(), Period(2020, 2021))
    # UN 4000, of which 1000 local; multi-bilateral 6000, all local.
    assert grid.value("United Nations system", 1) == D(4000)
    assert one(grid.value("United Nations system", 2)) == D("40.0")
    assert grid.value("United Nations system", 3) == D(1000)
    assert one(grid.value("United Nations system", 4)) == D("14.3")
    assert one(grid.value("United Nations system", 5)) == D("25.0")
    assert one(grid.value("Multi-bilateral donors", 5)) == D("100.0")
    assert one(grid.value("Total", 5)) == D("70.0")


def test_delivery_rates_by_region_source_and_office(portfolio):
    snapshot = compute()
    period = Period(2020, 2021)
    by_region = figures.delivery_by_region(snapshot, None, period)
    assert by_region.value("Africa", 1) == D(500) and by_region.value("Africa", 2) == D(400)
    assert one(by_region.value("Africa", 3)) == D("80.0")
    assert one(by_region.value("Interregional", 3)) == D("68.8")  # 1100 / 1600
    assert one(by_region.value("Total", 3)) == D("69.0")  # 2000 / 2900
    by_source = figures.delivery_by_source(snapshot, None, period)
    assert one(by_source.value("Regular Budget Supplementary Account (RBSA)", 3)) == D("80.0")
    assert one(by_source.value("Extra-budgetary / voluntary (XBTC)", 3)) == D("66.7")
    by_office = figures.delivery_by_office(snapshot, None, period)
    assert one(by_office.value("CO-Budapest", 3)) == D("62.5")
    assert one(by_office.value("Not specified", 3)) == D("68.8")


def test_expenditure_by_donor_category_follows_the_agreements(portfolio):
    grid = figures.expenditure_by_category(compute(), None, Period(2020, 2021))
    # ALB: all UN (500); global: 3/9 UN, 6/9 Norway of 1100; Africa: no agreement (400).
    assert grid.value("United Nations system", 3) == (D(500) + D("366.67")) / 2
    assert grid.value("Without a funding agreement (regular budget)", 3) == D(200)
    assert grid.value("Total", 3) == D(1000)


def test_expenditure_by_outcome_direct_links_then_through_cpos(portfolio):
    biennium = Biennium.objects.get(code="2020-21")
    outcomes = list(PBOutcome.objects.filter(framework=biennium.framework).order_by("id")[:2])
    # The global project serves outcome 1 directly for 40 per cent.
    ProjectPbLink.objects.create(project=portfolio["global"], pb_outcome=outcomes[0], share=40)
    # The Albanian project serves a CPO (50 per cent) linked to outcome 2 in 2020–21.
    cpo = CpoFactory()
    link(portfolio["alb"], cpo, "50")
    CpoOutcomeLink.objects.create(cpo=cpo, biennium=biennium, pb_outcome=outcomes[1])
    grid = figures.expenditure_by_outcome(compute(), None, Period(2020, 2021))
    first, second = (f"{biennium.framework.code} – {o.code}. {o.title}" for o in outcomes)
    assert grid.value(first, 3) == D(1100) * 40 / 100 / 2  # 220
    assert grid.value(second, 3) == D(500) * 50 / 100 / 2  # 125
    assert grid.value("Not attributed to a P&B outcome", 3) == D(1000) - 220 - 125
    assert grid.value("Total", 3) == D(1000)


def test_expenditure_by_type_of_assistance(portfolio):
    grid = figures.expenditure_by_assistance(compute(), None, Period(2020, 2021))
    assert grid.value("Training, fellowships and seminars", 3) == D(250)
    assert grid.value("Not specified", 3) == D(750)


# --- resource gaps ----------------------------------------------------------------------------

def test_resource_gap_per_cpo_and_p_and_b_outcome_and_share_filled():
    biennia = list(Biennium.objects.filter(code__in=["2012-13", "2014-15"]).order_by(
        "start_year"))
    outcome = PBOutcome.objects.filter(framework=biennia[0].framework).order_by("id").first()
    short = CpoFactory(code="ALB101", planned_resources=D("1000"))
    over = CpoFactory(code="ALB102", planned_resources=D("500"))
    link(funded_project(code="P1", years={2013: ("400", "100")}), short)
    link(funded_project(code="P2", years={2013: ("900", "100")}), over)
    # The first CPO is linked to the outcome in both biennia (1/2 each), the second in one.
    for b in biennia:
        CpoOutcomeLink.objects.create(cpo=short, biennium=b, pb_outcome=outcome)
    CpoOutcomeLink.objects.create(cpo=over, biennium=biennia[0], pb_outcome=outcome)
    snapshot = compute()
    cpos = figures.gaps_by_cpo(snapshot)
    row = next(r.cells for r in cpos.rows if r.cells[0].startswith("ALB101"))
    assert row[1:4] == [D(1000), D(400), D(600)]
    assert one(row[4]) == D("40.0")
    row = next(r.cells for r in cpos.rows if r.cells[0].startswith("ALB102"))
    assert row[3] == D(-400) and one(row[4]) == D("100.0")
    by_outcome = figures.gaps_by_outcome(snapshot)
    cells = next(r.cells for r in by_outcome.rows if not r.group)
    assert cells[1:4] == [D(1000) + D(500), D(400) + D(900), D(200)]
    filled = figures.gaps_filled(snapshot)
    # Σ min(available, planned) / Σ planned = (400 + 500) / 1500.
    assert filled.value("Europe and Central Asia", 3) == D(900)
    assert one(filled.value("Total", 4)) == D("60.0")


# --- the snapshot, the task, the command ------------------------------------------------------

def test_a_new_computation_replaces_the_snapshot_readers_see_one_set(portfolio):
    first = compute(dt.date(2024, 1, 31))
    second = compute(dt.date(2024, 2, 29))
    assert figures.current_snapshot() == second
    assert not PortfolioSnapshot.objects.filter(pk=first.pk).exists()
    assert not PortfolioFigure.objects.filter(snapshot_id=first.pk).exists()
    assert PortfolioSnapshot.objects.filter(is_current=True).count() == 1


def test_writes_queue_a_recompute_after_commit(portfolio, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        service.portfolio_recompute_after_commit()
        service.portfolio_recompute_after_commit()
    run = TaskRun.objects.get(name="programmes.compute_portfolio")
    assert run.status == TaskRun.Status.SUCCEEDED
    assert run.counts["expenditure_region"] == 6
    assert figures.current_snapshot() is not None


def test_paused_writes_queue_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), service.recompute_paused():
        service.portfolio_recompute_after_commit()
    assert not TaskRun.objects.filter(name="programmes.compute_portfolio").exists()


def test_compute_portfolio_command(portfolio, capsys):
    call_command("compute_portfolio", "--as-of", "2024-01-31")
    assert "Development cooperation figures computed as of 2024-01-31" in capsys.readouterr().out
    assert figures.current_snapshot().as_of == dt.date(2024, 1, 31)


def test_nightly_in_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "programmes.compute_portfolio" in tasks


def test_default_periods_from_the_data(portfolio):
    approve(_donor("UNDP", DonorCategory.UN_SYSTEM), 2012, 10)
    first, second = figures.default_periods(compute(dt.date(2024, 3, 1)))
    assert (first, second) == (Period(2014, 2017), Period(2018, 2021))
    assert figures.default_periods(None) == (None, None)


@pytest.mark.parametrize(("text", "period"), [
    ("2016-2019", Period(2016, 2019)), ("2016–19", Period(2016, 2019)),
    ("2020", Period(2020, 2020)),
    ("2019-2016", None), ("abc", None), ("", None), ("1999-01", None)])
def test_parse_period(text, period):
    assert figures.parse_period(text) == period


# --- pages ------------------------------------------------------------------------------------

def _partnerships_user():
    return UserFactory(username="pardev", role=Role.PARTNERSHIPS)


@pytest.mark.parametrize("who", ["manager", "admin", "field", "partnerships"])
def test_pages_are_shown_to_managers_partnerships_officers_field_staff_and_admins(
        client, who, manager_user, admin_user, field_user, portfolio):
    user = {"manager": manager_user, "admin": admin_user, "field": field_user,
            "partnerships": None}[who] or _partnerships_user()
    compute()
    client.force_login(user)
    assert client.get(reverse("programmes:portfolio-index")).status_code == 200
    for slug in figures.TABLES:
        assert client.get(reverse("programmes:portfolio-table", args=[slug])).status_code == 200


def test_specialists_may_not_see_the_tables(client, actemp_user):
    client.force_login(actemp_user)
    assert client.get(reverse("programmes:portfolio-index")).status_code == 403
    assert client.get(reverse("programmes:portfolio-table-xlsx",
                              args=["approvals"])).status_code == 403


def test_before_the_first_computation_the_pages_say_so(client, manager_user):
    client.force_login(manager_user)
    html = client.get(reverse("programmes:portfolio-table", args=["approvals"])).content.decode()
    assert "have not been computed yet" in html
    assert client.get(reverse("programmes:portfolio-table-xlsx",
                              args=["approvals"])).status_code == 404
    assert client.get(reverse("programmes:portfolio-table", args=["nope"])).status_code == 404


def test_a_bad_period_is_a_form_error_not_a_500(client, manager_user, portfolio):
    compute()
    client.force_login(manager_user)
    url = reverse("programmes:portfolio-table", args=["approvals"])
    response = client.get(url, {"first": "20x0", "second": "2020-2021"})
    assert response.status_code == 200
    assert "Write a period as its first and last years" in response.content.decode()
    response = client.get(url, {"first": "2020-2021", "second": "2018-2019"})
    assert "The second period must start after the first ends." in response.content.decode()


def test_every_page_names_its_period_and_as_of_date(client, manager_user, portfolio):
    compute(dt.date(2024, 3, 1))
    client.force_login(manager_user)
    for slug in figures.TABLES:
        html = client.get(reverse("programmes:portfolio-table", args=[slug]),
                          {"second": "2020-2021"}).content.decode()
        assert "as of 1 March 2024" in html, slug
        if slug != "gaps":
            assert "2020–21" in html, slug


def _more_data(n):
    for i in range(n):
        donor = _donor(f"Donor {i}", list(DonorCategory)[i % 5])
        project = funded_project(code=f"MORE/{i}", country=country("KEN"),
                                 office=f"Office {i}", years={2020: ("100", "50")})
        approve(donor, 2020, 100 + i, project=project, local=bool(i % 2))
        link(project, CpoFactory(code=f"KEN{i}"))


@pytest.mark.parametrize("slug", list(figures.TABLES))
def test_query_count_of_each_page_is_constant(client, manager_user, portfolio, slug,
                                              django_assert_max_num_queries):
    client.force_login(manager_user)
    url = reverse("programmes:portfolio-table", args=[slug])
    compute()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _more_data(6)
    compute()
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200


def test_xlsx_of_every_page_opens_with_the_same_figures(client, manager_user, portfolio):
    snapshot = compute()
    client.force_login(manager_user)
    for slug in figures.TABLES:
        response = client.get(reverse("programmes:portfolio-table-xlsx", args=[slug]),
                              {"second": "2020-2021"})
        book = load_workbook(io.BytesIO(response.content))
        grids = figures.grid(slug, snapshot, *_periods(None, Period(2020, 2021), snapshot))
        assert len(book.worksheets) == len(grids)
        for sheet, grid in zip(book.worksheets, grids, strict=True):
            rows = list(sheet.iter_rows(values_only=True))
            assert rows[0][0] == grid.caption
            for printed, row in zip(rows[2:], grid.rows, strict=False):
                assert list(printed[:len(row.cells)]) == [
                    pytest.approx(float(c)) if isinstance(c, Decimal) else c
                    for c in row.cells]


def _periods(first, second, snapshot):
    default_first, _d = figures.default_periods(snapshot)
    return (first or default_first), second


def test_the_tables_are_a_tab_of_the_development_cooperation_pages(client, manager_user):
    client.force_login(manager_user)
    html = client.get(reverse("home")).content.decode()
    assert reverse("programmes:donor-list") in html  # the menu's "Development cooperation"
    html = client.get(reverse("programmes:donor-list")).content.decode()
    assert reverse("programmes:portfolio-index") in html


# --- API --------------------------------------------------------------------------------------

def test_api_lists_and_reads_tables(api_client, manager_user, table_v1):
    api_client.force_authenticate(manager_user)
    listed = api_client.get("/api/v1/portfolio-figures/").json()
    assert listed["snapshot"]["as_of"] == "2024-06-30"
    assert "approvals" in {t["slug"] for t in listed["tables"]}
    body = api_client.get("/api/v1/portfolio-figures/approvals/",
                          {"first": "1995-1999", "second": "2000-2004"}).json()
    v1 = body["grids"][0]
    assert body["periods"] == ["1995-1999", "2000-2004"]
    un = next(r["cells"] for r in v1["rows"] if r["cells"][0] == "United Nations system")
    assert one(D(str(un[2]))) == D("28.3") and one(D(str(un[5]))) == D("-69.5")


def test_api_refuses_bad_periods_and_specialists(api_client, manager_user, actemp_user,
                                                 table_v1):
    api_client.force_authenticate(manager_user)
    response = api_client.get("/api/v1/portfolio-figures/approvals/", {"first": "x"})
    assert response.status_code == 400 and "first" in response.json()
    assert api_client.get("/api/v1/portfolio-figures/nope/").status_code == 404
    api_client.force_authenticate(actemp_user)
    assert api_client.get("/api/v1/portfolio-figures/").status_code == 403


def test_figure_rows_are_one_per_table_key_and_year(table_v1):
    rows = PortfolioFigure.objects.filter(snapshot=table_v1,
                                          table=FigureTable.APPROVALS_CATEGORY)
    assert rows.count() == 6 * 10


# --- the biennial report ----------------------------------------------------------------------

def test_the_biennial_report_has_a_development_cooperation_section(portfolio):
    from programmes.services import results
    from reporting import services
    from tests.reporting.helpers import page_lines, pdf_words

    compute(dt.date(2024, 3, 1))
    results.results_recompute_all(as_of=dt.date(2024, 3, 1))
    out = services.render_report(kind="biennial", parameters={"biennium": "2020-21"},
                                 language="en", front_matter={})
    text = " ".join(" ".join(line for p in pdf_words(out["pdf"]) for line in page_lines(p))
                    .split())
    assert "Development cooperation" in text
    assert "Approvals of extra-budgetary funding, 2018–19 and 2020–21 (US$), as of 1 March " \
           "2024" in text
    assert "Share of total development cooperation expenditure by region" in text
    assert "Interregional 55.0" not in text  # the first period has no data: a dash
    assert "Interregional – 60.0 50.0 55.0" in text


# --- cross-cutting markers (point 3) ----------------------------------------------------------

@pytest.fixture
def marked(portfolio):
    """The portfolio's projects marked: ALB gender 3 with C087 and social dialogue, Africa
    gender 2 and just transition, global not marked; CPOs of a 2020–23 DWCP: one gender 2 with
    a Convention, one gender 0, one not marked; a CPO of a 2012–16 DWCP (not counted)."""
    from programmes.models import Convention

    c087 = Convention.objects.get(code="C087")
    alb, africa = portfolio["alb"], portfolio["africa"]
    alb.gender_marker, alb.social_dialogue = 3, True
    alb.save()
    alb.conventions.add(c087)
    africa.gender_marker, africa.just_transition = 2, True
    africa.save()
    recent = CpoFactory(gender_marker=2, priority__dwcp__start_year=2020,
                        priority__dwcp__end_year=2023)
    recent.conventions.add(c087)
    CpoFactory(gender_marker=0, priority=recent.priority, social_dialogue=True)
    CpoFactory(priority=recent.priority)
    CpoFactory(gender_marker=3)  # a DWCP of 2012–16
    return portfolio


def test_expenditure_and_cpos_by_cross_cutting_marker(marked):
    grid = figures.expenditure_by_marker(compute(), Period(2018, 2019), Period(2020, 2021))
    labels = figures.marker_labels()
    # 2020–21 expenditure: ALB 500, Africa 400, global 1100 (all 2000).
    assert grid.value(labels["gender_3"], 3) == D(500)
    assert one(grid.value(labels["gender_3"], 4)) == D("25.0")
    assert grid.value(labels["gender_2"], 3) == D(400)
    assert grid.value(labels["gender_none"], 3) == D(1100)
    assert grid.value(labels["standards"], 3) == D(500)
    assert grid.value(labels["social_dialogue"], 3) == D(500)
    assert grid.value(labels["just_transition"], 3) == D(400)
    assert grid.value(labels["gender_1"], 3) == 0  # nothing marked 1
    assert grid.value(labels["gender_3"], 1) is None  # no expenditure in 2018–19
    # CPOs of the DWCPs overlapping 2020–21: three, one each of markers 2, 0 and none.
    assert grid.total[5] == 3
    assert grid.value(labels["gender_2"], 5) == 1
    assert one(grid.value(labels["gender_2"], 6)) == D("33.3")
    assert grid.value(labels["gender_3"], 5) == 0
    assert grid.value(labels["standards"], 5) == 1
    assert grid.value(labels["social_dialogue"], 5) == 1
    assert grid.value(labels["gender_none"], 5) == 1


def test_marker_page_its_xlsx_and_the_report_sentence(client, manager_user, marked):
    from programmes.services import results
    from reporting import services
    from tests.reporting.helpers import page_lines, pdf_words

    compute(dt.date(2024, 3, 1))
    results.results_recompute_all(as_of=dt.date(2024, 3, 1))
    client.force_login(manager_user)
    page = client.get(reverse("programmes:portfolio-table", args=["markers"]),
                      {"first": "2018-2019", "second": "2020-2021"})
    assert page.status_code == 200
    assert "Expenditure and CPOs by cross-cutting marker" in page.content.decode()
    xlsx = client.get(reverse("programmes:portfolio-table-xlsx", args=["markers"]),
                      {"first": "2018-2019", "second": "2020-2021"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert any(row[0] == figures.marker_labels()["gender_3"] and 500 in row for row in cells)
    out = services.render_report(kind="biennial", parameters={"biennium": "2020-21"},
                                 language="en", front_matter={})
    text = " ".join(" ".join(line for p in pdf_words(out["pdf"]) for line in page_lines(p))
                    .split())
    assert ("In 2020–21, 45.0 per cent of development cooperation expenditure went to "
            "projects with gender equality as a principal or significant objective, and 1 of "
            "3 country programme outcomes had it as such") in text
    assert "Expenditure and CPOs by cross-cutting marker" in text
