"""Admin of regions, countries and constituents; lists and permissions follow core.policy.

The constituent group is not a form field: it follows from the type (as in the services)."""
from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import policy
from core.admin import PolicyAdmin, PolicyInline, ServiceAdmin

from . import services
from .forms import formfield_https
from .models import (
    Affiliation,
    Constituent,
    Contact,
    Country,
    MembershipFigure,
    Region,
    group_for_type,
)
from .selectors import countries_for_new_constituent
from .services import membership_figure_errors


@admin.register(Region)
class RegionAdmin(PolicyAdmin):
    list_display = ("code", "name")


@admin.register(Country)
class CountryAdmin(PolicyAdmin):
    list_display = ("name", "iso3", "iso2", "region", "delivering_as_one_pilot",
                    "ilo_resident_in_unct")
    list_filter = ("region", "delivering_as_one_pilot", "ilo_resident_in_unct")
    search_fields = ("name", "iso2", "iso3")
    list_select_related = ("region",)


class MembershipFigureAdminForm(forms.ModelForm):
    """Applies the service's rules on figures (year, women/men against the total)."""

    class Meta:
        model = MembershipFigure
        fields = ["constituent", "year", "total", "women", "men", "member_kind", "source"]

    def clean(self):
        data = super().clean()
        errors = membership_figure_errors(year=data.get("year"), total=data.get("total"),
                                          women=data.get("women"), men=data.get("men"))
        for name, messages in errors.items():
            for message in messages:
                if name not in self.errors:
                    self.add_error(name, message)
        return data


class AffiliationInline(PolicyInline):
    model = Affiliation
    fields = ("organization", "since_year")


class MembershipFigureInline(PolicyInline):
    model = MembershipFigure
    form = MembershipFigureAdminForm
    fields = ("year", "total", "women", "men", "member_kind", "source")


class ContactInline(PolicyInline):
    model = Contact
    fields = ("name", "position", "email", "phone", "is_primary")


class ConstituentAdminForm(forms.ModelForm):
    """The service's rules on names (unique in a country, whatever the case) and the
    policy's rule on which types the user may record."""

    user = None  # set by ConstituentAdmin.get_form

    class Meta:
        model = Constituent
        fields = ["country", "name", "acronym", "type", "level", "sector", "website",
                  "address", "notes", "active"]
        formfield_callback = formfield_https

    def clean(self):
        data = super().clean()
        country = data.get("country")
        if country is None and self.instance.pk:
            country = self.instance.country
        kind, name = data.get("type"), data.get("name")
        if country is None:
            return data
        if kind and not policy.can_create(self.user, Constituent, country_id=country.pk,
                                          group=group_for_type(kind)):
            self.add_error("type", _("You may not record an organization of this type."))
        if name and (Constituent.objects.filter(country=country, name__iexact=name.strip())
                     .exclude(pk=self.instance.pk).exists()):
            self.add_error("name", _("%(country)s already has an organization of this name.")
                           % {"country": country})
        return data


@admin.register(Constituent)
class ConstituentAdmin(ServiceAdmin):
    service_module = services
    entity = "constituent"
    list_display = ("name", "acronym", "country", "group", "type", "level", "active")
    list_filter = ("group", "type", "level", "active", "country__region")
    search_fields = ("name", "acronym", "country__name", "country__iso3")
    list_select_related = ("country",)
    autocomplete_fields = ("country",)
    form = ConstituentAdminForm
    readonly_fields = ("group",)
    fields = ("country", "name", "acronym", "type", "group", "level", "sector", "website",
              "address", "notes", "active")
    inlines = (AffiliationInline, MembershipFigureInline, ContactInline)

    def get_readonly_fields(self, request, obj=None):
        # The country of an existing organization is fixed (its history belongs there).
        return ("group", "country") if obj is not None else ("group",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "country":
            kwargs["queryset"] = countries_for_new_constituent(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        obj.group = group_for_type(obj.type)  # judged by the group it would have (may_save)
        super().save_model(request, obj, form, change)

    def may_save(self, request, obj, change):
        if not policy.can_create(request.user, Constituent, country_id=obj.country_id,
                                 group=obj.group):
            raise PermissionDenied(_("You may not record an organization of this type "
                                     "in this country."))
        return True


class _SubRecordAdmin(ServiceAdmin):
    service_module = services
    list_select_related = ("constituent__country",)
    autocomplete_fields = ("constituent",)
    list_filter = ("constituent__group", "constituent__country__region")
    search_fields = ("constituent__name", "constituent__acronym")

    def get_readonly_fields(self, request, obj=None):
        return ("constituent",) if obj is not None else ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "constituent":
            kwargs["queryset"] = policy.changeable(request.user, Constituent.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def may_save(self, request, obj, change):
        return policy.can_change(request.user, obj.constituent)


@admin.register(Affiliation)
class AffiliationAdmin(_SubRecordAdmin):
    entity = "affiliation"
    list_display = ("organization", "constituent", "since_year")
    search_fields = ("organization", *_SubRecordAdmin.search_fields)


@admin.register(MembershipFigure)
class MembershipFigureAdmin(_SubRecordAdmin):
    entity = "membership_figure"
    instance_kw = "figure"
    form = MembershipFigureAdminForm
    list_display = ("constituent", "year", "total", "women", "men")
    list_filter = ("year", *_SubRecordAdmin.list_filter)


@admin.register(Contact)
class ContactAdmin(_SubRecordAdmin):
    entity = "contact"
    list_display = ("name", "constituent", "position", "email", "is_primary")
    list_filter = ("is_primary", *_SubRecordAdmin.list_filter)
    search_fields = ("name", "email", *_SubRecordAdmin.search_fields)
