"""Admin of results monitoring: indicators (with their milestones), progress updates (with
their evidence), visible with their history to staff in scope; the results
pages and their services own every write (the approval workflow, revisions with reasons), so
nothing is changed here."""
from django.contrib import admin

from core.admin import PolicyAdmin, ViewOnlyAdmin, ViewOnlyInline
from programmes.models import (
    BiennialMilestone,
    EvidenceFile,
    Indicator,
    ProgressUpdate,
    ReportingDate,
)


class MilestoneInline(ViewOnlyInline):
    model = BiennialMilestone
    fields = ("biennium", "value", "statement")
    readonly_fields = fields


class EvidenceInline(ViewOnlyInline):
    model = EvidenceFile
    fields = ("title", "file", "created_at")
    readonly_fields = fields


@admin.register(Indicator)
class IndicatorAdmin(ViewOnlyAdmin):
    list_display = ("code", "title", "cpo", "unit", "baseline_value", "target_value")
    list_filter = ("unit", "direction", "cumulative", "cpo__dwcp__country__region")
    list_select_related = ("cpo",)
    search_fields = ("code", "title", "cpo__code", "cpo__title")
    inlines = [MilestoneInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ViewOnlyAdmin):
    list_display = ("indicator", "date", "value", "status", "submitted_by", "decided_by")
    list_filter = ("status", "indicator__cpo__dwcp__country__region")
    list_select_related = ("indicator", "submitted_by", "decided_by")
    search_fields = ("indicator__code", "indicator__title", "narrative")
    date_hierarchy = "date"
    inlines = [EvidenceInline]



@admin.register(ReportingDate)
class ReportingDateAdmin(PolicyAdmin):
    """The reporting calendars: by when each year a DWCP's progress is reported (reminders
    follow them); changed by staff who may change the DWCP, with history."""

    list_display = ("dwcp", "month", "day", "label")
    list_select_related = ("dwcp__country",)
    list_filter = ("dwcp__country__region",)
    search_fields = ("dwcp__country__name", "label")
    raw_id_fields = ("dwcp",)
