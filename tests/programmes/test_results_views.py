"""The results-monitoring pages: indicator create/edit with milestones and revisions, the
indicator page (computed results as of the snapshot date, chart, updates), progress entry and
its workflow, the approval queue (never one's own), closing biennia, the country dashboard and
the biennium overview — each for the right roles, with messages next to the fields and a
query count that does not grow with the data."""
import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.roles import Role
from programmes.models import (
    BiennialMilestone,
    Biennium,
    DisaggregatedValue,
    EvidenceFile,
    Indicator,
    IndicatorRevision,
    ProgressUpdate,
    Unit,
    UpdateStatus,
)
from programmes.services import indicators as svc
from programmes.services import results
from tests.factories import UserFactory, country
from tests.programmes.factories import CountryPriorityFactory, CpoFactory, DwcpFactory

pytestmark = pytest.mark.django_db
D = Decimal
HTMX = {"HTTP_HX_REQUEST": "true"}


def b(code: str) -> Biennium:
    return Biennium.objects.get(code=code)


def _field_errors(html: str, name: str) -> list[str]:
    return re.findall(rf'<p class="field__error" id="id_{name}_error">([^<]*)</p>', html)


@pytest.fixture
def cpo():
    return CpoFactory(code="ALB101", title="Collective bargaining strengthened")


@pytest.fixture
def colleague(db):
    return UserFactory(username="field.alb.2", role=Role.FIELD_STAFF, countries=[country("ALB")])


@pytest.fixture
def indicator(cpo, field_user):
    return svc.indicator_create(
        user=field_user, cpo=cpo, title="Collective agreements registered",
        baseline_value=D("10"), baseline_year=2011, target_value=D("40"), target_year=2016,
        milestones={b("2012-13"): (D("20"), ""), b("2014-15"): (D("30"), "")})


def _submitted(indicator, user, day=dt.date(2013, 5, 1), value=Decimal(16), **extra):
    return svc.progress_update_create(user=user, indicator=indicator, date=day, value=value,
                                      submit=True, **extra)


def _approved(indicator, user, approver, **kwargs):
    return svc.progress_update_approve(user=approver, update=_submitted(indicator, user,
                                                                        **kwargs))


def _url(name: str, *args) -> str:
    return reverse(f"programmes:{name}", args=args)


def _indicator_post(**overrides) -> dict:
    data = {"code": "", "title": "Workers covered by collective agreements", "output": "",
            "unit": "number", "direction": "increase", "baseline_value": "1200",
            "baseline_year": "2011", "baseline_source": "Labour inspectorate register",
            "target_value": "5000", "target_year": "2016", "milestone_2012": "2000",
            "milestone_2014": "3500", "milestone_2016": "5000",
            "means_of_verification": "Ministry register"}
    data.update(overrides)
    return data


# --- indicator create / edit ---------------------------------------------------------------

def test_field_staff_add_an_indicator_with_a_milestone_per_biennium(client, field_user, cpo):
    client.force_login(field_user)
    form = client.get(_url("indicator-create", cpo.pk)).content.decode()
    for code in ("2012-13", "2014-15", "2016-17"):
        assert f"Value expected at the end of {code}" in form
    response = client.post(_url("indicator-create", cpo.pk), _indicator_post())
    indicator = Indicator.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("indicator-detail", indicator.pk)
    assert indicator.code == "ALB101.1"
    assert indicator.baseline_value == D("1200")
    assert {m.biennium.code: m.value for m in indicator.milestones.all()} == {
        "2012-13": D("2000"), "2014-15": D("3500"), "2016-17": D("5000")}


def test_invalid_indicator_shows_each_message_next_to_its_field(client, field_user, cpo):
    client.force_login(field_user)
    response = client.post(_url("indicator-create", cpo.pk), _indicator_post(
        title="", unit="percentage", cumulative="on", target_value="", milestone_2012="120"))
    html = response.content.decode()
    assert response.status_code == 400
    assert _field_errors(html, "title") == ["Enter a title."]
    assert _field_errors(html, "milestone_2012") == ["A percentage lies between 0 and 100."]
    assert not Indicator.objects.exists()
    # Rules only the service knows also land next to their field.
    response = client.post(_url("indicator-create", cpo.pk), _indicator_post(
        unit="percentage", cumulative="on", baseline_value="12", target_value="40",
        milestone_2012="20", milestone_2014="30", milestone_2016="40"))
    html = response.content.decode()
    assert _field_errors(html, "cumulative") == ["Only number indicators can be cumulative."]
    assert not Indicator.objects.exists()


