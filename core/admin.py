from __future__ import annotations

import inspect
from collections.abc import Callable
from types import ModuleType
from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from . import policy
from .errors import ApplicationError
from .history import ADMIN_REASON, admin_change
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
    country / group it would have). Subclasses refine :meth:`may_save`,
    :meth:`check_inline_record` and :meth:`related_saved`. Reference data (regions,
    biennia, P&B outcomes, ...) is saved so; programme data is saved through its services
    (:class:`ServiceAdmin`) or is read-only where a workflow owns it."""

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

    def save_related(self, request: HttpRequest, form: Any, formsets: Any,
                     change: bool) -> None:
        super().save_related(request, form, formsets, change)
        self.related_saved(request, form.instance)

    def related_saved(self, request: HttpRequest, obj: Model) -> None:
        """Runs after the object and its inline records are saved: where inline records
        change computed figures, their recompute is scheduled here."""


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


def _translated_fields(model: type[Model]) -> list[str]:
    """The fields of ``model`` translated with modeltranslation (none if it is not)."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    return sorted(getattr(options, "fields", {}))


class ServiceAdmin(PolicyAdmin):
    """An admin that saves and deletes through the app's services: the same
    ``<entity>_create`` / ``<entity>_update`` / ``<entity>_delete`` the API calls
    (:class:`core.api.ServiceWrites`), so a change made here keeps every rule, lock, workflow,
    recompute and history line a change made on the pages or through the API keeps.

    The form's fields are handed to the service by name: as keyword arguments where the
    service takes them so, or as its ``data`` (on an update, only the fields the user
    changed); the reason is the admin's. A field the service does not take is an error in the
    admin's declaration, found by ``tests/core/test_admin.py``. Inline records are saved as in
    :class:`PolicyAdmin`."""

    service_module: ModuleType
    entity: str
    #: The keyword naming the object in the update and delete services (default: ``entity``).
    instance_kw: str = ""

    def service(self, verb: str) -> Callable[..., Any]:
        return getattr(self.service_module, f"{self.entity}_{verb}")  # type: ignore[no-any-return]

    def get_exclude(self, request: HttpRequest, obj: Model | None = None) -> Any:
        """Translated fields (modeltranslation) are edited as the field itself (the original,
        :func:`core.content.enter_in_original`) and a column per other language: the
        original's own column is left out."""
        from . import content

        originals = [content.original_column(name) for name in _translated_fields(self.model)]
        return [*(super().get_exclude(request, obj) or ()), *originals] or None

    def service_arguments(self, verb: str, form: Any, obj: Model | None) -> dict[str, Any]:
        """The keyword arguments of the ``verb`` service for what ``form`` holds; the
        translations of a translated field as the service takes them (``translations`` or
        keyword arguments)."""
        from . import content

        params = inspect.signature(self.service(verb)).parameters
        editable = [name for name in form.cleaned_data if name in form.fields]
        # An update taking ``data`` gets what changed; one taking fields gets them all.
        names = [name for name in editable
                 if obj is None or "data" not in params or name in form.changed_data]
        kwargs: dict[str, Any] = {}
        data: dict[str, Any] = {}
        translations: dict[str, Any] = {}
        translated = {column for name in _translated_fields(self.model)
                      for column in content.translation_columns(name)}
        takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
        takes_dict = ("translations" in params
                      and params["translations"].kind is not inspect.Parameter.VAR_KEYWORD)
        for name in names:
            if name in params and name not in ("data", "user", "reason"):
                kwargs[name] = form.cleaned_data[name]
            elif name in translated and (takes_dict or takes_any):
                translations[name] = form.cleaned_data[name]
            else:
                data[name] = form.cleaned_data[name]
        if translations and takes_dict:
            kwargs["translations"] = translations
        elif translations:
            kwargs.update(translations)
        if "data" in params:
            kwargs["data"] = data
        elif data:
            raise TypeError(f"{self.entity}_{verb} takes no {', '.join(sorted(data))}")
        if "reason" in params:
            kwargs["reason"] = ADMIN_REASON
        return kwargs

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        if not self.may_save(request, obj, change):
            raise PermissionDenied
        if change:
            saved = self.service("update")(
                **{self.instance_kw or self.entity: type(obj)._default_manager.get(pk=obj.pk)},
                user=request.user, **self.service_arguments("update", form, obj))
        else:
            saved = self.service("create")(user=request.user,
                                           **self.service_arguments("create", form, None))
        # The admin goes on with the form's instance (inlines, many-to-many, its messages).
        obj.pk = saved.pk
        obj._state.adding = False
        obj._state.db = saved._state.db

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        if not hasattr(self.service_module, f"{self.entity}_delete"):
            super().delete_model(request, obj)  # no rule of the services' on deleting it
            return
        params = inspect.signature(self.service("delete")).parameters
        extra = {"reason": ADMIN_REASON} if "reason" in params else {}
        self.service("delete")(**{self.instance_kw or self.entity: obj}, user=request.user,
                               **extra)

class ReadOnlyServiceAdmin(ServiceAdmin):
    """An admin that shows records whose writes a workflow or its pages own (an assessment
    with its scores and follow-up rules, a participant keyed by who they are): listed and
    viewed with their history, deleted through the service, never added or changed here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_change_permission(request, obj)


class ViewOnlyAdmin(PolicyAdmin):
    """Records whose every write belongs to a workflow with its own pages and services (an
    indicator with its milestones and revisions, a progress update with its approval): the
    admin lists and shows them, with their history, and changes nothing."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ViewOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    """The records of a :class:`ViewOnlyAdmin`'s object, shown and never changed."""

    extra = 0
    can_delete = False

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


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
