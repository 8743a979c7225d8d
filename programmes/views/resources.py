"""Pages of development cooperation resources: projects (list, detail, create/edit with the
funding by year on the same form), their CPO links, and the resource fragments of a CPO and of
a DWCP, which the CPO and DWCP pages lazy-load with htmx."""
from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core import access, policy
from core.errors import ApplicationError, show_on_form
from core.exports import Column, ListExport
from core.pages import list_page
from core.routing import object_urls
from programmes.filters.resources import ProjectFilter
from programmes.forms.resources import (
    CpoLinkForm,
    CpoShareForm,
    ProjectForm,
    ReasonForm,
    funding_formset_class,
    funding_rows,
    pb_link_rows,
    pb_links_formset_class,
    pb_outcome_choices,
)
from programmes.models import (
    AssistanceType,
    Convention,
    DonorCategory,
    Dwcp,
    FundingSource,
    GenderMarker,
    Project,
    ProjectOutcomeLink,
    ProjectScope,
    ProjectStage,
)
from programmes.selectors import portfolio as portfolio_selectors
from programmes.selectors import resources as selectors
from programmes.services import resources as services

FUNDING_PREFIX = "funding"
PB_PREFIX = services.PB_LINKS


def _is_fragment(request) -> bool:
    return request.GET.get("fragment") == "1" or bool(request.headers.get("HX-Request"))


def _on_row(row_forms, pb_forms=()):
    """Place a service's ``funding-<index>-<field>`` (``pb_links-<index>-<field>``) error on
    that row of the funding (P&B links) formset."""
    rows = {FUNDING_PREFIX: list(row_forms), PB_PREFIX: list(pb_forms)}

    def place(key: str, message) -> bool:
        match = re.fullmatch(rf"({FUNDING_PREFIX}|{PB_PREFIX})-(\d+)-(\w+)", key)
        if match is None:
            return False
        forms_ = rows[match.group(1)]
        index, field = int(match.group(2)), match.group(3)
        if index < len(forms_) and field in forms_[index].fields:
            forms_[index].add_error(field, message)
            return True
        return False
    return place


_PROJECTS = Project.objects.select_related("country", "region")
_LINKS = ProjectOutcomeLink.objects.select_related("project", "project__country", "cpo")


def project_place(project: Project | None) -> str | None:
    """Where a project works, as its pages say (programmes/resources/_place.html)."""
    if project is None:
        return None
    if project.country_id:
        return str(project.country.label)
    if project.region_id:
        return _("%(region)s (regional)") % {"region": project.region.label}
    return _("Interregional / global")


PROJECTS_EXPORT = ListExport("projects", [
    Column(gettext_lazy("Project"), "code"),
    Column(gettext_lazy("Title"), "title"),
    Column(gettext_lazy("Funding partner"), "funding_partner"),
    Column(gettext_lazy("Place"), project_place),
    Column(gettext_lazy("Region"), lambda p: p.country.region.label if p.country_id else None),
    Column(gettext_lazy("Responsible office or unit"), "office"),
    Column(gettext_lazy("Funding source"), "get_funding_source_display"),
    Column(gettext_lazy("Start date"), "start_date"),
    Column(gettext_lazy("End date"), "end_date"),
    Column(gettext_lazy("Stage"), "get_status_display"),
    Column(gettext_lazy("Allocation (US$)"), "total_allocation", places=0),
    Column(gettext_lazy("Expenditure (US$)"), "total_expenditure", places=0),
    Column(gettext_lazy("Delivery rate (%)"), "delivery_rate", places=1),
])


@login_required
def project_list(request):
    qs = selectors.project_list(user=request.user, filters=request.GET)
    filters = ProjectFilter(request.GET)
    return list_page(request, qs, template="programmes/resources/project_list.html",
                     filter=filters, export=PROJECTS_EXPORT, context={
        "filter_errors": filters.errors,
        "country_choices": selectors.project_countries(user=request.user),
        "funding_sources": FundingSource.choices, "statuses": ProjectStage.choices,
        "scopes": ProjectScope.choices, "donor_categories": DonorCategory.choices,
        "assistance_types": AssistanceType.choices,
        "gender_markers": [(str(v), label) for v, label in GenderMarker.choices],
        "conventions": list(Convention.objects.order_by("code").values_list("code", "code")),
        "can_add": policy.may_change_any(request.user, Project),
    })