@pytest.mark.parametrize("persona", ["manager_user", "actemp_user", "field_user_africa"])
def test_only_field_staff_of_the_country_add_indicators(client, request, cpo, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url("indicator-create", cpo.pk)).status_code == 403
    assert client.post(_url("indicator-create", cpo.pk), _indicator_post()).status_code == 403
    assert not Indicator.objects.exists()


def test_revising_the_target_needs_a_reason_shown_in_the_history(client, field_user,
                                                                  indicator):
    client.force_login(field_user)
    form = client.get(_url("indicator-edit", indicator.pk)).content.decode()
    assert "Reason for the revision" in form
    post = _indicator_post(code="ALB101.1", title=indicator.title, baseline_value="10",
                           target_value="50", milestone_2012="20", milestone_2014="30",
                           milestone_2016="")
    response = client.post(_url("indicator-edit", indicator.pk), post)
    assert response.status_code == 400
    assert _field_errors(response.content.decode(), "reason")
    indicator.refresh_from_db()
    assert indicator.target_value == D("40")

    post["reason"] = "New labour code widens coverage"
    assert client.post(_url("indicator-edit", indicator.pk), post).status_code == 302
    revision = IndicatorRevision.objects.get()
    assert (revision.kind, revision.old_value, revision.new_value) == ("target", D("40"),
                                                                       D("50"))
    page = client.get(_url("indicator-detail", indicator.pk)).content.decode()
    assert "New labour code widens coverage" in page
    assert re.search(r'class="old-value">40</span> → <strong>50</strong>', page)
    assert field_user.get_full_name() in page


def test_a_milestone_revision_without_reason_saves_nothing(client, field_user, indicator):
    client.force_login(field_user)
    post = _indicator_post(code="ALB101.1", title=indicator.title, baseline_value="10",
                           target_value="40", milestone_2012="25", milestone_2014="30",
                           milestone_2016="", means_of_verification="Changed too")
    response = client.post(_url("indicator-edit", indicator.pk), post)
    assert response.status_code == 400
    assert _field_errors(response.content.decode(), "reason")
    indicator.refresh_from_db()
    assert indicator.means_of_verification == ""
    assert indicator.milestones.get(biennium__code="2012-13").value == D("20")

    post["reason"] = "Ratification came earlier"
    assert client.post(_url("indicator-edit", indicator.pk), post).status_code == 302
    assert indicator.milestones.get(biennium__code="2012-13").value == D("25")
    revision = IndicatorRevision.objects.get()
    assert (revision.kind, revision.biennium.code, revision.old_value) == (
        "milestone", "2012-13", D("20"))


def test_a_milestone_cannot_be_silently_removed(client, field_user, indicator):
    client.force_login(field_user)
    post = _indicator_post(code="ALB101.1", title=indicator.title, baseline_value="10",
                           target_value="40", milestone_2012="", milestone_2014="30",
                           milestone_2016="", reason="x")
    response = client.post(_url("indicator-edit", indicator.pk), post)
    assert _field_errors(response.content.decode(), "milestone_2012")
    assert BiennialMilestone.objects.filter(indicator=indicator).count() == 2


# --- the indicator page --------------------------------------------------------------------

@pytest.mark.parametrize(("persona", "status"), [
    ("field_user", 200), ("manager_user", 200), ("actemp_user", 200), ("actrav_user", 200),
    ("admin_user", 200), ("field_user_africa", 403)])
def test_the_indicator_page_is_for_those_who_see_the_country(client, request, indicator,
                                                            persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url("indicator-detail", indicator.pk)).status_code == status
    assert client.get(_url("cpo-indicators", indicator.cpo_id)).status_code == status


