"""Admin of development cooperation resources: donors, funding agreements and the UN rates of
exchange (saved through programmes.services.portfolio), projects with their funding by year,
CPO and P&B outcome links inline. Lists and permissions follow core.policy (PolicyAdmin); the
figures shown are the selectors' (computed in the database)."""
from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import PolicyAdmin, PolicyInline, ServiceAdmin
from programmes.models import (
    Donor,
    ExchangeRate,
    FundingAgreement,
    Project,
    ProjectFunding,
    ProjectOutcomeLink,
    ProjectPbLink,
)
from programmes.selectors import portfolio as portfolio_selectors
from programmes.selectors import resources as selectors
from programmes.services import portfolio as portfolio_services
from programmes.services import resources as services


class ProjectFundingInline(PolicyInline):
    model = ProjectFunding
    fields = ("year", "allocation", "expenditure")
    ordering = ("year",)


class ProjectOutcomeLinkInline(PolicyInline):
    model = ProjectOutcomeLink
    fields = ("cpo", "share")
    raw_id_fields = ("cpo",)


class ProjectPbLinkInline(PolicyInline):
    model = ProjectPbLink
    fields = ("pb_outcome", "share")
    raw_id_fields = ("pb_outcome",)


@admin.register(Project)
class ProjectAdmin(ServiceAdmin):
    service_module = services
    entity = "project"
    list_display = ("code", "title", "scope", "country", "region", "funding_source", "status",
                    "start_date", "end_date", "allocation", "expenditure", "delivery")
    list_filter = ("scope", "funding_source", "status", "assistance_type", "gender_marker",
                   "country__region", "region")
    list_select_related = ("country", "country__region", "region")
    search_fields = ("code", "title", "funding_partner", "office", "country__name",
                     "country__iso3")
    date_hierarchy = "start_date"
    # The Conventions concerned are set on the project's page and through the API (codes).
    exclude = ("conventions",)
    inlines = [ProjectFundingInline, ProjectOutcomeLinkInline, ProjectPbLinkInline]

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


@admin.register(Donor)
class DonorAdmin(ServiceAdmin):
    service_module = portfolio_services
    entity = "donor"
    fields = ("name", "acronym", "category", "country", "notes")
    list_display = ("name", "acronym", "category", "country", "agreements", "approved")
    list_filter = ("category",)
    search_fields = ("name", "acronym")
    list_select_related = ("country",)
    raw_id_fields = ("country",)

    def get_queryset(self, request):
        return portfolio_selectors.with_donor_totals(super().get_queryset(request))

    @admin.display(description=_("agreements"), ordering="agreement_count")
    def agreements(self, obj):
        return obj.agreement_count

    @admin.display(description=_("approved (US$)"), ordering="approved_usd")
    def approved(self, obj):
        return obj.approved_usd


@admin.register(FundingAgreement)
class FundingAgreementAdmin(ServiceAdmin):
    service_module = portfolio_services
    entity = "agreement"
    fields = ("donor", "reference", "title", "approval_date", "amount", "currency",
              "project", "earmarking", "locally_mobilized", "notes", "rate", "amount_usd")
    readonly_fields = ("rate", "amount_usd")
    list_display = ("reference", "title", "donor", "approval_date", "amount", "currency",
                    "rate", "amount_usd", "earmarking", "locally_mobilized")
    list_filter = ("donor__category", "earmarking", "locally_mobilized", "currency")
    list_select_related = ("donor", "project")
    search_fields = ("reference", "title", "donor__name", "project__code")
    date_hierarchy = "approval_date"
    raw_id_fields = ("donor", "project")


@admin.register(ExchangeRate)
class ExchangeRateAdmin(ServiceAdmin):
    service_module = portfolio_services
    entity = "exchange_rate"
    fields = ("currency", "month", "units_per_usd")
    list_display = ("currency", "month", "units_per_usd")
    list_filter = ("currency",)
    search_fields = ("currency",)
    date_hierarchy = "month"

    def get_readonly_fields(self, request, obj=None):
        return ("currency", "month") if obj is not None else ()
