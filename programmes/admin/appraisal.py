"""Admin of quality appraisal: the checklists (administrators edit a version's criteria
inline while no completed appraisal used it; new versions and putting one in use are actions
calling the services), and the appraisals, shown read-only (their pages own their writes)."""
from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.admin import PolicyAdmin, PolicyInline, ViewOnlyAdmin, ViewOnlyInline
from core.errors import ApplicationError
from programmes.models import Appraisal, AppraisalChecklist, AppraisalCriterion, AppraisalRating
from programmes.services import appraisal as services


class CriterionAdminForm(forms.ModelForm):
    precheck = forms.ChoiceField(
        label=_("automatic pre-check"), required=False,
        choices=[("", "—"), *((key, key) for key in services.PRECHECKS)])

    class Meta:
        model = AppraisalCriterion
        fields = ("order", "code", "text", "guidance", "precheck")

    def clean_precheck(self) -> str:
        value = self.cleaned_data.get("precheck") or ""
        checklist = getattr(self.instance, "checklist", None) if self.instance.checklist_id \
            else None
        if value and checklist is not None and not value.startswith(f"{checklist.subject}."):
            raise forms.ValidationError(_("This pre-check reads another kind of subject."))
        return value


class CriterionInline(PolicyInline):
    model = AppraisalCriterion
    form = CriterionAdminForm
    fields = ("order", "code", "text", "guidance", "precheck")

    def _may_change(self, request, obj):
        # A version a completed appraisal used keeps its criteria: make a new version.
        return super()._may_change(request, obj) and not (
            obj is not None and obj.appraisals.exclude(outcome="in_progress").exists())


@admin.register(AppraisalChecklist)
class AppraisalChecklistAdmin(PolicyAdmin):
    list_display = ("title", "subject", "version", "is_active", "introduced_on")
    list_filter = ("subject", "is_active")
    fields = ("subject", "version", "title", "is_active", "introduced_on")
    readonly_fields = ("subject", "version", "is_active")
    inlines = (CriterionInline,)
    actions = ("new_version", "put_in_use")

    def has_add_permission(self, request):
        return False  # new versions copy the one in use: the "new version" action

    def check_inline_record(self, form, record):
        services.appraisal_checklist_check_editable(record.checklist)

    def save_formset(self, request, form, formset, change):
        if formset.has_changed() or formset.deleted_forms:
            services.appraisal_checklist_check_editable(form.instance)
        super().save_formset(request, form, formset, change)

    @admin.action(description=_("Make a new version of the selected checklists' subjects"))
    def new_version(self, request, queryset):
        for subject in sorted(set(queryset.values_list("subject", flat=True))):
            made = services.appraisal_checklist_new_version(user=request.user, subject=subject,
                                                            reason="Changed in the admin")
            self.message_user(request, _("Version %(v)d of “%(t)s” made: edit its criteria, "
                                         "then put it in use.") % {"v": made.version,
                                                                   "t": made.title})

    @admin.action(description=_("Put the selected version in use"))
    def put_in_use(self, request, queryset):
        for checklist in queryset:
            try:
                services.appraisal_checklist_activate(user=request.user, checklist=checklist,
                                                      reason="Changed in the admin")
            except ApplicationError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(request, _("Version %(v)d of “%(t)s” is in use.")
                                  % {"v": checklist.version, "t": checklist.title})


class RatingInline(ViewOnlyInline):
    model = AppraisalRating
    fields = ("criterion", "rating", "comment")
    readonly_fields = fields


@admin.register(Appraisal)
class AppraisalAdmin(ViewOnlyAdmin):
    list_display = ("__str__", "started_on", "completed_on", "outcome", "appraiser")
    list_filter = ("outcome", "checklist__subject", "started_on")
    list_select_related = ("dwcp", "project", "appraiser")
    search_fields = ("dwcp__title", "project__code", "project__title")
    inlines = (RatingInline,)