def test_without_a_snapshot_the_page_says_results_are_not_computed(client, field_user,
                                                                  indicator):
    client.force_login(field_user)
    html = client.get(_url("indicator-detail", indicator.pk)).content.decode()
    assert "Results have not been computed yet" in html
    assert "not computed yet" in html


def test_the_indicator_page_shows_computed_results_as_of_the_snapshot(
        client, field_user, colleague, indicator):
    _approved(indicator, field_user, colleague, value=D("16"))
    results.results_recompute_all(as_of=dt.date(2014, 3, 1))
    client.force_login(field_user)
    html = client.get(_url("indicator-detail", indicator.pk)).content.decode()
    assert "Results as of 1 March 2014" in html
    row = re.search(r"<th scope=\"row\">2012-13.*?</tr>", html, re.S).group(0)
    for text in ("20", "10", "16", "60.0 %", "badge--partly_achieved", "Partly achieved"):
        assert text in row, text
    # 2014-15 is under way on 1 March 2014 with no approved update in it.
    row = re.search(r"<th scope=\"row\">2014-15.*?</tr>", html, re.S).group(0)
    assert "No data" in row
    row = re.search(r"<th scope=\"row\">2016-17.*?</tr>", html, re.S).group(0)
    assert "no milestone" in row


def test_the_chart_draws_baseline_milestones_target_and_approved_values(
        client, field_user, colleague, indicator):
    _approved(indicator, field_user, colleague, value=D("16"))
    _submitted(indicator, field_user, day=dt.date(2013, 9, 1), value=D("99"))
    client.force_login(field_user)
    html = client.get(_url("indicator-detail", indicator.pk)).content.decode()
    svg = re.search(r'<svg class="chart__svg".*?</svg>', html, re.S).group(0)
    assert svg.count('class="chart__baseline"') == 1
    assert svg.count('class="chart__milestone"') == 2
    assert svg.count('class="chart__target"') == 1
    assert svg.count('class="chart__point"') == 1  # the submitted 99 is not approved
    assert "Milestone 2012-13: 20" in svg and "Approved value on 2013-05-01: 16" in svg
    assert "style=" not in svg  # strict CSP: colours come from the stylesheet


def test_a_qualitative_indicator_has_no_chart_but_a_reached_status(client, field_user, cpo,
                                                                   colleague):
    indicator = svc.indicator_create(
        user=field_user, cpo=cpo, title="Monitoring system in place", unit=Unit.QUALITATIVE,
        milestones={b("2012-13"): (None, "System in place by end 2013")})
    svc.progress_update_approve(user=colleague, update=svc.progress_update_create(
        user=field_user, indicator=indicator, date=dt.date(2013, 6, 1), reached=True,
        submit=True))
    results.results_recompute_all(as_of=dt.date(2014, 1, 5))
    client.force_login(field_user)
    html = client.get(_url("indicator-detail", indicator.pk)).content.decode()
    assert "A qualitative indicator has no chart" in html
    assert "System in place by end 2013" in html and "Achieved" in html


# --- progress entry and workflow -----------------------------------------------------------

def test_draft_then_submit_then_a_colleague_approves(client, field_user, colleague,
                                                     indicator):
    client.force_login(field_user)
    response = client.post(_url("update-create", indicator.pk), {
        "date": "2013-05-01", "value": "18", "narrative": "Two sectoral agreements",
        "source": "Ministry register", "action": "draft"})
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert update.status == UpdateStatus.DRAFT
    assert client.post(_url("update-submit", update.pk)).status_code == 302
    update.refresh_from_db()
    assert update.status == UpdateStatus.SUBMITTED

    client.force_login(colleague)
    queue = client.get(_url("approval-queue")).content.decode()
    assert _url("update-approve", update.pk) in queue
    assert client.post(_url("update-approve", update.pk)).status_code == 302
    update.refresh_from_db()
    assert (update.status, update.decided_by) == (UpdateStatus.APPROVED, colleague)


