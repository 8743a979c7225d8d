from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import PolicyAdmin
from programmes.models import Biennium, Convention, PBFramework, PBOutcome, StrategicObjective
from programmes.services.pb import pb_framework_import


@admin.register(StrategicObjective)
class StrategicObjectiveAdmin(PolicyAdmin):
    list_display = ("order", "code", "title")


@admin.register(Biennium)
class BienniumAdmin(PolicyAdmin):
    list_display = ("code", "start_year", "framework", "closed_at")
    list_select_related = ("framework",)


class FrameworkImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or Excel file"), help_text=_(
        "One row per outcome; columns code, title, kind (policy, enabling or cross_cutting) "
        "and strategic_objective (may be empty)."))
    code = forms.CharField(label=_("Code"), max_length=20, help_text=_("e.g. P&B 2026-27"))
    title = forms.CharField(label=_("Title"), max_length=200)
    start_year = forms.IntegerField(label=_("First year"), min_value=2010, max_value=2100)
    end_year = forms.IntegerField(label=_("Last year"), min_value=2011, max_value=2101)
    source = forms.CharField(label=_("Source document"), max_length=300, required=False)


@admin.register(PBFramework)
class PBFrameworkAdmin(PolicyAdmin):
    list_display = ("code", "title", "start_year", "end_year", "source")
    change_list_template = "admin/programmes/pbframework/change_list.html"

    def get_urls(self):
        return [path("import/", self.admin_site.admin_view(self.import_view),
                     name="programmes_pbframework_import"), *super().get_urls()]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Import a framework of a biennium not shipped (administrators only): every problem
        of the file listed, nothing written unless all is right."""
        if not request.user.is_administrator:  # type: ignore[union-attr]
            raise PermissionDenied
        form = FrameworkImportForm(request.POST or None, request.FILES or None)
        problems: list[str] = []
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            result = pb_framework_import(
                file=data["file"], code=data["code"], title=data["title"],
                start_year=data["start_year"], end_year=data["end_year"],
                source=data["source"], user=request.user,  # type: ignore[arg-type]
                name=data["file"].name)
            if not result.errors:
                messages.success(request, ngettext(
                    "%(code)s imported: %(n)d outcome created, %(m)d updated.",
                    "%(code)s imported: %(n)d outcomes created, %(m)d updated.",
                    len(result.created)) % {"code": data["code"], "n": len(result.created),
                                            "m": len(result.updated)})
                return redirect("admin:programmes_pbframework_changelist")
            problems = result.errors
        return render(request, "admin/programmes/pbframework/import.html", {
            **self.admin_site.each_context(request), "form": form, "problems": problems,
            "opts": self.model._meta, "title": _("Import a P&B framework")},
            status=400 if problems or form.errors else 200)


@admin.register(PBOutcome)
class PBOutcomeAdmin(PolicyAdmin):
    list_display = ("framework", "code", "title", "kind", "strategic_objective")
    list_filter = ("framework", "kind", "strategic_objective")
    list_select_related = ("framework", "strategic_objective")
    search_fields = ("title", "code")


@admin.register(Convention)
class ConventionAdmin(PolicyAdmin):
    list_display = ("code", "title", "year", "category")
    list_filter = ("category",)
    search_fields = ("code", "title")
