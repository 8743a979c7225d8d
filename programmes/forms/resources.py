"""Forms of the resources pages. They only parse input: the rules (dates in order, amounts not
negative, years inside the period, shares up to 100 per cent) live in
programmes.services.resources, whose errors the views put back next to the fields."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from constituents.models import Country, Region
from core import policy
from programmes.models import Convention, CountryProgrammeOutcome, PBOutcome, Project

REASON_HELP = _("Optional; kept in the history of changes.")


def _reason_field() -> forms.CharField:
    return forms.CharField(label=_("Reason for change"), required=False, max_length=100,
                           help_text=REASON_HELP)


def countries_for(user):
    """The countries ``user`` may record projects for."""
    return policy.countries_for_create(user, Project, Country.objects.order_by("name"))


class ProjectForm(forms.ModelForm):
    reason = _reason_field()

    class Meta:
        model = Project
        fields = ["scope", "country", "region", "code", "title", "funding_source",
                  "funding_partner", "office", "assistance_type", "start_date", "end_date",
                  "status", "description", "gender_marker", "conventions", "social_dialogue",
                  "just_transition"]
        labels = {"start_date": _("Start date"), "end_date": _("End date")}
        help_texts = {
            "scope": _("A country project names its country; a regional project its region; "
                       "an interregional (global) project neither."),
            "country": _("For a country project."),
            "status": _("Concept and appraisal are the pipeline; a proposal passes quality "
                        "appraisal before it is approved."),
        }
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "conventions": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries_for(user)
        self.fields["country"].required = False
        self.fields["region"].queryset = Region.objects.order_by("name")
        self.fields["conventions"].queryset = Convention.objects.order_by("code")
        self.fields["conventions"].label_from_instance = (
            lambda c: f"{c.code} {c.title[:70]}")

    def validate_unique(self):
        """Uniqueness of the code is the service's rule (with a friendlier message)."""

    def _post_clean(self):
        # Do not run model validation here: the service validates and reports field errors.
        pass


class FundingRowForm(forms.Form):
    """One year of a project's funding. No ``min`` on the inputs: a negative amount reaches
    the server, which explains the rule next to the field."""

    year = forms.IntegerField(label=_("Year"))
    allocation = forms.DecimalField(label=_("Allocation (US$)"), max_digits=14,
                                    decimal_places=2)
    expenditure = forms.DecimalField(label=_("Expenditure (US$)"), max_digits=14,
                                     decimal_places=2, required=False)


FundingFormSet = forms.formset_factory(FundingRowForm, extra=2, can_delete=True)
NEW_PROJECT_ROWS = 5  # a typical project or DWCP period, in years


def funding_formset_class(*, project: Project | None):
    """The funding formset with enough empty rows: five for a new project; for an existing
    one, a row for each year of its period not yet recorded (at least one)."""
    if project is None:
        extra = NEW_PROJECT_ROWS
    else:
        years = project.end_date.year - project.start_date.year + 1
        extra = max(1, years - project.funding.count())
    return forms.formset_factory(FundingRowForm, extra=extra, can_delete=True)


def funding_rows(formset) -> tuple[list[dict], list]:
    """The rows to keep from a valid formset, and the form each row came from (so service
    errors keyed by row index can be shown on the right form)."""
    rows, forms_ = [], []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        rows.append({"year": data["year"], "allocation": data["allocation"],
                     "expenditure": data.get("expenditure")})
        forms_.append(form)
    return rows, forms_


def pb_outcome_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """The P&B outcomes by framework, latest first (one query, shared by every row)."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for outcome in (PBOutcome.objects.select_related("framework")
                    .order_by("-framework__start_year", "code")):
        groups.setdefault(outcome.framework.code, []).append(
            (outcome.pk, f"{outcome.framework.code} – {outcome.code}: {outcome.title[:80]}"))
    return list(groups.items())


class PbLinkRowForm(forms.Form):
    """One P&B outcome the project serves, with its share."""

    pb_outcome = forms.TypedChoiceField(label=_("P&B outcome"), coerce=int)
    share = forms.DecimalField(label=_("Share of the project (%)"), max_digits=5,
                               decimal_places=2, required=False,
                               help_text=_("Empty: 100."))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pb_outcome"].choices = [("", "—"), *choices]


def pb_links_formset_class(*, project: Project | None):
    """The P&B links formset: a row per recorded link and two more."""
    return forms.formset_factory(PbLinkRowForm, extra=2 if project is None else 1,
                                 can_delete=True)


def pb_link_rows(formset) -> tuple[list[dict], list]:
    """The links to keep from a valid formset, and the form of each (for the errors)."""
    rows, forms_ = [], []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE") or not data.get("pb_outcome"):
            continue
        rows.append({"pb_outcome": data["pb_outcome"], "share": data.get("share")})
        forms_.append(form)
    return rows, forms_


class CpoLinkForm(forms.Form):
    cpo = forms.ModelChoiceField(label=_("Country programme outcome"),
                                 queryset=CountryProgrammeOutcome.objects.none())
    share = forms.DecimalField(label=_("Share of the project (%)"), max_digits=5,
                               decimal_places=2, initial=100,
                               help_text=_("The part of the project's resources this CPO can "
                                           "count on. A project's shares add up to at most "
                                           "100."))
    reason = _reason_field()

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cpo"].queryset = (
            CountryProgrammeOutcome.objects.filter(dwcp__country=project.country_id)
            .exclude(project_links__project=project)
            .select_related("dwcp").order_by("-dwcp__start_year", "code"))
        self.fields["cpo"].label_from_instance = (
            lambda cpo: f"{cpo.code} {cpo.title[:80]} ({cpo.dwcp.period})")


class CpoShareForm(forms.Form):
    share = forms.DecimalField(label=_("Share of the project (%)"), max_digits=5,
                               decimal_places=2)
    reason = _reason_field()


class ReasonForm(forms.Form):
    reason = _reason_field()
