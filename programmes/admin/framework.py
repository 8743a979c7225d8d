"""Admin of DWCP results frameworks: country priorities, CPOs (with their P&B outcome per
biennium and outputs) and outputs. Lists and permissions follow core.policy; the forms apply
the services' rules (a CPO's priority is of its DWCP, each linked biennium lies in the DWCP
period, its outcome belongs to that biennium's framework and its indicator to that
outcome)."""
from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import PolicyInline, ServiceAdmin
from programmes.models import CountryPriority, CountryProgrammeOutcome, CpoOutcomeLink, Output
from programmes.services import framework as services


class OutcomeLinkAdminForm(forms.ModelForm):
    class Meta:
        model = CpoOutcomeLink
        fields = ["biennium", "pb_outcome", "pb_indicator"]

    def clean(self):
        data = super().clean()
        # The inline formset sets the (possibly unsaved) parent CPO on the instance.
        try:
            cpo = self.instance.cpo
        except CountryProgrammeOutcome.DoesNotExist:
            cpo = None
        biennium, outcome = data.get("biennium"), data.get("pb_outcome")
        indicator = data.get("pb_indicator")
        if cpo is not None and cpo.dwcp_id and biennium is not None:
            errors = services.cpo_link_errors(cpo.dwcp, {biennium: outcome},
                                              indicators={biennium: indicator})
            for key, messages in errors.items():
                for message in messages:
                    self.add_error("pb_indicator" if key.endswith("_indicator") else
                                   "pb_outcome" if outcome is not None else "biennium",
                                   message)
        return data


class OutcomeLinkInline(PolicyInline):
    model = CpoOutcomeLink
    form = OutcomeLinkAdminForm
    fields = ("biennium", "pb_outcome", "pb_indicator")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "pb_outcome":
            field.queryset = field.queryset.select_related("framework")
        return field


class OutputInline(PolicyInline):
    model = Output
    fields = ("code", "title", "order")


class CpoAdminForm(forms.ModelForm):
    class Meta:
        model = CountryProgrammeOutcome
        fields = ["dwcp", "priority", "code", "title", "description", "order",
                  "planned_resources", "un_outcomes", "sdg_targets"]

    def clean(self):
        data = super().clean()
        dwcp, priority = data.get("dwcp"), data.get("priority")
        if dwcp is not None and priority is not None and priority.dwcp_id != dwcp.pk:
            self.add_error("priority", _("Choose a priority of this DWCP."))
        outcomes = data.get("un_outcomes") or []
        if dwcp is not None and any(o.framework.country_id != dwcp.country_id
                                    for o in outcomes):
            self.add_error("un_outcomes", _("Choose UN outcomes of the DWCP's country."))
        return data


@admin.register(CountryPriority)
class CountryPriorityAdmin(ServiceAdmin):
    service_module = services
    entity = "priority"
    list_display = ("code", "title", "dwcp", "order")
    list_filter = ("dwcp__status", "dwcp__country__region")
    search_fields = ("code", "title", "dwcp__title", "dwcp__country__name")
    list_select_related = ("dwcp__country",)
    raw_id_fields = ("dwcp",)

    def get_readonly_fields(self, request, obj=None):
        # A priority stays in its DWCP (its CPOs and alignments are of that DWCP).
        return ("dwcp",) if obj is not None else ()


@admin.register(CountryProgrammeOutcome)
class CpoAdmin(ServiceAdmin):
    service_module = services
    entity = "cpo"
    form = CpoAdminForm
    list_display = ("code", "title", "dwcp", "priority", "planned_resources")
    list_filter = ("dwcp__status", "dwcp__country__region")
    search_fields = ("code", "title", "dwcp__title", "dwcp__country__name")
    list_select_related = ("dwcp__country", "priority")
    raw_id_fields = ("dwcp", "priority")
    filter_horizontal = ("un_outcomes", "sdg_targets")
    inlines = (OutcomeLinkInline, OutputInline)

    def get_readonly_fields(self, request, obj=None):
        # A CPO stays in its DWCP (its indicators and results are of that DWCP).
        return ("dwcp",) if obj is not None else ()


@admin.register(Output)
class OutputAdmin(ServiceAdmin):
    service_module = services
    entity = "output"
    list_display = ("code", "title", "cpo", "order")
    list_filter = ("cpo__dwcp__status", "cpo__dwcp__country__region")
    search_fields = ("code", "title", "cpo__code", "cpo__dwcp__country__name")
    list_select_related = ("cpo",)
    raw_id_fields = ("cpo",)

    def get_readonly_fields(self, request, obj=None):
        return ("cpo",) if obj is not None else ()
