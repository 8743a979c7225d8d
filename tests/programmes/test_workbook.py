"""The field staff's workbook: the template, the import (all rows checked, every error listed,
all or nothing, re-import changes nothing, dry run, the approver rule), the progress export
against hand-computed figures, and the two commands' exit codes and messages."""
import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from core.roles import Role
from programmes.management.commands import export_progress, import_results
from programmes.models import (
    BiennialMilestone,
    Biennium,
    CountryPriority,
    CountryProgrammeOutcome,
    DisaggregatedValue,
    Dwcp,
    Indicator,
    IndicatorRevision,
    ProgressUpdate,
    ResultSnapshot,
    UpdateStatus,
)
from programmes.services import indicators as svc
from programmes.services.results import results_recompute_all
from programmes.services.workbook import (
    EXPORT_COLUMNS,
    INDICATOR_COLUMNS,
    PROGRESS_COLUMNS,
    workbook_import,
    workbook_preview,
    workbook_template,
)
from tests.factories import UserFactory, country
from tests.programmes.factories import CpoFactory

pytestmark = pytest.mark.django_db
D = Decimal
MODELS = (Dwcp, CountryPriority, CountryProgrammeOutcome, Indicator, BiennialMilestone,
          ProgressUpdate, DisaggregatedValue)


@pytest.fixture
def colleague(db):
    return UserFactory(username="field.alb.2", role=Role.FIELD_STAFF, countries=[country("ALB")])


def _indicator_row(**values):
    row = {"country": "ALB", "dwcp_start": 2020, "dwcp_end": 2024, "priority_code": "1",
           "priority_title": "Jobs for young people", "cpo_code": "ALB101",
           "cpo_title": "Youth employment policy implemented", "indicator_code": "ALB101.1",
           "indicator_title": "Young people placed in jobs", "unit": "number",
           "direction": "increase", "cumulative": "no", "baseline_value": 100,
           "baseline_year": 2019, "target_value": 400, "target_year": 2024,
           "milestone 2020-21": 200, "milestone 2022-23": 300}
    row.update(values)
    return row


def _book(tmp_path, indicators=(), progress=(), *, headers=None, name="results.xlsx"):
    """A workbook with the template's headers (or ``headers``) and the given rows."""
    book = load_workbook(io.BytesIO(workbook_template()))
    sheet, progress_sheet = book["Indicators"], book["Progress"]
    if headers is not None:
        sheet.delete_rows(1)
        sheet.insert_rows(1)
        for index, header in enumerate(headers, start=1):
            sheet.cell(row=1, column=index, value=header)
    columns = [cell.value for cell in sheet[1]]
    for row in indicators:
        sheet.append([row.get(column) for column in columns])
    for row in progress:
        progress_sheet.append([row.get(column) for column in PROGRESS_COLUMNS])
    path = tmp_path / name
    book.save(path)
    return path


def _import(path, **kwargs):
    with open(path, "rb") as handle:
        return workbook_import(file=handle, **kwargs)


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def _history_counts():
    return {model.__name__: model.history.count() for model in MODELS}


def _full_book(tmp_path, **kwargs):
    return _book(tmp_path, [
        _indicator_row(),
        _indicator_row(indicator_code="ALB101.2", indicator_title="Share of women placed",
                       unit="percentage", baseline_value=30, target_value=50,
                       **{"milestone 2020-21": 40, "milestone 2022-23": 45}),
        _indicator_row(priority_code="2", priority_title="Social dialogue", cpo_code="ALB102",
                       cpo_title="Labour code revised", indicator_code="ALB102.1",
                       indicator_title="Labour code adopted", unit="qualitative",
                       baseline_value=None, target_value=None,
                       **{"milestone 2020-21": "Draft agreed by the tripartite council",
                          "milestone 2022-23": "Code adopted"}),
    ], [
        {"indicator_code": "ALB101.1", "date": "2020-12-31", "value": 150, "women": 70,
         "men": 80, "source": "Employment service register", "narrative": "First cohort"},
        {"indicator_code": "ALB101.1", "date": dt.date(2021, 6, 30), "value": 190},
        {"indicator_code": "ALB101.2", "date": "2021-06-30", "numerator": 21,
         "denominator": 50},
        {"indicator_code": "ALB102.1", "date": "2021-03-01", "value": "yes",
         "narrative": "Draft agreed"},
    ], **kwargs)


