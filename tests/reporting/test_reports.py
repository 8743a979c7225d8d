"""The DWCP country progress report and the biennial progress report: the figures printed
equal the computed results tables and the resources selectors; the CLI; languages."""
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from programmes.models import CpoResult, IndicatorResult, ResultRollup
from reporting import services
from reporting.renderers.pdf import render_html
from tests.reporting.helpers import (
    numbers_in_document,
    page_lines,
    paragraph_numbers,
    pdf_text,
    pdf_words,
)

pytestmark = pytest.mark.django_db


def _render(kind, **parameters):
    language = parameters.pop("language", "en")
    return services.render_report(kind=kind, parameters=parameters, language=language,
                                  front_matter={})


def test_dwcp_report_prints_the_computed_results(report_data):
    out = _render("dwcp", country="alb")
    text = pdf_text(out["pdf"])
    flat = " ".join(text.split())
    partly = IndicatorResult.objects.get(indicator=report_data["partly"])
    achieved = IndicatorResult.objects.get(indicator=report_data["achieved"])
    assert (partly.progress, achieved.progress) == (60, 110)
    assert "as of 1 March 2014" in flat
    # The outcome tables (issue 11): unit, baseline and end target; then each biennium's
    # milestone, the start value it is measured from, the actual value, progress, status.
    lines = [line for page in pdf_words(out["pdf"]) for line in page_lines(page)]
    for indicator, row in ((report_data["partly"], "2012–13 20 10 16 60.0 Partly achieved"),
                           (report_data["achieved"], "2012–13 20 10 21 110.0 Achieved")):
        assert f"{indicator.code} Agreements {indicator.title.split()[-1]} Number 10 –" in lines
        label = lines.index(f"{indicator.code} {indicator.title}")
        assert " ".join(lines[label + 1:label + 3]).startswith(row)  # a status may wrap
    # Resources: planned 500,000, available 100,000, gap 400,000, delivery 80 per cent.
    assert "ALB101 Youth employment policies 500,000 100,000 400,000 80.0" in flat
    assert "plan US$500,000" in flat and "(a delivery rate of 80.0 per cent)" in flat
    # The capacity hook is empty-safe, and the draft decision closes the body.
    assert "Capacity development of constituents" in flat
    assert paragraph_numbers(text.split("Purpose of the document")[1]) == \
        numbers_in_document(out["document"])
    assert out["document"].paragraphs[-1].decision


def test_biennial_report_counts_equal_the_rollups(report_data):
    out = _render("biennial", biennium="2012-13")
    document = out["document"]
    flat = " ".join(pdf_text(out["pdf"]).split())
    snapshot = report_data["snapshot"]
    cpos = CpoResult.objects.filter(snapshot=snapshot, biennium=report_data["biennium"])
    assert cpos.count() == 1 and cpos.get().status == "partly_achieved"
    summary = {row[0]: row[1] for row in document.tables[0].rows}
    assert summary["Country programme outcomes with results"] == cpos.count()
    assert summary["Country programme outcomes achieved"] == 0
    assert summary["Indicator milestones reached"] == IndicatorResult.objects.filter(
        snapshot=snapshot, status="achieved").count() == 1
    outcome = report_data["outcome"]
    rollup = ResultRollup.objects.get(snapshot=snapshot, level="pb_outcome", key=outcome.pk,
                                      subject="cpo")
    row = next(r for r in document.tables[2].rows if r[0].startswith(f"{outcome.code}."))
    assert row[1:] == [rollup.count, 0, 0]
    assert "Figure 1. Country programme outcomes by status and region, 2012–13" in flat
    assert "Regular budget" not in flat and "Extra-budgetary / voluntary (XBTC) 100,000 " \
        "80,000 80.0" in flat
    assert "Draft decision" in flat and "Appendix I" in flat
    html = render_html(document, language="en")
    assert 'src="data:image/svg+xml;base64,' in html


def test_region_filter_keeps_to_the_region(report_data):
    flat = " ".join(pdf_text(_render("biennial", biennium="2012-13", region="AF")["pdf"])
                    .split())
    assert "Africa" in flat and "Europe and Central Asia" not in flat


def test_xlsx_holds_every_table_with_numbers(report_data):
    out = _render("dwcp", country="ALB")
    workbook = load_workbook(io.BytesIO(out["xlsx"]))
    assert len(workbook.sheetnames) == len(out["document"].tables)
    resources = next(workbook[name] for name in workbook.sheetnames
                     if "Resources by country programme outcome" in workbook[name]["A1"].value)
    values = list(resources.iter_rows(values_only=True))
    assert ("ALB101 Youth employment policies", 500000.0, 100000.0, 400000.0, 80.0) in values


def test_french_and_spanish_cover_labels(report_data):
    fr = " ".join(pdf_text(_render("dwcp", country="ALB", language="fr")["pdf"]).split())
    assert "Conseil d’administration" in fr and "Objet du document" in fr
    assert "Projet de décision" in fr
    es = " ".join(pdf_text(_render("dwcp", country="ALB", language="es")["pdf"]).split())
    assert "Consejo de Administración" in es and "Proyecto de decisión" in es


def test_cli_writes_the_pdf_and_the_xlsx(report_data, tmp_path):
    pdf, xlsx = tmp_path / "alb.pdf", tmp_path / "alb.xlsx"
    out = io.StringIO()
    call_command("render_report", "dwcp", "--country", "ALB", "--as-of", "2014-03-01",
                 "-o", str(pdf), "--xlsx", str(xlsx), stdout=out)
    assert pdf.read_bytes().startswith(b"%PDF") and xlsx.stat().st_size > 0
    assert "results as of 2014-03-01" in out.getvalue()
    call_command("render_report", "biennial", "--biennium", "2012-13", "-o", str(pdf),
                 stdout=io.StringIO())
    assert "Results by P&B outcome" in pdf_text(pdf.read_bytes())


@pytest.mark.parametrize(("args", "message"), [
    (["dwcp", "--country", "XXX"], "There is no country with the code “XXX”."),
    (["biennial", "--biennium", "2021-22"], "There is no biennium “2021-22”"),
    (["biennial", "--biennium", "2012-13", "--region", "Mars"], "There is no region “Mars”."),
    (["dwcp", "--country", "ALB", "--language", "de"], "not “de”"),
    (["dwcp", "--country", "ALB", "--as-of", "2015-01-01"],
     "The current results are computed as of 2014-03-01, not 2015-01-01"),
    (["dwcp"], "needs --country"),
])
def test_cli_refuses_bad_input_with_a_sentence(report_data, tmp_path, args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(")):
        call_command("render_report", *args, "-o", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_cli_says_when_results_were_never_computed(db, tmp_path):
    with pytest.raises(CommandError, match="Results have not been computed yet"):
        call_command("render_report", "biennial", "--biennium", "2012-13",
                     "-o", str(tmp_path / "x.pdf"))


def test_governing_body_conventions_in_the_biennial_report(report_data):
    """Biennia with an en dash; no sentence opens with a numeral; verbs agree with their
    numbers (the one member State and its outcome here, singular)."""
    text = " ".join(pdf_text(_render("biennial", biennium="2012-13")["pdf"]).split())
    assert "2012-13" not in text and "2012–13" in text
    assert "In 2012–13, 1 member State had country programme outcomes with results." in text
    assert "The number of their outcomes achieved was 0 of 1 (0.0 per cent)." in text
    assert "At least one outcome was achieved in 0 member States." in text
    assert "The number of indicator milestones reached was 1 of 2." in text
    assert "member States of the region had" not in text  # one State: singular
    assert "1 member State of the region had country programme outcomes with results." in text
