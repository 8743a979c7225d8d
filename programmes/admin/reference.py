from django.contrib import admin

from core.admin import PolicyAdmin
from programmes.models import Biennium, PBFramework, PBOutcome, StrategicObjective


@admin.register(StrategicObjective)
class StrategicObjectiveAdmin(PolicyAdmin):
    list_display = ("order", "code", "title")


@admin.register(Biennium)
class BienniumAdmin(PolicyAdmin):
    list_display = ("code", "start_year", "framework", "closed_at")
    list_select_related = ("framework",)


@admin.register(PBFramework)
class PBFrameworkAdmin(PolicyAdmin):
    list_display = ("code", "title", "start_year", "end_year")


@admin.register(PBOutcome)
class PBOutcomeAdmin(PolicyAdmin):
    list_display = ("framework", "code", "title", "kind", "strategic_objective")
    list_filter = ("framework", "kind", "strategic_objective")
    list_select_related = ("framework", "strategic_objective")
    search_fields = ("title", "code")