# --- template -------------------------------------------------------------------------------

def test_the_template_has_the_exact_headers_and_a_milestone_column_per_biennium():
    book = load_workbook(io.BytesIO(workbook_template()))
    assert book.sheetnames[:2] == ["Indicators", "Progress"]
    biennia = [f"milestone {b.code}" for b in Biennium.objects.order_by("start_year")]
    assert "milestone 2020-21" in biennia and len(biennia) >= 8
    assert [c.value for c in book["Indicators"][1]] == [*INDICATOR_COLUMNS, *biennia]
    assert [c.value for c in book["Progress"][1]] == [
        "indicator_code", "date", "value", "numerator", "denominator", "women", "men",
        "source", "narrative"]
    assert book["Indicators"].max_row == 1 and book["Progress"].max_row == 1


def test_the_blank_template_imports_as_nothing_to_do(tmp_path, field_user):
    path = tmp_path / "blank.xlsx"
    path.write_bytes(workbook_template())
    result = _import(path, user=field_user)
    assert result.ok and result.applied and result.rows == []


# --- import ---------------------------------------------------------------------------------

def test_an_import_creates_the_dwcp_framework_indicators_milestones_and_updates(
        tmp_path, field_user):
    result = _import(_full_book(tmp_path), user=field_user)
    assert result.errors == [] and result.applied
    dwcp = Dwcp.objects.get(country__iso3="ALB", start_year=2020, end_year=2024)
    assert dwcp.history.first().history_user == field_user
    assert list(dwcp.priorities.values_list("code", "title")) == [
        ("1", "Jobs for young people"), ("2", "Social dialogue")]
    assert list(dwcp.cpos.order_by("code").values_list("code", "priority__code")) == [
        ("ALB101", "1"), ("ALB102", "2")]
    placed = Indicator.objects.get(code="ALB101.1")
    assert (placed.baseline_value, placed.target_value, placed.baseline_year) == (100, 400, 2019)
    assert list(placed.milestones.values_list("biennium__code", "value")) == [
        ("2020-21", D("200")), ("2022-23", D("300"))]
    assert list(Indicator.objects.get(code="ALB102.1").milestones.values_list(
        "biennium__code", "statement")) == [
        ("2020-21", "Draft agreed by the tripartite council"), ("2022-23", "Code adopted")]
    first = ProgressUpdate.objects.get(indicator=placed, date=dt.date(2020, 12, 31))
    assert (first.value, first.status, first.submitted_by) == (
        150, UpdateStatus.SUBMITTED, field_user)
    assert first.source == "Employment service register"
    assert dict(first.disaggregated_values.values_list("category", "value")) == {
        "women": 70, "men": 80}
    share = ProgressUpdate.objects.get(indicator__code="ALB101.2")
    assert (share.value, share.numerator, share.denominator) == (None, 21, 50)
    assert ProgressUpdate.objects.get(indicator__code="ALB102.1").reached is True
    assert result.counts["dwcps"] == 1 and result.counts["indicators"] == 3
    assert result.counts["updates"] == 4
    assert {row.action for row in result.rows} == {"create"}


