"""Forms of the portfolio pages (donors, funding agreements, UN rates of exchange). They only
parse input: the rules (unique names and references, the rate of the approval month, ISO
currency codes, positive amounts and rates) are programmes.services.portfolio's, whose
errors the pages show next to the fields."""
from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from constituents.models import Country
from core.forms import DateInput, ServiceForm
from programmes.models import Donor, DonorCategory, Earmarking, Project


class DonorForm(ServiceForm):
    FIELDS = ("name", "acronym", "category", "country", "notes")

    name = forms.CharField(label=_("Name"), max_length=200)
    acronym = forms.CharField(label=_("Short name"), max_length=40, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=DonorCategory.choices)
    country = forms.ModelChoiceField(label=_("Donor country"), required=False,
                                     queryset=Country.objects.order_by("name"),
                                     help_text=_("For a government donor: its country."))
    notes = forms.CharField(label=_("Notes"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))

    @staticmethod
    def initial_for(donor: Donor) -> dict[str, Any]:
        return {name: getattr(donor, name) for name in DonorForm.FIELDS}


class AgreementForm(ServiceForm):
    FIELDS = ("donor", "reference", "title", "approval_date", "amount", "currency", "project",
              "earmarking", "locally_mobilized", "notes")

    donor = forms.ModelChoiceField(label=_("Donor"), queryset=Donor.objects.order_by("name"))
    reference = forms.CharField(label=_("Reference"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=300)
    approval_date = forms.DateField(label=_("Approved on"), widget=DateInput(),
                                    help_text=_("The amount is converted at the UN "
                                                "operational rate of this month."))
    amount = forms.DecimalField(label=_("Amount"), max_digits=16, decimal_places=2,
                                help_text=_("In the agreement's currency."))
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD",
                               help_text=_("ISO 4217 code, e.g. USD, EUR, CHF."))
    project = forms.ModelChoiceField(label=_("Project"), required=False,
                                     queryset=Project.objects.none(),
                                     help_text=_("Empty for thematic or core contributions."))
    earmarking = forms.ChoiceField(label=_("Earmarking"), choices=Earmarking.choices,
                                   initial=Earmarking.FULLY)
    locally_mobilized = forms.BooleanField(
        label=_("Mobilized locally"), required=False,
        help_text=_("Agreed with the donor's representation in the beneficiary country."))
    notes = forms.CharField(label=_("Notes"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, projects: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects  # type: ignore[attr-defined]
        self.fields["project"].label_from_instance = (  # type: ignore[attr-defined]
            lambda p: f"{p.code} {p.title[:70]}")

    @staticmethod
    def initial_for(agreement: Any) -> dict[str, Any]:
        return {name: getattr(agreement, name) for name in AgreementForm.FIELDS}


class ExchangeRateForm(ServiceForm):
    FIELDS = ("currency", "month", "units_per_usd")

    currency = forms.CharField(label=_("Currency"), max_length=3,
                               help_text=_("ISO 4217 code, e.g. EUR."))
    month = forms.DateField(label=_("Month"), input_formats=["%Y-%m", "%Y-%m-%d"],
                            widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
                            help_text=_("The month the rate is in force."))
    units_per_usd = forms.DecimalField(label=_("Units per US$"), max_digits=18,
                                       decimal_places=6,
                                       help_text=_("Units of the currency for one US dollar."))

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, edit=editing, **kwargs)
        if editing:
            for name in ("currency", "month"):
                self.fields[name].disabled = True


class RateImportForm(forms.Form):
    file = forms.FileField(label=_("File"),
                           help_text=_("CSV or Excel (.xlsx) with the columns currency, month "
                                       "(e.g. 2024-03) and units_per_usd."))
