"""Browser journey of the field staff's workbook: from the results overview, download the
template, fill in an indicator and a progress update offline, upload it, see the row error
and correct it, read the preview (nothing written yet), apply it, and find the indicator on
its page."""
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from programmes.models import Indicator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _fill(template: Path, target: Path, *, date: str = "2021-06-30") -> None:
    """What field staff do in Excel: one indicator row and one progress row."""
    book = load_workbook(template)
    indicators, progress = book["Indicators"], book["Progress"]
    headers = [cell.value for cell in indicators[1]]
    row = {"country": "ALB", "dwcp_start": 2020, "dwcp_end": 2024, "priority_code": "1",
           "priority_title": "Jobs for young people", "cpo_code": "ALB101",
           "cpo_title": "Youth employment policy implemented", "indicator_code": "ALB101.1",
           "indicator_title": "Young people placed in jobs", "unit": "number",
           "baseline_value": 100, "baseline_year": 2019, "target_value": 400,
           "target_year": 2024, "milestone 2020-21": 200, "milestone 2022-23": 300}
    indicators.append([row.get(header) for header in headers])
    progress.append(["ALB101.1", date, 180, None, None, 80, 100,
                     "Employment service register", "Second cohort placed"])
    book.save(target)


def test_field_staff_import_a_workbook_through_the_preview(page, login, field_user,
                                                           tmp_path):
    login(field_user)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Results").click()
    page.get_by_role("link", name="Results workbook (Excel)").click()
    page.wait_for_url(re.compile(r"/programmes/results/workbook/$"))

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the template").click()
    download = download_info.value
    assert download.suggested_filename == "dwcp-results-workbook.xlsx"
    template, filled = tmp_path / "template.xlsx", tmp_path / "tirana-results.xlsx"
    download.save_as(template)

    _fill(template, filled, date="30/06/2021")
    page.get_by_label("Workbook (.xlsx)").set_input_files(str(filled))
    page.get_by_role("button", name="Upload and preview").click()
    assert page.get_by_role("heading", name="1 problem to correct").is_visible()
    error = page.locator(".workbook-errors tbody tr")
    assert error.get_by_role("cell").all_inner_texts()[:3] == ["Progress", "2", "date"]
    assert page.get_by_role("button", name="Apply").count() == 0
    page.screenshot(path=tmp_path / "h10_workbook_errors.png", full_page=True)

    _fill(template, filled)
    page.get_by_label("Workbook (.xlsx)").set_input_files(str(filled))
    page.get_by_role("button", name="Upload and preview").click()
    assert page.get_by_role("heading", level=1).inner_text() == \
        "Preview of tirana-results.xlsx"
    summary = page.locator("table.workbook-summary")
    indicators = summary.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Indicators"))
    assert indicators.get_by_role("cell").all_inner_texts() == ["1", "0", "0", "0", "1"]
    assert page.get_by_text("ALB101.1 2021-06-30").is_visible()
    assert page.get_by_text("Nothing has been written yet").is_visible()
    page.screenshot(path=tmp_path / "h10_workbook_preview.png", full_page=True)
    assert not Indicator.objects.exists()

    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"/programmes/results/workbook/$"))
    message = page.locator(".message--success")
    assert "Indicators: 1 created; Progress: 1 created" in message.inner_text()
    page.screenshot(path=tmp_path / "h10_workbook_applied.png", full_page=True)

    page.get_by_role("link", name="ALB101.1 Young people placed in jobs").click()
    page.wait_for_url(re.compile(r"/programmes/indicators/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == \
        "ALB101.1 Young people placed in jobs"
    updates = page.locator("#updates")
    assert updates.get_by_text("Submitted", exact=True).is_visible()
    assert updates.get_by_text("Second cohort placed").is_visible()
    page.screenshot(path=tmp_path / "h10_workbook_indicator.png", full_page=True)