@login_required
def project_detail(request, pk: int):
    project, can_change = access.check(request.user,
                                       selectors.project_get(user=request.user, pk=pk))
    return render(request, "programmes/resources/project_detail.html", {
        "project": project, "object": project,
        "funding": selectors.project_funding_list(user=request.user, project=project),
        "links": selectors.project_cpo_links(user=request.user, project=project),
        "pb_links": selectors.project_pb_links(user=request.user, project=project),
        "agreements": portfolio_selectors.project_agreements(user=request.user,
                                                             project=project),
        "conventions": list(project.conventions.order_by("code")),
        "can_change": can_change,
    })


def _funding_initial(project: Project | None) -> list[dict]:
    if project is None:
        return []
    return list(project.funding.order_by("year").values("year", "allocation", "expenditure"))


def _pb_initial(project: Project | None) -> list[dict]:
    if project is None:
        return []
    return [{"pb_outcome": link.pb_outcome_id, "share": link.share}
            for link in project.pb_links.order_by("pb_outcome__framework__start_year",
                                                  "pb_outcome__code")]


def _project_form_page(request, project: Project | None):
    choices = pb_outcome_choices()
    pb_class = pb_links_formset_class(project=project)
    pb_kwargs = {"prefix": PB_PREFIX, "form_kwargs": {"choices": choices}}
    if request.method == "POST":
        form = ProjectForm(request.POST, instance=project, user=request.user)
        formset = funding_formset_class(project=project)(request.POST, prefix=FUNDING_PREFIX)
        pb_formset = pb_class(request.POST, **pb_kwargs)
        if form.is_valid() and formset.is_valid() and pb_formset.is_valid():
            rows, row_forms = funding_rows(formset)
            links, link_forms = pb_link_rows(pb_formset)
            data = {k: v for k, v in form.cleaned_data.items() if k != "reason"}
            reason = form.cleaned_data.get("reason", "")
            try:
                if project is None:
                    project = services.project_create(user=request.user, **data, funding=rows,
                                                      pb_links=links, reason=reason)
                    messages.success(request, _("Project %(code)s created.")
                                     % {"code": project.code})
                else:
                    services.project_update(user=request.user, project=project, data=data,
                                            funding=rows, pb_links=links, reason=reason)
                    messages.success(request, _("Project %(code)s saved.")
                                     % {"code": project.code})
                return redirect("programmes:project-detail", pk=project.pk)
            except ApplicationError as exc:
                show_on_form(form, exc, place=_on_row(row_forms, link_forms))
    else:
        form = ProjectForm(instance=project, user=request.user)
        formset = funding_formset_class(project=project)(initial=_funding_initial(project),
                                                         prefix=FUNDING_PREFIX)
        pb_formset = pb_class(initial=_pb_initial(project), **pb_kwargs)
    return render(request, "programmes/resources/project_form.html", {
        "form": form, "formset": formset, "pb_formset": pb_formset, "project": project,
    })


@login_required
def project_create(request):
    if not policy.may_change_any(request.user, Project):
        raise PermissionDenied
    return _project_form_page(request, None)


@login_required
def project_edit(request, pk: int):
    return _project_form_page(request, access.load(request.user, _PROJECTS, pk=pk, change=True).obj)


