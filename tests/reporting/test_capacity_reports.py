"""Capacity development in the reports: the sections of the biennial and DWCP country reports
and the constituent capacity profile print the capacity worker's computed figures (checked
against the tables, formatted as the PDF prints them) with their as-of date; the profile from
the CLI and the request form, which shows only the chosen report's fields; the draft mark
of a document without a symbol."""
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from capacity.models import (
    AssessmentIndex,
    CapacityNeed,
    DimensionChange,
    InterventionFigure,
    InterventionMethod,
    NeedsCoverage,
    ParticipationCount,
    ParticipationFigure,
    ReachFigure,
)
from capacity.services.computed import capacity_recompute_all
from constituents.models import ConstituentType
from reporting import services
from reporting.document.values import Fmt, format_value
from reporting.models import ReportRun
from tests.capacity.factories import (
    CapacityAssessmentFactory,
    CapacityNeedFactory,
    InterventionFactory,
    ParticipantFactory,
)
from tests.constituents.factories import ConstituentFactory
from tests.factories import country
from tests.reporting.helpers import page_lines, pdf_pages, pdf_text, pdf_words

pytestmark = pytest.mark.django_db
CAPACITY_AS_OF = dt.date(2014, 3, 1)


def flat(pdf: bytes) -> str:
    """The PDF's text in two readings, whitespace collapsed: pdftotext's reading order (a cell
    that wraps reads as one phrase, but a wide table may be read as two blocks of columns) and
    line by line as printed (a row reads left to right, a wrapped cell is cut). A phrase is
    printed if either reading has it; one absent from both is not."""
    lines = " ".join(line for page in pdf_words(pdf) for line in page_lines(page))
    return " ".join(pdf_text(pdf).split()) + " ¶ " + " ".join(lines.split())


def cells(*pairs) -> str:
    """A table row as the PDF prints it: each (value, format) formatted like the report."""
    return " ".join(format_value(value, fmt) for value, fmt in pairs)


@pytest.fixture
def capacity_data(report_data):
    """An Albanian employers' organization assessed in 2012 (baseline, every score 2) and 2013
    (follow-up, governance 4, the others 3); two high-priority needs (one planned), one
    medium; a training in Albania in May 2013 costing US$10,000 with a list of 3 women and
    1 man of the organization; a regional coaching of 2012 with counts (4 women, 6 men, all
    workers' representatives); figures computed as of 1 March 2014."""
    employers = ConstituentFactory(name="Albanian Business Union", acronym="ABU",
                                   type=ConstituentType.EMPLOYERS)
    baseline = CapacityAssessmentFactory(constituent=employers, date=dt.date(2012, 3, 1),
                                         round="baseline", scores=2)
    follow_up = CapacityAssessmentFactory(constituent=employers, date=dt.date(2013, 6, 1),
                                          round="follow_up",
                                          scores={"governance_management": 4, **{
                                              d.code: 3 for d in baseline.framework.dimensions
                                              .exclude(code="governance_management")}})
    planned = CapacityNeedFactory(constituent=employers, status="planned",
                                  description="Plan the membership drive")
    CapacityNeedFactory(constituent=employers, status="new", description="Audit the accounts")
    CapacityNeedFactory(constituent=employers, priority="medium", status="reviewed",
                        description="Train the secretariat")
    training = InterventionFactory(title="ABU training", country=country("ALB"),
                                   start_date=dt.date(2013, 5, 6), cost=Decimal("10000"),
                                   method=InterventionMethod.TRAINING, target_group="employers")
    training.target_constituents.add(employers)
    training.needs.add(planned)
    for n, sex in enumerate(["female", "female", "female", "male"]):
        ParticipantFactory(intervention=training, name=f"Person {n}", sex=sex,
                           organization="Albanian Business Union", constituent=employers,
                           participant_group="employers")
    regional = InterventionFactory(title="Regional coaching of union leaders", country=None,
                                   start_date=dt.date(2012, 9, 3), cost=None,
                                   method=InterventionMethod.COACHING)
    ParticipationCount.objects.create(intervention=regional, total=10, women=4, men=6,
                                      workers=10)
    snapshot = capacity_recompute_all(as_of=CAPACITY_AS_OF)
    return {**report_data, "employers": employers, "baseline": baseline,
            "follow_up": follow_up, "training": training, "regional": regional,
            "capacity": snapshot}


def _render(kind, **parameters):
    language = parameters.pop("language", "en")
    return services.render_report(kind=kind, parameters=parameters, language=language,
                                  front_matter={})


def _index(assessment, key=""):
    axis = "overall" if not key else "level"
    return AssessmentIndex.objects.get(snapshot__is_current=True, assessment=assessment,
                                       axis=axis, key=key).index


