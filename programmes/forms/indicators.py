"""Forms of the results-monitoring pages: an indicator with its biennial milestones, a progress
update (value, numerator and denominator, or reached yes/no; disaggregation; evidence files),
returning an update, reopening a biennium. They validate input; the services
(programmes.services.indicators) apply the business rules and write."""
from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core import content
from core.errors import ApplicationError
from core.forms import DateInput
from programmes.models import (
    DISAGGREGATION_CATEGORIES,
    BiennialMilestone,
    Biennium,
    Disaggregation,
    Indicator,
    Unit,
)
from programmes.services.indicators.updates import check_evidence

CATEGORY_LABELS = {
    "women": _("Women"), "men": _("Men"), "government": _("Government"),
    "employers": _("Employers' organizations"), "workers": _("Workers' organizations"),
    "other": _("Other"),
}


# --- indicators ----------------------------------------------------------------------------

INDICATOR_FORM_FIELDS = [
    "code", "title", "output", "unit", "numerator_label", "denominator_label", "direction",
    "cumulative", "baseline_value", "baseline_year", "baseline_source", "baseline_description",
    "baseline_due_date", "target_value", "target_increase_pct", "target_year",
    "target_description", "means_of_verification", "data_source", "responsible_person",
    "disaggregate_by_sex", "disaggregate_by_group", "pb_indicators", "sdg_indicators",
]


class IndicatorForm(forms.ModelForm):
    """An indicator of a CPO and its milestone for each biennium the DWCP spans. On edit, a
    reason field: changing the baseline, the end target or a milestone is a revision."""

    class Meta:
        model = Indicator
        fields = INDICATOR_FORM_FIELDS
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "baseline_description": forms.Textarea(attrs={"rows": 2}),
            "target_description": forms.Textarea(attrs={"rows": 2}),
            "means_of_verification": forms.Textarea(attrs={"rows": 2}),
            "baseline_due_date": DateInput(),
        }
        help_texts = {
            "baseline_value": _("Leave empty when the baseline is text only or still to be "
                                "set."),
            "target_value": _("The value expected at the end of the DWCP."),
        }

    def __init__(self, *args, cpo, biennia, milestones=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.cpo = cpo
        self.biennia: list[Biennium] = list(biennia)
        self.existing: dict[int, BiennialMilestone] = {
            m.biennium_id: m for m in (milestones or [])}
        editing = self.instance.pk is not None
        self.fields["code"].required = False
        self.fields["code"].help_text = (
            _("The CPO code, a dot and a number, e.g. %(cpo)s.1; leave empty for the next "
              "free number.") % {"cpo": cpo.code})
        self.fields["numerator_label"].label = _("Numerator (what is counted)")
        self.fields["denominator_label"].label = _("Denominator (out of what)")
        self.fields["output"].queryset = cpo.outputs.order_by("order", "code")
        self.fields["output"].help_text = _("Only when the indicator measures one output of "
                                            "the CPO.")
        self.fields["title"].required = True
        self.fields["title"].error_messages["required"] = _("Enter a title.")
        content.add_title_fields(self, instance=self.instance)
        self.milestone_rows = []
        for biennium in self.biennia:
            current = self.existing.get(biennium.pk)
            value_name, text_name = self.milestone_names(biennium)
            self.fields[value_name] = forms.DecimalField(
                label=_("Value expected at the end of %(b)s") % {"b": biennium.code},
                required=False, max_digits=16, decimal_places=4,
                initial=current.value if current else None)
            self.fields[text_name] = forms.CharField(
                label=_("Statement (qualitative) for %(b)s") % {"b": biennium.code},
                required=False, widget=forms.Textarea(attrs={"rows": 1}),
                initial=current.statement if current else "")
            self.milestone_rows.append((biennium, self[value_name], self[text_name]))
        if editing:
            self.fields["reason"] = forms.CharField(
                label=_("Reason for the revision"), required=False, max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Needed when you change the baseline, the end target or a "
                            "milestone: the old value is kept with your reason."))

    @staticmethod
    def milestone_names(biennium: Biennium) -> tuple[str, str]:
        return f"milestone_{biennium.start_year}", f"milestone_{biennium.start_year}_statement"

    def _post_clean(self):
        # The rules of an indicator are the service's (with messages next to the fields);
        # skip the model's own validation of the instance here.
        pass

    def clean(self):
        data = super().clean()
        unit = data.get("unit")
        for biennium in self.biennia:
            value_name, text_name = self.milestone_names(biennium)
            value, statement = data.get(value_name), (data.get(text_name) or "").strip()
            if value is not None and unit == Unit.QUALITATIVE:
                self.add_error(value_name, _("A qualitative milestone is a statement, not a "
                                             "number."))
            elif value is not None and unit == Unit.PERCENTAGE and not 0 <= value <= 100:
                self.add_error(value_name, _("A percentage lies between 0 and 100."))
            if biennium.pk in self.existing and value is None and not statement:
                self.add_error(value_name, _("A milestone cannot be removed; enter the value "
                                             "now expected (the old one is kept)."))
        return data

    def indicator_data(self) -> dict:
        return {name: self.cleaned_data[name]
                for name in (*INDICATOR_FORM_FIELDS, *content.translation_columns())}

    def milestones(self) -> dict[Biennium, tuple[Decimal | None, str]]:
        """The milestones filled in: {biennium: (value, statement)}."""
        out = {}
        for biennium in self.biennia:
            value_name, text_name = self.milestone_names(biennium)
            value = self.cleaned_data.get(value_name)
            statement = (self.cleaned_data.get(text_name) or "").strip()
            if value is not None or statement:
                out[biennium] = (value, statement)
        return out

    def changed_milestones(self) -> dict[Biennium, tuple[Decimal | None, str]]:
        """The milestones that are new or differ from the stored ones."""
        out = {}
        for biennium, (value, statement) in self.milestones().items():
            current = self.existing.get(biennium.pk)
            if current is None or current.value != value or current.statement != statement:
                out[biennium] = (value, statement)
        return out

    def milestone_field_for(self, message: str) -> str | None:
        """The milestone field a service message about a biennium refers to."""
        for biennium in self.biennia:
            if biennium.code in message:
                return self.milestone_names(biennium)[0]
        return None

    def add_group_error(self, name: str, message: str) -> bool:
        if name == "milestones":
            field = self.milestone_field_for(message)
            if field:
                self.add_error(field, message)
                return True
        return False