def test_bad_rows_are_all_listed_and_nothing_is_written(tmp_path, field_user):
    CpoFactory(code="ALB101")  # some existing data must stay as it is
    before = _counts()
    path = _book(tmp_path, [
        _indicator_row(),
        _indicator_row(indicator_code="ALB101.2", country="XXX", unit="litres",
                       baseline_value="ten"),
        _indicator_row(indicator_code="ALB101.3", **{"milestone 2026-27": 5}),
        _indicator_row(indicator_code="ALB101.4", unit="percentage", cumulative="yes",
                       baseline_value=30, target_value=50,
                       **{"milestone 2020-21": 40, "milestone 2022-23": 45}),
        _indicator_row(indicator_code="ALB101.1"),
    ], [
        {"indicator_code": "ALB101.1", "date": "31/12/2020", "value": 10},
        {"indicator_code": "ALB999.1", "date": "2020-12-31", "value": 10},
        {"indicator_code": "ALB101.1", "date": "2021-01-31", "value": 10, "women": 4,
         "men": 4},
    ])
    result = _import(path, user=field_user)
    assert not result.applied
    assert [str(e) for e in result.errors] == [
        "Indicators, row 3, country: There is no country with ISO code “XXX”; use the "
        "three-letter code, e.g. ALB.",
        "Indicators, row 3, unit: Enter one of number, percentage, qualitative, not “litres”.",
        "Indicators, row 3, baseline_value: “ten” is not a number; enter one such as 12.5.",
        "Indicators, row 4, milestone 2026-27: Biennium 2026-27 lies outside the DWCP period "
        "2020–2024.",
        "Indicators, row 5, cumulative: Only number indicators can be cumulative.",
        "Indicators, row 6, indicator_code: Indicator ALB101.1 is also in row 2; give each "
        "indicator one row.",
        "Progress, row 2, date: Enter the date as YYYY-MM-DD, e.g. 2021-06-30, not "
        "“31/12/2020”.",
        "Progress, row 3, indicator_code: Indicator ALB999.1 is neither in the Indicators "
        "sheet nor recorded yet.",
        "Progress, row 4, women: The values by sex add up to 8, not to the total 10.",
    ]
    assert _counts() == before


def test_missing_and_unknown_columns_are_reported(tmp_path, field_user):
    headers = [c for c in INDICATOR_COLUMNS if c != "cpo_title"] + ["baseline", "milestone 2021-22"]
    result = _import(_book(tmp_path, [_indicator_row()], headers=headers), user=field_user)
    assert [str(e) for e in result.errors][:3] == [
        "Indicators, row 1, baseline: Unknown column; use the template's headers.",
        "Indicators, row 1, milestone 2021-22: There is no biennium 2021-22; biennia start "
        "in an even year, e.g. 2020-21.",
        "Indicators, row 1, cpo_title: The column is missing.",
    ]
    assert not Dwcp.objects.exists()


def test_a_file_that_is_not_a_workbook_is_one_clear_error(tmp_path, field_user):
    path = tmp_path / "notes.xlsx"
    path.write_text("not a spreadsheet")
    result = _import(path, user=field_user)
    assert len(result.errors) == 1
    assert str(result.errors[0]).startswith("Workbook: This is not an Excel workbook")


def test_reimporting_the_same_file_changes_nothing(tmp_path, field_user):
    path = _full_book(tmp_path)
    assert _import(path, user=field_user).applied
    counts, history = _counts(), _history_counts()
    again = _import(path, user=field_user)
    assert again.errors == [] and not again.changed
    assert {row.action for row in again.rows} == {"unchanged"} and len(again.rows) == 7
    assert _counts() == counts and _history_counts() == history


def test_a_changed_title_is_applied_but_a_recorded_target_is_not_revised(tmp_path,
                                                                         field_user):
    assert _import(_full_book(tmp_path), user=field_user).applied
    renamed = _import(_book(tmp_path, [_indicator_row(indicator_title="Young people in jobs",
                                                      **{"milestone 2024-25": 400})],
                            name="renamed.xlsx"), user=field_user)
    assert renamed.applied, renamed.errors
    indicator = Indicator.objects.get(code="ALB101.1")
    assert indicator.title == "Young people in jobs"
    assert indicator.milestones.count() == 3
    revised = _import(_book(tmp_path, [_indicator_row(target_value=500,
                                                      **{"milestone 2020-21": 250})],
                            name="revised.xlsx"), user=field_user)
    assert [str(e) for e in revised.errors] == [
        "Indicators, row 2, target_value: The recorded value is 400: the workbook does not "
        "revise baselines or targets. Revise it on the indicator's page, giving a reason.",
        "Indicators, row 2, milestone 2020-21: The recorded milestone is 200: the workbook "
        "does not revise milestones. Revise it on the indicator's page, giving a reason.",
    ]
    indicator.refresh_from_db()
    assert indicator.target_value == 400 and not IndicatorRevision.objects.exists()


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(tmp_path, field_user):
    before, history = _counts(), _history_counts()
    result = _import(_full_book(tmp_path), user=field_user, dry_run=True)
    assert result.errors == [] and not result.applied
    assert [(r.sheet, r.row, r.key, r.action) for r in result.rows][:2] == [
        ("Indicators", 2, "ALB101.1", "create"), ("Indicators", 3, "ALB101.2", "create")]
    assert _counts() == before and _history_counts() == history


