"""The field staff's workbook in the browser (docs/workbook.md): download the template, upload
a filled-in workbook, see what each row would do and every row error (nothing written), then
apply the same file all or nothing.

Between the preview and the apply the upload is kept at ``MEDIA_ROOT/workbooks/<token>.xlsx``;
the session holds the token (one pending upload per session), never a path from the form.
The file is deleted when it is applied or discarded, when a preview finds errors, when the
next upload replaces it, and after a day (:data:`KEEP_FOR`; every upload sweeps older files).

Field staff and administrators import; managers may download the template; specialists do
neither. Which rows a user may write is decided by the services the import calls, so another
country's rows are errors of the preview, in the country column."""
from __future__ import annotations

import datetime as dt
import io
from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core import policy
from core.models import TaskRun
from programmes.forms.workbook import (
    XLSX_CONTENT_TYPE,
    WorkbookUploadForm,
    approver_choices,
)
from programmes.models import Indicator
from programmes.services.workbook import (
    INDICATORS,
    PROGRESS,
    ImportResult,
    workbook_import,
    workbook_template,
)
from programmes.services.workbook.preview_run import (
    workbook_preview_found,
    workbook_preview_queue,
)
from programmes.services.workbook.uploads import (
    KEEP_FOR,
    upload_delete,
    upload_keep,
    upload_read,
)

TEMPLATE_FILENAME = "dwcp-results-workbook.xlsx"
SESSION_KEY = "results_workbook_upload"
DONE_KEY = "results_workbook_imported"  # indicator codes of the last import, shown once
DONE_SHOWN = 50
ACTIONS = ("create", "update", "approve", "unchanged")


def _check(user, *, importing: bool) -> None:
    (policy.IMPORT_WORKBOOK if importing else policy.DOWNLOAD_WORKBOOK_TEMPLATE).require(user)


# --- the kept upload (programmes.services.workbook.uploads) -------------------------------

def _forget(request) -> None:
    """Delete the session's pending upload, if any."""
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        upload_delete(pending.get("token", ""))


def _keep(request, upload, *, name: str, approver) -> dict | None:
    """Keep the upload as the session's pending one; None when the storage lost it."""
    _forget(request)
    token = upload_keep(upload)
    if token is None:
        return None
    pending = {"token": token, "name": name, "at": timezone.now().isoformat(),
               "approver": approver.pk if approver else None}
    request.session[SESSION_KEY] = pending
    return pending


def _read(pending: dict) -> io.BytesIO | None:
    return upload_read(pending["token"], name=pending["name"],
                       kept_at=dt.datetime.fromisoformat(pending["at"]))


def _approver(request, pending: dict):
    if pending.get("approver") is None or not policy.NAME_APPROVER.allows(request.user):
        return None
    return approver_choices(request.user).filter(pk=pending["approver"]).first()


# --- what the rows do ---------------------------------------------------------------------

def _sheets(result: ImportResult) -> list[dict]:
    """Per sheet: the count of rows by action and the rows themselves, sheet order kept."""
    sheets = []
    for sheet in (INDICATORS, PROGRESS):
        rows = [row for row in result.rows if row.sheet == sheet]
        counts = Counter(row.action for row in rows)
        sheets.append({"name": sheet, "rows": rows, "total": len(rows),
                       "counts": [(action, counts[action]) for action in ACTIONS]})
    return sheets


ACTION_DONE = {
    "create": lambda n: ngettext("%(n)d created", "%(n)d created", n),
    "update": lambda n: ngettext("%(n)d updated", "%(n)d updated", n),
    "approve": lambda n: ngettext("%(n)d approved", "%(n)d approved", n),
    "unchanged": lambda n: ngettext("%(n)d unchanged", "%(n)d unchanged", n),
}


def _summary(result: ImportResult) -> str:
    parts = []
    for sheet in _sheets(result):
        if sheet["total"]:
            counts = ", ".join(ACTION_DONE[action](n) % {"n": n}
                               for action, n in sheet["counts"] if n)
            parts.append(f"{sheet['name']}: {counts}")
    if not result.changed:
        return _("The workbook was applied; nothing changed: every row matches what is "
                 "recorded.")
    text = _("The workbook was imported (%(rows)s).") % {"rows": "; ".join(parts)}
    if result.counts.get("updates", 0) > result.counts.get("approved", 0):
        text += " " + _("Its new progress updates wait for approval by a colleague in the "
                        "approval queue.")
    return text


# --- pages ----------------------------------------------------------------------------------

def _imported(request) -> list:
    """The indicators of the import just applied (once, after its redirect)."""
    codes = request.session.pop(DONE_KEY, None)
    if not codes:
        return []
    return list(policy.visible(request.user, Indicator.objects.filter(code__in=codes))
                .only("pk", "code", "title").order_by("code"))


