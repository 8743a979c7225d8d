"""Progress entry and its workflow (draft → submitted → approved or returned), evidence
downloads and the approval queue."""
from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core import access, policy
from core.conflicts import EditGuard
from core.errors import ApplicationError, show_on_form
from core.pages import file_download
from programmes.forms.indicators import ProgressUpdateForm, ReturnForm
from programmes.models import EvidenceFile, Indicator, ProgressUpdate, Unit, UpdateStatus
from programmes.selectors import results as selectors
from programmes.services import indicators as services
from programmes.views.results._common import (
    fmt,
    indicator_url,
    measured,
    next_url,
    update_value,
)

QUEUE_PAGE_SIZE = 50


# --- progress entry ------------------------------------------------------------------------

def _update_form_page(request, *, form, indicator, update=None, guard=None):
    chosen = [f.name for f in request.FILES.getlist("evidence")]
    if chosen and form.has_errors() and "evidence" not in form.errors:
        # A browser cannot refill a file field: say so beside it rather than lose it quietly.
        form.add_error("evidence", ngettext(
            "The file %(names)s you chose is not kept while the form has errors: choose it "
            "again.",
            "The files %(names)s you chose are not kept while the form has errors: choose "
            "them again.", len(chosen)) % {"names": ", ".join(f"“{n}”" for n in chosen)})
    return render(request, "programmes/results/update_form.html", {
        "form": form, "indicator": indicator, "cpo": indicator.cpo, "dwcp": indicator.cpo.dwcp,
        "update": update, "title": (_("Edit progress update") if update
                                    else _("New progress update")),
        "cancel_url": indicator_url(indicator.pk, "updates"), "version_guard": guard,
    }, status=400 if form.has_errors() else 200)


def _saved_message(request, submitted: bool) -> None:
    messages.success(request, _("The update was submitted for approval.") if submitted
                     else _("The update was saved as a draft."))