def test_the_preview_returns_rows_and_errors_without_writing(tmp_path, field_user):
    path = _book(tmp_path, [_indicator_row(), _indicator_row(indicator_code="ALB101.2",
                                                             unit="litres")])
    with open(path, "rb") as handle:
        rows, errors = workbook_preview(handle, user=field_user)
    assert [(r.row, r.action) for r in rows] == [(2, "create")]
    assert [str(e) for e in errors] == [
        "Indicators, row 3, unit: Enter one of number, percentage, qualitative, not "
        "“litres”."]
    assert not Dwcp.objects.exists()


def test_rows_outside_the_users_countries_are_refused(tmp_path, field_user):
    result = _import(_book(tmp_path, [_indicator_row(), _indicator_row(
        country="KEN", cpo_code="KEN101", indicator_code="KEN101.1")]), user=field_user)
    assert [str(e) for e in result.errors] == [
        "Indicators, row 3, country: You may not create a DWCP for this country."]
    assert not Dwcp.objects.exists()


def test_without_a_user_a_missing_dwcp_is_not_created(tmp_path):
    result = _import(_book(tmp_path, [_indicator_row()]))
    assert [str(e) for e in result.errors] == [
        "Indicators, row 2, country: There is no DWCP of Albania for 2020–2024; "
        "creating one needs a user: run the import as a person (--user)."]


# --- approval -------------------------------------------------------------------------------

def test_the_importer_cannot_approve_their_own_updates(tmp_path, field_user):
    result = _import(_full_book(tmp_path), user=field_user, approve=True)
    assert [str(e) for e in result.errors] == [
        "Workbook: field.alb submits these updates and so cannot approve them: the approver "
        "must be someone else. Import without --approve and let a colleague approve them in "
        "the approval queue, or name a different approver with --approver."]
    assert not Dwcp.objects.exists()


def test_a_different_approver_approves_the_imported_updates(tmp_path, field_user, colleague):
    path = _full_book(tmp_path)
    result = _import(path, user=field_user, approve=True, approver=colleague)
    assert result.errors == [] and result.counts["approved"] == 4
    assert set(ProgressUpdate.objects.values_list("status", "submitted_by__username",
                                                  "decided_by__username")) == {
        ("approved", "field.alb", "field.alb.2")}
    assert not _import(path, user=field_user, approve=True, approver=colleague).changed


def test_a_later_approving_import_approves_the_updates_still_submitted(tmp_path, field_user,
                                                                       manager_user):
    path = _full_book(tmp_path)
    assert _import(path, user=field_user).applied
    result = _import(path, user=field_user, approver=manager_user)
    assert result.applied and result.counts["approved"] == 4
    assert [r.action for r in result.rows if r.sheet == "Progress"] == ["approve"] * 4
    assert set(ProgressUpdate.objects.values_list("status", flat=True)) == {"approved"}


# --- export ---------------------------------------------------------------------------------

@pytest.fixture
def small_example(field_user, colleague):
    """DWCP of Albania 2012–2016, biennium 2012-13, all updates approved:
    ALB101.1 increase, baseline 10, milestone 20, latest value 16 → (16−10)/(20−10) = 60.0 %;
    ALB101.2 cumulative, baseline 0, milestone 100, +40 and +70 → 110, (110−0)/100 = 110.0 %;
    ALB102.1 decrease, baseline 30, milestone 20, value 28 → (28−30)/(20−30) = 20.0 %."""
    b12 = Biennium.objects.get(code="2012-13")
    first, second = CpoFactory(code="ALB101"), None
    second = CpoFactory(code="ALB102", priority=first.priority)

    def indicator(cpo, **fields):
        return svc.indicator_create(user=field_user, cpo=cpo, title="x", **fields)

    def approved(ind, day, value):
        update = svc.progress_update_create(user=field_user, indicator=ind, date=day,
                                            value=D(value), submit=True)
        svc.progress_update_approve(user=colleague, update=update)

    one = indicator(first, baseline_value=D(10), milestones={b12: (D(20), "")})
    approved(one, dt.date(2012, 9, 1), "12")
    approved(one, dt.date(2013, 6, 30), "16")
    two = indicator(first, baseline_value=D(0), cumulative=True,
                    milestones={b12: (D(100), "")})
    approved(two, dt.date(2012, 5, 1), "40")
    approved(two, dt.date(2013, 5, 1), "70")
    three = indicator(second, baseline_value=D(30), direction="decrease",
                      milestones={b12: (D(20), "")})
    approved(three, dt.date(2013, 3, 1), "28")


