"""Delivery rates, available resources and gaps, checked against hand-computed values."""
from decimal import Decimal

import pytest

from programmes.selectors import resources as sel
from tests.programmes.factories import CpoFactory, DwcpFactory, ProjectFactory
from tests.programmes.factories_resources import funded_project, link

pytestmark = pytest.mark.django_db


def test_project_delivery_rate_over_all_years_and_per_year(field_user):
    project = funded_project(years={2012: ("100000", "80000"), 2013: ("50000", "70000"),
                                    2014: ("0", "0")})
    row = sel.project_list(user=field_user).get(pk=project.pk)
    assert row.total_allocation == Decimal("150000.00")
    assert row.total_expenditure == Decimal("150000.00")
    assert row.delivery_rate == Decimal("100.00")
    by_year = {f.year: f for f in sel.project_funding_list(user=field_user, project=project)}
    assert by_year[2012].delivery_rate == Decimal("80.00")
    assert by_year[2013].delivery_rate == Decimal("140.00")
    assert by_year[2013].over_spent is True
    assert by_year[2012].over_spent is False
    assert by_year[2014].delivery_rate is None


def test_project_without_funding_has_zero_totals_and_no_rate(field_user):
    project = ProjectFactory()
    row = sel.project_list(user=field_user).get(pk=project.pk)
    assert row.total_allocation == Decimal("0")
    assert row.delivery_rate is None


def test_delivery_rate_is_rounded_to_two_places(field_user):
    project = funded_project(years={2013: ("300", "100")})
    assert sel.project_list(user=field_user).get(pk=project.pk).delivery_rate == \
        Decimal("33.33")


def test_cpo_figures_weight_projects_by_share(field_user):
    cpo = CpoFactory(planned_resources=Decimal("200000"))
    a = funded_project(years={2012: ("100000", "50000"), 2013: ("100000", "90000")})
    b = funded_project(years={2013: ("80000", "20000")})
    link(a, cpo, share="50")   # counts on 100,000 of which 70,000 spent
    link(b, cpo, share="25")   # counts on 20,000 of which 5,000 spent
    other_cpo = CpoFactory(dwcp=cpo.dwcp, priority=cpo.priority,
                           planned_resources=Decimal("10000"))
    link(a, other_cpo, share="50")
    row = sel.cpo_resources_list(user=field_user).get(pk=cpo.pk)
    available = Decimal("0.50") * 200000 + Decimal("0.25") * 80000
    spent = Decimal("0.50") * 140000 + Decimal("0.25") * 20000
    assert row.available == available == Decimal("120000")
    assert row.spent == spent == Decimal("75000")
    assert row.resource_gap == Decimal("200000") - available == Decimal("80000")
    assert row.delivery_rate == Decimal("62.50")
    other = sel.cpo_resources_list(user=field_user).get(pk=other_cpo.pk)
    assert other.available == Decimal("100000")
    assert other.resource_gap == Decimal("-90000")  # more than planned: no shortfall


def test_cpo_without_projects_has_its_whole_plan_as_gap(field_user):
    cpo = CpoFactory(planned_resources=Decimal("500000"))
    row = sel.cpo_resources_list(user=field_user).get(pk=cpo.pk)
    assert row.available == Decimal("0")
    assert row.resource_gap == Decimal("500000")
    assert row.delivery_rate is None


def test_dwcp_totals_and_by_funding_source(field_user):
    dwcp = DwcpFactory()
    cpo1 = CpoFactory(priority__dwcp=dwcp, planned_resources=Decimal("100000"))
    cpo2 = CpoFactory(priority__dwcp=dwcp, planned_resources=Decimal("50000"))
    rbsa = funded_project(funding_source="rbsa", years={2013: ("40000", "30000")})
    xbtc = funded_project(funding_source="xbtc", years={2013: ("100000", "25000"),
                                                        2014: ("100000", "75000")})
    link(rbsa, cpo1, share="100")
    link(xbtc, cpo1, share="20")
    link(xbtc, cpo2, share="30")
    totals = sel.dwcp_resource_totals(dwcp=dwcp)
    # available: 40,000 + 0.2×200,000 + 0.3×200,000 = 140,000; spent: 30,000 + 0.5×100,000
    assert totals["planned"] == Decimal("150000")
    assert totals["available"] == Decimal("140000")
    assert totals["spent"] == Decimal("80000")
    assert totals["resource_gap"] == Decimal("10000")
    assert totals["delivery_rate"] == Decimal("57.14")
    by_source = {r["project__funding_source"]: r for r in sel.dwcp_resources_by_source(dwcp=dwcp)}
    assert by_source["rbsa"]["available"] == Decimal("40000")
    assert by_source["rbsa"]["delivery_rate"] == Decimal("75.00")
    assert by_source["xbtc"]["available"] == Decimal("100000")
    assert by_source["xbtc"]["spent"] == Decimal("50000")


def test_contributing_projects_show_the_share_the_cpo_counts_on(field_user):
    cpo = CpoFactory()
    project = funded_project(years={2012: ("1000", "500"), 2013: ("1000", "300")})
    link(project, cpo, share="40")
    row = sel.cpo_contributing_projects(user=field_user, cpo=cpo).get()
    assert row.project_allocation == Decimal("2000")
    assert row.available == Decimal("800")
    assert row.spent == Decimal("320")
    assert row.delivery_rate == Decimal("40.00")


def test_figures_keep_their_fractions_and_places_on_every_database(field_user):
    """SQLite stores whole-number decimals as integers; the figures must not be divided as
    integers there, and read with the places PostgreSQL gives them (25.00, not 25)."""
    cpo = CpoFactory(planned_resources=Decimal("1000"))
    project = funded_project(years={2013: ("1001", "125")})
    link(project, cpo, share="33")
    row = sel.project_list(user=field_user).get(pk=project.pk)
    assert str(row.total_allocation) == "1001.00"
    assert str(row.delivery_rate) == "12.49"   # 100 × 125 / 1001 = 12.487…
    figures = sel.cpo_resources_list(user=field_user).get(pk=cpo.pk)
    assert figures.available == Decimal("330.33")   # 33 % of 1001
    assert figures.spent == Decimal("41.25")
    assert str(figures.delivery_rate) == "12.49"