# --- progress updates ----------------------------------------------------------------------

class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _check_evidence(files) -> None:
    """The service's check of each file (``check_evidence``), shown on the field at once."""
    for upload in files:
        try:
            check_evidence(upload)
        except ApplicationError as exc:
            raise forms.ValidationError(exc.field_errors["evidence"]) from exc


class ProgressUpdateForm(forms.Form):
    """A progress update of one indicator; the fields follow the indicator's unit and
    disaggregation."""

    DRAFT, SUBMIT = "draft", "submit"

    date = forms.DateField(label=_("Date the value refers to"), widget=DateInput(),
                           error_messages={"required": _("Enter the date the value refers "
                                                         "to.")})
    value = forms.DecimalField(label=_("Value"), required=False, max_digits=16,
                               decimal_places=4)
    numerator = forms.DecimalField(label=_("Numerator"), required=False, max_digits=16,
                                   decimal_places=4)
    denominator = forms.DecimalField(label=_("Denominator"), required=False, max_digits=16,
                                     decimal_places=4)
    reached = forms.TypedChoiceField(
        label=_("Is the milestone reached?"), widget=forms.RadioSelect,
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes", empty_value=None,
        error_messages={"required": _("Say whether the milestone is reached.")})
    narrative = forms.CharField(label=_("Narrative"), required=False,
                                widget=forms.Textarea(attrs={"rows": 4}),
                                help_text=_("What changed, for whom, and what the ILO "
                                            "contributed."))
    source = forms.CharField(label=_("Source"), required=False, max_length=300,
                             help_text=_("Where the figure comes from, e.g. the ministry's "
                                         "register."))
    evidence = MultipleFileField(label=_("Evidence files"), required=False,
                                 help_text=_("Documents, spreadsheets, photos or PDF, up to "
                                             "20 MB each; you may select several."))
    evidence_title = forms.CharField(label=_("Description of the evidence"), required=False,
                                     max_length=200)

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.group_errors: dict[str, list[str]] = {}
        unit = indicator.unit
        if unit == Unit.QUALITATIVE:
            del self.fields["value"], self.fields["numerator"], self.fields["denominator"]
        else:
            del self.fields["reached"]
            if unit == Unit.PERCENTAGE:
                self.fields["value"].label = _("Percentage")
                self.fields["value"].help_text = _("Or enter the numerator and denominator "
                                                   "below; the percentage is computed.")
                self.fields["numerator"].label = (capfirst(indicator.numerator_label)
                                                  or _("Numerator"))
                self.fields["denominator"].label = (capfirst(indicator.denominator_label)
                                                    or _("Denominator"))
            else:
                del self.fields["numerator"], self.fields["denominator"]
                if indicator.cumulative:
                    self.fields["value"].label = _("Increase since the previous update")
                    self.fields["value"].help_text = _("This indicator is cumulative: enter "
                                                       "the increment, not the running total.")
        self.dimensions = []
        for dimension, wanted in ((Disaggregation.SEX, indicator.disaggregate_by_sex),
                                  (Disaggregation.GROUP, indicator.disaggregate_by_group)):
            if not wanted:
                continue
            names = []
            for category in DISAGGREGATION_CATEGORIES[dimension]:
                name = f"{dimension}_{category}"
                self.fields[name] = forms.DecimalField(
                    label=CATEGORY_LABELS[category], required=False, max_digits=16,
                    decimal_places=4, min_value=0)
                names.append(name)
            self.dimensions.append((dimension, Disaggregation(dimension).label, names))
        # The evidence fields come last, after the disaggregation.
        self.order_fields([name for name in self.fields
                           if name not in ("narrative", "source", "evidence",
                                           "evidence_title")]
                          + ["narrative", "source", "evidence", "evidence_title"])

    @classmethod
    def initial_for(cls, update) -> dict:
        initial = {name: getattr(update, name) for name in (
            "date", "value", "numerator", "denominator", "narrative", "source")}
        if update.reached is not None:
            initial["reached"] = "yes" if update.reached else "no"
        for row in update.disaggregated_values.all():
            initial[f"{row.dimension}_{row.category}"] = row.value
        return initial

    def clean_evidence(self):
        files = self.cleaned_data.get("evidence") or []
        _check_evidence(files)
        return files

    def dimension_fields(self):
        """[(label, [bound fields], errors)] for the template's fieldsets."""
        return [(label, [self[name] for name in names], self.group_errors.get(dimension, []))
                for dimension, label, names in self.dimensions]

    def add_group_error(self, name: str, message: str) -> bool:
        if any(dimension == name for dimension, _label, _names in self.dimensions):
            self.group_errors.setdefault(name, []).append(message)
            return True
        return False

    def has_errors(self) -> bool:
        return bool(self.errors or self.group_errors)

    def values(self) -> dict:
        """The update's fields as the services take them."""
        data = self.cleaned_data
        return {
            "date": data["date"],
            "value": data.get("value"),
            "numerator": data.get("numerator"),
            "denominator": data.get("denominator"),
            "reached": data.get("reached"),
            "narrative": data.get("narrative", ""),
            "source": data.get("source", ""),
        }

    def disaggregation(self) -> dict | None:
        if not self.dimensions:
            return None
        return {dimension: {name.split("_", 1)[1]: self.cleaned_data.get(name)
                            for name in names}
                for dimension, _label, names in self.dimensions}


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Or return it to the author, saying what needs to change"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say what needs to change before the update can be "
                                      "approved.")})


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the biennium reopened?"), max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the biennium's history."),
        error_messages={"required": _("Say why the biennium is reopened.")})
