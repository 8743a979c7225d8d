"""Writes of the development cooperation portfolio (programmes.services.portfolio) and the
new rules of project writes (programmes.services.resources): donors, UN rates of exchange
and their import, funding agreements converted at the stored rate, the scope and place of a
project, its markers and P&B outcome links, the pipeline gate, who may, and the recompute
queued after every write."""
import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from constituents.models import Region
from core.errors import ApplicationError
from core.roles import Role
from programmes.models import (
    Appraisal,
    AppraisalChecklist,
    AppraisalOutcome,
    Donor,
    DonorCategory,
    ExchangeRate,
    FundingAgreement,
    PBOutcome,
    Project,
    ProjectPbLink,
    ProjectScope,
    ProjectStage,
)
from programmes.services import portfolio as services
from programmes.services import resources as project_services
from tests.factories import UserFactory, country
from tests.programmes.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnerships_user(db):
    return UserFactory(username="pardev", role=Role.PARTNERSHIPS)


@pytest.fixture
def recomputes(monkeypatch):
    """The portfolio recomputes the services queued (counted)."""
    calls = []
    for module in (services, project_services):
        monkeypatch.setattr(module, "portfolio_recompute_after_commit",
                            lambda: calls.append(1))
    return calls


def _donor(name="Norway", category=DonorCategory.MULTI_BILATERAL, **kwargs):
    return services.donor_create(user=None, name=name, category=category, **kwargs)


def _rate(currency="EUR", month=dt.date(2024, 3, 1), units="0.9234"):
    return services.exchange_rate_set(user=None, currency=currency, month=month,
                                      units_per_usd=Decimal(units))


def _agreement(donor=None, **overrides):
    values = {"donor": donor or Donor.objects.first() or _donor(), "reference": "NOR-2024-01",
              "title": "Youth employment", "approval_date": dt.date(2024, 3, 15),
              "amount": Decimal("1000000"), "currency": "USD"}
    values.update(overrides)
    return services.agreement_create(user=None, **values)


def _errors(exc_info) -> dict:
    return exc_info.value.field_errors


# --- donors ---------------------------------------------------------------------------------

def test_a_partnerships_officer_records_a_donor_with_history(partnerships_user, recomputes):
    donor = services.donor_create(user=partnerships_user, name="  Norway ",
                                  category=DonorCategory.MULTI_BILATERAL,
                                  country=country("NOR"), reason="New")
    assert donor.name == "Norway"
    record = donor.history.first()
    assert record.history_user == partnerships_user
    assert record.history_change_reason == "New"
    assert recomputes


def test_a_donor_name_is_unique_whatever_the_case_and_its_category_required():
    _donor("Norway")
    with pytest.raises(ApplicationError) as exc:
        services.donor_create(user=None, name="NORWAY", category="")
    assert set(_errors(exc)) == {"name", "category"}
    with pytest.raises(ApplicationError) as exc:
        services.donor_create(user=None, name="Sweden", category="friends")
    assert "category" in _errors(exc)


def test_a_donor_update_keeps_the_unique_name(partnerships_user):
    _donor("Norway")
    sweden = _donor("Sweden")
    with pytest.raises(ApplicationError) as exc:
        services.donor_update(user=partnerships_user, donor=sweden, data={"name": "norway"})
    assert "name" in _errors(exc)
    services.donor_update(user=partnerships_user, donor=sweden,
                          data={"acronym": "SIDA", "category": DonorCategory.DIRECT_TRUST})
    sweden.refresh_from_db()
    assert (sweden.acronym, sweden.category) == ("SIDA", DonorCategory.DIRECT_TRUST)


def test_a_donor_is_not_deleted_while_agreements_name_it(partnerships_user):
    agreement = _agreement()
    with pytest.raises(ApplicationError, match="1 funding agreement is recorded with it"):
        services.donor_delete(user=partnerships_user, donor=agreement.donor)
    assert Donor.objects.filter(pk=agreement.donor_id).exists()
    services.agreement_delete(user=partnerships_user, agreement=agreement)
    services.donor_delete(user=partnerships_user, donor=agreement.donor)
    assert not Donor.objects.exists()


