"""Admin of capacity development. Lists and permissions follow core.policy (PolicyAdmin).
Frameworks are edited here by administrators while no assessment uses them; once one does,
a framework version is read-only here and is revised through the service (a new version).
The title, the dimensions' names and descriptions and the descriptors are edited in each
language (capacity/translation.py): the English one required, the others optional."""
from __future__ import annotations

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from core import policy
from core.admin import PolicyAdmin, PolicyInline, ReadOnlyServiceAdmin, ServiceAdmin

from .models import (
    AssessmentDimension,
    AssessmentFramework,
    CapacityAssessment,
    CapacityDevelopmentPlan,
    CapacityNeed,
    DimensionScore,
    Intervention,
    NeedTransition,
    Participant,
    ParticipationCount,
    PlanItem,
    ScoreDescriptor,
)
from .services import assessments as assessment_services
from .services import interventions as intervention_services
from .services import needs as need_services
from .services import participants as participant_services
from .services import plans as plan_services
from .services.computed import capacity_recompute_after_commit
from .services.frameworks import framework_in_use


class _FrameworkLock:
    """A framework version that assessments use is not edited in place."""

    def _framework(self, obj):
        if obj is None:
            return None
        if isinstance(obj, AssessmentFramework):
            return obj
        return getattr(obj, "framework", None)

    def has_change_permission(self, request, obj=None) -> bool:
        framework = self._framework(obj)
        if framework is not None and framework_in_use(framework):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        framework = self._framework(obj)
        if framework is not None and framework_in_use(framework):
            return False
        return super().has_delete_permission(request, obj)


class DimensionInline(_FrameworkLock, TranslationTabularInline, PolicyInline):  # type: ignore[misc]
    model = AssessmentDimension
    fields = ("order", "code", "name", "level", "capacity_type")
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return not (obj is not None and framework_in_use(obj)) and \
            super().has_add_permission(request, obj)


@admin.register(AssessmentFramework)
class AssessmentFrameworkAdmin(_FrameworkLock, TranslationAdmin, PolicyAdmin):  # type: ignore[misc]
    list_display = ("title", "code", "version", "constituent_group", "is_current")
    list_filter = ("constituent_group", "is_current")
    search_fields = ("title", "code")
    inlines = [DimensionInline]


class DescriptorInline(TranslationTabularInline, PolicyInline):  # type: ignore[misc]
    model = ScoreDescriptor
    fields = ("score", "descriptor")


@admin.register(AssessmentDimension)
class AssessmentDimensionAdmin(_FrameworkLock, TranslationAdmin, PolicyAdmin):  # type: ignore[misc]
    list_display = ("name", "framework", "level", "capacity_type", "order")
    list_filter = ("framework", "level", "capacity_type")
    list_select_related = ("framework",)
    inlines = [DescriptorInline]


class ScoreInline(PolicyInline):
    model = DimensionScore
    fields = ("dimension", "score", "evidence")
    raw_id_fields = ("dimension",)


@admin.register(CapacityAssessment)
class CapacityAssessmentAdmin(ReadOnlyServiceAdmin):
    """Recorded and changed on the capacity pages (the scores, the baseline a follow-up
    needs): read-only here."""

    service_module = assessment_services
    entity = "assessment"
    list_display = ("constituent", "framework", "date", "round", "method")
    list_filter = ("round", "method", "framework", "constituent__group",
                   "constituent__country__region")
    list_select_related = ("constituent", "framework")
    search_fields = ("constituent__name", "constituent__acronym", "assessors")
    date_hierarchy = "date"
    raw_id_fields = ("constituent", "dwcp", "cpo")
    inlines = [ScoreInline]


class TransitionInline(admin.TabularInline):
    model = NeedTransition
    extra = 0
    fields = ("from_status", "to_status", "effective_date", "note", "changed_by",
              "recorded_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CapacityNeed)
class CapacityNeedAdmin(ServiceAdmin):
    service_module = need_services
    entity = "need"
    list_display = ("description", "constituent", "technical_area", "priority", "status",
                    "status_changed_on")
    list_filter = ("status", "priority", "level", "capacity_type", "technical_area",
                   "constituent__group", "constituent__country__region")
    list_select_related = ("constituent",)
    search_fields = ("description", "constituent__name")
    raw_id_fields = ("constituent", "assessment", "dimension")
    # The review state moves only through the review service (owner checks, dated steps).
    readonly_fields = ("status", "status_changed_on", "decline_reason")
    inlines = [TransitionInline]


class PlanItemInline(PolicyInline):
    model = PlanItem
    fields = ("order", "title", "method", "due_date", "intervention")
    raw_id_fields = ("intervention",)


@admin.register(CapacityDevelopmentPlan)
class CapacityDevelopmentPlanAdmin(ServiceAdmin):
    service_module = plan_services
    entity = "plan"
    list_display = ("title", "constituent", "start_date", "end_date", "status")
    list_filter = ("status", "constituent__group", "constituent__country__region")
    list_select_related = ("constituent",)
    search_fields = ("title", "constituent__name")
    raw_id_fields = ("constituent", "dwcp")
    inlines = [PlanItemInline]


class ParticipationCountInline(admin.StackedInline):
    model = ParticipationCount
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return obj is None or policy.can_change(request.user, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None or policy.can_change(request.user, obj)


@admin.register(Intervention)
class InterventionAdmin(ServiceAdmin):
    service_module = intervention_services
    entity = "intervention"
    list_display = ("title", "method", "provider", "technical_area", "country", "start_date",
                    "status")
    list_filter = ("status", "method", "provider", "technical_area", "target_group",
                   "country__region")
    list_select_related = ("country",)
    search_fields = ("title", "description")
    date_hierarchy = "start_date"
    raw_id_fields = ("country",)
    filter_horizontal = ("target_constituents", "cpos", "needs")
    inlines = [ParticipationCountInline]

    def related_saved(self, request, obj) -> None:
        capacity_recompute_after_commit()  # the counts change the participation figures


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyServiceAdmin):
    """Recorded on the intervention's page or imported (who the person is keys the
    repeat-training check): read-only here."""

    service_module = participant_services
    entity = "participant"
    list_display = ("name", "sex", "organization", "participant_group", "country",
                    "intervention")
    list_filter = ("sex", "participant_group", "country__region")
    list_select_related = ("country", "intervention")
    search_fields = ("name", "organization", "intervention__title")
    raw_id_fields = ("constituent",)
    # Who the person is (name, country) keys the repeat-training check: set by the services.
    readonly_fields = ("intervention", "name", "country", "person_key")