def _page(request, *, form=None, result: ImportResult | None = None, pending=None,
          approver=None, file_name: str = "", applied_errors: bool = False,
          checking=None, status: int = 200):
    user = request.user
    importing = policy.IMPORT_WORKBOOK.allows(user)
    if importing and form is None:
        form = WorkbookUploadForm(user=user)
    return render(request, "programmes/results/workbook.html", {
        "form": form if importing else None, "may_import": importing,
        "may_name_approver": importing and policy.NAME_APPROVER.allows(user),
        "result": result, "sheets": _sheets(result) if result else None,
        "pending": pending, "approver": approver, "file_name": file_name,
        "applied_errors": applied_errors, "checking": checking,
        "max_age_hours": int(KEEP_FOR.total_seconds() // 3600),
        "imported": _imported(request) if result is None else [],
    }, status=status)


@login_required
def workbook_page(request):
    """GET: the template link and the upload form. POST: upload → preview (nothing written);
    a file without errors is kept for the Apply step."""
    _check(request.user, importing=request.method == "POST")
    if request.method != "POST":
        pending = request.session.get(SESSION_KEY)
        if pending and request.GET.get("run") == str(pending.get("run")):
            return _checked(request, pending)  # the page looking again at a running check
        return _page(request)
    form = WorkbookUploadForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    approver = form.cleaned_data.get("approver")
    pending = _keep(request, form.cleaned_data["file"], name=form.original_name(),
                    approver=approver)
    if pending is None:  # the storage lost it
        form.add_error("file", _("The file could not be kept for the preview; upload it "
                                 "again."))
        return _page(request, form=form, status=400)
    # Checked by the worker (in-process without a broker: then it is done already).
    run = workbook_preview_queue(user=request.user, token=pending["token"],
                                 name=form.original_name(), approver=approver)
    pending["run"] = run.pk
    request.session[SESSION_KEY] = pending
    return _checked(request, pending)


def _checked(request, pending: dict):
    """The upload's check: still running (the page looks again shortly), failed, or done:
    what each row would do and every error."""
    run = TaskRun.objects.filter(pk=pending.get("run") or 0, requested_by=request.user).first()
    approver = _approver(request, pending)
    if run is None or run.status == TaskRun.Status.FAILED:
        _forget(request)
        messages.error(request, _("The workbook could not be checked; upload it again. If "
                                  "it fails again, start from the template."))
        return _page(request, status=400)
    if run.status != TaskRun.Status.SUCCEEDED:
        return _page(request, checking=run, file_name=pending["name"], status=202)
    result = workbook_preview_found(pending["token"])
    if result is None:
        _forget(request)
        messages.error(request, _("The uploaded workbook is no longer kept. Upload it again."))
        return _page(request, status=400)
    kept: dict | None = pending
    if not result.ok:  # nothing to apply: the corrected file is uploaded again
        _forget(request)
        kept = None
    return _page(request, form=WorkbookUploadForm(user=request.user), result=result,
                 pending=kept, approver=approver, file_name=pending["name"],
                 status=200 if result.ok else 400)


@login_required
@require_POST
def workbook_apply(request):
    """Import the previewed file, all or nothing, then forget it."""
    _check(request.user, importing=True)
    pending = request.session.get(SESSION_KEY)
    if not pending or pending.get("token") != request.POST.get("token"):
        messages.error(request, _("This preview is no longer current (another workbook was "
                                  "uploaded since, or it was applied or discarded). Upload "
                                  "the workbook again."))
        return redirect("programmes:workbook")
    data = _read(pending)
    approver = _approver(request, pending)
    _forget(request)
    if data is None:
        messages.error(request, _("The uploaded workbook is no longer kept (uploads are kept "
                                  "for %(hours)d hours). Upload it again.")
                       % {"hours": int(KEEP_FOR.total_seconds() // 3600)})
        return redirect("programmes:workbook")
    if pending.get("approver") is not None and approver is None:
        messages.error(request, _("The approver named at upload can no longer approve "
                                  "updates. Upload the workbook again."))
        return redirect("programmes:workbook")
    result = workbook_import(file=data, user=request.user, approver=approver)
    if not result.applied:
        return _page(request, result=result, file_name=pending["name"], applied_errors=True,
                     status=400)
    messages.success(request, _summary(result))
    request.session[DONE_KEY] = [row.key for row in result.rows
                                 if row.sheet == INDICATORS][:DONE_SHOWN]
    return redirect("programmes:workbook")


@login_required
@require_POST
def workbook_discard(request):
    _check(request.user, importing=True)
    _forget(request)
    messages.success(request, _("The uploaded workbook was discarded; nothing was written."))
    return redirect("programmes:workbook")


@login_required
def workbook_template_download(request):
    _check(request.user, importing=False)
    response = HttpResponse(workbook_template(user=request.user),
                            content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_FILENAME}"'
    return response


urlpatterns = [
    path("results/workbook/", workbook_page, name="workbook"),
    path("results/workbook/template/", workbook_template_download, name="workbook-template"),
    path("results/workbook/apply/", workbook_apply, name="workbook-apply"),
    path("results/workbook/discard/", workbook_discard, name="workbook-discard"),
]
