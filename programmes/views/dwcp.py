"""Pages of DWCPs: list, detail, create/edit, lifecycle transitions, signatories and the
tripartite steering committee (members, meetings, decisions)."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from constituents.models import Region
from core import access
from core.errors import ApplicationError, show_on_form
from core.routing import object_urls
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

PAGE_SIZE = 25


_DWCPS = Dwcp.objects.select_related("country")
_SIGNATORIES = Signatory.objects.select_related("dwcp__country")
_MEMBERS = SteeringCommitteeMember.objects.select_related("dwcp__country")
_MEETINGS = SteeringCommitteeMeeting.objects.select_related("dwcp__country")
_DECISIONS = SteeringCommitteeDecision.objects.select_related("meeting__dwcp__country")


def _detail_url(dwcp_id: int, anchor: str = "") -> str:
    url = reverse("programmes:dwcp-detail", args=[dwcp_id])
    return f"{url}#{anchor}" if anchor else url


# --- DWCP -----------------------------------------------------------------------------------

@login_required
def dwcp_list_view(request):
    qs = selectors.dwcp_list(user=request.user, filters=request.GET)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "programmes/dwcp/list.html", {
        "filter": DwcpFilter(request.GET),
        "page_obj": page,
        "region_choices": Region.objects.order_by("name").values_list("code", "name"),
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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dwcp = services.dwcp_create(
                user=request.user, country=data["country"], title=data["title"],
                start_year=data["start_year"], end_year=data["end_year"],
                summary=data["summary"], document_url=data["document_url"])
        except ApplicationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("The DWCP was created."))
            return redirect(_detail_url(dwcp.pk))
    return render(request, "programmes/dwcp/form.html", {
        "form": form, "title": _("New DWCP"), "cancel_url": reverse("programmes:dwcp-list"),
    })


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
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason", "")
        try:
            services.dwcp_update(dwcp=Dwcp.objects.get(pk=pk), user=request.user, data=data,
                                 reason=reason)
        except ApplicationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("The DWCP was saved."))
            return redirect(_detail_url(pk))
    return render(request, "programmes/dwcp/form.html", {
        "form": form, "dwcp": dwcp, "title": _("Edit DWCP"), "cancel_url": _detail_url(pk),
    })


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


# --- children: one view shape for signatories, members, meetings and decisions -----------------

def _child_form(request, *, dwcp, form, title: str, save, anchor: str, extra=None):
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason", "")
        try:
            save(data, reason)
        except ApplicationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(_detail_url(dwcp.pk, anchor))
    context = {"form": form, "dwcp": dwcp, "title": title,
               "cancel_url": _detail_url(dwcp.pk, anchor)}
    context.update(extra or {})
    return render(request, "programmes/dwcp/child_form.html", context)


def _child_delete(request, *, dwcp, obj, delete, anchor: str):
    if request.method == "POST":
        try:
            delete()
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Deleted."))
        return redirect(_detail_url(dwcp.pk, anchor))
    return render(request, "programmes/dwcp/confirm_delete.html", {
        "dwcp": dwcp, "target": obj, "cancel_url": _detail_url(dwcp.pk, anchor)})


def _new(reason_data: dict) -> dict:
    data = dict(reason_data)
    data.pop("reason", None)
    return data


@login_required
def signatory_create_view(request, pk: int):
    dwcp = access.load(request.user, _DWCPS, pk=pk, change=True).obj
    form = SignatoryForm(request.POST or None,
                         constituents=selectors.constituents_for_dwcp(dwcp=dwcp))
    return _child_form(
        request, dwcp=dwcp, form=form, title=_("Add a signatory"), anchor="signatories",
        save=lambda data, reason: services.signatory_create(user=request.user, dwcp=dwcp,
                                                            **_new(data)))


@login_required
def signatory_edit_view(request, pk: int):
    obj = access.load(request.user, _SIGNATORIES, pk=pk, change=True).obj
    form = SignatoryForm(request.POST or None, instance=obj,
                         constituents=selectors.constituents_for_dwcp(dwcp=obj.dwcp))
    return _child_form(
        request, dwcp=obj.dwcp, form=form, title=_("Edit signatory"), anchor="signatories",
        save=lambda data, reason: services.signatory_update(signatory=obj, user=request.user,
                                                            data=data, reason=reason),
        extra={"object": obj})


@login_required
def signatory_delete_view(request, pk: int):
    obj = access.load(request.user, _SIGNATORIES, pk=pk, change=True).obj
    return _child_delete(request, dwcp=obj.dwcp, obj=obj, anchor="signatories",
                         delete=lambda: services.signatory_delete(signatory=obj,
                                                                  user=request.user))


@login_required
def member_create_view(request, pk: int):
    dwcp = access.load(request.user, _DWCPS, pk=pk, change=True).obj
    form = CommitteeMemberForm(request.POST or None,
                               constituents=selectors.constituents_for_dwcp(dwcp=dwcp))
    return _child_form(
        request, dwcp=dwcp, form=form, title=_("Add a steering committee member"),
        anchor="committee",
        save=lambda data, reason: services.committee_member_create(
            user=request.user, dwcp=dwcp, **_new(data)))


@login_required
def member_edit_view(request, pk: int):
    obj = access.load(request.user, _MEMBERS, pk=pk, change=True).obj
    form = CommitteeMemberForm(request.POST or None, instance=obj,
                               constituents=selectors.constituents_for_dwcp(dwcp=obj.dwcp))
    return _child_form(
        request, dwcp=obj.dwcp, form=form, title=_("Edit steering committee member"),
        anchor="committee", extra={"object": obj},
        save=lambda data, reason: services.committee_member_update(
            member=obj, user=request.user, data=data, reason=reason))


@login_required
def member_delete_view(request, pk: int):
    obj = access.load(request.user, _MEMBERS, pk=pk, change=True).obj
    return _child_delete(request, dwcp=obj.dwcp, obj=obj, anchor="committee",
                         delete=lambda: services.committee_member_delete(member=obj,
                                                                         user=request.user))


@login_required
def meeting_create_view(request, pk: int):
    dwcp = access.load(request.user, _DWCPS, pk=pk, change=True).obj
    form = CommitteeMeetingForm(request.POST or None)
    return _child_form(
        request, dwcp=dwcp, form=form, title=_("Record a steering committee meeting"),
        anchor="meetings",
        save=lambda data, reason: services.committee_meeting_create(
            user=request.user, dwcp=dwcp, **_new(data)))


@login_required
def meeting_edit_view(request, pk: int):
    obj = access.load(request.user, _MEETINGS, pk=pk, change=True).obj
    form = CommitteeMeetingForm(request.POST or None, instance=obj)
    return _child_form(
        request, dwcp=obj.dwcp, form=form, title=_("Edit steering committee meeting"),
        anchor="meetings", extra={"object": obj},
        save=lambda data, reason: services.committee_meeting_update(
            meeting=obj, user=request.user, data=data, reason=reason))


@login_required
def meeting_delete_view(request, pk: int):
    obj = access.load(request.user, _MEETINGS, pk=pk, change=True).obj
    return _child_delete(request, dwcp=obj.dwcp, obj=obj, anchor="meetings",
                         delete=lambda: services.committee_meeting_delete(meeting=obj,
                                                                          user=request.user))


@login_required
def decision_create_view(request, pk: int):
    meeting = access.load(request.user, _MEETINGS, pk=pk, change=True).obj
    form = CommitteeDecisionForm(request.POST or None)
    return _child_form(
        request, dwcp=meeting.dwcp, form=form,
        title=_("Add a decision of the meeting of %(date)s") % {"date": meeting.date},
        anchor="meetings", extra={"meeting": meeting},
        save=lambda data, reason: services.committee_decision_create(
            user=request.user, meeting=meeting, **_new(data)))


@login_required
def decision_edit_view(request, pk: int):
    obj = access.load(request.user, _DECISIONS, pk=pk, change=True).obj
    form = CommitteeDecisionForm(request.POST or None, instance=obj)
    return _child_form(
        request, dwcp=obj.meeting.dwcp, form=form, title=_("Edit decision"),
        anchor="meetings", extra={"object": obj},
        save=lambda data, reason: services.committee_decision_update(
            decision=obj, user=request.user, data=data, reason=reason))


@login_required
def decision_delete_view(request, pk: int):
    obj = access.load(request.user, _DECISIONS, pk=pk, change=True).obj
    return _child_delete(request, dwcp=obj.meeting.dwcp, obj=obj, anchor="meetings",
                         delete=lambda: services.committee_decision_delete(decision=obj,
                                                                           user=request.user))


urlpatterns = [
    *object_urls("dwcps", "dwcp", list=dwcp_list_view, create=dwcp_create_view,
                 detail=dwcp_detail_view, edit=dwcp_edit_view),
    path("dwcps/<int:pk>/transition/", dwcp_transition_view, name="dwcp-transition"),
    *object_urls("signatories", "signatory", create=signatory_create_view,
                 create_under="dwcps/<int:pk>/signatories/new/", edit=signatory_edit_view,
                 delete=signatory_delete_view),
    *object_urls("committee/members", "committee-member", create=member_create_view,
                 create_under="dwcps/<int:pk>/committee/members/new/", edit=member_edit_view,
                 delete=member_delete_view),
    *object_urls("committee/meetings", "committee-meeting", create=meeting_create_view,
                 create_under="dwcps/<int:pk>/committee/meetings/new/",
                 edit=meeting_edit_view, delete=meeting_delete_view),
    *object_urls("committee/decisions", "committee-decision", create=decision_create_view,
                 create_under="committee/meetings/<int:pk>/decisions/new/",
                 edit=decision_edit_view, delete=decision_delete_view),
]