def test_biennial_capacity_section_prints_the_computed_figures(capacity_data):
    out = _render("biennial", biennium="2012-13")
    text = flat(out["pdf"])
    base, follow = capacity_data["baseline"], capacity_data["follow_up"]
    assert "Capacity figures computed as of 1 March 2014." in text
    # Assessments made in the biennium: one baseline and one follow-up, mean overall index.
    mean = ((_index(base) + _index(follow)) / 2).quantize(Decimal("0.1"))
    assert "Employers' organizations " + cells((1, Fmt.INT), (1, Fmt.INT), (1, Fmt.INT),
                                               (mean, Fmt.INDEX)) in text
    # Change between baseline and follow-up, overall and per level, from the indices.
    for label, key in (("Overall", ""), ("Organizational", "organizational")):
        assert f"{label} " + cells((1, Fmt.INT), (_index(base, key), Fmt.INDEX),
                                   (_index(follow, key), Fmt.INDEX),
                                   (_index(follow, key) - _index(base, key), Fmt.CHANGE)) in text
    changes = DimensionChange.objects.filter(snapshot__is_current=True)
    assert f"Of the {changes.count()} dimensions scored in both rounds, " \
           f"{changes.filter(change__gt=0).count()} improved" in text
    # Needs coverage.
    coverage = NeedsCoverage.objects.get(snapshot__is_current=True, constituent_group="employers")
    assert (coverage.high_priority, coverage.covered) == (2, 1)
    assert "Employers' organizations " + cells((2, Fmt.INT), (1, Fmt.INT),
                                               (coverage.share, Fmt.PERCENT)) in text
    # Interventions by method: the training's figure.
    figure = InterventionFigure.objects.get(snapshot__is_current=True,
                                            intervention=capacity_data["training"])
    assert "Training " + cells((1, Fmt.INT), (figure.participants, Fmt.INT),
                               (figure.women, Fmt.INT), (10000, Fmt.MONEY),
                               (figure.cost_per_participant, Fmt.CENTS)) in text
    # Participants by group and sex, with women's share.
    for group, label in (("employers", "Employers' representatives"),
                         ("workers", "Workers' representatives")):
        row = ParticipationFigure.objects.get(snapshot__is_current=True,
                                              participant_group=group)
        assert f"{label} " + cells((row.participants, Fmt.INT), (row.women, Fmt.INT),
                                   (row.men, Fmt.INT), (row.sex_not_recorded, Fmt.INT),
                                   (row.women_share, Fmt.PERCENT)) in text
    assert "Figure 2. Participants by constituent group and sex, 2012–13" in text
    # Reach and cost: Albania's region, and the regional activities on a row of their own.
    albania = ReachFigure.objects.get(snapshot__is_current=True, country=country("ALB"))
    regional = ReachFigure.objects.get(snapshot__is_current=True, country=None)
    assert f"{country('ALB').region.name} " + cells(
        (albania.interventions, Fmt.INT), (albania.participants, Fmt.INT),
        (albania.organizations, Fmt.INT), (albania.cost, Fmt.MONEY),
        (albania.cost_per_participant, Fmt.CENTS)) in text
    assert "Regional and interregional activities " + cells(
        (1, Fmt.INT), (regional.participants, Fmt.INT), (regional.organizations, Fmt.INT),
        (0, Fmt.MONEY), (None, Fmt.CENTS)) in text


def test_region_report_leaves_out_regional_activities(capacity_data):
    region = country("ALB").region
    text = flat(_render("biennial", biennium="2012-13", region=region.code)["pdf"])
    albania = ReachFigure.objects.get(snapshot__is_current=True, country=country("ALB"))
    assert "Reach and cost of capacity development by country, 2012–13" in text
    assert "Albania " + cells((albania.interventions, Fmt.INT),
                              (albania.participants, Fmt.INT)) in text
    assert "Regional and interregional activities" not in text
    assert "Workers' representatives" not in text  # only the regional coaching had them


