"""Pages of quality appraisal: the list of appraisals with the shares appraised and passed per
year, one appraisal (its criteria in order with the pre-checks' findings, rated on one form,
completed, reopened), and the panel the DWCP and project pages load with htmx to show a
subject's appraisals and start one."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
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
from programmes.filters.appraisal import AppraisalFilter
from programmes.forms.appraisal import AppraisalForm, ReopenForm, StartForm
from programmes.models import (
    Appraisal,
    AppraisalOutcome,
    AppraisalSubject,
    Dwcp,
    DwcpStatus,
    Project,
)
from programmes.selectors import appraisal as selectors
from programmes.services import appraisal as services
from programmes.views.resources import project_place

_DWCPS = Dwcp.objects.select_related("country")
_PROJECTS = Project.objects.select_related("country")


def _detail_url(pk: int) -> str:
    return reverse("programmes:appraisal-detail", args=[pk])


def _subject(a: Appraisal) -> str | None:
    if a.dwcp is not None:
        return a.dwcp.title
    return f"{a.project.code} {a.project.title}" if a.project is not None else None


def _place(a: Appraisal) -> str | None:
    return a.dwcp.country.label if a.dwcp is not None else project_place(a.project)


def _person(user) -> str | None:
    return (user.get_full_name() or user.username) if user else None


APPRAISALS_EXPORT = ListExport("appraisals", [
    Column(gettext_lazy("Appraises"),
           lambda a: _("DWCP draft") if a.dwcp_id else _("Proposal")),
    Column(gettext_lazy("Subject"), _subject),
    Column(gettext_lazy("Place"), _place),
    Column(gettext_lazy("Started"), "started_on"),
    Column(gettext_lazy("Completed"), "completed_on"),
    Column(gettext_lazy("Appraiser"), lambda a: _person(a.appraiser)),
    Column(gettext_lazy("Outcome"), "get_outcome_display"),
    Column(gettext_lazy("Met"), "met"),
    Column(gettext_lazy("Partly"), "partly"),
    Column(gettext_lazy("Not met"), "not_met"),
    Column(gettext_lazy("Not rated"), "unrated"),
])


@login_required
def appraisal_list(request):
    filters = AppraisalFilter(request.GET)
    items = selectors.appraisal_list(user=request.user, filters=request.GET)
    return list_page(request, items, template="programmes/appraisal/list.html", filter=filters,
                     export=APPRAISALS_EXPORT, context={
        "filter_errors": filters.errors,
        "subjects": AppraisalSubject.choices, "outcomes": AppraisalOutcome.choices,
        "shares": selectors.appraisal_shares_by_year(user=request.user),
    })


@login_required
def appraisal_detail(request, pk: int):
    appraisal: Appraisal = access.check(
        request.user, selectors.appraisal_get(user=request.user, pk=pk),
        capability=policy.APPRAISE if request.method == "POST" else None).obj
    in_progress = appraisal.outcome == AppraisalOutcome.IN_PROGRESS
    may_appraise = policy.APPRAISE.allows(request.user, appraisal)
    criteria = appraisal.checklist.criteria.all()
    form = AppraisalForm(request.POST or None, criteria=criteria,
                         ratings=appraisal.ratings.all(), summary=appraisal.summary)
    if request.method == "POST" and form.is_valid():
        complete = "complete" in request.POST
        data = form.cleaned_data
        try:
            if complete:
                services.appraisal_complete(user=request.user, appraisal=appraisal,
                                            ratings=form.ratings(), summary=data["summary"],
                                            reason=data["reason"])
            else:
                services.appraisal_rate(user=request.user, appraisal=appraisal,
                                        ratings=form.ratings(), summary=data["summary"],
                                        reason=data["reason"])
        except ApplicationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("The appraisal is completed.") if complete
                             else _("The ratings are saved."))
            return redirect(_detail_url(pk))
    status = 400 if form.is_bound and form.errors else 200
    findings = services.appraisal_prechecks(appraisal=appraisal) if in_progress else {}
    return render(request, "programmes/appraisal/detail.html", {
        "appraisal": appraisal, "object": appraisal, "form": form,
        "rows": form.rows(findings),
        "editable": in_progress and may_appraise, "may_appraise": may_appraise,
        "reopen_form": ReopenForm(),
    }, status=status)


@login_required
@require_POST
def appraisal_reopen(request, pk: int):
    appraisal = access.check(request.user, selectors.appraisal_get(user=request.user, pk=pk),
                             capability=policy.APPRAISE).obj
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the appraisal is reopened."))
        return redirect(_detail_url(pk))
    try:
        services.appraisal_reopen(user=request.user, appraisal=appraisal,
                                  reason=form.cleaned_data["reason"])
    except ApplicationError as exc:
        messages.error(request, " ".join(str(m) for m in exc.messages))
    else:
        messages.success(request, _("The appraisal is reopened."))
    return redirect(_detail_url(pk))


def _panel(request, *, dwcp: Dwcp | None = None, project: Project | None = None):
    """The subject's appraisals and, for an appraiser at the right stage, the start button
    (GET, a fragment for the subject's page); POST starts an appraisal."""
    subject: Dwcp | Project = dwcp if dwcp is not None else project  # type: ignore[assignment]
    kind = AppraisalSubject.DWCP if dwcp is not None else AppraisalSubject.PROPOSAL
    back = (reverse("programmes:dwcp-detail", args=[subject.pk]) if dwcp is not None
            else reverse("programmes:project-detail", args=[subject.pk]))
    if request.method == "POST":
        access.check(request.user, subject, capability=policy.APPRAISE)
        form = StartForm(request.POST)
        form.is_valid()
        try:
            started = services.appraisal_start(user=request.user, dwcp=dwcp, project=project,
                                               reason=form.cleaned_data.get("reason", ""))
        except ApplicationError as exc:
            messages.error(request, " ".join(str(m) for m in exc.messages))
            return redirect(back)
        messages.success(request, _("The appraisal is started; the pre-checks' findings are in "
                                    "the comments."))
        return redirect(_detail_url(started.pk))
    appraisals = list(selectors.appraisals_of(user=request.user, dwcp=dwcp, project=project))
    at_stage = (subject.status == DwcpStatus.QUALITY_APPRAISAL if dwcp is not None
                else subject.status in set(services.APPRAISABLE_STAGES))
    in_progress = any(a.outcome == AppraisalOutcome.IN_PROGRESS for a in appraisals)
    may_start = (at_stage and not in_progress
                 and policy.APPRAISE.allows(request.user, subject))
    fragment = request.GET.get("fragment") == "1" or bool(request.headers.get("HX-Request"))
    return render(request, "programmes/appraisal/panel.html" if fragment
                  else "programmes/appraisal/subject.html", {
        "subject": subject, "kind": kind, "appraisals": appraisals, "may_start": may_start,
        "at_stage": at_stage, "checklist": selectors.checklist_in_use(kind) if may_start
        else None, "back": back, "start_url": request.path,
    })


@login_required
def dwcp_appraisals(request, pk: int):
    return _panel(request, dwcp=access.load(request.user, _DWCPS, pk=pk).obj)


@login_required
def project_appraisals(request, pk: int):
    return _panel(request, project=access.load(request.user, _PROJECTS, pk=pk).obj)


urlpatterns = [
    *object_urls("appraisals", "appraisal", list=appraisal_list, detail=appraisal_detail),
    path("appraisals/<int:pk>/reopen/", appraisal_reopen, name="appraisal-reopen"),
    path("dwcps/<int:pk>/appraisals/", dwcp_appraisals, name="dwcp-appraisals"),
    path("projects/<int:pk>/appraisals/", project_appraisals, name="project-appraisals"),
]