@login_required
def update_create(request, pk: int):
    indicator = access.load(request.user, Indicator.objects.select_related("cpo__dwcp__country"),
                            pk=pk, change=True).obj
    form = ProgressUpdateForm(request.POST or None, request.FILES or None, indicator=indicator,
                              initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == ProgressUpdateForm.SUBMIT
        try:
            services.progress_update_create(
                user=request.user, indicator=indicator, submit=submit,
                disaggregation=form.disaggregation(),
                evidence_files=form.cleaned_data["evidence"],
                evidence_title=form.cleaned_data["evidence_title"], **form.values())
        except ApplicationError as exc:
            show_on_form(form, exc)
        else:
            _saved_message(request, submit)
            return redirect(indicator_url(indicator.pk, "updates"))
    return _update_form_page(request, form=form, indicator=indicator)


def _load_update(request, pk: int, **needs) -> ProgressUpdate:
    """The update with what its pages show; 404/403 as :func:`core.access.check` (``needs``:
    ``change=True`` or ``capability=``)."""
    return access.check(request.user, selectors.update_get(pk=pk), **needs).obj


@login_required
def update_edit(request, pk: int):
    update = _load_update(request, pk, change=True)
    indicator = update.indicator
    if update.status not in (UpdateStatus.DRAFT, UpdateStatus.RETURNED):
        messages.error(request, _("Only a draft or a returned update can be edited."))
        return redirect(indicator_url(indicator.pk, "updates"))
    form = ProgressUpdateForm(request.POST or None, request.FILES or None, indicator=indicator,
                              initial=ProgressUpdateForm.initial_for(update))
    guard = EditGuard(request, update)
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == ProgressUpdateForm.SUBMIT
        try:
            guard.save(services.progress_update_update)(
                user=request.user, update=update, data=form.values(),
                disaggregation=form.disaggregation(),
                evidence_files=form.cleaned_data["evidence"],
                evidence_title=form.cleaned_data["evidence_title"], submit=submit)
        except ApplicationError as exc:
            show_on_form(form, exc)
        else:
            _saved_message(request, submit)
            return redirect(indicator_url(indicator.pk, "updates"))
    return _update_form_page(request, form=form, indicator=indicator, update=update,
                             guard=guard)


@login_required
@require_POST
def update_submit(request, pk: int):
    update = _load_update(request, pk, change=True)
    try:
        services.progress_update_submit(user=request.user, update=update)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        _saved_message(request, True)
    return redirect(indicator_url(update.indicator_id, "updates"))


@login_required
def evidence_download(request, pk: int):
    evidence = access.load(
        request.user, EvidenceFile.objects.select_related("update__indicator__cpo__dwcp"),
        pk=pk).obj
    return file_download(evidence.file)


# --- approving and returning ---------------------------------------------------------------

def _decided(request, update: ProgressUpdate, *, message: str, error: bool = False,
             return_form=None, status: int = 200):
    """After a decision: htmx gets the workbench row again (in place) with the count of what
    is left to decide under the workbench's filters (out of band); a plain POST goes back."""
    if request.htmx:
        back = request.POST.get("next", "")
        left = selectors.approval_queue(user=request.user,
                                        filters=QueryDict(urlsplit(back).query)).count()
        if update.status == UpdateStatus.SUBMITTED:  # still to decide: with its milestone etc.
            found = selectors.approval_queue(user=request.user).filter(pk=update.pk).first()
            update = selectors.with_previous([found])[0] if found else update
        _for_workbench([update])
        return render(request, "programmes/results/_queue_item.html", {
            "u": update, "done": None if error else message, "error": message if error
            else None, "return_form": return_form or update.return_form,
            "decide": error and update.status == UpdateStatus.SUBMITTED,
            "next": back, "count_oob": {"n": left}})
    (messages.error if error else messages.success)(request, message)
    return redirect(next_url(request, reverse("programmes:approval-queue")))


@login_required
@require_POST
def update_approve(request, pk: int):
    update = _load_update(request, pk, capability=policy.DECIDE_PROGRESS_UPDATE)
    try:
        update = services.progress_update_approve(user=request.user, update=update)
    except ApplicationError as exc:
        return _decided(request, _load_update(request, pk), message=exc.message, error=True)
    return _decided(request, update, message=_("Update of %(code)s dated %(date)s approved.")
                    % {"code": update.indicator.code, "date": formats.date_format(update.date)})


@login_required
def update_return(request, pk: int):
    update = _load_update(request, pk, capability=policy.DECIDE_PROGRESS_UPDATE)
    form = ReturnForm(request.POST or None, auto_id=f"id_{update.pk}_%s")
    if request.method == "POST":
        if form.is_valid():
            try:
                update = services.progress_update_return(
                    user=request.user, update=update, comment=form.cleaned_data["comment"])
            except ApplicationError as exc:
                show_on_form(form, exc)
            else:
                return _decided(request, update,
                                message=_("Update of %(code)s returned to its author.")
                                % {"code": update.indicator.code})
        if request.htmx:
            return _decided(request, update, message=_("The update was not returned."),
                            error=True, return_form=form)
    update.shown_value = update_value(update.indicator, update)
    return render(request, "programmes/results/return_form.html", {
        "u": update, "form": form, "indicator": update.indicator,
        "next": next_url(request, reverse("programmes:approval-queue")),
    }, status=400 if form.errors else 200)


@login_required
def approval_queue(request):
    """The approvals workbench: the updates the user may decide, filtered (region, country,
    submitter, waiting time, indicator or CPO), each with the biennium's milestone and the
    previous approved value beside the new one; approve one, return one with its comment, or
    approve the ones ticked together."""
    user = request.user
    policy.DECIDE_PROGRESS_UPDATE.require(user)
    page = Paginator(selectors.approval_queue(user=user, filters=request.GET),
                     QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    own = list(selectors.own_submissions(user=user)[:QUEUE_PAGE_SIZE])
    _for_workbench(selectors.with_previous(list(page.object_list)))
    _for_workbench(own)
    return render(request, "programmes/results/approval_queue.html", {
        "page_obj": page, "own": own, "next": request.get_full_path(),
        "workbook": policy.IMPORT_WORKBOOK.allows(user),
        "choices": selectors.queue_choices(user=user), "filters": request.GET,
    })


def _for_workbench(updates) -> None:
    """What a workbench row shows beside an update: its value, the biennium's milestone,
    the previous approved value and the change, how long it has waited, a return form."""
    today = timezone.localdate()
    for u in updates:
        u.shown_value = update_value(u.indicator, u)
        u.return_form = ReturnForm(auto_id=f"id_{u.pk}_%s")
        previous = getattr(u, "previous", None)
        u.previous_value = update_value(u.indicator, previous) if previous else ""
        u.milestone_shown = _milestone_shown(u)
        u.change = _change(u, previous)
        u.waiting_days = ((today - timezone.localdate(u.submitted_at)).days
                          if u.submitted_at else 0)


def _milestone_shown(update) -> str:
    if getattr(update, "milestone_statement", ""):
        return update.milestone_statement
    value = getattr(update, "milestone_value", None)
    return fmt(value, update.indicator.unit) if value is not None else ""


def _change(update, previous) -> str:
    """The new value less the previous approved one ("+3", "−2 %"), for levels (not for
    increments of a cumulative indicator, nor milestones in words)."""
    if previous is None or update.indicator.cumulative \
            or update.indicator.unit == Unit.QUALITATIVE:
        return ""
    new, old = measured(update), measured(previous)
    if new is None or old is None:
        return ""
    difference = new - old
    text = fmt(abs(difference), update.indicator.unit)
    return f"+{text}" if difference > 0 else f"−{text}" if difference < 0 else "0"


@login_required
@require_POST
def approve_selected(request):
    """Approve the updates ticked on the workbench together (all or none)."""
    policy.DECIDE_PROGRESS_UPDATE.require(request.user)
    ids = [int(i) for i in request.POST.getlist("update") if i.isdigit()]
    updates = [_load_update(request, pk, capability=policy.DECIDE_PROGRESS_UPDATE)
               for pk in dict.fromkeys(ids)]
    try:
        done = services.progress_updates_approve(user=request.user, updates=updates)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ngettext("%(n)d update approved.", "%(n)d updates approved.",
                                           len(done)) % {"n": len(done)})
    return redirect(next_url(request, reverse("programmes:approval-queue")))




urlpatterns = [
    path("indicators/<int:pk>/updates/new/", update_create, name="update-create"),
    path("updates/<int:pk>/edit/", update_edit, name="update-edit"),
    path("updates/<int:pk>/submit/", update_submit, name="update-submit"),
    path("updates/<int:pk>/approve/", update_approve, name="update-approve"),
    path("updates/<int:pk>/return/", update_return, name="update-return"),
    path("evidence/<int:pk>/", evidence_download, name="evidence-download"),
    path("approvals/", approval_queue, name="approval-queue"),
    path("approvals/approve/", approve_selected, name="approve-selected"),
]
