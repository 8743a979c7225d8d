"""Forms of the results framework. They validate input only; the services apply the rules
(unique codes, biennia in the DWCP period, ...) and :func:`core.errors.show_on_form` puts a
refused write's messages next to the fields."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core import content
from core.forms import ReasonMixin
from programmes.models import (
    Biennium,
    Convention,
    CountryPriority,
    CountryProgrammeOutcome,
    Dwcp,
    GenderMarker,
    PBOutcome,
    PBOutcomeIndicator,
    SdgTarget,
    UNFrameworkOutcome,
)
from programmes.services.framework import biennia_spanned


def _natural(outcome: PBOutcome) -> tuple:
    """Outcome 2 before outcome 10; lettered outcomes (A, B, …) after numbered ones."""
    code = outcome.code
    return (int(code), "") if code.isdigit() else (10**6, code)


class PriorityForm(ReasonMixin):
    code = forms.CharField(label=_("Code"), max_length=20)
    title = forms.CharField(label=_("Title"), widget=forms.Textarea(attrs={"rows": 2}))
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    order = forms.IntegerField(label=_("Order"), required=False, min_value=0,
                               help_text=_("Position among the priorities; empty: last."))
    field_order = ["code", "title", "description", "order", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        content.add_title_fields(self)

    @classmethod
    def initial_for(cls, priority: CountryPriority) -> dict:
        return {"code": priority.code, "description": priority.description,
                "order": priority.order, **titles_of(priority)}


def titles_of(obj) -> dict:
    """The initial title fields of a record: the original and each translation."""
    return {name: getattr(obj, content.original_column() if name == "title" else name)
            for name in ("title", *content.translation_columns())}


class OutputForm(PriorityForm):
    code = forms.CharField(label=_("Code"), max_length=25)
    order = forms.IntegerField(label=_("Order"), required=False, min_value=0,
                               help_text=_("Position among the outputs; empty: last."))


class CpoForm(ReasonMixin):
    """A CPO with its priority, UN outcomes, SDG targets and one P&B outcome per biennium the
    DWCP spans (a field ``pb_<first year>`` for each biennium that has a P&B framework)."""

    priority = forms.ModelChoiceField(label=_("Country priority"),
                                      queryset=CountryPriority.objects.none())
    code = forms.CharField(label=_("Code"), max_length=20,
                           help_text=_("Unique within the DWCP, e.g. ALB101."))
    title = forms.CharField(label=_("Title"), widget=forms.Textarea(attrs={"rows": 2}))
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    planned_resources = forms.DecimalField(
        label=_("Planned resources (US$)"), required=False, min_value=0, max_digits=14,
        decimal_places=2, help_text=_("What the outcome needs over the whole DWCP period."))
    un_outcomes = forms.ModelMultipleChoiceField(
        label=_("UN framework outcomes"), required=False,
        queryset=UNFrameworkOutcome.objects.none(),
        help_text=_("Outcomes of the country's UN frameworks this CPO contributes to."))
    sdg_targets = forms.ModelMultipleChoiceField(
        label=_("SDG targets"), required=False, queryset=SdgTarget.objects.all(),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 6}))

    gender_marker = forms.TypedChoiceField(
        label=_("Gender equality marker"), required=False, coerce=int, empty_value=None,
        choices=[("", _("Not assessed yet")), *GenderMarker.choices])
    conventions = forms.ModelMultipleChoiceField(
        label=_("Labour standards concerned"), required=False,
        queryset=Convention.objects.all(),
        help_text=_("The ILO Conventions and Protocols the outcome applies or promotes. Hold "
                    "Ctrl (⌘ on a Mac) to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 6}))
    social_dialogue = forms.BooleanField(
        label=_("Social dialogue and tripartism"), required=False,
        help_text=_("The outcome is reached through social dialogue or strengthens it."))
    just_transition = forms.BooleanField(
        label=_("Just transition"), required=False,
        help_text=_("The outcome serves a just transition towards environmentally "
                    "sustainable economies."))

    def __init__(self, *args, dwcp: Dwcp, **kwargs):
        super().__init__(*args, **kwargs)
        self.dwcp = dwcp
        self.fields["priority"].queryset = dwcp.priorities.order_by("order", "code")
        self.fields["un_outcomes"].queryset = (
            UNFrameworkOutcome.objects.select_related("framework")
            .filter(framework__country_id=dwcp.country_id)
            .order_by("-framework__start_year", "code"))
        self.biennia = list(biennia_spanned(dwcp))
        self.biennia_without_framework = []
        outcomes_by_framework: dict[int, list[PBOutcome]] = {}
        framework_ids = {b.framework_id for b in self.biennia if b.framework_id}
        for outcome in sorted(PBOutcome.objects.filter(framework_id__in=framework_ids),
                              key=_natural):
            outcomes_by_framework.setdefault(outcome.framework_id, []).append(outcome)
        self.link_fields = []
        for biennium in self.biennia:
            if biennium.framework_id is None:
                self.biennia_without_framework.append(biennium)
                continue
            name = f"pb_{biennium.start_year}"
            choices = [(o.pk, f"{o.code}: {content.text(o)}")
                       for o in outcomes_by_framework.get(biennium.framework_id, [])]
            self.fields[name] = forms.TypedChoiceField(
                label=_("P&B outcome in %(b)s") % {"b": biennium.code}, required=False,
                choices=[("", "—"), *choices], coerce=int, empty_value=None,
                help_text=biennium.framework.code)
            self.link_fields.append((name, biennium))
        self.indicator_fields = self._add_indicator_fields(framework_ids, outcomes_by_framework)
        pb_names = [n for name, _b in self.link_fields
                    for n in (name, f"{name}_indicator") if n in self.fields]
        # Where the page explains biennia without a framework: after the last P&B field.
        self.note_after = pb_names[-1] if pb_names else ""
        self.fields["sdg_targets"].label_from_instance = (
            lambda t: f"{t.code} {t.title[:90]}{'…' if len(t.title) > 90 else ''}")
        self.fields["un_outcomes"].label_from_instance = (
            lambda o: f"{o.framework.start_year}–{o.framework.end_year} · {o.code} {o.title}")
        if not self.fields["un_outcomes"].queryset.exists():
            self.fields["un_outcomes"].help_text = _(
                "No UN framework outcome is recorded for %(country)s yet; add the UN "
                "framework first to link this CPO to it.") % {"country": dwcp.country.name}
        self.order_fields(["priority", "code", "title", "description", "planned_resources",
                           *pb_names, "un_outcomes",
                           "sdg_targets", "gender_marker", "conventions", "social_dialogue",
                           "just_transition", "reason"])
        content.add_title_fields(self)

    def _add_indicator_fields(self, framework_ids: set[int],
                              outcomes_by_framework: dict[int, list[PBOutcome]]
                              ) -> list[tuple[str, Biennium]]:
        """A field ``pb_<first year>_indicator`` after each biennium's outcome, where its
        framework has outcome indicators: the indicator the CPO reports against, grouped by
        outcome (one query for all biennia)."""
        by_outcome: dict[int, list[PBOutcomeIndicator]] = {}
        for indicator in PBOutcomeIndicator.objects.filter(
                pb_outcome__framework_id__in=framework_ids):
            by_outcome.setdefault(indicator.pb_outcome_id, []).append(indicator)
        fields = []
        for name, biennium in self.link_fields:
            groups = [(f"{o.code}: {o.title}",
                       [(i.pk, f"{i.code} {i.text}") for i in by_outcome[o.pk]])
                      for o in outcomes_by_framework.get(biennium.framework_id, [])
                      if o.pk in by_outcome]
            if not groups:
                continue
            self.fields[f"{name}_indicator"] = forms.TypedChoiceField(
                label=_("P&B outcome indicator in %(b)s") % {"b": biennium.code},
                required=False, choices=[("", "—"), *groups], coerce=int, empty_value=None,
                help_text=_("Optional: the indicator of the outcome above that this CPO "
                            "reports against."))
            fields.append((f"{name}_indicator", biennium))
        return fields

    @staticmethod
    def initial_for(cpo: CountryProgrammeOutcome) -> dict:
        initial = {"priority": cpo.priority_id, "code": cpo.code, **titles_of(cpo),
                   "description": cpo.description,
                   "planned_resources": cpo.planned_resources,
                   "un_outcomes": [o.pk for o in cpo.un_outcomes.all()],
                   "sdg_targets": [t.pk for t in cpo.sdg_targets.all()],
                   "gender_marker": cpo.gender_marker,
                   "conventions": [c.pk for c in cpo.conventions.all()],
                   "social_dialogue": cpo.social_dialogue,
                   "just_transition": cpo.just_transition}
        for link in cpo.outcome_links.all():
            initial[f"pb_{link.biennium.start_year}"] = link.pb_outcome_id
            initial[f"pb_{link.biennium.start_year}_indicator"] = link.pb_indicator_id
        return initial

    def outcome_links(self) -> dict[Biennium, PBOutcome | None]:
        ids = {name: self.cleaned_data.get(name) for name, _b in self.link_fields}
        outcomes = PBOutcome.objects.in_bulk([i for i in ids.values() if i])
        return {biennium: outcomes.get(ids[name]) if ids[name] else None
                for name, biennium in self.link_fields}

    def link_indicators(self) -> dict[Biennium, PBOutcomeIndicator | None]:
        """The indicator chosen for each biennium whose framework has indicators (the service
        checks that it is one of the outcome chosen)."""
        ids = {name: self.cleaned_data.get(name) for name, _b in self.indicator_fields}
        indicators = PBOutcomeIndicator.objects.in_bulk([i for i in ids.values() if i])
        return {biennium: indicators.get(ids[name]) if ids[name] else None
                for name, biennium in self.indicator_fields}

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"priority": data["priority"], "code": data["code"], "title": data["title"],
                "translations": content.translations_from(data),
                "description": data.get("description", ""),
                "planned_resources": data.get("planned_resources") or 0,
                "un_outcomes": list(data.get("un_outcomes") or []),
                "sdg_targets": list(data.get("sdg_targets") or []),
                "gender_marker": data.get("gender_marker"),
                "conventions": list(data.get("conventions") or []),
                "social_dialogue": bool(data.get("social_dialogue")),
                "just_transition": bool(data.get("just_transition")),
                "outcome_links": self.outcome_links(),
                "link_indicators": self.link_indicators(), "reason": data.get("reason", "")}
