"""Page forms of evaluations: an evaluation's record, a step of its lifecycle, the management
response to a recommendation and a follow-up action's progress. They validate input only;
the views call one service each (evaluation.services), which applies every rule."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from capacity.models import TechnicalArea
from core.forms import DateInput, ServiceForm, StepForm
from core.roles import ConstituentGroup

from .models import (
    ActionStatus,
    EvaluationStatus,
    EvaluationType,
    Language,
    Management,
    ResponseDecision,
    SubjectKind,
    Timing,
)

if TYPE_CHECKING:  # a related object, chosen among a queryset given later
    Choice = forms.ModelChoiceField[Any]


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


class EvaluationForm(ServiceForm):
    """What an evaluation is: its subject, type and timing, who manages it, when, its budget
    and the languages of its report."""

    title = forms.CharField(label=_("Title"), max_length=300)
    subject_kind = forms.ChoiceField(label=_("What is evaluated"), choices=SubjectKind.choices)
    dwcp: Choice = forms.ModelChoiceField(queryset=None, required=False, label=_("DWCP"))
    project: Choice = forms.ModelChoiceField(queryset=None, required=False, label=_("Project"))
    cpo: Choice = forms.ModelChoiceField(queryset=None, required=False,
                                         label=_("Country programme outcome"))
    intervention: Choice = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Capacity development intervention"))
    theme_title = forms.CharField(label=_("Theme or strategy"), max_length=300, required=False,
                                  help_text=_("For a thematic or strategy evaluation."))
    technical_area = forms.ChoiceField(label=_("Theme"), required=False,
                                       choices=_blank(TechnicalArea.choices))
    evaluation_type = forms.ChoiceField(label=_("Type"), choices=EvaluationType.choices)
    timing = forms.ChoiceField(label=_("Timing"), choices=Timing.choices)
    management = forms.ChoiceField(label=_("Management"), choices=Management.choices,
                                   initial=Management.DECENTRALIZED)
    country: Choice = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Managing country"),
        help_text=_("The country whose office manages it; empty: the subject's country, or "
                    "headquarters for a regional or global evaluation."))
    constituent_groups = forms.MultipleChoiceField(
        label=_("Constituent groups concerned"), required=False,
        choices=[(g.value, g.label) for g in ConstituentGroup
                 if g != ConstituentGroup.OTHER],
        widget=forms.CheckboxSelectMultiple)
    planned_start = forms.DateField(label=_("Planned start"), required=False,
                                    widget=DateInput())
    planned_end = forms.DateField(label=_("Planned completion"), widget=DateInput())
    actual_start = forms.DateField(label=_("Actual start"), required=False, widget=DateInput())
    actual_end = forms.DateField(label=_("Actual completion"), required=False,
                                 widget=DateInput())
    budget = forms.DecimalField(label=_("Budget (US$)"), required=False, min_value=0,
                                max_digits=14, decimal_places=2)
    languages = forms.MultipleChoiceField(label=_("Languages of the report"), required=False,
                                          choices=Language.choices,
                                          widget=forms.CheckboxSelectMultiple)
    summary = forms.CharField(label=_("Executive summary"), required=False,
                              widget=forms.Textarea(attrs={"rows": 5}))

    FIELDS = ("title", "subject_kind", "dwcp", "project", "cpo", "intervention", "theme_title",
              "technical_area", "evaluation_type", "timing", "management", "country",
              "constituent_groups", "planned_start", "planned_end", "actual_start",
              "actual_end", "budget", "languages", "summary")

    def __init__(self, *args: Any, subjects: dict[str, QuerySet[Any]],
                 countries: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in subjects.items():
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]
        self.fields["country"].queryset = countries  # type: ignore[attr-defined]


class EvaluationStepForm(StepForm):
    STATUSES = EvaluationStatus.choices


class ResponseForm(forms.Form):
    """The addressee's management response: accepted, partially accepted or rejected (the
    latter two say why), and whether it is submitted now (then it changes only with a
    reason)."""

    decision = forms.ChoiceField(label=_("Decision"), choices=ResponseDecision.choices,
                                 widget=forms.RadioSelect)
    rationale = forms.CharField(
        label=_("Rationale"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the recommendation is partially accepted or rejected."))
    responded_on = forms.DateField(label=_("Date of the response"), required=False,
                                   widget=DateInput())
    submit = forms.BooleanField(
        label=_("Submit the response"), required=False,
        help_text=_("A submitted response is changed only with a reason."))
    reason = forms.CharField(label=_("Reason for change"), required=False, max_length=100,
                             help_text=_("Required to change a submitted response."))


class ActionStatusForm(StepForm):
    """A follow-up action's progress: its new status, the date and a note ("not possible"
    says why)."""

    STATUSES = ActionStatus.choices
    to_status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
