"""The programme demo data: loaded after the constituents' demo data, every demo country gets a
complete, valid programme written through the services (so with status and audit history),
and loading again changes nothing."""
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import transaction
from django.db.models import F

from constituents import demo as constituents_demo
from core.roles import ConstituentGroup
from programmes import demo, demo_data, demo_portfolio_data
from programmes.models import (
    Biennium,
    CountryProgrammeOutcome,
    CpoOutcomeLink,
    Dwcp,
    DwcpStatus,
    Indicator,
    Output,
    Project,
    ProjectFunding,
    ProjectStage,
    Signatory,
    SignatoryParty,
    UNFramework,
)
from programmes.selectors.resources import (
    cpos_with_resources,
    dwcp_resource_totals,
    funding_with_rates,
    projects_with_totals,
)

pytestmark = pytest.mark.django_db

# The regional, interregional and pipeline projects of the portfolio's demo data.
PORTFOLIO_CODES = [spec.code for spec in demo_portfolio_data.WIDER_PROJECTS]

DWCP_COUNTRIES = {"ALB", "ARG", "CRI", "GUY", "IDN", "JOR", "LSO", "MDA", "NER", "SEN", "UKR",
                  "VNM"}
DELIVERING_AS_ONE = {"ALB", "CPV", "MOZ", "PAK", "RWA", "TZA", "URY", "VNM"}
PARTY_GROUP = {SignatoryParty.GOVERNMENT: ConstituentGroup.GOVERNMENT,
               SignatoryParty.EMPLOYERS: ConstituentGroup.EMPLOYERS,
               SignatoryParty.WORKERS: ConstituentGroup.WORKERS}