@pytest.mark.parametrize("persona", ["field_user", "manager_user", "actemp_user"])
def test_only_partnerships_officers_and_administrators_change_the_portfolio(request, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.donor_create(user=user, name="Norway", category=DonorCategory.IFI)
    donor = _donor()
    with pytest.raises(PermissionDenied):
        services.donor_update(user=user, donor=donor, data={"notes": "x"})
    with pytest.raises(PermissionDenied):
        services.exchange_rate_set(user=user, currency="EUR", month=dt.date(2024, 1, 1),
                                   units_per_usd=1)
    with pytest.raises(PermissionDenied):
        services.agreement_create(user=user, donor=donor, reference="X", title="X",
                                  approval_date=dt.date(2024, 1, 1), amount=Decimal("1"))


def test_administrators_change_the_portfolio_too(admin_user):
    donor = services.donor_create(user=admin_user, name="ILO Turin Centre",
                                  category=DonorCategory.OTHER_IGO)
    assert donor.pk


# --- rates of exchange ----------------------------------------------------------------------

def test_a_rate_is_stored_for_the_first_of_its_month_and_set_again_in_place(recomputes):
    rate = services.exchange_rate_set(user=None, currency="eur", month=dt.date(2024, 3, 17),
                                      units_per_usd="0.9234")
    assert (rate.currency, rate.month, rate.units_per_usd) == (
        "EUR", dt.date(2024, 3, 1), Decimal("0.9234"))
    again = services.exchange_rate_set(user=None, currency="EUR", month="2024-03",
                                       units_per_usd="0.95")
    assert again.pk == rate.pk
    assert ExchangeRate.objects.get().units_per_usd == Decimal("0.95")
    assert recomputes


@pytest.mark.parametrize(("values", "field"), [
    ({"currency": "EURO"}, "currency"),
    ({"currency": "E1"}, "currency"),
    ({"currency": "USD"}, "currency"),
    ({"month": "March"}, "month"),
    ({"month": dt.date(1890, 1, 1)}, "month"),
    ({"units_per_usd": "0"}, "units_per_usd"),
    ({"units_per_usd": "-1.2"}, "units_per_usd"),
    ({"units_per_usd": "abc"}, "units_per_usd"),
    ({"units_per_usd": "1.1234567"}, "units_per_usd"),
])
def test_a_bad_rate_is_a_field_error(values, field):
    data = {"currency": "EUR", "month": dt.date(2024, 3, 1), "units_per_usd": "0.92", **values}
    with pytest.raises(ApplicationError) as exc:
        services.exchange_rate_set(user=None, **data)
    assert field in _errors(exc)
    assert not ExchangeRate.objects.exists()


def test_creating_a_rate_already_recorded_is_refused_but_updating_it_converts_again():
    _rate()
    with pytest.raises(ApplicationError) as exc:
        services.exchange_rate_create(user=None, currency="EUR", month=dt.date(2024, 3, 1),
                                      units_per_usd="0.9")
    assert "month" in _errors(exc)
    agreement = _agreement(currency="EUR", amount=Decimal("1000000.00"))
    assert agreement.amount_usd == Decimal("1082954.30")
    services.exchange_rate_update(user=None, exchange_rate=ExchangeRate.objects.get(),
                                  data={"units_per_usd": Decimal("0.8")}, reason="Corrected")
    agreement.refresh_from_db()
    assert (agreement.rate, agreement.amount_usd) == (Decimal("0.8"), Decimal("1250000.00"))
    with pytest.raises(ApplicationError) as exc:
        services.exchange_rate_update(user=None, exchange_rate=ExchangeRate.objects.get(),
                                      data={"month": dt.date(2024, 4, 1)})
    assert "month" in _errors(exc)


def test_a_rate_converting_agreements_is_not_deleted():
    _rate()
    _agreement(currency="EUR")
    with pytest.raises(ApplicationError, match="cannot be deleted"):
        services.exchange_rate_delete(user=None, exchange_rate=ExchangeRate.objects.get())
    unused = _rate(month=dt.date(2024, 4, 1))
    services.exchange_rate_delete(user=None, exchange_rate=unused)
    assert ExchangeRate.objects.count() == 1


def _csv(text: str) -> BytesIO:
    return BytesIO(text.encode())


def test_rates_are_imported_from_csv_and_xlsx():
    _rate(units="0.9")
    result = services.exchange_rates_import(
        user=None, name="rates.csv",
        file=_csv("Currency,Month,Units per USD\nEUR,2024-03,0.9234\nCHF,2024-03-01,0.8812\n"
                  "EUR,2024-04,0.9301\n"))
    assert (result.errors, result.created, result.updated) == ([], 2, 1)
    assert ExchangeRate.objects.get(currency="EUR", month=dt.date(2024, 3, 1)) \
        .units_per_usd == Decimal("0.9234")
    book = Workbook()
    book.active.append(["currency", "month", "units_per_usd"])
    book.active.append(["JPY", dt.datetime(2024, 5, 1), 151.23])
    data = BytesIO()
    book.save(data)
    data.seek(0)
    result = services.exchange_rates_import(user=None, file=data, name="rates.xlsx")
    assert (result.errors, result.created) == ([], 1)
    assert ExchangeRate.objects.get(currency="JPY").month == dt.date(2024, 5, 1)
    again = services.exchange_rates_import(
        user=None, name="rates.csv", file=_csv("currency,month,units_per_usd\nEUR,2024-04,"
                                               "0.9301\n"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_a_rate_typed_with_a_decimal_comma_is_read_in_french_and_refused_in_english():
    """Semicolon-separated, as French spreadsheets write CSV; never read as 9234."""
    from django.utils import translation

    rows = _csv("currency;month;units_per_usd\nEUR;2024-03;0,9234\n")
    with translation.override("en"):
        refused = services.exchange_rates_import(user=None, name="rates.csv", file=rows)
    assert [e for e in refused.errors if "units_per_usd" in e] and not ExchangeRate.objects.exists()
    rows.seek(0)
    with translation.override("fr"):
        read = services.exchange_rates_import(user=None, name="rates.csv", file=rows)
    assert read.errors == []
    assert ExchangeRate.objects.get().units_per_usd == Decimal("0.9234")


def test_an_import_with_errors_lists_every_row_and_writes_nothing():
    result = services.exchange_rates_import(
        user=None, name="rates.csv",
        file=_csv("currency,month,units_per_usd\nEUR,2024-03,0.92\nEURO,2024-03,0.92\n"
                  "CHF,someday,0.88\nGBP,2024-03,-1\nEUR,2024-03-20,0.93\n"))
    text = "\n".join(result.errors)
    assert "Row 3, currency" in text
    assert "Row 4, month" in text
    assert "Row 5, units_per_usd" in text
    assert "Row 6: the rate of EUR" in text and "also in row 2" in text
    assert len(result.errors) == 4
    assert not ExchangeRate.objects.exists()


def test_an_import_missing_a_column_says_which():
    result = services.exchange_rates_import(user=None, name="r.csv",
                                            file=_csv("currency,rate\nEUR,0.9\n"))
    assert any("month" in e for e in result.errors)
    assert not ExchangeRate.objects.exists()


def test_the_import_command_prints_the_problems_and_fails(tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text("currency,month,units_per_usd\nEUR,2024-03,0.9234\n")
    call_command("import_exchange_rates", str(good))
    assert "1 new" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("currency,month,units_per_usd\nEUR,2024-04,0\n")
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_exchange_rates", str(bad))
    assert "Row 2, units_per_usd" in capsys.readouterr().err
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_exchange_rates", str(tmp_path / "missing.csv"))


# --- funding agreements ---------------------------------------------------------------------

def test_an_agreement_in_us_dollars_keeps_its_amount(partnerships_user, recomputes):
    agreement = services.agreement_create(
        user=partnerships_user, donor=_donor(), reference="NOR-1", title="Youth",
        approval_date=dt.date(2024, 3, 15), amount=Decimal("250000.50"))
    assert (agreement.currency, agreement.rate, agreement.amount_usd) == (
        "USD", Decimal("1"), Decimal("250000.50"))
    assert agreement.project is None  # a thematic contribution
    assert recomputes


def test_an_agreement_in_another_currency_is_converted_at_the_rate_of_its_month_to_the_cent():
    _rate("EUR", dt.date(2024, 3, 1), "0.9234")
    _rate("EUR", dt.date(2024, 4, 1), "0.5")
    agreement = _agreement(currency="eur", amount=Decimal("1234567.89"))
    # 1 234 567.89 / 0.9234 = 1 336 980.6042…: rounded half up to the cent
    assert (agreement.currency, agreement.rate, agreement.amount_usd) == (
        "EUR", Decimal("0.9234"), Decimal("1336980.60"))
    half = _agreement(reference="NOR-2", currency="EUR", amount=Decimal("0.01"),
                      approval_date=dt.date(2024, 4, 2))
    assert half.amount_usd == Decimal("0.02")  # 0.01 / 0.5 = 0.02


def test_half_a_cent_is_rounded_up():
    _rate("CHF", dt.date(2024, 3, 1), "2")
    agreement = _agreement(currency="CHF", amount=Decimal("0.01"))
    assert agreement.amount_usd == Decimal("0.01")  # 0.005 rounds half up


def test_no_rate_for_the_approval_month_is_an_error_on_the_currency_naming_the_month():
    _rate("EUR", dt.date(2024, 2, 1))
    with pytest.raises(ApplicationError) as exc:
        _agreement(currency="EUR")
    message = _errors(exc)["currency"][0]
    assert "EUR" in message and "March 2024" in message and "record" in message
    assert not FundingAgreement.objects.exists()


def test_changing_the_amount_currency_or_date_converts_again(partnerships_user):
    _rate("EUR", dt.date(2024, 3, 1), "0.8")
    _rate("EUR", dt.date(2024, 5, 1), "0.5")
    agreement = _agreement()
    services.agreement_update(user=partnerships_user, agreement=agreement,
                              data={"currency": "EUR"})
    agreement.refresh_from_db()
    assert (agreement.rate, agreement.amount_usd) == (Decimal("0.8"), Decimal("1250000.00"))
    services.agreement_update(user=partnerships_user, agreement=agreement,
                              data={"approval_date": dt.date(2024, 5, 31),
                                    "amount": Decimal("100")})
    agreement.refresh_from_db()
    assert (agreement.rate, agreement.amount_usd) == (Decimal("0.5"), Decimal("200.00"))
    with pytest.raises(ApplicationError) as exc:
        services.agreement_update(user=partnerships_user, agreement=agreement,
                                  data={"approval_date": dt.date(2024, 6, 1)})
    assert "currency" in _errors(exc)
    agreement.refresh_from_db()
    assert agreement.approval_date == dt.date(2024, 5, 31)


@pytest.mark.parametrize(("values", "field"), [
    ({"amount": Decimal("0")}, "amount"),
    ({"amount": Decimal("-5")}, "amount"),
    ({"amount": Decimal("1.005")}, "amount"),
    ({"currency": "DOLLARS"}, "currency"),
    ({"reference": " "}, "reference"),
    ({"title": ""}, "title"),
    ({"earmarking": "loose"}, "earmarking"),
    ({"approval_date": dt.date(1900, 1, 1)}, "approval_date"),
])
def test_bad_agreement_fields_are_field_errors(values, field):
    with pytest.raises(ApplicationError) as exc:
        _agreement(**values)
    assert field in _errors(exc)
    assert not FundingAgreement.objects.exists()


def test_an_agreement_reference_is_unique():
    _agreement(reference="NOR-1")
    with pytest.raises(ApplicationError) as exc:
        _agreement(reference="nor-1")
    assert "reference" in _errors(exc)


def test_an_agreement_may_name_a_project_which_is_then_not_deleted(partnerships_user):
    project = ProjectFactory()
    _agreement(project=project, locally_mobilized=True)
    with pytest.raises(ApplicationError, match="funding agreement names it"):
        project_services.project_delete(user=partnerships_user, project=project)
    assert Project.objects.filter(pk=project.pk).exists()


# --- projects: scope and place ------------------------------------------------------------

def _project(user=None, **overrides):
    values = {"code": "INT/24/01/NOR", "title": "Global youth employment",
              "funding_source": "xbtc", "start_date": dt.date(2024, 1, 1),
              "end_date": dt.date(2026, 12, 31), "scope": ProjectScope.INTERREGIONAL}
    values.update(overrides)
    return project_services.project_create(user=user, **values)


def test_a_partnerships_officer_records_an_interregional_project(partnerships_user,
                                                                  recomputes):
    project = _project(partnerships_user, office="FUNDAMENTALS", assistance_type="experts",
                       gender_marker=2, conventions=["C087", "c098"], social_dialogue=True)
    assert (project.country, project.region, project.scope) == (None, None, "interregional")
    assert sorted(project.conventions.values_list("code", flat=True)) == ["C087", "C098"]
    assert (project.office, project.gender_marker, project.social_dialogue) == (
        "FUNDAMENTALS", 2, True)
    assert project.history.first().history_user == partnerships_user
    assert recomputes


def test_a_partnerships_officer_records_projects_of_any_country_and_region(partnerships_user):
    _project(partnerships_user, code="KEN/24/01", scope=ProjectScope.COUNTRY,
             country=country("KEN"))
    regional = _project(partnerships_user, code="RAF/24/01", scope=ProjectScope.REGIONAL,
                        region=Region.objects.get(code="AF"))
    assert regional.region.code == "AF"


@pytest.mark.parametrize("scope", [ProjectScope.INTERREGIONAL, ProjectScope.REGIONAL])
def test_field_staff_may_not_record_regional_or_interregional_projects(field_user, scope):
    region = Region.objects.get(code="EU") if scope == ProjectScope.REGIONAL else None
    with pytest.raises(ApplicationError) as exc:
        _project(field_user, scope=scope, region=region)
    assert "scope" in _errors(exc)
    assert not Project.objects.exists()


def test_field_staff_may_not_move_their_project_out_of_their_countries(field_user):
    project = _project(None, scope=ProjectScope.COUNTRY, country=country("ALB"))
    with pytest.raises(ApplicationError) as exc:
        project_services.project_update(user=field_user, project=project,
                                        data={"scope": ProjectScope.INTERREGIONAL,
                                              "country": None})
    assert "scope" in _errors(exc)
    project.refresh_from_db()
    assert project.country == country("ALB")


@pytest.mark.parametrize(("scope", "place", "fields"), [
    (ProjectScope.COUNTRY, {}, {"country"}),
    (ProjectScope.COUNTRY, {"country": "ALB", "region": "EU"}, {"region"}),
    (ProjectScope.REGIONAL, {}, {"region"}),
    (ProjectScope.REGIONAL, {"country": "ALB", "region": "EU"}, {"country"}),
    (ProjectScope.INTERREGIONAL, {"country": "ALB"}, {"country"}),
    (ProjectScope.INTERREGIONAL, {"region": "EU"}, {"region"}),
])
def test_the_place_must_match_the_scope(scope, place, fields):
    values = {"country": country(place["country"]) if "country" in place else None,
              "region": Region.objects.get(code=place["region"]) if "region" in place
              else None}
    with pytest.raises(ApplicationError) as exc:
        _project(scope=scope, **values)
    assert set(_errors(exc)) == fields


@pytest.mark.parametrize(("values", "field"), [
    ({"scope": "galactic"}, "scope"),
    ({"status": "dreamt"}, "status"),
    ({"assistance_type": "magic"}, "assistance_type"),
    ({"gender_marker": 5}, "gender_marker"),
    ({"conventions": ["C999"]}, "conventions"),
])
def test_bad_project_markers_are_field_errors(values, field):
    with pytest.raises(ApplicationError) as exc:
        _project(**values)
    assert field in _errors(exc)


def test_a_project_update_replaces_the_conventions_and_keeps_them_when_left_out():
    project = _project(conventions=["C087"])
    project_services.project_update(user=None, project=project, data={"title": "New"})
    assert list(project.conventions.values_list("code", flat=True)) == ["C087"]
    project_services.project_update(user=None, project=project,
                                    data={"conventions": ["C111"], "gender_marker": None})
    assert list(project.conventions.values_list("code", flat=True)) == ["C111"]


# --- projects: P&B outcome links --------------------------------------------------------

def _outcome(framework_code: str, code: str = "1") -> PBOutcome:
    return PBOutcome.objects.get(framework__code=framework_code, code=code)


def test_pb_links_with_shares_are_recorded_and_replaced(partnerships_user):
    project = _project(partnerships_user)  # 2024–2026
    links = project_services.project_pb_links_set(
        user=partnerships_user, project=project,
        links=[{"pb_outcome": _outcome("P&B 2024-25", "3").pk, "share": None}])
    assert [link.share for link in links] == [Decimal("100")]
    with pytest.raises(ApplicationError) as exc:  # 60 + 100 > 100
        project_services.project_pb_links_set(
            user=partnerships_user, project=project,
            links=[{"pb_outcome": _outcome("P&B 2024-25", "1"), "share": "60"},
                   {"pb_outcome": _outcome("P&B 2024-25", "2"), "share": "50"}])
    assert "pb_links" in _errors(exc)
    project_services.project_pb_links_set(
        user=partnerships_user, project=project,
        links=[{"pb_outcome": _outcome("P&B 2024-25", "1"), "share": "60"},
               {"pb_outcome": _outcome("P&B 2024-25", "2"), "share": "40"}])
    assert ProjectPbLink.objects.filter(project=project).count() == 2
    project_services.project_pb_links_set(user=partnerships_user, project=project, links=[])
    assert not ProjectPbLink.objects.exists()


def test_shares_add_up_per_framework_and_the_excess_is_refused_before_anything_is_written():
    project = _project(start_date=dt.date(2023, 1, 1))
    with pytest.raises(ApplicationError) as exc:
        project_services.project_pb_links_set(
            user=None, project=project,
            links=[{"pb_outcome": _outcome("P&B 2024-25", "1"), "share": "70"},
                   {"pb_outcome": _outcome("P&B 2024-25", "3"), "share": "40"}])
    assert "P&B 2024-25" in _errors(exc)["pb_links"][0]
    assert not ProjectPbLink.objects.exists()
    # A project running over two biennia serves an outcome of each framework, each fully.
    project_services.project_pb_links_set(
        user=None, project=project,
        links=[{"pb_outcome": _outcome("P&B 2024-25", "1"), "share": "100"},
               {"pb_outcome": _outcome("P&B 2022-23", "1"), "share": "100"}])
    assert ProjectPbLink.objects.count() == 2


@pytest.mark.parametrize("share", ["0", "-5", "100.01", "abc", "33.333"])
def test_a_bad_share_is_an_error_on_its_row(share):
    project = _project()
    with pytest.raises(ApplicationError) as exc:
        project_services.project_pb_links_set(
            user=None, project=project,
            links=[{"pb_outcome": _outcome("P&B 2024-25"), "share": share}])
    assert "pb_links-0-share" in _errors(exc)


def test_an_outcome_of_a_framework_outside_the_project_period_is_refused():
    project = _project()  # 2024–2026
    with pytest.raises(ApplicationError) as exc:
        project_services.project_pb_links_set(
            user=None, project=project,
            links=[{"pb_outcome": _outcome("P&B 2016-17"), "share": "50"}])
    assert "P&B 2016-17" in _errors(exc)["pb_links-0-pb_outcome"][0]
    with pytest.raises(ApplicationError) as exc:
        project_services.project_pb_links_set(
            user=None, project=project,
            links=[{"pb_outcome": _outcome("P&B 2024-25"), "share": "50"},
                   {"pb_outcome": _outcome("P&B 2024-25"), "share": "10"},
                   {"pb_outcome": 999999}])
    assert {"pb_links-1-pb_outcome", "pb_links-2-pb_outcome"} <= set(_errors(exc))


def test_moving_the_period_away_from_a_linked_framework_is_refused():
    project = _project(pb_links=[{"pb_outcome": _outcome("P&B 2024-25"), "share": "50"}])
    with pytest.raises(ApplicationError) as exc:
        project_services.project_update(user=None, project=project,
                                        data={"start_date": dt.date(2030, 1, 1),
                                              "end_date": dt.date(2031, 12, 31)})
    assert "start_date" in _errors(exc)
    project.refresh_from_db()
    assert project.start_date == dt.date(2024, 1, 1)


# --- projects: the pipeline gate ------------------------------------------------------------

def test_a_project_is_recorded_at_a_later_stage_directly(partnerships_user):
    """The legacy portfolio: projects already approved or running are recorded as they are."""
    project = _project(partnerships_user, status=ProjectStage.ONGOING)
    assert project.status == ProjectStage.ONGOING


def _completed_appraisal(project, outcome):
    checklist = AppraisalChecklist.objects.filter(subject="proposal").first() or \
        AppraisalChecklist.objects.create(subject="proposal", version=99, title="Proposals")
    return Appraisal.objects.create(checklist=checklist, project=project,
                                    country=project.country, started_on=dt.date(2024, 1, 1),
                                    completed_on=dt.date(2024, 2, 1), outcome=outcome)


@pytest.mark.parametrize("to", [ProjectStage.APPROVED, ProjectStage.ONGOING,
                                ProjectStage.CLOSED])
def test_leaving_the_pipeline_needs_a_passed_appraisal(partnerships_user, to):
    project = _project(partnerships_user, status=ProjectStage.APPRAISAL)
    with pytest.raises(ApplicationError) as exc:
        project_services.project_update(user=partnerships_user, project=project,
                                        data={"status": to})
    assert "status" in _errors(exc)
    project.refresh_from_db()
    assert project.status == ProjectStage.APPRAISAL
    _completed_appraisal(project, AppraisalOutcome.REVISE)
    with pytest.raises(ApplicationError):
        project_services.project_update(user=partnerships_user, project=project,
                                        data={"status": to})
    _completed_appraisal(project, AppraisalOutcome.PASSED)
    project_services.project_update(user=partnerships_user, project=project,
                                    data={"status": to})
    project.refresh_from_db()
    assert project.status == to


def test_moves_inside_the_pipeline_or_the_portfolio_need_no_appraisal():
    project = _project(status=ProjectStage.CONCEPT)
    project_services.project_update(user=None, project=project,
                                    data={"status": ProjectStage.APPRAISAL})
    running = _project(code="X/2", status=ProjectStage.APPROVED)
    project_services.project_update(user=None, project=running,
                                    data={"status": ProjectStage.ONGOING})
    project.refresh_from_db()
    running.refresh_from_db()
    assert (project.status, running.status) == (ProjectStage.APPRAISAL, ProjectStage.ONGOING)