EXPECTED_2012_13 = [
    ["ALB", "ALB101", "ALB101.1", "2012-13", "10", "16", "20", "60.0", "partly_achieved",
     "partly_achieved"],
    ["ALB", "ALB101", "ALB101.2", "2012-13", "0", "110", "100", "110.0", "achieved",
     "partly_achieved"],
    ["ALB", "ALB102", "ALB102.1", "2012-13", "30", "28", "20", "20.0", "not_achieved",
     "not_achieved"],
]


def test_the_csv_export_matches_hand_computed_progress_and_status(tmp_path, small_example):
    out = tmp_path / "progress.csv"
    stdout = io.StringIO()
    call_command("export_progress", "--biennium", "2012-13", "--as-of", "2014-03-01",
                 "--format", "csv", "-o", str(out), stdout=stdout)
    rows = list(csv.reader(out.open()))
    assert rows[0] == list(EXPORT_COLUMNS)
    assert rows[1:] == EXPECTED_2012_13
    assert "Wrote 3 indicator rows of 2012-13" in stdout.getvalue()
    assert "computed for this export" in stdout.getvalue()
    assert not ResultSnapshot.objects.exists()  # the computation was rolled back


def test_the_xlsx_export_during_the_biennium_shows_on_and_off_track(tmp_path, small_example):
    # As of 2013-07-02, 548 of 731 days have passed: on track needs progress ≥ 75.0 (74.97).
    out = tmp_path / "progress.xlsx"
    call_command("export_progress", "--biennium", "2012-13", "--as-of", "2013-07-02",
                 "--format", "xlsx", "-o", str(out), stdout=io.StringIO())
    sheet = load_workbook(out).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == list(EXPORT_COLUMNS)
    assert [(r[2], r[7], r[8], r[9]) for r in rows[1:]] == [
        ("ALB101.1", 60, "off_track", "off_track"),
        ("ALB101.2", 110, "on_track", "off_track"),
        ("ALB102.1", 20, "off_track", "off_track")]


def test_the_export_reads_the_current_results_when_their_date_matches(tmp_path,
                                                                      small_example):
    current = results_recompute_all(as_of=dt.date(2014, 3, 1))
    out = tmp_path / "progress.csv"
    stdout = io.StringIO()
    call_command("export_progress", "--biennium", "2012-13", "--as-of", "2014-03-01",
                 "--format", "csv", "-o", str(out), stdout=stdout)
    assert "read from the current results" in stdout.getvalue()
    assert list(csv.reader(out.open()))[1:] == EXPECTED_2012_13
    # Another date is computed apart: the current snapshot stays the one readers see.
    call_command("export_progress", "--biennium", "2012-13", "--as-of", "2013-07-02",
                 "--format", "csv", "-o", str(out), stdout=io.StringIO())
    assert list(ResultSnapshot.objects.values_list("pk", "is_current")) == [(current.pk,
                                                                             True)]


# --- commands -------------------------------------------------------------------------------

def _run(command, argv, monkeypatch, capsys):
    """Run a command as manage.py does, returning (exit code, stdout, stderr)."""
    # run_from_argv closes the database connections when it ends; the test needs its own.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    code = 0
    try:
        command.Command().run_from_argv(["manage.py", *argv])
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_import_command_succeeds_and_prints_what_it_did(tmp_path, field_user, monkeypatch,
                                                        capsys):
    path = _full_book(tmp_path)
    code, out, err = _run(import_results, ["import_results", str(path), "--user", "field.alb"],
                          monkeypatch, capsys)
    assert code == 0, err
    assert ("1 DWCP, 2 priorities, 2 CPOs, 3 indicators, 6 milestones, "
            "4 progress updates created; 0 rows unchanged.") in out
    code, out, err = _run(import_results, ["import_results", str(path), "--user", "field.alb"],
                          monkeypatch, capsys)
    assert code == 0 and "nothing created; 7 rows unchanged." in out


