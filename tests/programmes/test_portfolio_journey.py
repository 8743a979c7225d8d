"""Issue 14, "done when": a partnerships officer records a donor, the month's UN rate, an
interregional project and the agreement funding it through the pages, and finds them in the
statistical tables the worker computes (tasks run eagerly here; the debounced run after the
writes is what a worker would do)."""
import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from core.roles import Role
from programmes.models import Donor, FundingAgreement, Project
from programmes.selectors import portfolio_figures as figures
from programmes.services.portfolio_figures import portfolio_figures_recompute_all
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_partnerships_officer_records_a_donor_an_agreement_and_an_interregional_project(
        client):
    client.force_login(UserFactory(username="pardev", role=Role.PARTNERSHIPS))
    response = client.post(reverse("programmes:donor-create"),
                           {"name": "Flanders (Belgium)", "acronym": "FLA",
                            "category": "multi_bilateral", "country": "", "notes": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    donor = Donor.objects.get(name="Flanders (Belgium)")
    response = client.post(reverse("programmes:exchange-rate-create"),
                           {"currency": "EUR", "month": "2024-03", "units_per_usd": "0.8"})
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(reverse("programmes:project-create"), {
        "scope": "interregional", "country": "", "region": "", "code": "GLO/24/01/FLA",
        "title": "Occupational safety and health in global supply chains",
        "funding_source": "xbtc", "funding_partner": "Flanders (Belgium)",
        "office": "LABADMIN/OSH", "assistance_type": "experts",
        "start_date": "2024-04-01", "end_date": "2025-12-31", "status": "ongoing",
        "description": "", "reason": "New partnership",
        "funding-TOTAL_FORMS": "2", "funding-INITIAL_FORMS": "0",
        "funding-MIN_NUM_FORMS": "0", "funding-MAX_NUM_FORMS": "1000",
        "funding-0-year": "2024", "funding-0-allocation": "500000",
        "funding-0-expenditure": "400000",
        "funding-1-year": "2025", "funding-1-allocation": "750000",
        "funding-1-expenditure": "600000",
        "pb_links-TOTAL_FORMS": "0", "pb_links-INITIAL_FORMS": "0",
        "pb_links-MIN_NUM_FORMS": "0", "pb_links-MAX_NUM_FORMS": "1000"})
    assert response.status_code == 302, response.content.decode()[:3000]
    project = Project.objects.get(code="GLO/24/01/FLA")
    assert (project.scope, project.country, project.region) == ("interregional", None, None)
    response = client.post(reverse("programmes:agreement-create"), {
        "donor": donor.pk, "reference": "FLA-2024-01", "title": "OSH in supply chains",
        "approval_date": "2024-03-20", "amount": "1000000", "currency": "EUR",
        "project": project.pk, "earmarking": "fully", "notes": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    agreement = FundingAgreement.objects.get(reference="FLA-2024-01")
    assert agreement.amount_usd == Decimal("1250000.00")  # 1,000,000 EUR at 0.8 per US$

    portfolio_figures_recompute_all(as_of=dt.date(2026, 1, 15))
    snapshot = figures.current_snapshot()
    first, second = figures.parse_period("2020-2023"), figures.parse_period("2024-2025")
    approvals = figures.approvals_by_category(snapshot, first, second)
    assert approvals.value("Multi-bilateral donors", 3) == Decimal("625000")  # a year's average
    regions = figures.expenditure_by_region(snapshot, first, second)
    assert regions.value("Interregional", 3) == Decimal("100")  # all of it, both years
    html = client.get(reverse("programmes:portfolio-table", args=["approvals"]),
                      {"first": "2020-2023", "second": "2024-2025"}).content.decode()
    assert "Flanders (Belgium)" in html and "625,000" in html
