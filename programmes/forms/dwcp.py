"""Forms of the DWCP pages. They validate input; the services (programmes.services.dwcp)
apply the business rules and write."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core import content
from core import forms as core_forms
from core.errors import ApplicationError, show_on_form
from core.forms import DateInput
from programmes.models import (
    Dwcp,
    DwcpStatus,
    Signatory,
    SteeringCommitteeDecision,
    SteeringCommitteeMeeting,
    SteeringCommitteeMember,
)
from programmes.services.dwcp import validate_period


class ReasonMixin(core_forms.ReasonMixin):
    reason = core_forms.reason_field(
        _("Optional: why you make this change; it is kept in the history."))


class PeriodMixin:
    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start is not None and end is not None:
            try:
                validate_period(start, end)
            except ApplicationError as exc:
                show_on_form(self, exc)
        return data


YEAR_HELP = _("A DWCP runs for 2 to 6 years, e.g. 2012–2016.")


def https_urls(field, **kwargs):
    """Model form fields, with "https://" assumed for a web address typed without a scheme."""
    from django.db import models

    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class DwcpCreateForm(PeriodMixin, forms.ModelForm):
    class Meta:
        model = Dwcp
        fields = ["country", "title", "start_year", "end_year", "summary", "document_url"]
        help_texts = {"end_year": YEAR_HELP}
        formfield_callback = https_urls

    def __init__(self, *args, countries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries
        content.add_title_fields(self)
        if countries.count() == 1:
            self.fields["country"].initial = countries.first().pk


class DwcpEditForm(PeriodMixin, ReasonMixin, forms.ModelForm):
    class Meta:
        model = Dwcp
        fields = ["title", "start_year", "end_year", "signed_date", "summary", "document_url",
                  "un_framework", "un_outcomes"]
        help_texts = {"end_year": YEAR_HELP,
                      "un_outcomes": _("Outcomes of the country's UN framework that this DWCP "
                                       "contributes to.")}
        widgets = {"signed_date": DateInput(), "un_outcomes": forms.CheckboxSelectMultiple}
        formfield_callback = https_urls

    def __init__(self, *args, frameworks, outcomes, **kwargs):
        super().__init__(*args, **kwargs)
        content.add_title_fields(self, instance=self.instance)
        self.fields["un_framework"].queryset = frameworks
        self.fields["un_outcomes"].queryset = outcomes
        self.fields["un_outcomes"].label_from_instance = (
            lambda o: f"{o.framework.start_year}–{o.framework.end_year} · {o.code} {o.title}")


class TransitionForm(core_forms.StepForm):
    STATUSES = DwcpStatus.choices


class _PartyForm(ReasonMixin, forms.ModelForm):
    def __init__(self, *args, constituents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["constituent"].queryset = constituents
        self.fields["constituent"].help_text = _(
            "The government body, employers' or workers' organization of the country; "
            "leave empty for the ILO.")

    def _post_clean(self):
        # Type rules are the service's: skip the model's own validation of the instance here.
        pass


class SignatoryForm(_PartyForm):
    class Meta:
        model = Signatory
        fields = ["party", "constituent", "name", "position", "signed_date"]
        widgets = {"signed_date": DateInput()}


class CommitteeMemberForm(_PartyForm):
    class Meta:
        model = SteeringCommitteeMember
        fields = ["party", "constituent", "name", "position", "since", "until"]
        widgets = {"since": DateInput(), "until": DateInput()}


class CommitteeMeetingForm(ReasonMixin, forms.ModelForm):
    class Meta:
        model = SteeringCommitteeMeeting
        fields = ["date", "location", "summary"]
        widgets = {"date": DateInput()}

    def _post_clean(self):
        pass


class CommitteeDecisionForm(ReasonMixin, forms.ModelForm):
    class Meta:
        model = SteeringCommitteeDecision
        fields = ["text", "responsible", "due_date", "status"]
        widgets = {"due_date": DateInput(), "text": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self):
        pass