def _load() -> str:
    out = io.StringIO()
    constituents_demo.load(stdout=io.StringIO())
    demo.load(stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo data, loaded once for the module and rolled back after it (each test runs in
    a savepoint inside, so what a test changes is undone too)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _load()
        transaction.set_rollback(True)


def _snapshot() -> dict[str, tuple[int, object]]:
    """Row count and latest update of every table (history tables included)."""
    result = {}
    for model in apps.get_models():
        qs = model._default_manager.all()
        latest = None
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            latest = qs.order_by("-updated_at").values_list("updated_at", flat=True).first()
        result[model._meta.label] = (qs.count(), latest)
    return result


def test_every_listed_country_gets_a_complete_programme(loaded):
    assert loaded.startswith("Programmes demo data: 18 countries; created ")
    dwcps = {d.country.iso3: d for d in Dwcp.objects.select_related("country")}
    assert set(dwcps) == DWCP_COUNTRIES | DELIVERING_AS_ONE
    for iso3, dwcp in dwcps.items():
        assert dwcp.priorities.count() in (2, 3), iso3
        cpos = list(dwcp.cpos.all())
        assert cpos and all(c.code.startswith(iso3) for c in cpos), iso3
        assert {c.priority_id for c in cpos} == set(dwcp.priorities.values_list("pk", flat=True))
        assert not dwcp.cpos.filter(outputs__isnull=True).exists(), iso3
        assert Project.objects.filter(country=dwcp.country).exclude(
            code__in=PORTFOLIO_CODES).count() in (1, 2, 3), iso3
        framework = UNFramework.objects.get(country=dwcp.country)
        assert dwcp.un_framework == framework
        assert framework.outcomes.count() in (2, 3, 4)
        assert dwcp.priorities.filter(alignments__isnull=False).exists(), iso3


def test_signatories_are_the_right_constituents_of_the_country(loaded):
    signed = Dwcp.objects.exclude(status=DwcpStatus.IN_PREPARATION)
    assert signed.count() == 17
    for dwcp in signed:
        parties = sorted(dwcp.signatories.values_list("party", flat=True))
        assert parties == sorted(SignatoryParty.values), dwcp.country.iso3
    for signatory in Signatory.objects.select_related("constituent", "dwcp"):
        if signatory.party == SignatoryParty.ILO:
            assert signatory.constituent is None
            assert signatory.position.startswith(("Director", "Country Director",
                                                  "Regional Director"))
        else:
            assert signatory.constituent.group == PARTY_GROUP[signatory.party]
            assert signatory.constituent.country_id == signatory.dwcp.country_id
        assert signatory.signed_date == signatory.dwcp.signed_date


def test_each_programme_has_a_tripartite_steering_committee_that_met(loaded):
    for dwcp in Dwcp.objects.prefetch_related("committee_members__constituent",
                                              "committee_meetings__decisions"):
        members = list(dwcp.committee_members.all())
        assert {m.party for m in members} == set(SignatoryParty.values), dwcp.country.iso3
        for member in members:
            if member.party != SignatoryParty.ILO:
                assert member.constituent.group == PARTY_GROUP[member.party]
            ended = dwcp.status in (DwcpStatus.COMPLETED, DwcpStatus.EVALUATED)
            assert (member.until is not None) == ended
        meetings = list(dwcp.committee_meetings.all())
        assert len(meetings) == 1
        assert all(d.due_date >= meetings[0].date for d in meetings[0].decisions.all())
        assert len(meetings[0].decisions.all()) == 2


def test_statuses_are_varied_and_reached_through_the_lifecycle(loaded):
    statuses = {d.country.iso3: d.status for d in Dwcp.objects.select_related("country")}
    assert list(statuses.values()).count(DwcpStatus.IN_PREPARATION) == 1
    assert {DwcpStatus.ACTIVE, DwcpStatus.COMPLETED, DwcpStatus.EVALUATED} <= set(
        statuses.values())
    for dwcp in Dwcp.objects.prefetch_related("status_changes"):
        changes = sorted(dwcp.status_changes.all(), key=lambda c: c.effective_date)
        expected = demo.PATHS[dwcp.status]
        assert [c.to_status for c in changes] == list(expected)
        if changes:
            assert changes[0].from_status == DwcpStatus.IN_PREPARATION
            assert all(c.changed_by is not None for c in changes)
            assert dwcp.history.filter(history_change_reason__startswith="Status").count() \
                == len(changes)
    signing = Dwcp.objects.get(country__iso3="ALB").status_changes.get(
        to_status=DwcpStatus.ACTIVE)
    assert signing.changed_by.username == "manager"


def test_cpos_contribute_to_a_pb_outcome_in_every_biennium_with_a_framework(loaded):
    framed = [b for b in Biennium.objects.select_related("framework") if b.framework_id]
    for cpo in CountryProgrammeOutcome.objects.select_related("dwcp").prefetch_related(
            "outcome_links__pb_outcome"):
        expected = {b.pk for b in framed
                    if b.start_year <= cpo.dwcp.end_year and b.end_year >= cpo.dwcp.start_year}
        links = list(cpo.outcome_links.all())
        assert {link.biennium_id for link in links} == expected, cpo.code
        assert all(link.pb_outcome.framework_id == link.biennium.framework_id for link in links)
    # Only the DWCP in preparation (2027–2030) spans no biennium with a P&B framework.
    assert not CountryProgrammeOutcome.objects.filter(outcome_links__isnull=True).exclude(
        dwcp__status=DwcpStatus.IN_PREPARATION).exists()
    assert CpoOutcomeLink.objects.filter(biennium__start_year=2020).exists()
    assert CpoOutcomeLink.objects.filter(biennium__start_year=2012).exists()
    # SDG targets only for programmes after the 2030 Agenda was adopted.
    assert not CountryProgrammeOutcome.objects.filter(
        dwcp__start_year__lt=2016, sdg_targets__isnull=False).exists()
    assert CountryProgrammeOutcome.objects.filter(sdg_targets__code="8.5").exists()


def test_figures_are_valid_and_delivery_rates_sensible(loaded):
    over_spent = list(funding_with_rates().filter(over_spent=True)
                      .values_list("project__code", "year"))
    assert over_spent == [("GUY/13/01/CAN", 2014)]  # the one deliberate case
    assert set(Project.objects.values_list("funding_source", flat=True)) == {
        "rbtc", "rbsa", "xbtc", "psc"}
    for project in projects_with_totals().exclude(code__in=PORTFOLIO_CODES):
        spec = next(p for s in demo_data.PROGRAMMES.values() for p in s.projects
                    if p.code == project.code)
        assert project.total_allocation == spec.budget
        if project.status == ProjectStage.CLOSED:
            assert Decimal("75") <= project.delivery_rate <= Decimal("100"), project.code
        elif project.status == ProjectStage.CONCEPT:
            assert project.total_expenditure == 0
        else:
            assert Decimal("0") < project.delivery_rate < Decimal("100"), project.code
    assert not ProjectFunding.objects.exclude(
        year__gte=F("project__start_date__year"), year__lte=F("project__end_date__year")).exists()
    for cpo in cpos_with_resources():
        assert cpo.available >= 0 and cpo.spent <= cpo.available * Decimal("1.01")
        assert cpo.resource_gap == cpo.planned_resources - cpo.available
    totals = dwcp_resource_totals(dwcp=Dwcp.objects.get(country__iso3="ALB"))
    assert totals["planned"] > totals["available"] > totals["spent"] > 0
    assert Decimal("75") <= totals["delivery_rate"] <= Decimal("95")


def test_loading_again_changes_nothing(loaded):
    before = _snapshot()

    summary = _load()

    assert "created nothing new" in summary
    assert _snapshot() == before


def test_loading_again_restores_demo_records_that_drifted(loaded):
    output = Output.objects.get(cpo__code="ALB101", code="ALB101.1")
    Output.objects.filter(pk=output.pk).update(title="Changed by hand")
    ProjectFunding.objects.filter(project__code="ALB/22/50/RBS", year=2022).update(
        expenditure=Decimal("1"))

    _load()

    output.refresh_from_db()
    assert output.title == demo_data.THEMES["youth_employment"].outputs[0]
    assert output.history.first().history_change_reason == demo.REASON
    row = ProjectFunding.objects.get(project__code="ALB/22/50/RBS", year=2022)
    assert row.expenditure > Decimal("100000")


def test_funding_rows_spread_the_budget_and_concentrate_rbtc_in_the_second_year():
    spec = demo_data.Project("X/1", "t", "rbtc", "", (2022, 1), (2023, 12), 100_000,
                             (("X101", 100),))
    rows = demo.funding_rows(spec)
    assert [(r["year"], r["allocation"]) for r in rows] == [(2022, 40_000), (2023, 60_000)]
    assert all(r["expenditure"] <= r["allocation"] for r in rows)

    long = demo_data.Project("X/2", "t", "xbtc", "", (2025, 7), (2028, 6), 1_000_000, ())
    rows = demo.funding_rows(long)
    assert sum(r["allocation"] for r in rows) == 1_000_000
    assert [r["year"] for r in rows] == [2025, 2026, 2027, 2028]
    assert rows[0]["expenditure"] > 0 and rows[1]["expenditure"] > 0
    assert rows[2]["expenditure"] == rows[3]["expenditure"] == 0


def test_every_cpo_gets_indicators_with_a_milestone_for_each_biennium(loaded):
    from programmes.models import Indicator
    from programmes.services.framework import biennia_spanned

    for cpo in CountryProgrammeOutcome.objects.select_related("dwcp"):
        indicators = list(Indicator.objects.filter(cpo=cpo).prefetch_related("milestones"))
        assert len(indicators) == 2, cpo.code
        spanned = {b.pk for b in biennia_spanned(cpo.dwcp)}
        for indicator in indicators:
            assert indicator.code.startswith(f"{cpo.code}.")
            assert {m.biennium_id for m in indicator.milestones.all()} == spanned


def test_updates_went_through_the_workflow_and_results_are_computed(loaded):
    from django.db.models import Count

    from programmes.models import CpoResult, IndicatorResult, ProgressUpdate, ResultSnapshot

    statuses = dict(ProgressUpdate.objects.values_list("status").annotate(n=Count("id")))
    assert statuses["approved"] > 500
    assert statuses["submitted"] > 10  # waiting in the approval queue
    # Approved by someone other than the submitter, always.
    assert not ProgressUpdate.objects.filter(status="approved",
                                             decided_by=F("submitted_by")).exists()
    # Submitted only for programmes in force.
    assert not ProgressUpdate.objects.filter(status="submitted").exclude(
        indicator__cpo__dwcp__status__in=[DwcpStatus.ACTIVE, DwcpStatus.UNDER_REVIEW]).exists()
    assert ResultSnapshot.objects.filter(is_current=True).count() == 1
    varied = set(IndicatorResult.objects.values_list("status", flat=True))
    assert {"achieved", "partly_achieved", "not_achieved"} <= varied
    assert CpoResult.objects.exists()


def test_the_portfolio_has_every_kind_of_partner_and_project(loaded):
    """Every funding partner category of the statistical tables, agreements behind every
    extra-budgetary project in the portfolio (their US$ amounts adding up to its budget),
    core and thematic contributions, local mobilization, regional and interregional
    projects, and a pipeline with its appraisals."""
    from programmes.models import (
        Appraisal,
        AppraisalOutcome,
        Donor,
        DonorCategory,
        Earmarking,
        FundingAgreement,
        ProjectScope,
    )

    used = set(Donor.objects.filter(agreements__isnull=False).values_list("category", flat=True))
    assert used >= set(DonorCategory.values) - {DonorCategory.OTHER_IGO, DonorCategory.DOMESTIC}
    for project in Project.objects.filter(funding_source="xbtc").exclude(
            status__in=(ProjectStage.CONCEPT, ProjectStage.APPRAISAL)):
        agreements = list(project.agreements.all())
        assert agreements, project.code
        budget = sum(f.allocation for f in project.funding.all())
        assert abs(sum(a.amount_usd for a in agreements) - budget) <= 2 * len(agreements), \
            project.code
    assert FundingAgreement.objects.exclude(currency="USD").exists()
    assert {Earmarking.RBSA_CORE, Earmarking.LIGHTLY, Earmarking.FULLY} == set(
        FundingAgreement.objects.values_list("earmarking", flat=True))
    assert FundingAgreement.objects.filter(locally_mobilized=True).exists()
    scopes = set(Project.objects.values_list("scope", flat=True))
    assert scopes == set(ProjectScope.values)
    assert Project.objects.filter(status=ProjectStage.APPRAISAL).count() == 2
    outcomes = set(Appraisal.objects.filter(project__isnull=False)
                   .values_list("outcome", flat=True))
    assert outcomes == {AppraisalOutcome.PASSED, AppraisalOutcome.REVISE,
                        AppraisalOutcome.IN_PROGRESS}
    # Regional and interregional projects were approved through quality control.
    for project in Project.objects.exclude(scope=ProjectScope.COUNTRY).exclude(
            status__in=(ProjectStage.CONCEPT, ProjectStage.APPRAISAL)):
        assert project.appraisals.get().outcome == AppraisalOutcome.PASSED, project.code
    # Every signed DWCP passed its quality appraisal before the signature.
    for dwcp in Dwcp.objects.exclude(status=DwcpStatus.IN_PREPARATION):
        passed = dwcp.appraisals.get(outcome=AppraisalOutcome.PASSED)
        assert passed.completed_on < dwcp.signed_date, dwcp.country.iso3


def test_every_statistical_table_has_figures(loaded):
    from programmes.selectors import portfolio_figures as figures

    snapshot = figures.current_snapshot()
    assert snapshot is not None
    first, second = figures.default_periods(snapshot)
    for slug, (_title, _source, builders) in figures.TABLES.items():
        for build in builders:
            grid = build(snapshot, first, second)
            assert grid.rows, (slug, grid.title)


def test_francophone_and_latin_american_programmes_have_translated_titles(loaded):
    """Senegal's and Niger's programmes have French titles, Argentina's Spanish ones; some of
    their records have none, so the demo also shows the original marked as such."""
    from django.utils import translation

    from core import content

    senegal = Dwcp.objects.get(country__iso3="SEN")
    assert senegal.title_fr == "Programme pays pour le travail décent du Sénégal 2020–2024"
    assert Dwcp.objects.get(country__iso3="ARG").title_es.startswith("Programa de Trabajo")
    cpos = CountryProgrammeOutcome.objects.filter(dwcp=senegal)
    assert cpos.filter(title_fr__isnull=False).exists()
    untranslated = cpos.filter(title_fr__isnull=True).first()
    assert untranslated is not None
    with translation.override("fr"):
        assert content.fallback_language(untranslated) == "en"
        assert content.fallback_language(senegal) is None
    assert Indicator.objects.filter(cpo__dwcp__country__iso3="NER",
                                    title_fr__isnull=False).exists()
