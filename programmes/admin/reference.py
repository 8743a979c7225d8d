from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from core.admin import PolicyAdmin, PolicyInline
from programmes.models import (
    Biennium,
    Convention,
    PBFramework,
    PBOutcome,
    PBOutcomeIndicator,
    StrategicObjective,
)
from programmes.services.pb import pb_framework_import, pb_indicators_import


@admin.register(StrategicObjective)
class StrategicObjectiveAdmin(TranslationAdmin, PolicyAdmin):  # type: ignore[misc]
    # The title in each language (programmes/translation.py); no tabs (their script is on a CDN).
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
    indicators = forms.FileField(
        label=_("Outcome indicators (CSV or Excel file)"), required=False, help_text=_(
            "Optional: one row per indicator; columns outcome, code, indicator, target and "
            "target_unit (see the documentation)."))


class IndicatorImportForm(forms.Form):
    framework = forms.ModelChoiceField(label=_("P&B results framework"),
                                       queryset=PBFramework.objects.all())
    file = forms.FileField(label=_("CSV or Excel file"), help_text=_(
        "One row per indicator; columns outcome (its code), code (e.g. 1.1.1), indicator, "
        "target (a whole number, or empty) and target_unit (e.g. member States)."))


@admin.register(PBFramework)
class PBFrameworkAdmin(PolicyAdmin):
    list_display = ("code", "title", "start_year", "end_year", "source")
    change_list_template = "admin/programmes/pbframework/change_list.html"

    def get_urls(self):
        return [path("import/", self.admin_site.admin_view(self.import_view),
                     name="programmes_pbframework_import"),
                path("import-indicators/", self.admin_site.admin_view(self.indicators_view),
                     name="programmes_pbframework_import_indicators"), *super().get_urls()]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Import a framework of a biennium not shipped (administrators only): every problem
        of the file listed, nothing written unless all is right."""
        if not request.user.is_administrator:  # type: ignore[union-attr]
            raise PermissionDenied
        form = FrameworkImportForm(request.POST or None, request.FILES or None)
        problems: list[str] = []
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            indicators = data.get("indicators")
            result = pb_framework_import(
                file=data["file"], code=data["code"], title=data["title"],
                start_year=data["start_year"], end_year=data["end_year"],
                source=data["source"], user=request.user,  # type: ignore[arg-type]
                name=data["file"].name, indicators=indicators,
                indicators_name=indicators.name if indicators else "")
            if not result.errors:
                messages.success(request, ngettext(
                    "%(code)s imported: %(n)d outcome created, %(m)d updated.",
                    "%(code)s imported: %(n)d outcomes created, %(m)d updated.",
                    len(result.created)) % {"code": data["code"], "n": len(result.created),
                                            "m": len(result.updated)})
                if indicators:
                    messages.success(request, _indicators_message(
                        result.indicators_created, result.indicators_updated))
                return redirect("admin:programmes_pbframework_changelist")
            problems = result.errors
        return render(request, "admin/programmes/pbframework/import.html", {
            **self.admin_site.each_context(request), "form": form, "problems": problems,
            "opts": self.model._meta, "title": _("Import a P&B framework")},
            status=400 if problems or form.errors else 200)

    def indicators_view(self, request: HttpRequest) -> HttpResponse:
        """Import the outcome indicators of a framework that exists (administrators only):
        every problem of the file listed, nothing written unless all is right."""
        if not request.user.is_administrator:  # type: ignore[union-attr]
            raise PermissionDenied
        form = IndicatorImportForm(request.POST or None, request.FILES or None,
                                   initial={"framework": request.GET.get("framework")})
        problems: list[str] = []
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            result = pb_indicators_import(file=data["file"], framework=data["framework"],
                                          user=request.user,  # type: ignore[arg-type]
                                          name=data["file"].name)
            if not result.errors:
                messages.success(request, _indicators_message(result.created, result.updated))
                return redirect("admin:programmes_pboutcomeindicator_changelist")
            problems = result.errors
        return render(request, "admin/programmes/pbframework/import.html", {
            **self.admin_site.each_context(request), "form": form, "problems": problems,
            "opts": self.model._meta, "title": _("Import P&B outcome indicators"),
            "indicators": True}, status=400 if problems or form.errors else 200)


def _indicators_message(created: list[str], updated: list[str]) -> str:
    return ngettext("Outcome indicators: %(n)d created, %(m)d updated.",
                    "Outcome indicators: %(n)d created, %(m)d updated.",
                    len(created)) % {"n": len(created), "m": len(updated)}


class PBOutcomeIndicatorInline(PolicyInline):
    model = PBOutcomeIndicator
    fields = ("code", "text", "target", "target_unit", "order")


@admin.register(PBOutcome)
class PBOutcomeAdmin(TranslationAdmin, PolicyAdmin):  # type: ignore[misc]
    list_display = ("framework", "code", "title", "kind", "strategic_objective")
    list_filter = ("framework", "kind", "strategic_objective")
    list_select_related = ("framework", "strategic_objective")
    search_fields = ("title", "code")
    inlines = (PBOutcomeIndicatorInline,)


@admin.register(PBOutcomeIndicator)
class PBOutcomeIndicatorAdmin(PolicyAdmin):
    list_display = ("code", "text", "target", "target_unit", "pb_outcome")
    list_filter = ("pb_outcome__framework",)
    list_select_related = ("pb_outcome__framework",)
    search_fields = ("code", "text")
    raw_id_fields = ("pb_outcome",)


@admin.register(Convention)
class ConventionAdmin(PolicyAdmin):
    list_display = ("code", "title", "year", "category")
    list_filter = ("category",)
    search_fields = ("code", "title")