def test_import_command_fails_with_the_row_errors_and_a_sentence(tmp_path, field_user,
                                                                 monkeypatch, capsys):
    path = _book(tmp_path, [_indicator_row(unit="litres")])
    code, out, err = _run(import_results, ["import_results", str(path), "--user", "field.alb"],
                          monkeypatch, capsys)
    assert code == 1
    assert "Indicators, row 2, unit: Enter one of number, percentage, qualitative" in err
    assert "The workbook was not imported: 1 error, listed above; nothing was written." \
        in err
    assert not Dwcp.objects.exists()


def test_import_command_dry_run_and_approval_refusal(tmp_path, field_user, colleague):
    path = _full_book(tmp_path)
    stdout = io.StringIO()
    call_command("import_results", str(path), "--user", "field.alb", "--dry-run",
                 stdout=stdout)
    assert stdout.getvalue().startswith("Dry run, nothing was written.")
    assert not Dwcp.objects.exists()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_results", str(path), "--user", "field.alb", "--approve",
                     stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="There is no user “nobody”"):
        call_command("import_results", str(path), "--user", "nobody")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_results", str(tmp_path / "missing.xlsx"), "--user", "field.alb")
    call_command("import_results", str(path), "--user", "field.alb", "--approver",
                 "field.alb.2", stdout=stdout)
    assert ProgressUpdate.objects.filter(status=UpdateStatus.APPROVED).count() == 4


def test_export_command_refuses_bad_arguments(tmp_path, monkeypatch, capsys):
    out = str(tmp_path / "x.csv")
    code, _, err = _run(export_progress, ["export_progress", "--biennium", "2021-22",
                                          "--format", "csv", "-o", out], monkeypatch, capsys)
    assert code == 1 and "There is no biennium “2021-22”" in err
    code, _, err = _run(export_progress, ["export_progress", "--biennium", "2020-21",
                                          "--as-of", "31.12.2021", "--format", "csv", "-o",
                                          out], monkeypatch, capsys)
    assert code == 1 and "--as-of must be a date such as 2021-12-31" in err
    code, _, err = _run(export_progress, ["export_progress", "--biennium", "2020-21",
                                          "--format", "pdf", "-o", out], monkeypatch, capsys)
    assert code == 2 and "invalid choice" in err


