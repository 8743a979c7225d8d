from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from . import policy
from .errors import ApplicationError
from .models import TaskRun, User


class PolicyAdmin(SimpleHistoryAdmin):
    """Admin whose lists and object permissions follow core.policy, with change history.

    A service's refusal while saving or deleting (an :class:`~core.errors.ApplicationError`)
    rolls the whole change back and is shown as an error message on the page, not as a
    server error; refusals the admin's forms check beforehand are shown next to the fields
    (:func:`core.errors.show_on_form`)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ApplicationError as exc:
            return self._refused(request, exc)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ApplicationError as exc:
            return self._refused(request, exc)

    def _refused(self, request, exc: ApplicationError) -> HttpResponseRedirect:
        self.message_user(request, str(exc), messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())

    def get_queryset(self, request):
        return policy.visible(request.user, super().get_queryset(request))

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None) -> bool:
        if obj is None:
            return request.user.is_active and request.user.is_staff
        return policy.can_view(request.user, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is None:
            return request.user.is_staff and policy.may_change_any(request.user, self.model)
        return request.user.is_staff and policy.can_change(request.user, obj)

    def has_add_permission(self, request) -> bool:
        return request.user.is_staff and policy.may_change_any(request.user, self.model)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.has_change_permission(request, obj)


class PolicyInline(admin.TabularInline):
    """Records of a parent (a DWCP's signatories, a CPO's outputs, ...): visible to staff,
    added, changed and deleted exactly when the user may change the parent."""

    extra = 0

    def _may_change(self, request, obj) -> bool:
        if obj is None:
            return request.user.is_staff and policy.may_change_any(request.user,
                                                                  self.parent_model)
        return request.user.is_staff and policy.can_change(request.user, obj)

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request, obj=None) -> bool:
        return self._may_change(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._may_change(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._may_change(request, obj)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Role and scope", {"fields": ("role", "countries", "regions")}),
    )
    list_display = ("username", "email", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active", "regions")
    filter_horizontal = ("countries", "regions", "groups", "user_permissions")


@admin.register(TaskRun)
class TaskRunAdmin(admin.ModelAdmin):
    list_display = ("name", "status", "queued_at", "started_at", "finished_at", "progress")
    list_filter = ("name", "status")
    readonly_fields = [f.name for f in TaskRun._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
