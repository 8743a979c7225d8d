from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ReportDefinition, ReportRun


@admin.register(ReportDefinition)
class ReportDefinitionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "language", "symbol", "updated_at"]
    list_filter = ["kind", "language"]
    search_fields = ["name", "title", "symbol"]


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    """Runs are made by the worker and never edited: read-only here."""

    list_display = ["id", "kind", "language", "status", "progress", "requested_by",
                    "requested_at", "as_of"]
    list_filter = ["kind", "status", "language"]
    list_select_related = ["requested_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