def test_a_workbook_written_with_openpyxl_from_scratch_imports(tmp_path, field_user):
    """Field staff may build the file themselves: only the headers matter, in any order."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Indicators"
    headers = list(reversed([*INDICATOR_COLUMNS, "milestone 2020-21"]))
    sheet.append(headers)
    row = _indicator_row()
    sheet.append([row.get(h) for h in headers])
    path = tmp_path / "own.xlsx"
    book.save(path)
    result = _import(path, user=field_user)
    assert result.applied, result.errors
    assert Indicator.objects.get(code="ALB101.1").milestones.count() == 1


def test_a_cell_formatted_as_percent_counts_in_per_cent(tmp_path, field_user):
    """Excel keeps 42 % as 0.42; a percentage indicator stores 42."""
    path = _book(tmp_path, [_indicator_row(unit="percentage", baseline_value=30,
                                           target_value=50,
                                           **{"milestone 2020-21": 40,
                                              "milestone 2022-23": 45})],
                 [{"indicator_code": "ALB101.1", "date": "2021-03-31", "value": 0.42}])
    book = load_workbook(path)
    book["Progress"]["C2"].number_format = "0%"
    book.save(path)
    assert _import(path, user=field_user).applied
    assert ProgressUpdate.objects.get().value == D("42")


def test_service_rules_on_updates_are_reported_on_their_row(tmp_path, field_user):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    path = _book(tmp_path, [_indicator_row()], [
        {"indicator_code": "ALB101.1", "date": tomorrow.isoformat(), "value": 10},
        {"indicator_code": "alb101.1", "date": "2021-01-31", "value": -1}])
    result = _import(path, user=field_user)
    assert [str(e) for e in result.errors] == [
        "Progress, row 2, date: The date cannot be in the future.",
        "Progress, row 3, value: A value cannot be negative."]
    assert not Indicator.objects.exists()


def test_the_export_keeps_a_formula_like_cpo_code_as_text(tmp_path, small_example):
    code = "=1+2-ALB102"  # a code field holds 20 characters
    CountryProgrammeOutcome.objects.filter(code="ALB102").update(code=code)
    out_csv, out_xlsx = tmp_path / "p.csv", tmp_path / "p.xlsx"
    for fmt, out in (("csv", out_csv), ("xlsx", out_xlsx)):
        call_command("export_progress", "--biennium", "2012-13", "--as-of", "2014-03-01",
                     "--format", fmt, "-o", str(out), stdout=io.StringIO())
    rows = list(csv.reader(out_csv.open()))
    hostile = next(r for r in rows if r[2] == "ALB102.1")
    assert hostile[1] == "'" + code
    assert hostile[4:8] == ["30", "28", "20", "20.0"]  # numbers unchanged
    sheet = load_workbook(out_xlsx).active
    cells = next(r for r in sheet.iter_rows(min_row=2) if r[2].value == "ALB102.1")
    assert cells[1].value == code and cells[1].data_type == "s"
    assert cells[7].value == 20 and cells[7].data_type == "n"


def test_a_user_who_may_not_import_is_refused_before_the_file_is_read(tmp_path, manager_user,
                                                                      actemp_user):
    """Managers and specialists may not import: refused up front, even for a file that is
    not a workbook at all (it is never opened)."""
    garbage = tmp_path / "not-a-workbook.xlsx"
    garbage.write_bytes(b"\x00" * 64)
    for user in (manager_user, actemp_user):
        result = _import(garbage, user=user)
        assert [str(e) for e in result.errors] == [
            "Workbook: You may not import workbooks: importing needs a field officer of the "
            "countries concerned or an administrator."]
        assert not result.applied
    result = _import(_book(tmp_path, [_indicator_row()]), user=manager_user)
    assert not result.applied and not Dwcp.objects.exists()


def test_an_existing_cpo_is_matched_by_its_code_alone(tmp_path, field_user):
    """Adding an indicator to a recorded CPO needs neither the priority nor the CPO's title
    again; an empty naming cell keeps what is recorded. Something new still needs its
    names, and the message says which and why."""
    assert _import(_full_book(tmp_path), user=field_user).applied
    bare = {"priority_code": None, "priority_title": None, "cpo_title": None}
    result = _import(_book(tmp_path, [
        _indicator_row(indicator_code="ALB101.3", indicator_title="Placements in rural areas",
                       **bare),
        _indicator_row(indicator_title=None, **bare),  # ALB101.1 as recorded
    ], name="added.xlsx"), user=field_user)
    assert result.applied, [str(e) for e in result.errors]
    added = Indicator.objects.get(code="ALB101.3")
    assert added.cpo.code == "ALB101" and added.cpo.title == "Youth employment policy implemented"
    assert added.cpo.priority.title == "Jobs for young people"
    assert Indicator.objects.get(code="ALB101.1").title == "Young people placed in jobs"
    assert [r.action for r in result.rows] == ["create", "unchanged"]

    new = _import(_book(tmp_path, [
        _indicator_row(cpo_code="ALB103", indicator_code="ALB103.1", **bare),
        _indicator_row(cpo_code="ALB104", indicator_code="ALB104.1", priority_code="9",
                       priority_title=None, cpo_title="Wages policy"),
        _indicator_row(indicator_code="ALB101.4", indicator_title=None, **bare),
    ], name="new.xlsx"), user=field_user)
    assert [str(e) for e in new.errors] == [
        "Indicators, row 2, priority_code: CPO ALB103 is not recorded yet: give the code of "
        "its priority to create it.",
        "Indicators, row 3, priority_title: Priority 9 is not recorded yet: give its title to "
        "create it.",
        "Indicators, row 4, indicator_title: Indicator ALB101.4 is not recorded yet: give its "
        "title to create it.",
    ]
    assert not Indicator.objects.filter(code__in=["ALB103.1", "ALB104.1", "ALB101.4"]).exists()
