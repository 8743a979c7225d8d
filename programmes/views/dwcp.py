"""Pages of DWCPs: list, detail, create/edit, lifecycle transitions, signatories and the
tripartite steering committee (members, meetings, decisions)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core import access, content
from core.conflicts import EditGuard
from core.errors import ApplicationError, show_on_form
from core.exports import Column, ListExport
from core.pages import delete_page, form_page, list_page
from core.routing import object_urls, page_url_of
from programmes.filters.dwcp import DwcpFilter
from programmes.forms.dwcp import (
    CommitteeDecisionForm,
    CommitteeMeetingForm,
    CommitteeMemberForm,
    DwcpCreateForm,
    DwcpEditForm,
    SignatoryForm,
    TransitionForm,
)
from programmes.models import (
    Dwcp,
    DwcpStatus,
    Signatory,
    SteeringCommitteeDecision,
    SteeringCommitteeMeeting,
    SteeringCommitteeMember,
)
from programmes.selectors import dwcp as selectors
from programmes.services import dwcp as services

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_FORM = "programmes/dwcp/form.html"


_DWCPS = Dwcp.objects.select_related("country")
_SIGNATORIES = Signatory.objects.select_related("dwcp__country")
_MEMBERS = SteeringCommitteeMember.objects.select_related("dwcp__country")
_MEETINGS = SteeringCommitteeMeeting.objects.select_related("dwcp__country")
_DECISIONS = SteeringCommitteeDecision.objects.select_related("meeting__dwcp__country")


_detail_url = page_url_of("programmes:dwcp-detail")


# --- DWCP -----------------------------------------------------------------------------------

DWCPS_EXPORT = ListExport("dwcps", [
    Column(gettext_lazy("Programme"), content.text),
    Column(gettext_lazy("Country"), "country.label"),
    Column(gettext_lazy("Region"), "country.region.label"),
    Column(gettext_lazy("Start year"), "start_year"),
    Column(gettext_lazy("End year"), "end_year"),
    Column(gettext_lazy("Status"), "get_status_display"),
])

@login_required
def dwcp_list_view(request):
    return list_page(request, selectors.dwcp_list(user=request.user, filters=request.GET),
                     template="programmes/dwcp/list.html", filter=DwcpFilter(request.GET),
                     export=DWCPS_EXPORT, context={
        "status_choices": DwcpStatus.choices,
        "selected_statuses": request.GET.getlist("status"),
        "can_create": selectors.countries_for_new_dwcp(user=request.user).exists(),
    })


@login_required
def dwcp_create_view(request):
    countries = selectors.countries_for_new_dwcp(user=request.user)
    if not countries.exists():
        raise PermissionDenied
    form = DwcpCreateForm(request.POST or None, countries=countries)

    def save(data):
        return services.dwcp_create(
            user=request.user, country=data["country"], title=data["title"],
            start_year=data["start_year"], end_year=data["end_year"], summary=data["summary"],
            document_url=data["document_url"], **(content.translations_from(data) or {}))

    return form_page(request, form=form, save=save, done_url=lambda dwcp: _detail_url(dwcp.pk),
                     done_message=_("The DWCP was created."), template=_FORM,
                     context={"title": _("New DWCP"),
                              "cancel_url": reverse("programmes:dwcp-list")})


@login_required
def dwcp_detail_view(request, pk: int):
    dwcp, can_change = access.check(request.user, selectors.dwcp_get(pk=pk))
    steps = [(t, TransitionForm(initial={"to_status": t.to_status},
                                auto_id=f"id_{t.to_status}_%s"))
             for t in services.dwcp_next_steps(dwcp=dwcp, user=request.user)]
    return render(request, "programmes/dwcp/detail.html", {
        "dwcp": dwcp, "object": dwcp, "can_change": can_change, "steps": steps,
        "signatories": selectors.dwcp_by_party(dwcp.signatories.all()),
        "members": selectors.dwcp_by_party(dwcp.committee_members.all()),
        "missing_parties": services.dwcp_missing_parties(dwcp=dwcp)
        if dwcp.status in (DwcpStatus.IN_PREPARATION, DwcpStatus.QUALITY_APPRAISAL) else [],
    })


@login_required
def dwcp_edit_view(request, pk: int):
    dwcp = access.load(request.user, _DWCPS, pk=pk, change=True).obj
    form = DwcpEditForm(request.POST or None, instance=dwcp,
                        frameworks=selectors.un_frameworks_for_dwcp(dwcp=dwcp),
                        outcomes=selectors.un_outcomes_for_dwcp(dwcp=dwcp))

    guard = EditGuard(request, dwcp)

    @guard.save
    def save(data):
        reason = data.pop("reason", "")
        return services.dwcp_update(dwcp=Dwcp.objects.get(pk=pk), user=request.user, data=data,
                                    reason=reason)

    return form_page(request, form=form, save=save, done_url=_detail_url(pk),
                     done_message=_("The DWCP was saved."), template=_FORM,
                     context={"dwcp": dwcp, "title": _("Edit DWCP"),
                              "cancel_url": _detail_url(pk), "version_guard": guard})


@login_required
@require_POST
def dwcp_transition_view(request, pk: int):
    dwcp = access.load(request.user, _DWCPS, pk=pk).obj
    to_status = request.POST.get("to_status", "")
    form = TransitionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.dwcp_transition(dwcp=dwcp, to_status=data["to_status"],
                                     effective_date=data["effective_date"], note=data["note"],
                                     user=request.user)
        except ApplicationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("The status is now “%(s)s”.")
                             % {"s": DwcpStatus(data["to_status"]).label})
            return redirect(_detail_url(pk))
    transition = next((t for t in services.TRANSITIONS if t.from_status == dwcp.status
                       and t.to_status == to_status), None)
    return render(request, "programmes/dwcp/transition.html", {
        "dwcp": dwcp, "form": form, "transition": transition,
    }, status=400)


# --- children: signatories, members, meetings and decisions -----------------------------------

@dataclass(frozen=True)
class _ChildPages:
    """The add / edit / delete pages of one kind of record kept under a DWCP (or under one of
    its meetings: ``parent="meeting"``), all writing through the services
    ``<entity>_create`` / ``_update`` / ``_delete`` and going back to the DWCP page at
    ``anchor``."""

    entity: str
    instance_kw: str
    records: QuerySet
    form_class: type[forms.ModelForm]
    anchor: str
    add_title: Callable[[Any], str]
    edit_title: StrOrPromise
    parent: str = "dwcp"
    parents: QuerySet = _DWCPS
    with_constituents: bool = False

    def _dwcp(self, parent_or_obj, *, is_parent: bool = False):
        parent = parent_or_obj if is_parent else getattr(parent_or_obj, self.parent)
        return parent if self.parent == "dwcp" else parent.dwcp

    def _form(self, request, dwcp, **kwargs):
        if self.with_constituents:
            kwargs["constituents"] = selectors.constituents_for_dwcp(dwcp=dwcp)
        return self.form_class(request.POST or None, **kwargs)

    def _page(self, request, *, dwcp, form, save, context):
        return form_page(request, form=form, save=save,
                         done_url=_detail_url(dwcp.pk, self.anchor), done_message=_("Saved."),
                         template="programmes/dwcp/child_form.html",
                         context={"dwcp": dwcp, "cancel_url": _detail_url(dwcp.pk, self.anchor),
                                  **context})

    def _service(self, verb: str):
        return getattr(services, f"{self.entity}_{verb}")

    def create(self, request, pk: int):
        parent = access.load(request.user, self.parents, pk=pk, change=True).obj
        dwcp = self._dwcp(parent, is_parent=True)
        context = {"title": self.add_title(parent)}
        if self.parent != "dwcp":
            context[self.parent] = parent

        def save(data):
            data.pop("reason", None)
            return self._service("create")(user=request.user, **{self.parent: parent}, **data)

        return self._page(request, dwcp=dwcp, form=self._form(request, dwcp), save=save,
                          context=context)

    def edit(self, request, pk: int):
        obj = access.load(request.user, self.records, pk=pk, change=True).obj
        dwcp = self._dwcp(obj)

        def save(data):
            reason = data.pop("reason", "")
            return self._service("update")(**{self.instance_kw: obj}, user=request.user,
                                           data=data, reason=reason)

        return self._page(request, dwcp=dwcp, form=self._form(request, dwcp, instance=obj),
                          save=save, context={"title": self.edit_title, "object": obj})

    def delete(self, request, pk: int):
        obj = access.load(request.user, self.records, pk=pk, change=True).obj
        dwcp = self._dwcp(obj)
        return delete_page(
            request, done_url=_detail_url(dwcp.pk, self.anchor), done_message=_("Deleted."),
            delete=lambda reason: self._service("delete")(**{self.instance_kw: obj},
                                                          user=request.user),
            template="programmes/dwcp/confirm_delete.html",
            context={"dwcp": dwcp, "target": obj,
                     "cancel_url": _detail_url(dwcp.pk, self.anchor)})

    def urls(self, prefix: str, name: str, *, create_under: str):
        return object_urls(prefix, name, create=login_required(self.create),
                           create_under=create_under, edit=login_required(self.edit),
                           delete=login_required(self.delete))


_signatories = _ChildPages(
    "signatory", "signatory", _SIGNATORIES, SignatoryForm, "signatories",
    add_title=lambda dwcp: _("Add a signatory"), edit_title=gettext_lazy("Edit signatory"),
    with_constituents=True)
_members = _ChildPages(
    "committee_member", "member", _MEMBERS, CommitteeMemberForm, "committee",
    add_title=lambda dwcp: _("Add a steering committee member"),
    edit_title=gettext_lazy("Edit steering committee member"), with_constituents=True)
_meetings = _ChildPages(
    "committee_meeting", "meeting", _MEETINGS, CommitteeMeetingForm, "meetings",
    add_title=lambda dwcp: _("Record a steering committee meeting"),
    edit_title=gettext_lazy("Edit steering committee meeting"))
_decisions = _ChildPages(
    "committee_decision", "decision", _DECISIONS, CommitteeDecisionForm, "meetings",
    add_title=lambda meeting: _("Add a decision of the meeting of %(date)s")
    % {"date": meeting.date},
    edit_title=gettext_lazy("Edit decision"), parent="meeting", parents=_MEETINGS)


urlpatterns = [
    *object_urls("dwcps", "dwcp", list=dwcp_list_view, create=dwcp_create_view,
                 detail=dwcp_detail_view, edit=dwcp_edit_view),
    path("dwcps/<int:pk>/transition/", dwcp_transition_view, name="dwcp-transition"),
    *_signatories.urls("signatories", "signatory",
                       create_under="dwcps/<int:pk>/signatories/new/"),
    *_members.urls("committee/members", "committee-member",
                   create_under="dwcps/<int:pk>/committee/members/new/"),
    *_meetings.urls("committee/meetings", "committee-meeting",
                    create_under="dwcps/<int:pk>/committee/meetings/new/"),
    *_decisions.urls("committee/decisions", "committee-decision",
                     create_under="committee/meetings/<int:pk>/decisions/new/"),
]
