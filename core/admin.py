from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from . import policy
from .errors import ApplicationError
from .history import admin_change
from .models import TaskRun, User


class PolicyAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # simple-history ships no types
    """Admin whose lists and object permissions follow core.policy, with change history.

    A service's refusal while saving or deleting (an :class:`~core.errors.ApplicationError`)
    rolls the whole change back and is shown as an error message on the page, not as a
    server error; refusals the admin's forms check beforehand are shown next to the fields
    (:func:`core.errors.show_on_form`).

    Every save and delete, of the object and of its inline records, is attributed in the
    history to the signed-in user with the admin's change reason
    (:func:`core.history.admin_change`), and an object is saved only where the policy lets
    the user change it at its scope (:meth:`may_save`; a new object is judged by the
    country / group it would have). Subclasses refine :meth:`may_save` and
    :meth:`check_inline_record`, or delete through a service in ``delete_model``."""

    def may_save(self, request: HttpRequest, obj: Model, change: bool) -> bool:
        """Whether the user may save ``obj`` (changed, or new at the scope it names)."""
        return policy.can_change(request.user, obj)

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        if not self.may_save(request, obj, change):
            raise PermissionDenied
        super().save_model(request, admin_change(obj, request), form, change)

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        super().delete_model(request, admin_change(obj, request))

    def check_inline_record(self, form: Any, record: Model) -> None:
        """Refuse an inline record (raise PermissionDenied) before it is saved."""

    def save_formset(self, request: HttpRequest, form: Any, formset: Any,
                     change: bool) -> None:
        for record in formset.save(commit=False):
            self.check_inline_record(form, record)
            admin_change(record, request).save()
        for record in formset.deleted_objects:
            admin_change(record, request).delete()
        formset.save_m2m()

    def changeform_view(self, request: HttpRequest, object_id: str | None = None,
                        form_url: str = "",
                        extra_context: dict[str, Any] | None = None) -> HttpResponse:
        try:
            response: HttpResponse = super().changeform_view(request, object_id, form_url,
                                                             extra_context)
            return response
        except ApplicationError as exc:
            return self._refused(request, exc)

    def delete_view(self, request: HttpRequest, object_id: str,
                    extra_context: dict[str, Any] | None = None) -> HttpResponse:
        try:
            deleted: HttpResponse = super().delete_view(request, object_id, extra_context)
            return deleted
        except ApplicationError as exc:
            return self._refused(request, exc)

    def _refused(self, request: HttpRequest, exc: ApplicationError) -> HttpResponseRedirect:
        self.message_user(request, str(exc), messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return policy.visible(request.user, super().get_queryset(request))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if obj is None:
            return request.user.is_active and request.user.is_staff
        return policy.can_view(request.user, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if obj is None:
            return request.user.is_staff and policy.may_change_any(request.user, self.model)
        return request.user.is_staff and policy.can_change(request.user, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_staff and policy.may_change_any(request.user, self.model)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_change_permission(request, obj)


class PolicyInline(admin.TabularInline):  # type: ignore[type-arg]
    """Records of a parent (a DWCP's signatories, a CPO's outputs, ...): visible to staff,
    added, changed and deleted exactly when the user may change the parent."""

    extra = 0

    def _may_change(self, request: HttpRequest, obj: Model | None) -> bool:
        if obj is None:
            return request.user.is_staff and policy.may_change_any(request.user,
                                                                  self.parent_model)
        return request.user.is_staff and policy.can_change(request.user, obj)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may_change(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may_change(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may_change(request, obj)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):  # type: ignore[type-arg]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,  # type: ignore[misc]  # Django's own, never None
        ("Role and scope", {"fields": ("role", "countries", "regions")}),
    )
    list_display = ("username", "email", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active", "regions")
    filter_horizontal = ("countries", "regions", "groups", "user_permissions")


@admin.register(TaskRun)
class TaskRunAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "status", "queued_at", "started_at", "finished_at", "progress")
    list_filter = ("name", "status")
    readonly_fields = [f.name for f in TaskRun._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