def test_nobody_approves_their_own_update(client, field_user, indicator):
    update = _submitted(indicator, field_user)
    client.force_login(field_user)
    queue = client.get(_url("approval-queue")).content.decode()
    assert _url("update-approve", update.pk) not in queue
    assert "Your submissions waiting for someone else" in queue
    page = client.get(_url("indicator-detail", indicator.pk)).content.decode()
    assert _url("update-approve", update.pk) not in page
    refused = client.post(_url("update-approve", update.pk))
    assert refused.status_code == 403
    # The real reason, not "outside your scope" (it is in scope).
    assert "You submitted this update: someone else must approve or return it." in \
        refused.content.decode()
    assert "outside your scope" not in refused.content.decode()
    assert client.post(_url("update-return", update.pk), {"comment": "x"}).status_code == 403
    update.refresh_from_db()
    assert update.status == UpdateStatus.SUBMITTED


def test_field_staff_of_another_country_cannot_decide(client, field_user, field_user_africa,
                                                      indicator):
    update = _submitted(indicator, field_user)
    client.force_login(field_user_africa)
    assert _url("update-approve", update.pk) not in client.get(
        _url("approval-queue")).content.decode()
    refused = client.post(_url("update-approve", update.pk))
    assert refused.status_code == 403 and "outside your scope" in refused.content.decode()


def test_returning_needs_a_comment_the_author_then_sees(client, field_user, colleague,
                                                        indicator):
    update = _submitted(indicator, field_user, value=D("180"))
    client.force_login(colleague)
    response = client.post(_url("update-return", update.pk), {"comment": "  "})
    assert response.status_code == 400
    assert _field_errors(response.content.decode(), f"{update.pk}_comment") == [
        "Say what needs to change before the update can be approved."]
    response = client.post(_url("update-return", update.pk),
                           {"comment": "180 looks like a typo for 18"})
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.status == UpdateStatus.RETURNED

    client.force_login(field_user)
    page = client.get(_url("indicator-detail", indicator.pk)).content.decode()
    assert "180 looks like a typo for 18" in page
    edit = client.get(_url("update-edit", update.pk)).content.decode()
    assert "180 looks like a typo for 18" in edit
    response = client.post(_url("update-edit", update.pk), {
        "date": "2013-05-01", "value": "18", "action": "submit"})
    assert response.status_code == 302
    update.refresh_from_db()
    assert (update.status, update.value) == (UpdateStatus.SUBMITTED, D("18"))


