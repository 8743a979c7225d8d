"""API of the development cooperation portfolio: donors (with their approved totals), funding
agreements (with the rate of exchange used and the US-dollar amount) and the UN operational
rates of exchange.

Everyone signed in reads; partnerships officers and administrators write. Writes go through
:mod:`programmes.services.portfolio` (core.api.ServiceWrites), so the API keeps the pages'
rules and messages: a refused write is a 400 with field errors and leaves nothing behind."""
from __future__ import annotations

from rest_framework import serializers

from constituents.models import Country
from core.api import (
    ScopedModelViewSet,
    ServiceWrites,
    VisibleRelatedField,
    reason_field,
    registrar,
    route,
)
from programmes.filters.portfolio import (
    DonorFilter,
    ExchangeRateFilter,
    FundingAgreementFilter,
)
from programmes.models import Donor, ExchangeRate, FundingAgreement, Project
from programmes.selectors import portfolio as selectors
from programmes.services import portfolio as services


def _reason() -> serializers.CharField:
    return reason_field("Reason for change (history).")


class DonorSerializer(serializers.ModelSerializer):
    # Declared so that uniqueness is the service's rule (case-insensitive, clearer message).
    name = serializers.CharField(max_length=200)
    country = serializers.SlugRelatedField(
        slug_field="iso3", queryset=Country.objects.all(),
        required=False, allow_null=True, help_text="For a government donor: its ISO3 code.")
    approved_usd = serializers.DecimalField(
        max_digits=20, decimal_places=2, read_only=True,
        help_text="Sum of the donor's agreements in US$.")
    agreement_count = serializers.IntegerField(read_only=True)
    reason = _reason()

    class Meta:
        model = Donor
        fields = ["id", "name", "acronym", "category", "country", "notes", "approved_usd",
                  "agreement_count", "reason", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators: list = []


class FundingAgreementSerializer(serializers.ModelSerializer):
    donor = VisibleRelatedField(queryset=Donor.objects.all())
    donor_name = serializers.CharField(source="donor.name", read_only=True)
    donor_category = serializers.CharField(source="donor.category", read_only=True)
    project = VisibleRelatedField(queryset=Project.objects.all(), required=False,
                                  allow_null=True,
                                  help_text="Null for thematic or core contributions.")
    project_code = serializers.CharField(source="project.code", read_only=True,
                                         allow_null=True)
    reference = serializers.CharField(max_length=60)
    currency = serializers.CharField(max_length=3, required=False,
                                     help_text="ISO 4217 code (default USD).")
    rate = serializers.DecimalField(
        max_digits=18, decimal_places=6, read_only=True,
        help_text="Units of the currency per US$: the UN operational rate of the approval "
                  "month (1 for USD).")
    amount_usd = serializers.DecimalField(
        max_digits=16, decimal_places=2, read_only=True,
        help_text="amount / rate, rounded half up to the cent.")
    reason = _reason()

    class Meta:
        model = FundingAgreement
        fields = ["id", "donor", "donor_name", "donor_category", "project", "project_code",
                  "reference", "title", "approval_date", "amount", "currency", "rate",
                  "amount_usd", "earmarking", "locally_mobilized", "notes", "reason",
                  "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators: list = []


class ExchangeRateSerializer(serializers.ModelSerializer):
    currency = serializers.CharField(max_length=3, help_text="ISO 4217 code, e.g. EUR.")
    month = serializers.DateField(help_text="Any day of the month; stored as the 1st.")
    units_per_usd = serializers.DecimalField(max_digits=18, decimal_places=6,
                                             help_text="Units of the currency for one US$.")
    reason = _reason()

    class Meta:
        model = ExchangeRate
        fields = ["id", "currency", "month", "units_per_usd", "reason", "created_at",
                  "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators: list = []


@route("donors", "donor")
class DonorViewSet(ServiceWrites, ScopedModelViewSet):
    """Donors and other funding partners with the number of their funding agreements and
    the total approved (US$). Filters: `q` (name or short name), `category`, `country`
    (ISO3). Partnerships officers and administrators write; a donor with agreements cannot
    be deleted."""

    queryset = selectors.donors_with_totals().order_by("name")
    serializer_class = DonorSerializer
    filterset_class = DonorFilter
    service_module = services
    entity = "donor"
    reason_on_create = True
    reason_on_delete = True

    def saved(self, obj):
        return self.get_base_queryset().get(pk=obj.pk)


@route("funding-agreements", "funding-agreement")
class FundingAgreementViewSet(ServiceWrites, ScopedModelViewSet):
    """Funding agreements: the amount in the agreement's currency, the UN operational rate
    of exchange of the approval month used (which must be recorded first) and the amount in
    US$. Filters: `donor` (id), `category` (of the donor), `year` (approved), `earmarking`,
    `locally_mobilized`, `project` (id), `thematic` (no project), `currency`, `q`."""

    queryset = selectors.agreements().order_by("-approval_date", "reference")
    serializer_class = FundingAgreementSerializer
    filterset_class = FundingAgreementFilter
    service_module = services
    entity = "agreement"
    reason_on_create = True
    reason_on_delete = True


@route("exchange-rates", "exchange-rate")
class ExchangeRateViewSet(ServiceWrites, ScopedModelViewSet):
    """UN operational rates of exchange: units of a currency for one US$, per month.
    Creating one for a currency and month already recorded is refused (change that one);
    changing a rate converts again the agreements of its currency approved in its month; a
    rate converting agreements cannot be deleted. Filters: `currency`, `year`, `month`."""

    queryset = ExchangeRate.objects.order_by("currency", "-month")
    serializer_class = ExchangeRateSerializer
    filterset_class = ExchangeRateFilter
    service_module = services
    entity = "exchange_rate"
    reason_on_create = True
    reason_on_delete = True


register = registrar(DonorViewSet, FundingAgreementViewSet, ExchangeRateViewSet)
