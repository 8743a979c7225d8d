"""Admin of UN frameworks with their outcomes, the outcomes' alignment with DWCP priorities,
and national development plans with their priorities.

Lists and permissions follow core.policy (PolicyAdmin); records inline are changeable exactly
when their parent is. The admin applies the services' rules (years 1990–2100 in order, outcome
codes unique within a framework whatever the case, a priority of a DWCP of the framework's
country) and records who changed what, with a fixed reason, in the history."""
from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from core import policy
from core.admin import PolicyInline, ServiceAdmin
from core.errors import ApplicationError, show_on_form
from programmes.models import (
    NationalDevelopmentPlan,
    NationalPriority,
    PriorityAlignment,
    UNFramework,
    UNFrameworkOutcome,
)
from programmes.selectors.unframeworks import countries_for_new
from programmes.services import unframeworks as services
from programmes.services.unframeworks import period_check_years


class _PeriodAdminForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start is not None and end is not None:
            try:
                period_check_years(start, end)
            except ApplicationError as exc:
                show_on_form(self, exc)
        return data


class UNFrameworkAdminForm(_PeriodAdminForm):
    class Meta:
        model = UNFramework
        fields = ["country", "kind", "title", "start_year", "end_year", "signed_date"]


class DevelopmentPlanAdminForm(_PeriodAdminForm):
    class Meta:
        model = NationalDevelopmentPlan
        fields = ["country", "title", "start_year", "end_year"]


class UNOutcomeAdminForm(forms.ModelForm):
    class Meta:
        model = UNFrameworkOutcome
        fields = ["framework", "code", "title", "ilo_role", "social_partner_participation"]

    def clean(self):
        data = super().clean()
        framework = data.get("framework") or getattr(self.instance, "framework", None)
        code = (data.get("code") or "").strip()
        if framework is not None and framework.pk and code:
            taken = UNFrameworkOutcome.objects.filter(framework=framework, code__iexact=code)
            if self.instance.pk:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error("code", _("This UN framework already has an outcome with code "
                                         "%(code)s.") % {"code": code})
        return data


class AlignmentAdminForm(forms.ModelForm):
    class Meta:
        model = PriorityAlignment
        fields = ["un_outcome", "priority", "reflection", "note"]

    def clean(self):
        data = super().clean()
        outcome = data.get("un_outcome") or getattr(self.instance, "un_outcome", None)
        priority = data.get("priority")
        if outcome is not None and priority is not None and (
                priority.dwcp.country_id != outcome.framework.country_id):
            self.add_error("priority", _("Choose a priority of a DWCP of %(country)s, the UN "
                                         "framework's country.")
                           % {"country": outcome.framework.country.name})
        return data


class UNOutcomeInline(PolicyInline):
    model = UNFrameworkOutcome
    form = UNOutcomeAdminForm
    fields = ("code", "title", "ilo_role", "social_partner_participation")
    show_change_link = True


class AlignmentInline(PolicyInline):
    model = PriorityAlignment
    form = AlignmentAdminForm
    fields = ("priority", "reflection", "note")
    raw_id_fields = ("priority",)


class NationalPriorityInline(PolicyInline):
    model = NationalPriority
    fields = ("code", "title")


class _AuditedAdmin(ServiceAdmin):
    """Saves through the services (with the admin's reason and user); the country of a
    record is fixed once set and chosen among the countries the user may create records
    in."""

    service_module = services
    country_model: type | None = None

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and self.country_model is not None:
            return (*self.readonly_fields, "country")
        return self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "country" and self.country_model is not None:
            kwargs["queryset"] = countries_for_new(user=request.user, model=self.country_model)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def may_save(self, request, obj, change):
        if change or self.country_model is None:
            return policy.can_change(request.user, obj)
        return policy.can_create(request.user, self.model, country_id=obj.country_id)


@admin.register(UNFramework)
class UNFrameworkAdmin(_AuditedAdmin):
    entity = "unframework"
    instance_kw = "framework"
    form = UNFrameworkAdminForm
    country_model = UNFramework
    list_display = ("title", "kind", "country", "start_year", "end_year", "signed_date")
    list_filter = ("kind", "country__region", "start_year")
    search_fields = ("title", "country__name", "country__iso3")
    list_select_related = ("country",)
    inlines = (UNOutcomeInline,)


@admin.register(UNFrameworkOutcome)
class UNOutcomeAdmin(_AuditedAdmin):
    entity = "un_outcome"
    instance_kw = "outcome"
    form = UNOutcomeAdminForm
    list_display = ("code", "title", "framework", "ilo_role", "social_partner_participation")
    list_filter = ("ilo_role", "social_partner_participation", "framework__kind",
                   "framework__country__region")
    search_fields = ("code", "title", "framework__title", "framework__country__name")
    list_select_related = ("framework__country",)
    raw_id_fields = ("framework",)
    inlines = (AlignmentInline,)

    def get_readonly_fields(self, request, obj=None):
        # An outcome stays in its framework (its alignments are with that country's DWCPs).
        return ("framework",) if obj is not None else ()


@admin.register(NationalDevelopmentPlan)
class DevelopmentPlanAdmin(_AuditedAdmin):
    entity = "development_plan"
    instance_kw = "plan"
    form = DevelopmentPlanAdminForm
    country_model = NationalDevelopmentPlan
    list_display = ("title", "country", "start_year", "end_year")
    list_filter = ("country__region", "start_year")
    search_fields = ("title", "country__name", "country__iso3")
    list_select_related = ("country",)
    inlines = (NationalPriorityInline,)
