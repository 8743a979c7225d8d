"""Admin of DWCPs, their signatories, steering committee and lifecycle record.

Lists and permissions follow core.policy (PolicyAdmin). The admin applies the services'
rules: the period (2–6 years, no overlap in force, P&B links inside), the signatory's
organization fitting its party and country. The status is read-only here: the lifecycle
moves only through the DWCP page or API (dated, audited transitions)."""
from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from core import content, policy
from core.admin import PolicyInline, ServiceAdmin
from core.errors import ApplicationError, show_on_form
from programmes.forms.dwcp import https_urls
from programmes.models import (
    Dwcp,
    DwcpStatusChange,
    Signatory,
    SteeringCommitteeDecision,
    SteeringCommitteeMeeting,
    SteeringCommitteeMember,
)
from programmes.selectors.dwcp import countries_for_new_dwcp
from programmes.services import dwcp as services


class DwcpAdminForm(forms.ModelForm):
    class Meta:
        model = Dwcp
        fields = ["country", "title", "start_year", "end_year", "signed_date", "summary",
                  "document_url", "un_framework", "un_outcomes"]
        formfield_callback = https_urls

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        content.add_title_fields(self, instance=self.instance)

    def clean(self):
        data = super().clean()
        dwcp = self.instance
        for name in ("country", "start_year", "end_year"):
            if data.get(name) is not None:
                setattr(dwcp, name, data[name])
        if dwcp.start_year is not None and dwcp.end_year is not None and (
                dwcp.country_id is not None):
            try:
                services.dwcp_check_period(dwcp=dwcp)
            except ApplicationError as exc:
                show_on_form(self, exc)
        return data


class PartyAdminForm(forms.ModelForm):
    """The organization fits the party (an employers' signatory is an employers'
    organization, ...) and is of the DWCP's country; the ILO has none."""

    def clean(self):
        data = super().clean()
        dwcp = data.get("dwcp") or getattr(self.instance, "dwcp", None)
        party = data.get("party")
        if dwcp is not None and party:
            try:
                services.dwcp_check_party(dwcp=dwcp, party=party,
                                          constituent=data.get("constituent"))
            except ApplicationError as exc:
                show_on_form(self, exc)
        return data


class SignatoryInline(PolicyInline):
    model = Signatory
    form = PartyAdminForm
    fields = ("party", "constituent", "name", "position", "signed_date")
    raw_id_fields = ("constituent",)


class CommitteeMemberInline(PolicyInline):
    model = SteeringCommitteeMember
    form = PartyAdminForm
    fields = ("party", "constituent", "name", "position", "since", "until")
    raw_id_fields = ("constituent",)


class StatusChangeInline(admin.TabularInline):
    """The lifecycle record, read-only (transitions are made on the DWCP page or API)."""

    model = DwcpStatusChange
    extra = 0
    fields = ("from_status", "to_status", "effective_date", "note", "changed_by",
              "recorded_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_staff


@admin.register(Dwcp)
class DwcpAdmin(ServiceAdmin):
    service_module = services
    entity = "dwcp"
    form = DwcpAdminForm
    list_display = ("title", "country", "start_year", "end_year", "status",
                    "status_changed_on", "signed_date")
    list_filter = ("status", "country__region", "start_year")
    search_fields = ("title", "country__name", "country__iso3")
    list_select_related = ("country",)
    readonly_fields = ("status", "status_changed_on")
    fields = ("country", "title", *content.translation_columns(), "start_year", "end_year",
              "status", "status_changed_on",
              "signed_date", "summary", "document_url", "un_framework", "un_outcomes")
    filter_horizontal = ("un_outcomes",)
    inlines = (SignatoryInline, CommitteeMemberInline, StatusChangeInline)

    def get_readonly_fields(self, request, obj=None):
        # The country of an existing DWCP is fixed (its record belongs there).
        if obj is not None:
            return (*self.readonly_fields, "country")
        return self.readonly_fields

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "document_url":
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "country":
            kwargs["queryset"] = countries_for_new_dwcp(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def may_save(self, request, obj, change):
        return policy.can_create(request.user, Dwcp, country_id=obj.country_id)


class DecisionInline(admin.TabularInline):
    model = SteeringCommitteeDecision
    extra = 0
    fields = ("text", "responsible", "due_date", "status")


@admin.register(SteeringCommitteeMeeting)
class CommitteeMeetingAdmin(ServiceAdmin):
    service_module = services
    entity = "committee_meeting"
    instance_kw = "meeting"
    list_display = ("date", "dwcp", "location")
    list_filter = ("dwcp__country__region",)
    search_fields = ("dwcp__title", "dwcp__country__name", "location", "summary")
    list_select_related = ("dwcp__country",)
    raw_id_fields = ("dwcp",)
    date_hierarchy = "date"
    inlines = (DecisionInline,)

    def check_inline_record(self, form, record):
        if record.due_date and record.due_date < form.instance.date:
            raise PermissionDenied(_("A decision cannot be due before its meeting."))


@admin.register(Signatory)
class SignatoryAdmin(ServiceAdmin):
    service_module = services
    entity = "signatory"
    form = PartyAdminForm
    list_display = ("name", "party", "constituent", "dwcp", "signed_date")
    list_filter = ("party", "dwcp__country__region")
    search_fields = ("name", "position", "dwcp__title", "dwcp__country__name")
    list_select_related = ("dwcp__country", "constituent")
    raw_id_fields = ("dwcp", "constituent")


@admin.register(DwcpStatusChange)
class DwcpStatusChangeAdmin(admin.ModelAdmin):
    """Read-only: the lifecycle record is written by the transition service only."""

    list_display = ("dwcp", "from_status", "to_status", "effective_date", "changed_by",
                    "recorded_at")
    list_filter = ("to_status",)
    list_select_related = ("dwcp__country", "changed_by")
    search_fields = ("dwcp__title", "dwcp__country__name", "note")

    def get_queryset(self, request):
        visible = policy.visible(request.user, Dwcp.objects.all())
        return super().get_queryset(request).filter(dwcp__in=visible)

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
