"""Forms of UN frameworks, their outcomes and alignments, and national development plans.
Input validation only; the services apply the rules."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from constituents.models import Country
from programmes.models import CountryPriority, PriorityAlignment, UNFramework, UNFrameworkOutcome

from .framework import ReasonMixin

__all__ = ["AlignmentForm", "DevelopmentPlanForm", "NationalPriorityForm", "UNFrameworkForm",
           "UNOutcomeForm"]


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
    """How far a UN outcome reflects each DWCP priority of its country: a "reflection" choice
    (``priority_<id>``; empty removes the assessment) and an optional note (``note_<id>``)
    per priority."""

    def __init__(self, *args, priorities: list[CountryPriority],
                 alignments: list[PriorityAlignment] = (), **kwargs):
        current = {a.priority_id: a for a in alignments}
        initial = kwargs.setdefault("initial", {})
        for priority_id, alignment in current.items():
            initial.setdefault(f"priority_{priority_id}", alignment.reflection)
            initial.setdefault(f"note_{priority_id}", alignment.note)
        super().__init__(*args, **kwargs)
        self.priority_fields = []
        names = []
        for priority in priorities:
            name, note = f"priority_{priority.pk}", f"note_{priority.pk}"
            self.fields[name] = forms.ChoiceField(
                label=_("Reflection of priority %(code)s") % {"code": priority.code},
                required=False,
                choices=[("", _("— not assessed —")), *PriorityAlignment.Reflection.choices])
            self.fields[note] = forms.CharField(
                label=_("Note on priority %(code)s") % {"code": priority.code},
                required=False, max_length=1000,
                widget=forms.Textarea(attrs={"rows": 1}))
            self.priority_fields.append((name, priority))
            names += [name, note]
        self.order_fields([*names, "reason"])

    @property
    def rows(self) -> list[tuple[CountryPriority, forms.BoundField, forms.BoundField]]:
        """Per priority: the priority, its reflection field and its note field."""
        return [(p, self[name], self[f"note_{p.pk}"]) for name, p in self.priority_fields]

    def clean(self):
        data = super().clean()
        for name, priority in self.priority_fields:
            if data.get(f"note_{priority.pk}", "").strip() and not data.get(name):
                self.add_error(f"note_{priority.pk}",
                               _("Choose how far the priority is reflected, or leave the note "
                                 "empty."))
        return data

    def reflections(self) -> dict[CountryPriority, tuple[str, str] | None]:
        """What the service :func:`un_outcome_set_alignments` takes."""
        data = self.cleaned_data
        return {priority: ((data[name], data.get(f"note_{priority.pk}", ""))
                           if data.get(name) else None)
                for name, priority in self.priority_fields}


class NationalPriorityForm(ReasonMixin):
    code = forms.CharField(label=_("Code"), max_length=20, required=False)
    title = forms.CharField(label=_("Title"), widget=forms.Textarea(attrs={"rows": 2}))
    field_order = ["code", "title", "reason"]

    @staticmethod
    def initial_for(priority) -> dict:
        return {"code": priority.code, "title": priority.title}
