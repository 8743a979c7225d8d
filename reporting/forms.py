"""Forms of the reporting pages: asking for a report, and a report definition (the front
matter a manager reuses). Both show only the parameters of the chosen kind of report, check
them through the services' rules and show the errors next to the fields."""
from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.errors import ApplicationError, show_on_form

from . import selectors, services
from .models import Language, ReportDefinition, ReportKind

# The parameters each kind of report takes (the form shows only these).
KIND_FIELDS = {
    ReportKind.BIENNIAL.value: ("biennium", "region"),
    ReportKind.DWCP.value: ("country",),
    ReportKind.CAPACITY.value: ("constituent",),
}
REQUIRED = {"biennium": _("Choose the biennium."), "country": _("Choose the country."),
            "constituent": _("Choose the constituent.")}


class ParametersMixin:
    """Country (DWCP report), biennium and region (biennial report) or constituent (capacity
    profile) as form fields; the page shows those of the chosen kind only, and swaps them
    (htmx, a server-rendered fragment) when the kind changes."""

    def _add_parameter_fields(self):
        self.fields["country"] = forms.ChoiceField(
            label=_("Country"), required=False,
            choices=[("", "—")] + selectors.country_choices(),
            help_text=_("The country's current DWCP."))
        self.fields["biennium"] = forms.ChoiceField(
            label=_("Biennium"), required=False,
            choices=[("", "—")] + selectors.biennium_choices())
        self.fields["region"] = forms.ChoiceField(
            label=_("Region"), required=False,
            choices=[("", _("All regions"))] + selectors.region_choices())
        self.fields["constituent"] = forms.ChoiceField(
            label=_("Constituent"), required=False,
            choices=[("", "—")] + selectors.constituent_choices(),
            help_text=_("Organizations with a capacity assessment or need, by country."))
        # Choosing another kind of report fetches its fields (no inline script: strict CSP).
        self.fields["kind"].widget.attrs.update({
            "hx-get": reverse("reporting:request-fields"), "hx-trigger": "change",
            "hx-target": "#report-params", "hx-swap": "innerHTML",
            "aria-controls": "report-params"})

    def chosen_kind(self) -> str:
        """The kind the form is about: the one submitted, else the initial one."""
        if self.is_bound:
            kind = self.data.get(self.add_prefix("kind"))
        else:
            kind = self.initial.get("kind") or self.fields["kind"].initial
        return kind if kind in KIND_FIELDS else ReportKind.BIENNIAL.value

    def chosen_kind_label(self) -> str:
        return str(ReportKind(self.chosen_kind()).label)

    def parameter_fields(self) -> list:
        return [self[name] for name in KIND_FIELDS[self.chosen_kind()]]

    def parameters(self, kind: str) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) or "" for name in KIND_FIELDS.get(kind, ())}

    def _check(self, kind: str, language: str) -> dict | None:
        missing = [name for name in KIND_FIELDS.get(kind, ())
                   if name in REQUIRED and not self.cleaned_data.get(name)]
        for name in missing:
            self.add_error(name, REQUIRED[name])
        if missing:
            return None
        try:
            return services.clean_request(kind=kind, parameters=self.parameters(kind),
                                          language=language)
        except ApplicationError as exc:
            show_on_form(self, exc)
            return None


class ReportRequestForm(ParametersMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices,
                                 initial=Language.EN)
    definition = forms.ModelChoiceField(
        label=_("Front matter"), required=False, queryset=ReportDefinition.objects.none(),
        empty_label=_("Default front matter"),
        help_text=_("A saved definition sets the cover, purpose, narrative and draft "
                    "decision (and its own report and parameters)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["definition"].queryset = selectors.definition_list()
        self._add_parameter_fields()

    def clean(self):
        data = super().clean()
        definition = data.get("definition")
        if definition is None and data.get("kind"):
            data["parameters"] = self._check(data["kind"], data.get("language", "en"))
        return data


class ReportDefinitionForm(ParametersMixin, forms.ModelForm):
    class Meta:
        model = ReportDefinition
        fields = ["name", "kind", "language", "title", "session", "place", "session_dates",
                  "symbol", "section_name", "section_code", "segment", "agenda_item",
                  "document_date", "original_language", "purpose", "strategic_objective",
                  "main_outcome", "policy_implications", "legal_implications",
                  "financial_implications", "follow_up", "author_unit", "related_documents",
                  "narrative", "draft_decision"]
        widgets = {
            "document_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "narrative": forms.Textarea(attrs={"rows": 8}),
            "draft_decision": forms.Textarea(attrs={"rows": 3}),
            "policy_implications": forms.Textarea(attrs={"rows": 2}),
            "legal_implications": forms.Textarea(attrs={"rows": 2}),
            "financial_implications": forms.Textarea(attrs={"rows": 2}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_parameter_fields()
        if self.instance.pk:
            for name in ("country", "biennium", "region", "constituent"):
                self.fields[name].initial = self.instance.parameters.get(name, "")

    def clean(self):
        data = super().clean()
        if data.get("kind"):
            data["parameters"] = self._check(data["kind"], data.get("language", "en"))
        return data

    def service_fields(self) -> dict:
        out = {name: self.cleaned_data[name] for name in self.Meta.fields}
        out["parameters"] = self.cleaned_data["parameters"]
        return out


class IatiForm(forms.Form):
    """The IATI activity file's parameters: a biennium and, optionally, one country (by
    ISO3, among the countries with a DWCP)."""

    biennium = forms.ChoiceField(label=_("Biennium"))
    country = forms.ChoiceField(label=_("Country"), required=False,
                                help_text=_("Empty: every country you may see."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["biennium"].choices = [("", "—")] + selectors.biennium_choices()
        self.fields["country"].choices = [("", _("All countries"))] + \
            selectors.country_choices()
