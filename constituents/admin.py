from django.contrib import admin

from core.admin import PolicyAdmin

from .models import Country, Region


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
