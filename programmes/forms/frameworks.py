"""Forms of UN frameworks, their outcomes and alignments, and national development plans.
Input validation only; the services apply the rules."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from constituents.models import Country
from programmes.models import CountryPriority, PriorityAlignment, UNFramework, UNFrameworkOutcome

from .framework import ReasonMixin, apply_errors

__all__ = ["AlignmentForm", "DevelopmentPlanForm", "NationalPriorityForm", "UNFrameworkForm",
           "UNOutcomeForm", "apply_errors"]


class _PeriodForm(ReasonMixin):
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300)
    start_year = forms.IntegerField(label=_("First year"), min_value=1990, max_value=2100)
    end_year = forms.IntegerField(label=_("Last year"), min_value=1990, max_value=2100)

    def __init__(self, *args, countries=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            # The country of an existing framework or plan does not change.
            del self.fields["country"]
        else:
            self.fields["country"].queryset = countries if countries is not None else (
                Country.objects.all())

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The last year cannot be before the first year."))
        return data


class UNFrameworkForm(_PeriodForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=UNFramework.Kind.choices)
    signed_date = forms.DateField(label=_("Signed on"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    field_order = ["country", "kind", "title", "start_year", "end_year", "signed_date",
                   "reason"]

    @staticmethod
    def initial_for(framework: UNFramework) -> dict:
        return {"kind": framework.kind, "title": framework.title,
                "start_year": framework.start_year, "end_year": framework.end_year,
                "signed_date": framework.signed_date}


class DevelopmentPlanForm(_PeriodForm):
    field_order = ["country", "title", "start_year", "end_year", "reason"]

    @staticmethod
    def initial_for(plan) -> dict:
        return {"title": plan.title, "start_year": plan.start_year, "end_year": plan.end_year}


class UNOutcomeForm(ReasonMixin):
    code = forms.CharField(label=_("Code"), max_length=20,
                           help_text=_("Unique within the UN framework."))
    title = forms.CharField(label=_("Title"), widget=forms.Textarea(attrs={"rows": 2}))
    ilo_role = forms.ChoiceField(label=_("ILO's role"),
                                 choices=UNFrameworkOutcome.IloRole.choices,
                                 initial=UNFrameworkOutcome.IloRole.SUPPORT)
    social_partner_participation = forms.ChoiceField(
        label=_("Social partners' participation"),
        choices=UNFrameworkOutcome.Participation.choices,
        initial=UNFrameworkOutcome.Participation.NONE)
    field_order = ["code", "title", "ilo_role", "social_partner_participation", "reason"]

    @staticmethod
    def initial_for(outcome: UNFrameworkOutcome) -> dict:
        return {"code": outcome.code, "title": outcome.title, "ilo_role": outcome.ilo_role,
                "social_partner_participation": outcome.social_partner_participation}


class AlignmentForm(ReasonMixin):
    """One "reflection" choice per DWCP priority (``priority_<id>``); empty removes it."""

    def __init__(self, *args, priorities: list[CountryPriority], **kwargs):
        super().__init__(*args, **kwargs)
        self.priority_fields = []
        for priority in priorities:
            name = f"priority_{priority.pk}"
            self.fields[name] = forms.ChoiceField(
                label=f"{priority.dwcp.period} · {priority}", required=False,
                choices=[("", _("— not assessed —")),
                         *PriorityAlignment.Reflection.choices])
            self.priority_fields.append((name, priority))
        self.order_fields([*[n for n, _p in self.priority_fields], "reason"])


class NationalPriorityForm(ReasonMixin):
    code = forms.CharField(label=_("Code"), max_length=20, required=False)
    title = forms.CharField(label=_("Title"), widget=forms.Textarea(attrs={"rows": 2}))
    field_order = ["code", "title", "reason"]
