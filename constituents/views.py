"""Pages for countries and their constituents. Each view loads, checks the access policy
(403 outside the user's scope), then calls one selector or service."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core import access, policy
from core.errors import ApplicationError, show_on_form
from core.exports import Column, ListExport
from core.imports import ImportPage, import_page, template_response
from core.pages import form_page, list_page
from core.roles import ConstituentGroup
from programmes.selectors.dwcp import dwcps_of_country

from . import services
from .filters import ConstituentFilter, CountryFilter
from .forms import (
    ActiveForm,
    AffiliationForm,
    ConstituentForm,
    ConstituentImportForm,
    ContactForm,
    CountryContextForm,
    DeleteForm,
    MembershipFigureForm,
)
from .models import (
    Affiliation,
    Constituent,
    ConstituentType,
    Contact,
    Country,
    MembershipFigure,
    group_for_type,
)
from .selectors import (
    constituent_get,
    constituent_list,
    constituents_by_group,
    countries_for_new_constituent,
    country_list,
)
from .services import importing

# --- countries ----------------------------------------------------------------------------

COUNTRIES_EXPORT = ListExport("countries", [
    Column(gettext_lazy("Country"), "label"),
    Column(gettext_lazy("ISO code"), "iso3"),
    Column(gettext_lazy("Region"), "region.label"),
    Column(gettext_lazy("ILO office"), "ilo_office"),
    Column(gettext_lazy("Delivering as One pilot"), "delivering_as_one_pilot"),
    Column(gettext_lazy("ILO resident in the UN Country Team"), "ilo_resident_in_unct"),
])


@login_required
def country_list_view(request):
    return list_page(request, country_list(user=request.user, filters=request.GET),
                     template="constituents/country_list.html",
                     filter=CountryFilter(request.GET), size=50, export=COUNTRIES_EXPORT)


def _dwcp_href(pk: int) -> str:
    try:
        return reverse("programmes:dwcp-detail", args=[pk])
    except NoReverseMatch:
        return f"/programmes/dwcps/{pk}/"


_COUNTRIES = Country.objects.select_related("region")


@login_required
def country_detail(request, iso3: str):
    country, can_change = access.load(request.user, _COUNTRIES, iso3=iso3.upper())
    groups = constituents_by_group(user=request.user, country=country)
    dwcps = list(dwcps_of_country(user=request.user, country=country))
    for dwcp in dwcps:
        dwcp.href = _dwcp_href(dwcp.pk)  # type: ignore[attr-defined]  # for the template
    columns = [(value, label, groups[value]) for value, label in ConstituentGroup.choices
               if value != ConstituentGroup.OTHER]
    return render(request, "constituents/country_detail.html", {
        "country": country, "object": country, "can_change": can_change,
        "can_add_constituent": countries_for_new_constituent(user=request.user)
        .filter(pk=country.pk).exists(),
        "columns": columns, "partners": groups[ConstituentGroup.OTHER], "dwcps": dwcps,
    })


@login_required
def country_context_edit(request, iso3: str):
    country = access.load(request.user, _COUNTRIES, iso3=iso3.upper(), change=True).obj
    form = CountryContextForm(request.POST or None, instance=country)
    return form_page(
        request, form=form,
        save=lambda data: services.country_context_update(
            country=country, data=form.service_data(), reason=data["reason"], user=request.user),
        done_url=reverse("constituents:country-detail", kwargs={"iso3": country.iso3}),
        done_message=_("The country context was saved."),
        template="constituents/country_context_form.html", context={"country": country})


# --- constituents -------------------------------------------------------------------------

# The headers are those the constituent import reads (constituents.services.importing).
CONSTITUENTS_EXPORT = ListExport("constituents", [
    Column(gettext_lazy("Organization"), "name"),
    Column(gettext_lazy("Acronym"), "acronym"),
    Column(gettext_lazy("Country"), "country.label"),
    Column(gettext_lazy("Group"), "get_group_display"),
    Column(gettext_lazy("Type"), "get_type_display"),
    Column(gettext_lazy("Level"), "get_level_display"),
    Column(gettext_lazy("Status"),
           lambda c: gettext_lazy("Active") if c.active else gettext_lazy("Inactive")),
])


@login_required
def constituent_list_view(request):
    qs = constituent_list(user=request.user, filters=request.GET)
    return list_page(request, qs, template="constituents/constituent_list.html",
                     filter=ConstituentFilter(request.GET), export=CONSTITUENTS_EXPORT, context={
        "country_choices": country_list(user=request.user).values_list("iso3", "name"),
        "group_choices": ConstituentGroup.choices,
        "type_choices": ConstituentType.choices,
        "level_choices": Constituent.Level.choices,
        "can_add": policy.may_change_any(request.user, Constituent),
    })


@login_required
def constituent_import(request):
    """Constituents from a spreadsheet (core.imports): preview, then apply all or nothing;
    for whoever may add organizations (each row checked for its country and type)."""
    if not policy.may_change_any(request.user, Constituent):
        raise PermissionDenied
    iso3 = (request.GET.get("country") or "").upper()
    list_url = reverse("constituents:constituent-list")
    return import_page(request, ImportPage(
        key="import:constituents", spec=importing.SPEC,
        importer=importing.constituent_importer,
        title=_("Import constituents"),
        lead=_("Add or update organizations from a spreadsheet: a row is the organization "
               "of its country with the same name (updated), or a new one. Exported lists "
               "import as they are."),
        back_url=list_url, back_label=_("Constituents and partners"),
        template_url=reverse("constituents:constituent-import-template"),
        done_url=list_url + (f"?country={iso3}" if iso3 else ""),
        form_class=ConstituentImportForm,
        form_kwargs={"user": request.user, "initial": {"country": iso3}}))


@login_required
def constituent_import_template(request):
    if not policy.may_change_any(request.user, Constituent):
        raise PermissionDenied
    return template_response(importing.SPEC)


def _check_new_scope(user, country: Country, kind: str) -> None:
    if not policy.can_create(user, Constituent, country_id=country.pk,
                             group=group_for_type(kind)):
        raise PermissionDenied


@login_required
def constituent_create(request):
    if not policy.may_change_any(request.user, Constituent):
        raise PermissionDenied
    initial = {}
    iso3 = request.GET.get("country")
    if iso3:
        initial["country"] = Country.objects.filter(iso3=iso3.upper()).first()
    form = ConstituentForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        _check_new_scope(request.user, data["country"], data["type"])
        try:
            constituent = services.constituent_create(**data,
                                                      reason=form.cleaned_data["reason"],
                                                      user=request.user)
        except ApplicationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": constituent})
            return redirect("constituents:constituent-detail", pk=constituent.pk)
    return render(request, "constituents/constituent_form.html", {"form": form})


def _constituent(request, pk: int, *, change: bool = False) -> Constituent:
    """The constituent with what its page shows; 404 / 403 as core.access."""
    return access.check(request.user, constituent_get(pk=pk), change=change).obj


def _with_women_share(figures):
    for figure in figures:
        figure.women_share = (round(100 * figure.women / figure.total, 1)
                              if figure.women is not None and figure.total else None)
    return figures


def _detail_context(request, constituent: Constituent, **forms) -> dict[str, Any]:
    can_change = policy.can_change(request.user, constituent)
    # The capacity profile shows the organization's assessments: the link is for those who
    # may see them (specialists: their own group's only).
    assessments = apps.get_model("capacity", "CapacityAssessment")
    context = {
        "constituent": constituent, "object": constituent, "can_change": can_change,
        "may_see_capacity": policy.allowed(request.user, policy.VIEW, assessments, policy.Scope(
            country_id=constituent.country_id, group=constituent.group)),
        "affiliations": list(constituent.affiliations.all()),
        "figures": _with_women_share(list(constituent.membership_figures.all())),
        "contacts": list(constituent.contacts.all()),
    }
    if can_change:
        context.update({
            "affiliation_form": forms.get("affiliation_form") or AffiliationForm(),
            "membership_form": forms.get("membership_form") or MembershipFigureForm(),
            "contact_form": forms.get("contact_form") or ContactForm(),
            "open_form": next(iter(forms), None),
        })
    return context


@login_required
def constituent_detail(request, pk: int):
    constituent = _constituent(request, pk)
    return render(request, "constituents/constituent_detail.html",
                  _detail_context(request, constituent))


@login_required
def constituent_edit(request, pk: int):
    constituent = _constituent(request, pk, change=True)
    form = ConstituentForm(request.POST or None, instance=constituent, user=request.user)

    def save(cleaned):
        data = form.service_data()
        _check_new_scope(request.user, constituent.country, data["type"])
        return services.constituent_update(constituent=constituent, data=data,
                                           reason=cleaned["reason"], user=request.user)

    return form_page(request, form=form, save=save,
                     done_url=reverse("constituents:constituent-detail", args=[constituent.pk]),
                     done_message=_("Your changes were saved."),
                     template="constituents/constituent_form.html",
                     context={"constituent": constituent})


@login_required
@require_POST
def constituent_set_active(request, pk: int):
    constituent = _constituent(request, pk, change=True)
    form = ActiveForm(request.POST)
    if form.is_valid():
        services.constituent_set_active(constituent=constituent,
                                        active=form.cleaned_data["active"],
                                        reason=form.cleaned_data["reason"],
                                        user=request.user)
        messages.success(request, _("%(name)s is now active.") % {"name": constituent}
                         if constituent.active else
                         _("%(name)s is now inactive.") % {"name": constituent})
    return redirect("constituents:constituent-detail", pk=constituent.pk)


# --- records of a constituent: affiliations, membership figures, contacts -----------------

@dataclass(frozen=True)
class SubRecord:
    model: type[Model]
    form: type
    create: Any
    update: Any
    delete: Any
    arg: str  # the keyword the update/delete services take
    anchor: str


SUBRECORDS = {
    "affiliation": SubRecord(Affiliation, AffiliationForm, services.affiliation_create,
                             services.affiliation_update, services.affiliation_delete,
                             "affiliation", "affiliations"),
    "membership": SubRecord(MembershipFigure, MembershipFigureForm,
                            services.membership_figure_create,
                            services.membership_figure_update,
                            services.membership_figure_delete, "figure", "membership"),
    "contact": SubRecord(Contact, ContactForm, services.contact_create,
                         services.contact_update, services.contact_delete, "contact",
                         "contacts"),
}


def _detail_url(constituent: Constituent, anchor: str) -> str:
    return reverse("constituents:constituent-detail", args=[constituent.pk]) + f"#{anchor}"


@login_required
@require_POST
def subrecord_add(request, pk: int, kind: str):
    spec = SUBRECORDS[kind]
    constituent = _constituent(request, pk, change=True)
    form = spec.form(request.POST)
    if form.is_valid():
        try:
            spec.create(constituent=constituent, **form.service_data(),
                        reason=form.cleaned_data["reason"], user=request.user)
        except ApplicationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("Added."))
            return redirect(_detail_url(constituent, spec.anchor))
    return render(request, "constituents/constituent_detail.html",
                  _detail_context(request, constituent, **{f"{kind}_form": form}))


def _subrecord_or_403(request, kind: str, pk: int):
    spec = SUBRECORDS[kind]
    return spec, access.load(request.user,
                             spec.model._default_manager.select_related("constituent__country"),
                             pk=pk, change=True).obj


@login_required
def subrecord_edit(request, pk: int, kind: str):
    spec, record = _subrecord_or_403(request, kind, pk)
    form = spec.form(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        try:
            spec.update(**{spec.arg: record}, data=form.service_data(),
                        reason=form.cleaned_data["reason"], user=request.user)
        except ApplicationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(_detail_url(record.constituent, spec.anchor))
    return render(request, "constituents/subrecord_form.html", {
        "form": form, "record": record, "constituent": record.constituent,
        "verbose_name": spec.model._meta.verbose_name,
    })


@login_required
def subrecord_delete(request, pk: int, kind: str):
    spec, record = _subrecord_or_403(request, kind, pk)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        constituent = record.constituent
        with transaction.atomic():
            spec.delete(**{spec.arg: record}, reason=form.cleaned_data["reason"],
                        user=request.user)
        messages.success(request, _("Deleted."))
        return redirect(_detail_url(constituent, spec.anchor))
    return render(request, "constituents/subrecord_delete.html", {
        "form": form, "record": record, "constituent": record.constituent,
        "verbose_name": spec.model._meta.verbose_name,
    })
