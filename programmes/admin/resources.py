"""Admin of development cooperation resources: projects with their funding by year and CPO
links inline. Lists and permissions follow core.policy (PolicyAdmin); the figures shown are
the selectors' (computed in the database)."""
from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import PolicyAdmin, PolicyInline, ServiceAdmin
from programmes.models import Project, ProjectFunding, ProjectOutcomeLink
from programmes.selectors import resources as selectors
from programmes.services import resources as services


class ProjectFundingInline(PolicyInline):
    model = ProjectFunding
    fields = ("year", "allocation", "expenditure")
    ordering = ("year",)


class ProjectOutcomeLinkInline(PolicyInline):
    model = ProjectOutcomeLink
    fields = ("cpo", "share")
    raw_id_fields = ("cpo",)


@admin.register(Project)
class ProjectAdmin(ServiceAdmin):
    service_module = services
    entity = "project"
    list_display = ("code", "title", "country", "funding_source", "status", "start_date",
                    "end_date", "allocation", "expenditure", "delivery")
    list_filter = ("funding_source", "status", "country__region")
    list_select_related = ("country", "country__region")
    search_fields = ("code", "title", "funding_partner", "country__name", "country__iso3")
    date_hierarchy = "start_date"
    inlines = [ProjectFundingInline, ProjectOutcomeLinkInline]

    def get_queryset(self, request):
        return selectors.with_project_totals(super().get_queryset(request))

    @admin.display(description=_("allocation (US$)"), ordering="total_allocation")
    def allocation(self, obj):
        return obj.total_allocation

    @admin.display(description=_("expenditure (US$)"), ordering="total_expenditure")
    def expenditure(self, obj):
        return obj.total_expenditure

    @admin.display(description=_("delivery rate (%)"), ordering="delivery_rate")
    def delivery(self, obj):
        return "—" if obj.delivery_rate is None else obj.delivery_rate


@admin.register(ProjectFunding)
class ProjectFundingAdmin(ServiceAdmin):
    service_module = services
    entity = "project_funding"
    instance_kw = "funding"
    list_display = ("project", "year", "allocation", "expenditure")
    list_filter = ("year", "project__funding_source")
    list_select_related = ("project",)
    search_fields = ("project__code", "project__title")
    raw_id_fields = ("project",)


@admin.register(ProjectOutcomeLink)
class ProjectOutcomeLinkAdmin(PolicyAdmin):
    list_display = ("project", "cpo", "share")
    list_select_related = ("project", "cpo")
    search_fields = ("project__code", "cpo__code", "cpo__title")
    raw_id_fields = ("project", "cpo")
