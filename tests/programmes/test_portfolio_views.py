"""Pages of the development cooperation portfolio: donors, funding agreements and the UN rates
of exchange — who sees and changes what, the filters, errors next to the fields, deletions
refused with a sentence, the import of rates, and query counts that do not grow with the
lists."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.roles import Role
from programmes.models import Donor, DonorCategory, ExchangeRate, FundingAgreement
from programmes.services import portfolio as services
from tests.factories import UserFactory
from tests.programmes.factories import ProjectFactory

pytestmark = pytest.mark.django_db

DONORS = reverse("programmes:donor-list")
AGREEMENTS = reverse("programmes:agreement-list")
RATES = reverse("programmes:exchange-rate-list")


@pytest.fixture
def partnerships_user(db):
    return UserFactory(username="pardev", role=Role.PARTNERSHIPS)


def _html(response) -> str:
    return response.content.decode()


def _donor(name="Norway", category=DonorCategory.MULTI_BILATERAL):
    return services.donor_create(user=None, name=name, category=category)


def _agreement(donor, reference, amount="1000", **kwargs):
    return services.agreement_create(user=None, donor=donor, reference=reference,
                                     title=f"Agreement {reference}",
                                     approval_date=kwargs.pop("approval_date",
                                                              dt.date(2024, 3, 15)),
                                     amount=Decimal(amount), **kwargs)


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


# --- donors ---------------------------------------------------------------------------------

def test_donor_list_shows_totals_filters_and_offers_to_add_to_partnerships(
        client, partnerships_user):
    norway = _donor("Norway")
    _donor("World Bank", DonorCategory.IFI)
    _agreement(norway, "N-1", "1000.40")
    _agreement(norway, "N-2", "2000.20")
    client.force_login(partnerships_user)
    html = _html(client.get(DONORS))
    assert "Norway" in html and "World Bank" in html
    assert "3,001" in html  # US$ approved, whole dollars
    assert "New donor" in html
    html = _html(client.get(DONORS, {"category": DonorCategory.IFI}))
    assert "World Bank" in html and "Norway" not in html
    html = _html(client.get(DONORS, {"q": "norw"}))
    assert "Norway" in html and "World Bank" not in html


def test_field_staff_see_donors_but_are_not_offered_to_change_them(client, field_user):
    donor = _donor()
    client.force_login(field_user)
    assert "New donor" not in _html(client.get(DONORS))
    assert client.get(reverse("programmes:donor-detail", args=[donor.pk])).status_code == 200
    assert client.get(reverse("programmes:donor-create")).status_code == 403
    assert client.get(reverse("programmes:donor-edit", args=[donor.pk])).status_code == 403
    assert client.post(reverse("programmes:donor-delete", args=[donor.pk])).status_code == 403


def test_a_donor_is_created_edited_and_errors_shown_next_to_the_fields(client,
                                                                        partnerships_user):
    _donor("Norway")
    client.force_login(partnerships_user)
    url = reverse("programmes:donor-create")
    response = client.post(url, {"name": "NORWAY", "category": "ifi"})
    assert response.status_code == 200
    assert "already recorded" in response.context["form"].errors["name"][0]
    response = client.post(url, {"name": "Sweden", "acronym": "SIDA", "category": "ifi"})
    sweden = Donor.objects.get(name="Sweden")
    assert response.status_code == 302
    assert response.url == reverse("programmes:donor-detail", args=[sweden.pk])
    response = client.post(reverse("programmes:donor-edit", args=[sweden.pk]),
                           {"name": "Sweden", "acronym": "Sida",
                            "category": DonorCategory.MULTI_BILATERAL, "reason": "Typo"})
    assert response.status_code == 302
    sweden.refresh_from_db()
    assert sweden.acronym == "Sida"
    assert sweden.history.first().history_change_reason == "Typo"


def test_donor_detail_lists_its_agreements_and_projects(client, manager_user):
    donor = _donor()
    project = ProjectFactory(code="ALB/24/01/NOR")
    _agreement(donor, "N-1", project=project)
    _agreement(donor, "N-2")
    client.force_login(manager_user)
    html = _html(client.get(reverse("programmes:donor-detail", args=[donor.pk])))
    assert "N-1" in html and "N-2" in html and "ALB/24/01/NOR" in html
    assert "thematic / core" in html


def test_deleting_a_donor_with_agreements_is_refused_with_a_sentence(client,
                                                                      partnerships_user):
    donor = _donor()
    _agreement(donor, "N-1")
    client.force_login(partnerships_user)
    url = reverse("programmes:donor-delete", args=[donor.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Duplicate"}, follow=True)
    assert "1 funding agreement is recorded with it" in _html(response)
    assert Donor.objects.filter(pk=donor.pk).exists()
    unused = _donor("Sweden")
    response = client.post(reverse("programmes:donor-delete", args=[unused.pk]))
    assert response.url == DONORS
    assert not Donor.objects.filter(pk=unused.pk).exists()


def test_donor_list_query_count_does_not_grow(client, manager_user):
    client.force_login(manager_user)
    _agreement(_donor("D0"), "R0")
    client.get(DONORS)
    few = _queries(client, DONORS)
    for n in range(1, 15):
        donor = _donor(f"D{n}")
        _agreement(donor, f"R{n}a")
        _agreement(donor, f"R{n}b")
    assert _queries(client, DONORS) == few
    assert _queries(client, DONORS, {"category": "multi_bilateral", "q": "D"}) == few


# --- funding agreements ---------------------------------------------------------------------

def _agreement_post(donor, **overrides):
    data = {"donor": donor.pk, "reference": "NOR-24-01", "title": "Youth employment",
            "approval_date": "2024-03-15", "amount": "1234567.89", "currency": "EUR",
            "project": "", "earmarking": "fully", "notes": ""}
    data.update(overrides)
    return data


def test_an_agreement_without_the_months_rate_is_refused_on_the_currency(client,
                                                                         partnerships_user):
    donor = _donor()
    client.force_login(partnerships_user)
    response = client.post(reverse("programmes:agreement-create"), _agreement_post(donor))
    assert response.status_code == 200
    error = response.context["form"].errors["currency"][0]
    assert "March 2024" in error and "EUR" in error
    assert not FundingAgreement.objects.exists()


def test_an_agreement_is_converted_and_shows_its_rate_and_us_dollar_amount(client,
                                                                           partnerships_user):
    donor = _donor()
    services.exchange_rate_set(user=None, currency="EUR", month=dt.date(2024, 3, 1),
                               units_per_usd="0.9234")
    client.force_login(partnerships_user)
    response = client.post(reverse("programmes:agreement-create"),
                           _agreement_post(donor, locally_mobilized="on"))
    agreement = FundingAgreement.objects.get()
    assert response.url == reverse("programmes:agreement-detail", args=[agreement.pk])
    assert agreement.amount_usd == Decimal("1336980.60") and agreement.locally_mobilized
    html = _html(client.get(response.url))
    assert "1,336,980.60" in html and "0.9234" in html and "1,234,567.89 EUR" in html
    html = _html(client.get(AGREEMENTS))
    assert "NOR-24-01" in html and "0.9234" in html and "1,336,980.60" in html


def test_agreement_filters(client, manager_user):
    norway, bank = _donor("Norway"), _donor("World Bank", DonorCategory.IFI)
    _agreement(norway, "N-2023", approval_date=dt.date(2023, 5, 1))
    _agreement(norway, "N-LOCAL", locally_mobilized=True, earmarking="lightly")
    _agreement(bank, "WB-1")
    client.force_login(manager_user)

    def refs(params):
        return {a.reference for a in client.get(AGREEMENTS, params).context["page_obj"]}

    assert refs({"donor": norway.pk}) == {"N-2023", "N-LOCAL"}
    assert refs({"category": "ifi"}) == {"WB-1"}
    assert refs({"year": 2023}) == {"N-2023"}
    assert refs({"earmarking": "lightly"}) == {"N-LOCAL"}
    assert refs({"locally_mobilized": "true"}) == {"N-LOCAL"}
    assert refs({"locally_mobilized": "false"}) == {"N-2023", "WB-1"}
    response = client.get(AGREEMENTS, {"year": "1e20"})
    assert response.status_code == 200 and "year" in response.context["filter_errors"]


def test_an_agreement_is_edited_and_deleted(client, partnerships_user):
    agreement = _agreement(_donor(), "N-1")
    client.force_login(partnerships_user)
    edit = reverse("programmes:agreement-edit", args=[agreement.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, _agreement_post(agreement.donor, reference="N-1",
                                                 amount="500", currency="USD",
                                                 reason="Amended"))
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.amount_usd == Decimal("500.00")
    response = client.post(reverse("programmes:agreement-delete", args=[agreement.pk]))
    assert response.url == AGREEMENTS
    assert not FundingAgreement.objects.exists()


def test_agreement_forms_are_refused_to_field_staff(client, field_user):
    agreement = _agreement(_donor(), "N-1")
    client.force_login(field_user)
    assert client.get(reverse("programmes:agreement-create")).status_code == 403
    assert client.get(reverse("programmes:agreement-edit",
                              args=[agreement.pk])).status_code == 403
    assert client.get(reverse("programmes:agreement-detail",
                              args=[agreement.pk])).status_code == 200


def test_agreement_list_query_count_does_not_grow(client, manager_user):
    client.force_login(manager_user)
    _agreement(_donor("D0"), "R0", project=ProjectFactory())
    client.get(AGREEMENTS)
    few = _queries(client, AGREEMENTS)
    for n in range(1, 15):
        _agreement(_donor(f"D{n}"), f"R{n}", project=ProjectFactory() if n % 2 else None)
    assert _queries(client, AGREEMENTS) == few
    assert _queries(client, AGREEMENTS, {"category": "multi_bilateral", "year": 2024}) == few


# --- rates of exchange ----------------------------------------------------------------------

def test_rates_are_listed_recorded_and_corrected(client, partnerships_user):
    client.force_login(partnerships_user)
    response = client.post(reverse("programmes:exchange-rate-create"),
                           {"currency": "chf", "month": "2024-03", "units_per_usd": "0.8812"})
    assert response.status_code == 302
    rate = ExchangeRate.objects.get()
    assert (rate.currency, rate.month) == ("CHF", dt.date(2024, 3, 1))
    html = _html(client.get(RATES, {"currency": "CHF"}))
    assert "0.8812" in html
    response = client.post(reverse("programmes:exchange-rate-edit", args=[rate.pk]),
                           {"units_per_usd": "0.9", "reason": "Corrected"})
    assert response.status_code == 302
    rate.refresh_from_db()
    assert rate.units_per_usd == Decimal("0.9")
    response = client.post(reverse("programmes:exchange-rate-create"),
                           {"currency": "E1R", "month": "2024-03", "units_per_usd": "-1"})
    assert set(response.context["form"].errors) >= {"currency", "units_per_usd"}


def test_rates_are_imported_from_a_file_and_problems_listed(client, partnerships_user):
    client.force_login(partnerships_user)
    url = reverse("programmes:exchange-rate-import")
    assert client.get(url).status_code == 200
    bad = SimpleUploadedFile("rates.csv", b"currency,month,units_per_usd\nEUR,2024-03,0.92\n"
                                          b"EURO,2024-04,0\n")
    response = client.post(url, {"file": bad})
    assert response.status_code == 400
    html = _html(response)
    assert "Row 3, currency" in html and "Row 3, units_per_usd" in html
    assert not ExchangeRate.objects.exists()
    good = SimpleUploadedFile("rates.csv", b"currency,month,units_per_usd\nEUR,2024-03,0.92\n")
    response = client.post(url, {"file": good})
    assert response.url == RATES
    assert ExchangeRate.objects.count() == 1


def test_rate_pages_are_refused_to_managers(client, manager_user):
    client.force_login(manager_user)
    assert client.get(RATES).status_code == 200
    assert client.get(reverse("programmes:exchange-rate-create")).status_code == 403
    assert client.get(reverse("programmes:exchange-rate-import")).status_code == 403


def test_rate_list_query_count_does_not_grow(client, manager_user):
    client.force_login(manager_user)
    services.exchange_rate_set(user=None, currency="EUR", month=dt.date(2020, 1, 1),
                               units_per_usd="0.9")
    client.get(RATES)
    few = _queries(client, RATES)
    for month in range(1, 13):
        for currency in ("CHF", "JPY", "GBP"):
            services.exchange_rate_set(user=None, currency=currency,
                                       month=dt.date(2023, month, 1), units_per_usd="1.5")
    assert _queries(client, RATES) == few