def test_dwcp_capacity_section_gives_each_constituent(capacity_data):
    pdf = _render("dwcp", country="ALB")["pdf"]
    text = flat(pdf)
    base, follow = capacity_data["baseline"], capacity_data["follow_up"]
    assert "Capacity figures computed as of 1 March 2014." in text
    # Results and capacity figures share their as-of date: the purpose box says it once.
    assert "Figures in this document are as of 1 March 2014." in text
    assert "Capacity development figures are as of" not in text
    # The row's first line (its label may wrap in a table as wide as the text block).
    lines = [line for page in pdf_words(pdf) for line in page_lines(page)]
    assert any(line.startswith("Albanian") and line.endswith(" Jun 2013 " + cells(
        (_index(follow), Fmt.INDEX), (None, Fmt.INDEX),
        (_index(follow, "organizational"), Fmt.INDEX),
        (_index(follow, "enabling_environment"), Fmt.INDEX),
        (_index(follow) - _index(base), Fmt.CHANGE))) for line in lines)
    assert "Albanian Business Union 1 1 1 0 0 3" in text  # new, reviewed, planned, …, total
    coverage = NeedsCoverage.objects.get(snapshot__is_current=True, country=country("ALB"))
    assert f"employers' organizations, {coverage.covered} of {coverage.high_priority} " \
           f"({format_value(coverage.share, Fmt.PERCENT)} per cent)" in text
    figure = InterventionFigure.objects.get(intervention=capacity_data["training"])
    assert "ABU training Training May 2013 Completed " + cells(
        (figure.participants, Fmt.INT), (figure.women_share, Fmt.PERCENT),
        (figure.cost_per_participant, Fmt.CENTS)) in lines
    assert "Regional coaching of union leaders" not in text  # did not target Albania's
    row = ParticipationFigure.objects.get(country=country("ALB"), participant_group="employers")
    assert "Employers' representatives " + cells(
        (row.participants, Fmt.INT), (row.women, Fmt.INT), (row.men, Fmt.INT),
        (row.sex_not_recorded, Fmt.INT), (row.women_share, Fmt.PERCENT)) in text


def test_sections_say_when_capacity_was_never_computed(report_data):
    text = flat(_render("dwcp", country="ALB")["pdf"])
    assert "The capacity development figures have not been computed yet" in text


def test_capacity_profile_from_the_cli(capacity_data, tmp_path):
    employers, base, follow = (capacity_data[k] for k in ("employers", "baseline",
                                                           "follow_up"))
    pdf, xlsx = tmp_path / "profile.pdf", tmp_path / "profile.xlsx"
    out = io.StringIO()
    call_command("render_report", "capacity", "--constituent", str(employers.pk),
                 "--as-of", "2014-03-01", "-o", str(pdf), "--xlsx", str(xlsx), stdout=out)
    assert "capacity figures as of 2014-03-01" in out.getvalue()
    text = flat(pdf.read_bytes())
    assert "Capacity profile of Albanian Business Union (ABU), Albania" in text
    assert "Figures in this document are as of 1 March 2014." in text
    assert "Figure 1. Scores by dimension over the assessment rounds" in text
    governance = follow.scores.get(dimension__code="governance_management").dimension
    assert f"{governance.name} {governance.get_level_display()} 2 4 +2" in text
    assert "Overall " in text and "Baseline Mar 2012 Follow-up Jun 2013" in text
    assert f"from {format_value(_index(base), Fmt.INDEX)} to " \
           f"{format_value(_index(follow), Fmt.INDEX)}" in text
    for need in CapacityNeed.objects.filter(constituent=employers):
        assert need.description in text
    figure = InterventionFigure.objects.get(intervention=capacity_data["training"])
    lines = [line for page in pdf_words(pdf.read_bytes()) for line in page_lines(page)]
    # The row, its provider's name wrapping in its cell where the font's widths say.
    row_end = "May 2013 Completed " + cells(
        (figure.participants, Fmt.INT), (figure.women_share, Fmt.PERCENT), (4, Fmt.INT))
    assert any(line.startswith("ABU training Training ITC-ILO") and line.endswith(row_end)
               for line in lines), [line for line in lines if "ABU training" in line]
    assert ("People of Albanian Business Union (ABU) held 4 places on participant lists. "
            "The number of individuals was 4") in text
    assert "Draft decision" in text and xlsx.stat().st_size > 0


