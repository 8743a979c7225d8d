"""Forms of the capacity pages. They check the shape of the input (numbers, dates, choices);
the services (capacity.services) apply the rules and write, and their field errors are shown
next to the fields through :func:`core.errors.show_on_form`."""
from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, ReasonMixin, ServiceForm, StepForm
from core.roles import ConstituentGroup
from programmes.models import FundingSource

from .models import (
    SCALE,
    AssessmentMethod,
    AssessmentRound,
    CapacityDevelopmentPlan,
    CapacityLevel,
    CapacityType,
    InterventionMethod,
    InterventionStatus,
    NeedStatus,
    Priority,
    Provider,
    TechnicalArea,
)
from .services.assessments import score_field


def _constituent_label(c) -> str:
    return f"{c.name} ({c.country.name})"


class ConstituentChoiceForm(forms.Form):
    """First step of a new assessment (or plan): which organization."""

    constituent = forms.ModelChoiceField(queryset=None, label=_("Constituent"),
                                         help_text=_("The organization assessed."))

    def __init__(self, *args, constituents, help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["constituent"]
        field.queryset = constituents
        field.label_from_instance = _constituent_label
        if help_text:
            field.help_text = help_text


# --- assessments --------------------------------------------------------------------------

class AssessmentForm(ServiceForm):
    """An assessment with one score (1–5) and evidence note per dimension of its framework.
    Scores are radio groups (drawn by the template with each score's descriptor) under the
    names ``score_<dimension code>``, the names the service reports errors under."""

    date = forms.DateField(label=_("Date of the assessment"), widget=DateInput())
    method = forms.ChoiceField(label=_("Method"), choices=AssessmentMethod.choices)
    round = forms.ChoiceField(label=_("Round"), choices=AssessmentRound.choices,
                              widget=forms.RadioSelect,
                              help_text=_("A follow-up compares with an earlier baseline of "
                                          "the same organization and framework."))
    assessors = forms.CharField(label=_("Assessors"), max_length=500,
                                help_text=_("Who carried out the assessment."))
    dwcp = forms.ModelChoiceField(queryset=None, required=False, label=_("DWCP"))
    cpo = forms.ModelChoiceField(queryset=None, required=False, label=_("CPO"),
                                 help_text=_("The country programme outcome the assessment "
                                             "serves, if any."))
    summary = forms.CharField(label=_("Summary"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    FIELDS = ("date", "method", "round", "assessors", "dwcp", "cpo", "summary")

    def __init__(self, *args, constituent, framework, dwcps, cpos, **kwargs):
        super().__init__(*args, **kwargs)
        self.constituent, self.framework = constituent, framework
        self.dimensions = list(framework.dimensions.all())
        self.fields["dwcp"].queryset = dwcps
        self.fields["cpo"].queryset = cpos
        self.fields["cpo"].label_from_instance = lambda c: f"{c.code} {c.title[:90]}"
        for dimension in self.dimensions:
            self.fields[score_field(dimension)] = forms.IntegerField(
                label=dimension.name,
                error_messages={
                    "required": _("Choose a score for “%(d)s”.") % {"d": dimension.name},
                    "invalid": _("Enter a whole number from %(lo)s to %(hi)s.")
                    % {"lo": SCALE[0], "hi": SCALE[-1]}})
            self.fields[f"evidence_{dimension.code}"] = forms.CharField(
                label=_("Evidence for “%(d)s”") % {"d": dimension.name}, required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("What the score rests on: documents, interviews, figures."))

    def scores(self) -> dict[str, dict[str, Any]]:
        data = self.cleaned_data
        return {d.code: {"score": data.get(score_field(d)),
                         "evidence": data.get(f"evidence_{d.code}", "")}
                for d in self.dimensions}

    def dimension_rows(self) -> list[dict[str, Any]]:
        """What the template draws for each dimension: the radio group with each score's
        descriptor, the chosen value, the evidence field."""
        rows = []
        for dimension in self.dimensions:
            field = self[score_field(dimension)]
            descriptors = {d.score: d.descriptor for d in dimension.descriptors.all()}
            rows.append({
                "dimension": dimension, "field": field,
                "value": str(field.value() or ""),
                "evidence": self[f"evidence_{dimension.code}"],
                "options": [{"score": s, "value": str(s), "descriptor": descriptors.get(s, "")}
                            for s in SCALE],
            })
        return rows


# --- needs --------------------------------------------------------------------------------

class NeedForm(ServiceForm):
    description = forms.CharField(label=_("Need"), widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("What capacity is missing, and for what."))
    dimension = forms.ModelChoiceField(queryset=None, required=False, label=_("Dimension"),
                                       help_text=_("The dimension of the assessment it comes "
                                                   "from, if any."))
    level = forms.ChoiceField(label=_("Level"), choices=CapacityLevel.choices)
    capacity_type = forms.ChoiceField(label=_("Capacity type"), choices=CapacityType.choices)
    technical_area = forms.ChoiceField(label=_("Technical area"), choices=TechnicalArea.choices)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices,
                                 initial=Priority.MEDIUM)

    FIELDS = ("description", "dimension", "level", "capacity_type", "technical_area",
              "priority")

    def __init__(self, *args, dimensions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dimension"].queryset = dimensions


class NeedTransitionForm(StepForm):
    STATUSES = NeedStatus.choices


BULK_ACTIONS = [(NeedStatus.REVIEWED, _("Mark reviewed")),
                (NeedStatus.PLANNED, _("Mark planned")),
                (NeedStatus.DECLINED, _("Decline"))]


class BulkReviewForm(forms.Form):
    """Several needs of the queue moved at once (all or none, by the service)."""

    needs = forms.ModelMultipleChoiceField(
        queryset=None, label=_("Needs"),
        error_messages={"required": _("Tick the needs to act on."),
                        "invalid_choice": _("Need #%(value)s is not one you may act on.")})
    to_status = forms.ChoiceField(label=_("Action"), choices=BULK_ACTIONS)
    effective_date = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note or reason"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Required to decline: say why; it is kept with each "
                                       "need."))

    def __init__(self, *args, needs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs"].queryset = needs

    def clean(self):
        data = super().clean()
        if data.get("to_status") == NeedStatus.DECLINED and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the needs are declined."))
        return data


# --- plans --------------------------------------------------------------------------------

class PlanForm(ServiceForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    dwcp = forms.ModelChoiceField(queryset=None, required=False, label=_("DWCP"))
    start_date = forms.DateField(label=_("Start"), widget=DateInput())
    end_date = forms.DateField(label=_("End"), widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=CapacityDevelopmentPlan.Status.choices)
    notes = forms.CharField(label=_("Notes"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))

    FIELDS = ("title", "dwcp", "start_date", "end_date", "status", "notes")

    def __init__(self, *args, dwcps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dwcp"].queryset = dwcps


class PlanItemForm(ServiceForm):
    title = forms.CharField(label=_("Planned intervention"), max_length=300)
    method = forms.ChoiceField(label=_("Method"), required=False,
                               choices=[("", "—"), *InterventionMethod.choices])
    due_date = forms.DateField(label=_("Due"), required=False, widget=DateInput())
    needs = forms.ModelMultipleChoiceField(
        queryset=None, label=_("Needs addressed"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the needs this intervention addresses.")})
    intervention = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Intervention"),
        help_text=_("Once recorded: an intervention that targets this organization."))
    order = forms.IntegerField(label=_("Order"), min_value=0, initial=0)
    notes = forms.CharField(label=_("Notes"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))

    FIELDS = ("title", "method", "due_date", "intervention", "order", "notes")

    def __init__(self, *args, needs, interventions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs"].queryset = needs
        self.fields["needs"].label_from_instance = (
            lambda n: f"{n.description[:100]} ({n.get_priority_display().lower()}, "
                      f"{n.get_status_display().lower()})")
        self.fields["intervention"].queryset = interventions


# --- interventions ------------------------------------------------------------------------

class InterventionForm(ServiceForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    method = forms.ChoiceField(label=_("Method"), choices=InterventionMethod.choices)
    provider = forms.ChoiceField(label=_("Provider"), choices=Provider.choices)
    technical_area = forms.ChoiceField(label=_("Technical area"), choices=TechnicalArea.choices)
    country = forms.ModelChoiceField(queryset=None, required=False, label=_("Country"),
                                     empty_label=_("Regional or interregional"))
    target_group = forms.ChoiceField(label=_("Constituent group"), required=False,
                                     choices=[("", _("Several groups")),
                                              *ConstituentGroup.choices])
    start_date = forms.DateField(label=_("Start"), widget=DateInput())
    end_date = forms.DateField(label=_("End"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=InterventionStatus.choices,
                               initial=InterventionStatus.PLANNED)
    levels = forms.MultipleChoiceField(
        label=_("Levels addressed"), choices=CapacityLevel.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the levels the intervention addresses.")})
    target_constituents = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label=_("Target constituents"),
        widget=forms.SelectMultiple(attrs={"size": 8}))
    needs = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label=_("Needs addressed"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Needs of the target constituents."))
    cpos = forms.ModelMultipleChoiceField(queryset=None, required=False, label=_("CPOs"),
                                          widget=forms.SelectMultiple(attrs={"size": 6}))
    funding_source = forms.ChoiceField(label=_("Funding source"), required=False,
                                       choices=[("", "—"), *FundingSource.choices])
    cost = forms.DecimalField(label=_("Cost (US$)"), required=False, min_value=0,
                              max_digits=14, decimal_places=2)

    FIELDS = ("title", "description", "method", "provider", "technical_area", "country",
              "target_group", "start_date", "end_date", "status", "levels",
              "target_constituents", "needs", "cpos", "funding_source", "cost")

    def __init__(self, *args, countries, constituents, needs, cpos, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries
        self.fields["target_constituents"].queryset = constituents
        self.fields["target_constituents"].label_from_instance = _constituent_label
        self.fields["needs"].queryset = needs
        self.fields["needs"].label_from_instance = (
            lambda n: f"{n.constituent.name}: {n.description[:80]}")
        self.fields["cpos"].queryset = cpos
        self.fields["cpos"].label_from_instance = (
            lambda c: f"{c.dwcp.country.name} · {c.code} {c.title[:70]}")


class ParticipationCountForm(ReasonMixin, forms.Form):
    total = forms.IntegerField(label=_("Participants in total"), min_value=0)
    women = forms.IntegerField(label=_("Women"), min_value=0, initial=0)
    men = forms.IntegerField(label=_("Men"), min_value=0, initial=0)
    sex_not_recorded = forms.IntegerField(label=_("Sex not recorded"), min_value=0, initial=0)
    employers = forms.IntegerField(label=_("Employers' representatives"), min_value=0,
                                   initial=0)
    workers = forms.IntegerField(label=_("Workers' representatives"), min_value=0, initial=0)
    labour_ministry = forms.IntegerField(label=_("Labour ministry"), min_value=0, initial=0)
    other_government = forms.IntegerField(label=_("Other government"), min_value=0, initial=0)
    other = forms.IntegerField(label=_("Other"), min_value=0, initial=0)
    pre_test_average = forms.DecimalField(label=_("Average pre-test score"), required=False,
                                          min_value=0, max_value=100, decimal_places=1)
    post_test_average = forms.DecimalField(label=_("Average post-test score"), required=False,
                                           min_value=0, max_value=100, decimal_places=1)

    SEX = ("women", "men", "sex_not_recorded")
    GROUPS = ("employers", "workers", "labour_ministry", "other_government", "other")

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("reason", None)
        return data


class RepeatTrainingForm(forms.Form):
    start = forms.DateField(label=_("Interventions starting from"), widget=DateInput())
    end = forms.DateField(label=_("to"), widget=DateInput())
    min_areas = forms.IntegerField(label=_("Different technical areas, at least"), min_value=2,
                                   max_value=10, initial=2)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date must be on or after the start date."))
        return data
