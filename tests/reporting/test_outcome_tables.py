"""Outcome tables in the shape of seeds/004 (issue 11), read back from the PDF: unit,
baseline, end target, each biennium's milestone (in words when qualitative), the start value
the biennium is measured from, actual value, progress and status; the rules in footnotes;
the biennial report's appendix by country; a constant number of queries; no word outside
the text block, even with a 60-character word in a CPO title."""
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from programmes.models import IndicatorResult
from programmes.selectors.reports import dwcp_results_for_report, outcome_tables_of_biennium
from programmes.services import indicators as svc
from programmes.services import results
from reporting import services
from tests.factories import UserFactory
from tests.reporting.conftest import AS_OF
from tests.reporting.helpers import (
    half_empty_pages,
    page_lines,
    pdf_words,
    words_outside_text_block,
)

pytestmark = pytest.mark.django_db
LONG_WORD = "Decentworkcountryprogrammeoutcomeswithoutasinglebreakinthem!"  # 60 characters


@pytest.fixture
def outcome_data(report_data, field_user):
    """The report data plus a qualitative indicator whose 2012-13 milestone is a statement,
    reached by an approved update, and a CPO title holding a 60-character word."""
    cpo, biennium = report_data["cpo"], report_data["biennium"]
    cpo.title = f"Youth employment policies {LONG_WORD} adopted"
    cpo.save(update_fields=["title"])
    council = svc.indicator_create(
        user=field_user, cpo=cpo, title="Tripartite council meets", unit="qualitative",
        baseline_description="No council", baseline_year=2011,
        target_description="Council meets twice a year",
        milestones={biennium: (None, "Council re-established by decree")})
    approver = UserFactory(username="approver2", role="manager")
    update = svc.progress_update_create(user=field_user, indicator=council,
                                        date=dt.date(2013, 6, 1), reached=True, submit=True)
    svc.progress_update_approve(user=approver, update=update, recompute=False)
    snapshot = results.results_recompute_all(as_of=AS_OF)
    return {**report_data, "council": council, "snapshot": snapshot}


def _render(kind, **parameters):
    return services.render_report(kind=kind, parameters=parameters, language="en",
                                  front_matter={})


def _lines(pdf):
    return [line for page in pdf_words(pdf) for line in page_lines(page)]



def test_dwcp_report_outcome_tables(outcome_data):
    pdf = _render("dwcp", country="ALB")["pdf"]
    lines = _lines(pdf)
    text = " ".join(lines)
    partly = IndicatorResult.objects.get(indicator=outcome_data["partly"],
                                         biennium=outcome_data["biennium"])
    # The start value printed is the one progress is measured from (not the baseline).
    assert partly.start == Decimal("10") and partly.progress == Decimal("60.0")
    council = outcome_data["council"]
    # Unit, baseline with its year and end target, in words for a qualitative indicator.
    assert any(line.startswith(f"{council.code} Tripartite council meets Qualitative No "
                               "council (2011) Council meets twice a") for line in lines)
    # Its milestone in words, its actual value said as reached, its status.
    row = lines.index(f"{council.code} Tripartite council meets") + 1
    # The statement wraps inside its cell (where depends on the font's widths): its first
    # line shares the row with the biennium, the actual value and the status.
    first, rest = lines[row].removeprefix("2012–13 "), lines[row + 1:row + 3]
    assert lines[row].startswith("2012–13 Council re") and first.endswith(" – Reached – Achieved")
    statement = " ".join([first.removesuffix(" – Reached – Achieved"), *rest])
    assert statement.replace("re- ", "re-").startswith("Council re-established by decree")
    # The rules, as footnotes, as the computation applies them.
    for rule in ("Progress = (actual value − start value) ÷ (milestone − start value) × 100",
                 "the latest approved value dated before the biennium began",
                 "“Partly achieved” when progress is 50 or more"):
        assert rule in text, rule
    assert "share of the way from its baseline" not in text  # the old, wrong rule
    # A chart of CPO status by biennium, with its source line.
    assert "Figure 1. Country programme outcomes by status and biennium" in text
    snapshot = outcome_data["snapshot"]
    computed = timezone.localtime(snapshot.completed_at, dt.UTC)
    source = (f"Source: Results as of 1 March 2014, computed on {computed:%-d %B %Y} at "
              f"{computed:%H:%M} UTC (computation no. {snapshot.pk}). The 2014–15 biennium is "
              "not closed: its figures are provisional.")
    assert text.count(source) >= 2
    # The purpose box says the same of the whole document.
    assert (f"Figures in this document are as of 1 March 2014. They were computed on "
            f"{computed:%-d %B %Y} at {computed:%H:%M} UTC (computation no. {snapshot.pk}). "
            "The 2014–15 biennium is not closed: its figures are provisional.") in text
    # The 60-character word wraps inside its cell; nothing leaves the text block; no table
    # leaves half a page empty by jumping to the next.
    assert words_outside_text_block(pdf) == []
    assert half_empty_pages(pdf) == []


def test_biennial_report_appendix_by_country(outcome_data):
    out = _render("biennial", biennium="2012-13")
    lines = _lines(out["pdf"])
    text = " ".join(lines)
    assert "Outcome tables by country, 2012–13" in text
    assert any(line.startswith("Table ") and line.endswith("Albania: indicators, 2012–13")
               for line in lines)
    achieved = outcome_data["achieved"]
    # Indicator (unit), baseline, end target, milestone, start, actual, progress, status.
    assert any(line.startswith(f"{achieved.code} Agreements") and
               line.endswith("10 – 20 10 21 110.0 Achieved") for line in lines), \
        [line for line in lines if line.startswith(achieved.code)]
    # 2012-13 is open: its figures are provisional, in the purpose box and the sources.
    assert text.count("The 2012–13 biennium is not closed: its figures are provisional.") > 3
    appendix = out["document"].appendices[-1]
    assert appendix.blocks[0].items[2].text.startswith("Progress = (actual value − start value)")
    assert words_outside_text_block(out["pdf"]) == []
    assert half_empty_pages(out["pdf"]) == []


def test_outcome_table_reads_are_a_constant_number_of_queries(outcome_data,
                                                              django_assert_num_queries):
    snapshot, biennium = outcome_data["snapshot"], outcome_data["biennium"]
    dwcp = outcome_data["cpo"].dwcp
    with django_assert_num_queries(2):
        read = outcome_tables_of_biennium(snapshot=snapshot, biennium=biennium,
                                          country_ids=[dwcp.country_id])
        assert len(read.results) == 3 and read.results[0].indicator.cpo.dwcp.country.name
        assert read.milestones[outcome_data["council"].pk].statement
    with django_assert_num_queries(6):
        read = dwcp_results_for_report(snapshot=snapshot, dwcp=dwcp)
        assert len(read.milestones) == 3


def test_a_closed_biennium_s_figures_are_not_called_provisional(outcome_data):
    outcome_data["biennium"].__class__.objects.filter(pk=outcome_data["biennium"].pk).update(
        closed_at=timezone.now())
    text = " ".join(_lines(_render("biennial", biennium="2012-13")["pdf"]))
    assert "Figures in this document are as of 1 March 2014. They were computed on" in text
    assert "provisional" not in text