def test_the_queue_decides_in_place_with_htmx(client, field_user, colleague, indicator):
    first = _submitted(indicator, field_user)
    second = _submitted(indicator, field_user, day=dt.date(2013, 6, 1))
    client.force_login(colleague)
    response = client.post(_url("update-approve", first.pk), **HTMX)
    html = response.content.decode()
    assert f'<tbody class="queue-item queue-item--done" id="queue-item-{first.pk}"' in html
    assert "Approved" in html and "<html" not in html
    # The count above the workbench follows (out of band): one update is left to decide.
    assert re.search(r'<p class="lead" id="queue-count"[^>]*hx-swap-oob="true">\s*1 update '
                     r'you may approve or return', html)
    response = client.post(_url("update-return", second.pk), {"comment": ""}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and f'id="queue-item-{second.pk}"' in html
    assert _field_errors(html, f"{second.pk}_comment")
    response = client.post(_url("update-return", second.pk), {"comment": "Which source?"},
                           **HTMX)
    assert "Returned" in response.content.decode()


def test_percentage_by_numerator_and_denominator_with_disaggregation(client, field_user,
                                                                     cpo):
    indicator = svc.indicator_create(
        user=field_user, cpo=cpo, title="Share of inspections followed up",
        unit=Unit.PERCENTAGE, numerator_label="Inspections followed up",
        denominator_label="Inspections carried out", disaggregate_by_sex=True)
    client.force_login(field_user)
    form = client.get(_url("update-create", indicator.pk)).content.decode()
    assert "Inspections followed up" in form and "Women" in form
    response = client.post(_url("update-create", indicator.pk), {
        "date": "2013-05-01", "numerator": "30", "denominator": "40", "sex_women": "10",
        "sex_men": "15", "action": "draft"})
    assert response.status_code == 400
    assert "add up to" in response.content.decode()
    assert not ProgressUpdate.objects.exists()
    response = client.post(_url("update-create", indicator.pk), {
        "date": "2013-05-01", "numerator": "30", "denominator": "40", "sex_women": "12",
        "sex_men": "18", "action": "draft"})
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert (update.numerator, update.denominator) == (D("30"), D("40"))
    assert {d.category: d.value for d in DisaggregatedValue.objects.all()} == {
        "women": D("12"), "men": D("18")}
    page = client.get(_url("indicator-detail", indicator.pk)).content.decode()
    assert "30 / 40 (75 %)" in page


def test_a_qualitative_update_asks_whether_the_milestone_is_reached(client, field_user, cpo):
    indicator = svc.indicator_create(user=field_user, cpo=cpo, title="System in place",
                                     unit=Unit.QUALITATIVE)
    client.force_login(field_user)
    response = client.post(_url("update-create", indicator.pk),
                           {"date": "2013-05-01", "action": "draft"})
    assert _field_errors(response.content.decode(), "reached") == [
        "Say whether the milestone is reached."]
    client.post(_url("update-create", indicator.pk),
                {"date": "2013-05-01", "reached": "yes", "action": "draft"})
    assert ProgressUpdate.objects.get().reached is True


def test_future_dates_are_refused_next_to_the_date(client, field_user, indicator):
    client.force_login(field_user)
    response = client.post(_url("update-create", indicator.pk), {
        "date": "2099-01-01", "value": "3", "action": "draft"})
    assert _field_errors(response.content.decode(), "date") == [
        "The date cannot be in the future."]


def test_a_failed_form_says_the_chosen_evidence_must_be_chosen_again(client, field_user,
                                                                    indicator):
    """Issue 13, point 5: a browser cannot refill a file field, so a form with errors says
    beside it which files to choose again, instead of dropping them without a word."""
    client.force_login(field_user)
    upload = SimpleUploadedFile("register.pdf", b"%PDF-1.4 agreements", "application/pdf")
    response = client.post(_url("update-create", indicator.pk), {
        "date": "2999-05-01", "value": "18", "evidence": [upload],
        "evidence_title": "Register extract", "action": "submit"})
    assert response.status_code == 400
    assert response.context["form"].errors["evidence"] == [
        "The file “register.pdf” you chose is not kept while the form has errors: choose it "
        "again."]
    assert 'value="Register extract"' in response.content.decode()  # the rest is kept


def test_evidence_files_are_attached_and_downloaded_within_scope(
        client, field_user, field_user_africa, indicator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(field_user)
    upload = SimpleUploadedFile("register.pdf", b"%PDF-1.4 agreements", "application/pdf")
    response = client.post(_url("update-create", indicator.pk), {
        "date": "2013-05-01", "value": "18", "evidence": [upload],
        "evidence_title": "Register extract", "action": "submit"})
    assert response.status_code == 302
    evidence = EvidenceFile.objects.get()
    assert evidence.title == "Register extract"
    assert evidence.update.status == UpdateStatus.SUBMITTED
    download = client.get(_url("evidence-download", evidence.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 agreements"
    client.force_login(field_user_africa)
    assert client.get(_url("evidence-download", evidence.pk)).status_code == 403


def test_a_program_file_is_refused_as_evidence(client, field_user, indicator, settings,
                                               tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(field_user)
    response = client.post(_url("update-create", indicator.pk), {
        "date": "2013-05-01", "value": "18", "action": "draft",
        "evidence": [SimpleUploadedFile("run.exe", b"MZ")]})
    assert _field_errors(response.content.decode(), "evidence")
    assert not ProgressUpdate.objects.exists() and not EvidenceFile.objects.exists()


@pytest.mark.parametrize("persona", ["manager_user", "actemp_user", "field_user_africa"])
def test_only_field_staff_of_the_country_enter_progress(client, request, indicator, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url("update-create", indicator.pk)).status_code == 403
    assert client.post(_url("update-create", indicator.pk), {
        "date": "2013-05-01", "value": "1", "action": "draft"}).status_code == 403


# --- closing a biennium --------------------------------------------------------------------

def test_a_closed_biennium_locks_its_updates_until_reopened_with_a_reason(
        client, field_user, colleague, manager_user, indicator):
    draft = svc.progress_update_create(user=field_user, indicator=indicator,
                                       date=dt.date(2013, 3, 1), value=D("12"))
    submitted = _submitted(indicator, field_user)
    client.force_login(manager_user)
    overview = client.get(_url("results-overview"), {"biennium": "2012-13"}).content.decode()
    assert _url("biennium-close", b("2012-13").pk) in overview
    assert client.post(_url("biennium-close", b("2012-13").pk)).status_code == 302
    assert b("2012-13").closed_at is not None

    client.force_login(field_user)
    response = client.post(_url("update-create", indicator.pk), {
        "date": "2013-05-01", "value": "18", "action": "draft"})
    assert "Biennium 2012-13 is closed" in _field_errors(response.content.decode(), "date")[0]
    page = client.get(_url("indicator-detail", indicator.pk)).content.decode()
    assert _url("update-edit", draft.pk) not in page and "locked" in page
    client.force_login(colleague)
    client.post(_url("update-approve", submitted.pk))
    submitted.refresh_from_db()
    assert submitted.status == UpdateStatus.SUBMITTED

    client.force_login(manager_user)
    response = client.post(_url("biennium-reopen", b("2012-13").pk), {"reason": ""})
    assert _field_errors(response.content.decode(), "reason") == [
        "Say why the biennium is reopened."]
    client.post(_url("biennium-reopen", b("2012-13").pk),
                {"reason": "Late register data from the ministry"})
    assert b("2012-13").closed_at is None
    assert b("2012-13").history.first().history_change_reason == (
        "Reopened: Late register data from the ministry")


def test_only_managers_close_biennia(client, field_user):
    client.force_login(field_user)
    assert client.post(_url("biennium-close", b("2012-13").pk)).status_code == 403
    assert client.get(_url("biennium-reopen", b("2012-13").pk)).status_code == 403
    overview = client.get(_url("results-overview")).content.decode()
    assert "biennia/" not in overview
    assert b("2012-13").closed_at is None


# --- queue, dashboards, overview: roles ----------------------------------------------------

@pytest.mark.parametrize(("persona", "status"), [
    ("field_user", 200), ("manager_user", 200), ("admin_user", 200), ("actemp_user", 403),
    ("actrav_user", 403)])
def test_the_approval_queue_is_for_field_staff_and_managers(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url("approval-queue")).status_code == status


def test_managers_see_every_submitted_update_in_the_queue(client, field_user, manager_user,
                                                          indicator):
    update = _submitted(indicator, field_user)
    client.force_login(manager_user)
    html = client.get(_url("approval-queue")).content.decode()
    assert _url("update-approve", update.pk) in html
    assert client.get(_url("approval-queue"), {"country": "KEN"}).content.decode().count(
        "workbench__decide") == 0


def _other_country_indicator(iso3: str, user, approver, code: str):
    dwcp = DwcpFactory(country=country(iso3))
    cpo = CpoFactory(priority=CountryPriorityFactory(dwcp=dwcp), code=code)
    indicator = svc.indicator_create(user=None, cpo=cpo, title=f"Indicator of {iso3}",
                                     baseline_value=D("0"),
                                     milestones={b("2012-13"): (D("10"), "")})
    update = svc.progress_update_create(user=None, indicator=indicator,
                                        date=dt.date(2013, 4, 1), value=D("10"), submit=True)
    svc.progress_update_approve(user=approver, update=update)
    return indicator


def _counts_table(response) -> str:
    html = response.content.decode()
    return re.search(r'<table class="table counts-table">.*?</table>', html, re.S).group(0)


def test_the_overview_counts_by_region_and_country_within_scope(
        client, field_user, colleague, manager_user, indicator):
    _approved(indicator, field_user, colleague, value=D("16"))
    _other_country_indicator("KEN", field_user, manager_user, "KEN101")
    results.results_recompute_all(as_of=dt.date(2014, 3, 1))

    client.force_login(manager_user)
    response = client.get(_url("results-overview"), {"biennium": "2012-13"})
    assert "Results as of 1 March 2014" in response.content.decode()
    table = _counts_table(response)
    for text in ("Europe and Central Asia", "Albania", "Africa", "Kenya", "Achieved",
                 "Partly achieved"):
        assert text in table, text
    table = _counts_table(client.get(_url("results-overview"),
                                     {"biennium": "2012-13", "region": "AF"}))
    assert "Kenya" in table and "Albania" not in table

    client.force_login(field_user)
    table = _counts_table(client.get(_url("results-overview"), {"biennium": "2012-13"}))
    assert "Albania" in table and "Kenya" not in table and "Africa" not in table
    response = client.get(_url("results-overview"), {"biennium": "2012-13", "subject": "cpo"})
    assert "Country programme outcomes by status" in response.content.decode()
    assert "Partly achieved" in _counts_table(response)


def test_the_overview_without_results_says_so(client, actemp_user):
    client.force_login(actemp_user)
    html = client.get(_url("results-overview")).content.decode()
    assert "Results have not been computed yet" in html


def test_the_country_dashboard_shows_cpo_status_per_biennium(
        client, field_user, colleague, field_user_africa, manager_user, indicator):
    _approved(indicator, field_user, colleague, value=D("21"))
    results.results_recompute_all(as_of=dt.date(2014, 3, 1))
    alb = country("ALB")
    for user in (field_user, manager_user):
        client.force_login(user)
        html = client.get(_url("country-results", alb.pk)).content.decode()
        assert "ALB101" in html and "Achieved" in html and "2016-17" in html
    client.force_login(field_user_africa)
    assert client.get(_url("country-results", alb.pk)).status_code == 403
    assert client.get(_url("dwcp-results", indicator.cpo.dwcp_id)).status_code == 403


# --- query counts --------------------------------------------------------------------------

def _grow_indicators(cpo, user, approver, n: int, updates_each: int = 2) -> None:
    for _ in range(n):
        indicator = svc.indicator_create(
            user=user, cpo=cpo, title="Grown", baseline_value=D("1"), target_value=D("9"),
            milestones={b("2012-13"): (D("5"), ""), b("2014-15"): (D("7"), "")})
        for k in range(updates_each):
            update = _submitted(indicator, user, day=dt.date(2013, 1 + k, 1), value=D(k + 2))
            if k % 2 == 0:
                svc.progress_update_approve(user=approver, update=update)


def _count(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def test_list_pages_run_a_constant_number_of_queries(client, field_user, colleague,
                                                     manager_user, cpo,
                                                     django_assert_num_queries):
    _grow_indicators(cpo, field_user, colleague, 2)
    _other_country_indicator("KEN", None, manager_user, "KEN101")
    results.results_recompute_all(as_of=dt.date(2014, 3, 1))
    alb = country("ALB")
    pages = [(field_user, _url("cpo-indicators", cpo.pk), None),
             (field_user, _url("country-results", alb.pk), None),
             (field_user, _url("dwcp-results", cpo.dwcp_id), None),
             (manager_user, _url("approval-queue"), None),
             (colleague, _url("approval-queue"), None),
             (manager_user, _url("results-overview"), {"biennium": "2012-13"}),
             (field_user, _url("results-overview"), {"biennium": "2012-13"})]
    small = []
    for user, url, params in pages:
        client.force_login(user)
        client.get(url, params or {})
        small.append(_count(client, url, params))

    _grow_indicators(cpo, field_user, colleague, 6, updates_each=3)
    for iso3, code in (("MDA", "MDA101"), ("SEN", "SEN101"), ("VNM", "VNM101")):
        _other_country_indicator(iso3, None, manager_user, code)
    results.results_recompute_all(as_of=dt.date(2014, 3, 1))
    for (user, url, params), expected in zip(pages, small, strict=True):
        client.force_login(user)
        with django_assert_num_queries(expected):
            assert client.get(url, params or {}).status_code == 200


def test_the_indicator_page_runs_a_constant_number_of_queries(client, field_user, colleague,
                                                              indicator,
                                                              django_assert_num_queries):
    _approved(indicator, field_user, colleague)
    results.results_recompute_all(as_of=dt.date(2014, 3, 1))
    client.force_login(colleague)
    url = _url("indicator-detail", indicator.pk)
    client.get(url)
    few = _count(client, url)
    for k in range(8):
        update = _submitted(indicator, field_user, day=dt.date(2013, 1 + k, 3), value=D(k))
        if k % 3 == 0:
            svc.progress_update_approve(user=colleague, update=update)
    svc.milestone_set(user=field_user, indicator=indicator, biennium=b("2012-13"),
                      value=D("22"), reason="Revised")
    svc.milestone_set(user=field_user, indicator=indicator, biennium=b("2014-15"),
                      value=D("33"), reason="Revised")
    results.results_recompute_all(as_of=dt.date(2014, 3, 1))
    with django_assert_num_queries(few):
        html = client.get(url).content.decode()
    assert html.count('class="badge badge--submitted"') == 5


def test_cpo_dwcp_and_country_pages_lead_to_the_results(client, field_user, cpo):
    client.force_login(field_user)
    cpo_page = client.get(reverse("programmes:cpo-detail", args=[cpo.pk])).content.decode()
    assert reverse("programmes:cpo-indicators", args=[cpo.pk]) in cpo_page
    dwcp_page = client.get(reverse("programmes:dwcp-detail", args=[cpo.dwcp_id])).content.decode()
    assert reverse("programmes:dwcp-results", args=[cpo.dwcp_id]) in dwcp_page
    country_page = client.get(reverse("constituents:country-detail", args=["ALB"])).content.decode()
    assert reverse("programmes:country-results", args=[country("ALB").pk]) in country_page


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("register.html", b"<html><script>alert(1)</script></html>", "accepted kind"),
    ("register.txt", b"<!DOCTYPE html><html><body>x</body></html>", "accepted kind"),
    ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>1</script></svg>",
     "accepted kind"),
    ("register.pdf", b"<svg onload='alert(1)'></svg>", "accepted kind"),
    ("register.pdf", b"\x89PNG\r\n\x1a\n0000", "does not match its content"),
    ("register.pdf", b"", "empty"),
])
def test_evidence_is_judged_by_its_content_not_its_name(client, field_user, indicator,
                                                        settings, tmp_path, name, content,
                                                        reason):
    """HTML, SVG or a PNG named .pdf are refused with the reason; nothing is saved."""
    settings.MEDIA_ROOT = tmp_path
    client.force_login(field_user)
    response = client.post(_url("update-create", indicator.pk), {
        "date": "2013-05-01", "value": "18", "action": "draft",
        "evidence": [SimpleUploadedFile(name, content)]})
    errors = " ".join(_field_errors(response.content.decode(), "evidence"))
    assert reason in errors
    assert not ProgressUpdate.objects.exists() and not EvidenceFile.objects.exists()


def test_evidence_of_every_accepted_kind_is_kept_and_handed_out_as_an_attachment(
        client, field_user, indicator, settings, tmp_path):
    import io
    import zipfile

    def office(part: str) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr(part, "<x/>")
        return buffer.getvalue()

    settings.MEDIA_ROOT = tmp_path
    files = [("register.pdf", b"%PDF-1.4 register"), ("photo.png", b"\x89PNG\r\n\x1a\n0000"),
             ("photo.jpg", b"\xff\xd8\xff\xe0 jfif"), ("list.csv", "nom;été\n1;2\n".encode()),
             ("minutes.docx", office("word/document.xml")),
             ("figures.xlsx", office("xl/workbook.xml")),
             ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 ole")]
    client.force_login(field_user)
    response = client.post(_url("update-create", indicator.pk), {
        "date": "2013-05-01", "value": "18", "action": "draft",
        "evidence": [SimpleUploadedFile(n, c) for n, c in files]})
    assert response.status_code == 302, _field_errors(response.content.decode(), "evidence")
    assert EvidenceFile.objects.count() == len(files)
    download = client.get(_url("evidence-download", EvidenceFile.objects.first().pk))
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
