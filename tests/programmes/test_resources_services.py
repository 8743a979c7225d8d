"""Rules of the resources services: validation both ways, no partial writes, audit."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from core.errors import ApplicationError
from programmes.models import Project, ProjectFunding, ProjectOutcomeLink
from programmes.services import resources as svc
from tests.factories import country
from tests.programmes.factories import CpoFactory, DwcpFactory, ProjectFactory
from tests.programmes.factories_resources import funded_project, link

pytestmark = pytest.mark.django_db


def _create(user, **overrides):
    data = {"country": country("ALB"), "code": "ALB/13/01/RBS", "title": "Youth employment",
            "funding_source": "rbsa", "start_date": dt.date(2013, 1, 1),
            "end_date": dt.date(2014, 12, 31)}
    data.update(overrides)
    return svc.project_create(user=user, **data)


def test_field_staff_creates_a_project_with_funding_in_their_country(field_user):
    project = _create(field_user, funding=[
        {"year": 2013, "allocation": "100000", "expenditure": "60000"},
        {"year": 2014, "allocation": "50000", "expenditure": ""},
    ], reason="New RBSA allocation")
    rows = list(project.funding.order_by("year").values_list("year", "allocation", "expenditure"))
    assert rows == [(2013, Decimal("100000.00"), Decimal("60000.00")),
                    (2014, Decimal("50000.00"), Decimal("0.00"))]
    assert project.history.first().history_change_reason == "New RBSA allocation"


def test_project_outside_the_users_countries_is_refused(field_user):
    with pytest.raises(ApplicationError) as err:
        _create(field_user, country=country("KEN"))
    assert "country" in err.value.field_errors
    assert not Project.objects.exists()


def test_manager_cannot_change_a_project(manager_user):
    project = ProjectFactory()
    with pytest.raises(PermissionDenied):
        svc.project_update(user=manager_user, project=project, data={"title": "x"})


def test_dates_out_of_order_are_refused(field_user):
    with pytest.raises(ApplicationError) as err:
        _create(field_user, start_date=dt.date(2014, 1, 1), end_date=dt.date(2013, 1, 1))
    assert "end_date" in err.value.field_errors
    assert not Project.objects.exists()


def test_duplicate_code_gets_a_friendly_message(field_user):
    ProjectFactory(code="ALB/13/01/RBS")
    with pytest.raises(ApplicationError) as err:
        _create(field_user, code="alb/13/01/rbs")
    assert "already exists" in err.value.field_errors["code"][0]


def test_negative_amounts_are_refused_and_nothing_is_written(field_user):
    with pytest.raises(ApplicationError) as err:
        _create(field_user, funding=[
            {"year": 2013, "allocation": "100000", "expenditure": "0"},
            {"year": 2014, "allocation": "-5", "expenditure": "-1"},
        ])
    assert set(err.value.field_errors) == {"funding-1-allocation", "funding-1-expenditure"}
    assert not Project.objects.exists()
    assert not ProjectFunding.objects.exists()


def test_year_outside_the_project_period_is_refused(field_user):
    project = funded_project(start_date=dt.date(2012, 1, 1), end_date=dt.date(2013, 12, 31))
    with pytest.raises(ApplicationError) as err:
        svc.project_funding_set(user=field_user, project=project, rows=[
            {"year": 2012, "allocation": "1", "expenditure": "0"},
            {"year": 2016, "allocation": "1", "expenditure": "0"}])
    assert "2012–2013" in err.value.field_errors["funding-1-year"][0]
    assert not ProjectFunding.objects.exists()


def test_the_same_year_twice_is_refused(field_user):
    project = ProjectFactory()
    with pytest.raises(ApplicationError) as err:
        svc.project_funding_set(user=field_user, project=project, rows=[
            {"year": 2013, "allocation": "1"}, {"year": 2013, "allocation": "2"}])
    assert "funding-1-year" in err.value.field_errors


def test_funding_set_is_all_or_nothing_on_existing_rows(field_user):
    project = funded_project(years={2012: ("100", "10"), 2013: ("200", "20")})
    with pytest.raises(ApplicationError):
        svc.project_funding_set(user=field_user, project=project, rows=[
            {"year": 2012, "allocation": "999", "expenditure": "0"},
            {"year": 2013, "allocation": "-1", "expenditure": "0"}])
    assert list(project.funding.values_list("year", "allocation")) == [
        (2012, Decimal("100.00")), (2013, Decimal("200.00"))]


def test_funding_set_updates_adds_and_removes_years_with_history(field_user):
    project = funded_project(years={2012: ("100", "10"), 2013: ("200", "20")})
    svc.project_funding_set(user=field_user, project=project, rows=[
        {"year": 2013, "allocation": "250", "expenditure": "20"},
        {"year": 2014, "allocation": "50", "expenditure": "60"}], reason="Revised budget")
    assert list(project.funding.values_list("year", "allocation")) == [
        (2013, Decimal("250.00")), (2014, Decimal("50.00"))]
    row_2013 = project.funding.get(year=2013)
    assert row_2013.history.first().history_change_reason == "Revised budget"
    deleted = ProjectFunding.history.filter(year=2012, history_type="-").get()
    assert deleted.history_change_reason == "Revised budget"


def test_over_spending_is_allowed(field_user):
    project = ProjectFactory()
    rows = svc.project_funding_set(user=field_user, project=project, rows=[
        {"year": 2013, "allocation": "100", "expenditure": "150"}])
    assert rows[0].expenditure == Decimal("150")


def test_shortening_the_period_below_funded_years_is_refused(field_user):
    project = funded_project(years={2015: ("100", "0")})
    with pytest.raises(ApplicationError) as err:
        svc.project_update(user=field_user, project=project,
                           data={"end_date": dt.date(2014, 12, 31)})
    assert "2015" in err.value.message
    project.refresh_from_db()
    assert project.end_date == dt.date(2015, 12, 31)


def test_update_records_the_reason_and_only_changed_fields(field_user):
    project = ProjectFactory(title="Old title")
    svc.project_update(user=field_user, project=project, data={"title": "New title"},
                       reason="Title agreed with donor")
    record = project.history.first()
    assert record.title == "New title"
    assert record.history_change_reason == "Title agreed with donor"


def test_cpo_of_the_projects_country_is_linked(field_user):
    project, cpo = ProjectFactory(), CpoFactory()
    created = svc.project_link_cpo(user=field_user, project=project, cpo=cpo, share="60",
                                   reason="Agreed split")
    assert created.share == Decimal("60")
    assert created.history.first().history_change_reason == "Agreed split"


def test_cpo_of_another_country_is_refused(field_user):
    project = ProjectFactory()
    cpo = CpoFactory(priority__dwcp=DwcpFactory(country=country("MKD")))
    with pytest.raises(ApplicationError) as err:
        svc.project_link_cpo(user=field_user, project=project, cpo=cpo, share="10")
    assert "cpo" in err.value.field_errors
    assert not ProjectOutcomeLink.objects.exists()


def test_shares_above_100_in_total_are_refused(field_user):
    project = ProjectFactory()
    link(project, share="70")
    with pytest.raises(ApplicationError) as err:
        svc.project_link_cpo(user=field_user, project=project, cpo=CpoFactory(), share="40")
    assert "30" in err.value.message
    assert project.cpo_links.count() == 1
    svc.project_link_cpo(user=field_user, project=project, cpo=CpoFactory(), share="30")
    assert project.cpo_links.count() == 2


@pytest.mark.parametrize("share", ["0", "-5", "100.5", "abc"])
def test_share_out_of_range_is_refused(field_user, share):
    with pytest.raises(ApplicationError):
        svc.project_link_cpo(user=field_user, project=ProjectFactory(), cpo=CpoFactory(),
                             share=share)


def test_share_update_respects_the_total(field_user):
    project = ProjectFactory()
    first = link(project, share="50")
    link(project, share="50")
    with pytest.raises(ApplicationError):
        svc.project_link_update(user=field_user, link=first, share="51")
    svc.project_link_update(user=field_user, link=first, share="40", reason="Rebalanced")
    first.refresh_from_db()
    assert first.share == Decimal("40")


def test_moving_a_linked_project_to_another_country_is_refused(admin_user):
    project = ProjectFactory()
    link(project)
    with pytest.raises(ApplicationError):
        svc.project_update(user=admin_user, project=project, data={"country": country("MKD")})


def test_unlink_and_delete_are_audited(field_user):
    project = funded_project(years={2013: ("1", "0")})
    one = link(project)
    svc.project_unlink_cpo(user=field_user, link=one, reason="Wrong CPO")
    assert ProjectOutcomeLink.history.filter(history_type="-").get().history_change_reason \
        == "Wrong CPO"
    svc.project_delete(user=field_user, project=project, reason="Duplicate")
    assert not Project.objects.exists()
    assert Project.history.filter(history_type="-").get().history_change_reason == "Duplicate"
