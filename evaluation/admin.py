"""Admin of evaluations. Lists and permissions follow core.policy (PolicyAdmin). What a
workflow owns is read-only here: an evaluation's status (evaluation.services.evaluations
.evaluation_transition), management responses (submitted ones change only with a reason,
evaluation.services.follow_up) and action statuses (dated by the follow-up service). The
coverage rules are reference data, changed by administrators. Snapshots are not listed."""
from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import PolicyAdmin, PolicyInline, ServiceAdmin
from core.errors import ApplicationError

from .models import (
    CoverageRule,
    Evaluation,
    EvaluationStatusChange,
    EvaluationType,
    Evaluator,
    FollowUpAction,
    GoodPractice,
    Lesson,
    ManagementResponse,
    Rating,
    Recommendation,
)
from .services import evaluations as evaluation_services
from .services import findings as finding_services
from .services import follow_up as follow_up_services
from .services._common import recompute_after_commit
from .services.documents import check_document


class EvaluationAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    """Checks the report files by content and size, as the services do."""

    class Meta:
        model = Evaluation
        # The status and its date move only through the lifecycle (read-only here).
        fields = ("title", "subject_kind", "dwcp", "project", "cpo", "intervention",
                  "theme_title", "technical_area", "evaluation_type", "timing", "management",
                  "manager", "country", "constituent_groups", "planned_start", "planned_end",
                  "actual_start", "actual_end", "budget", "summary", "report",
                  "report_summary", "languages", "countries", "regions", "pb_outcomes", "cpos",
                  "sdg_targets")

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        for name in ("report", "report_summary"):
            upload = self.files.get(name)
            if upload is not None:
                try:
                    check_document(upload, field=name)
                except ApplicationError as exc:
                    for message in exc.field_errors.get(name, []):
                        self.add_error(name, message)
        return data


class EvaluatorInline(PolicyInline):
    model = Evaluator
    fields = ("name", "kind", "organization", "team_leader")


class RatingInline(PolicyInline):
    model = Rating
    fields = ("criterion", "score", "justification")


class StatusChangeInline(admin.TabularInline):  # type: ignore[type-arg]
    model = EvaluationStatusChange
    extra = 0
    fields = ("from_status", "to_status", "effective_date", "note", "changed_by", "changed_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Evaluation)
class EvaluationAdmin(ServiceAdmin):
    service_module = evaluation_services
    entity = "evaluation"
    form = EvaluationAdminForm
    list_display = ("title", "evaluation_type", "timing", "country", "planned_end", "status")
    list_filter = ("status", "evaluation_type", "timing", "management", "subject_kind",
                   "region")
    list_select_related = ("country",)
    search_fields = ("title", "theme_title", "summary")
    date_hierarchy = "planned_end"
    raw_id_fields = ("dwcp", "project", "cpo", "intervention", "manager", "country")
    filter_horizontal = ("countries", "regions", "pb_outcomes", "cpos", "sdg_targets")
    # The lifecycle moves only through evaluation_transition (who may, dated steps).
    readonly_fields = ("status", "status_changed_on", "cancellation_reason", "region")
    inlines = [EvaluatorInline, RatingInline, StatusChangeInline]

    def related_saved(self, request: Any, obj: Any) -> None:
        recompute_after_commit()  # the ratings inline changes the rating averages


class _LearningAdmin(ServiceAdmin):
    service_module = finding_services
    list_display = ("title", "evaluation", "technical_area", "constituent_group",
                    "capacity_level", "country")
    list_filter = ("technical_area", "constituent_group", "capacity_level", "region")
    list_select_related = ("evaluation", "country")
    search_fields = ("title", "description", "context", "causal_factors")
    raw_id_fields = ("evaluation", "country", "region", "pb_outcome")


@admin.register(Lesson)
class LessonAdmin(_LearningAdmin):
    entity = "lesson"


@admin.register(GoodPractice)
class GoodPracticeAdmin(_LearningAdmin):
    entity = "good_practice"
    instance_kw = "practice"


class ActionInline(PolicyInline):
    model = FollowUpAction
    fields = ("description", "owner", "owner_unit", "due_date", "status", "status_note",
              "completed_on")
    readonly_fields = ("status", "status_note", "completed_on")
    raw_id_fields = ("owner",)


class ResponseInline(admin.StackedInline):  # type: ignore[type-arg]
    model = ManagementResponse
    extra = 0
    fields = ("decision", "rationale", "responded_on", "submitted_at", "submitted_by")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Recommendation)
class RecommendationAdmin(ServiceAdmin):
    service_module = follow_up_services
    entity = "recommendation"
    list_display = ("number", "evaluation", "addressee_unit", "priority",
                    "resource_implication")
    list_filter = ("addressee_unit", "priority", "resource_implication")
    list_select_related = ("evaluation",)
    search_fields = ("text", "addressee_office", "evaluation__title")
    raw_id_fields = ("evaluation",)
    filter_horizontal = ("addressee_constituents",)
    inlines = [ResponseInline, ActionInline]

    def related_saved(self, request: Any, obj: Any) -> None:
        recompute_after_commit()  # the actions inline changes the implementation figures


class CoverageRuleAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    """The evaluation types a rule accepts are values of EvaluationType."""

    class Meta:
        model = CoverageRule
        fields = ("code", "name", "description", "subject_kind", "min_budget",
                  "evaluation_types", "timing", "anchor", "offset_months", "window_months",
                  "is_active")

    def clean_evaluation_types(self) -> list[str]:
        value = self.cleaned_data.get("evaluation_types")
        if not isinstance(value, list) or not value:
            raise forms.ValidationError(_("List the evaluation types that count, e.g. "
                                          "[\"independent\", \"joint\"]."))
        unknown = [v for v in value if v not in EvaluationType.values]
        if unknown:
            raise forms.ValidationError(
                _("Not evaluation types: %(unknown)s. Use: %(known)s.")
                % {"unknown": ", ".join(map(str, unknown)),
                   "known": ", ".join(EvaluationType.values)})
        return value


@admin.register(CoverageRule)
class CoverageRuleAdmin(PolicyAdmin):
    form = CoverageRuleAdminForm
    list_display = ("name", "subject_kind", "min_budget", "timing", "anchor",
                    "offset_months", "is_active")
    list_filter = ("subject_kind", "is_active")
    search_fields = ("name", "code")