@pytest.mark.parametrize(("args", "message"), [
    (["--constituent", "999999"], "There is no constituent with the id “999999”."),
    (["--constituent", "abc"], "There is no constituent with the id “abc”."),
    ([], "The capacity profile needs --constituent"),
    (["--as-of", "2015-01-01"], "capacity figures are computed as of 2014-03-01, not"),
])
def test_cli_refuses_a_bad_profile_request(capacity_data, tmp_path, args, message):
    if args[:1] == ["--as-of"]:
        args = ["--constituent", str(capacity_data["employers"].pk), *args]
    with pytest.raises(CommandError, match=message):
        call_command("render_report", "capacity", *args, "-o", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_profile_needs_the_capacity_figures(report_data, tmp_path):
    employers = ConstituentFactory(type=ConstituentType.EMPLOYERS)
    with pytest.raises(CommandError, match="Capacity figures have not been computed yet"):
        call_command("render_report", "capacity", "--constituent", str(employers.pk),
                     "-o", str(tmp_path / "x.pdf"))


def test_default_front_matter_is_marked_as_a_draft(capacity_data):
    pages = pdf_pages(_render("capacity", constituent=capacity_data["employers"].pk)["pdf"])
    first = " ".join(pages[0].split())
    assert "Session to be confirmed, Geneva" in first
    assert "Draft — not an official document" in first and "GB." not in first
    assert all(page.lstrip().startswith("Draft — not an official document")
               for page in pages[1:])
    assert "Policy Development Section" in first and "POL" in first


def test_a_symbol_replaces_the_draft_mark(report_data):
    out = services.render_report(kind="dwcp", parameters={"country": "ALB"}, language="en",
                                 front_matter={"symbol": "GB.350/POL/3", "session": 350})
    pages = pdf_pages(out["pdf"])
    assert "350th Session, Geneva" in pages[0] and "Draft —" not in pdf_text(out["pdf"])
    assert all(page.lstrip().startswith("GB.350/POL/3") for page in pages[1:])


def test_outcome_table_says_what_it_counts(report_data):
    document = _render("biennial", biennium="2012-13")["document"]
    outcome_table = next(t for t in document.tables
                         if t.caption.startswith("Country programme outcomes by P&B outcome"))
    assert outcome_table.columns[-1].label == "Member States with an outcome achieved"


# --- the request form ----------------------------------------------------------------------

def test_form_shows_only_the_fields_of_the_chosen_report(client, manager_user, capacity_data):
    client.force_login(manager_user)
    page = client.get(reverse("reporting:home")).content.decode()
    assert 'name="biennium"' in page and 'name="region"' in page
    assert 'name="country"' not in page and 'name="constituent"' not in page
    assert f'hx-get="{reverse("reporting:request-fields")}"' in page
    fragment = client.get(reverse("reporting:request-fields"), {"kind": "capacity"})
    html = fragment.content.decode()
    assert fragment.status_code == 200 and 'name="constituent"' in html
    assert 'name="biennium"' not in html and "<html" not in html
    assert '<optgroup label="Albania">' in html and "Albanian Business Union (ABU)" in html
    html = client.get(reverse("reporting:request-fields"), {"kind": "dwcp"}).content.decode()
    assert 'name="country"' in html and 'name="constituent"' not in html


def test_missing_constituent_is_an_error_next_to_the_field(client, manager_user,
                                                           capacity_data):
    client.force_login(manager_user)
    response = client.post(reverse("reporting:home"), {"kind": "capacity", "language": "en"})
    html = response.content.decode()
    assert response.status_code == 400 and not ReportRun.objects.exists()
    assert 'id="id_constituent_error">Choose the constituent.' in html
    assert 'name="biennium"' not in html


def test_manager_generates_a_capacity_profile_in_the_browser_form(
        client, manager_user, capacity_data, django_capture_on_commit_callbacks):
    client.force_login(manager_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:home"), {
            "kind": "capacity", "constituent": str(capacity_data["employers"].pk),
            "language": "en"})
    run = ReportRun.objects.get()
    assert response.status_code == 302 and run.kind == "capacity"
    run.refresh_from_db()
    assert (run.status, run.snapshot, run.as_of) == ("done", None, CAPACITY_AS_OF)
    status = client.get(reverse("reporting:run-status", args=[run.pk])).content.decode()
    assert "Download the PDF" in status
    pdf = client.get(reverse("reporting:run-pdf", args=[run.pk]))
    assert "Albanian Business Union" in pdf_text(b"".join(pdf.streaming_content))


def test_new_capacity_figures_make_a_new_run(capacity_data, manager_user,
                                             django_capture_on_commit_callbacks):
    parameters = {"constituent": str(capacity_data["employers"].pk)}
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = services.report_request(user=manager_user, kind="capacity",
                                           parameters=parameters)
    with django_capture_on_commit_callbacks(execute=True):
        again, reused = services.report_request(user=manager_user, kind="capacity",
                                                parameters=parameters)
    assert reused and again.pk == first.pk
    capacity_recompute_all(as_of=dt.date(2014, 6, 1))
    with django_capture_on_commit_callbacks(execute=True):
        fresh, reused = services.report_request(user=manager_user, kind="capacity",
                                                parameters=parameters)
    assert not reused and fresh.pk != first.pk


def test_field_staff_cannot_fetch_the_form_fields(client, field_user):
    client.force_login(field_user)
    assert client.get(reverse("reporting:request-fields"), {"kind": "dwcp"}).status_code == 403


def test_profile_in_french_keeps_the_draft_mark_translated(capacity_data):
    pages = pdf_pages(_render("capacity", constituent=capacity_data["employers"].pk,
                              language="fr")["pdf"])
    first = " ".join(pages[0].split())
    assert "Conseil d’administration" in first and "Session à confirmer, Genève" in first
    assert "Projet — document non officiel" in first
    assert "Section de l’élaboration des politiques" in first