@login_required
def project_delete(request, pk: int):
    project = access.load(request.user, _PROJECTS, pk=pk, change=True).obj
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_delete(user=request.user, project=project,
                                    reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("programmes:project-detail", pk=project.pk)
        messages.success(request, _("Project %(code)s deleted.") % {"code": project.code})
        return redirect("programmes:project-list")
    return render(request, "programmes/resources/confirm_delete.html", {
        "form": form, "object": project, "cancel_url": project_url(project),
        "question": _("Delete the project %(project)s with its funding and CPO links?")
        % {"project": project},
    })


def project_url(project: Project) -> str:
    return reverse("programmes:project-detail", args=[project.pk])


@login_required
def project_cpo_link_add(request, pk: int):
    project = access.load(request.user, _PROJECTS, pk=pk, change=True).obj
    form = CpoLinkForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_link_cpo(user=request.user, project=project,
                                      cpo=form.cleaned_data["cpo"],
                                      share=form.cleaned_data["share"],
                                      reason=form.cleaned_data["reason"])
            messages.success(request, _("Contribution to %(cpo)s recorded.")
                             % {"cpo": form.cleaned_data["cpo"].code})
            return redirect("programmes:project-detail", pk=project.pk)
        except ApplicationError as exc:
            show_on_form(form, exc)
    return render(request, "programmes/resources/link_form.html", {
        "form": form, "project": project, "link": None,
    })


@login_required
def project_cpo_link_edit(request, pk: int):
    link = access.load(request.user, _LINKS, pk=pk, change=True).obj
    form = CpoShareForm(request.POST or None, initial={"share": link.share})
    if request.method == "POST" and form.is_valid():
        try:
            services.project_link_update(user=request.user, link=link,
                                         share=form.cleaned_data["share"],
                                         reason=form.cleaned_data["reason"])
            messages.success(request, _("Share saved."))
            return redirect("programmes:project-detail", pk=link.project_id)
        except ApplicationError as exc:
            show_on_form(form, exc)
    return render(request, "programmes/resources/link_form.html", {
        "form": form, "project": link.project, "link": link,
    })


@login_required
@require_POST
def project_cpo_link_delete(request, pk: int):
    link = access.load(request.user, _LINKS, pk=pk, change=True).obj
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.project_unlink_cpo(user=request.user, link=link, reason=reason)
    messages.success(request, _("Contribution to %(cpo)s removed.") % {"cpo": link.cpo.code})
    return redirect("programmes:project-detail", pk=link.project_id)


@login_required
def cpo_resources(request, pk: int):
    cpo = selectors.cpo_resources_get(pk=pk)
    if cpo is None:
        raise Http404
    if not policy.can_view(request.user, cpo):
        raise PermissionDenied
    context = {
        "cpo": cpo, "object": cpo,
        "contributions": selectors.cpo_contributing_projects(user=request.user, cpo=cpo),
    }
    if _is_fragment(request):
        return render(request, "programmes/resources/_cpo_resources.html", context)
    return render(request, "programmes/resources/cpo_resources.html", context)


@login_required
def dwcp_resources(request, pk: int):
    dwcp = access.load(request.user, Dwcp.objects.select_related("country"), pk=pk).obj
    sources = dict(FundingSource.choices)
    by_source = [{**row, "label": sources.get(row["project__funding_source"], "")}
                 for row in selectors.dwcp_resources_by_source(dwcp=dwcp)]
    context = {
        "dwcp": dwcp, "object": dwcp,
        "cpos": selectors.cpo_resources_list(user=request.user, dwcp=dwcp),
        "totals": selectors.dwcp_resource_totals(dwcp=dwcp),
        "by_source": by_source,
    }
    if _is_fragment(request):
        return render(request, "programmes/resources/_dwcp_resources.html", context)
    return render(request, "programmes/resources/dwcp_resources.html", context)


urlpatterns = [
    *object_urls("projects", "project", list=project_list, create=project_create,
                 detail=project_detail, edit=project_edit, delete=project_delete),
    *object_urls("project-cpo-links", "project-cpo-link", edit=project_cpo_link_edit,
                 delete=project_cpo_link_delete),
    path("projects/<int:pk>/cpos/add/", project_cpo_link_add, name="project-cpo-link-add"),
    path("cpos/<int:pk>/resources/", cpo_resources, name="cpo-resources"),
    path("dwcps/<int:pk>/resources/", dwcp_resources, name="dwcp-resources"),
]
