from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from . import policy
from .models import TaskRun, User


class PolicyAdmin(SimpleHistoryAdmin):
    """Admin whose lists and object permissions follow core.policy, with change history."""

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
