"""Report pages: ask for a report, follow its progress (an htmx fragment polled every two
seconds until the run is done or failed), download the PDF and the xlsx of its tables,
report history (who generated what, when) and the report definitions. Managers and
administrators only; everyone else gets 403."""
from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import policy
from core.errors import ApplicationError, show_on_form
from core.pages import file_download

from . import selectors, services
from .forms import ReportDefinitionForm, ReportRequestForm
from .models import ReportDefinition

PAGE_SIZE = 25


def reports_access(view):
    """Signed in, and allowed ``policy.USE_REPORTS`` (managers, administrators); 403
    otherwise."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        policy.USE_REPORTS.require(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def _run_or_404(pk: int):
    run = selectors.run_get(pk=pk)
    if run is None:
        raise Http404
    return run


@reports_access
def home_view(request):
    form = ReportRequestForm(request.POST or None,
                             initial={"kind": request.GET.get("kind") or "biennial"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run, reused = services.report_request(
                user=request.user, kind=data["kind"], parameters=data.get("parameters") or {},
                language=data["language"], definition=data.get("definition"))
        except ApplicationError as exc:
            show_on_form(form, exc)
        else:
            if reused:
                messages.info(request, _("Nothing has changed since this report was made: "
                                         "here is the stored one."))
            _warn_of_document_date(request, data.get("definition"))
            return redirect("reporting:run-detail", pk=run.pk)
    runs = selectors.run_history(user=request.user)[:10]
    return render(request, "reporting/home.html", {
        "form": form, "runs": runs, "definitions": selectors.definition_list()[:50],
    }, status=400 if form.errors else 200)


@reports_access
def request_fields_view(request):
    """The parameter fields of the chosen kind of report (the fragment the kind select
    swaps in with htmx; also a plain page section when asked for without htmx)."""
    form = ReportRequestForm(initial={"kind": request.GET.get("kind") or "biennial"})
    return render(request, "reporting/_request_params.html", {"form": form})


@reports_access
def history_view(request):
    page = Paginator(selectors.run_history(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reporting/history.html", {"page_obj": page})


@reports_access
def run_detail_view(request, pk: int):
    run = _run_or_404(pk)
    return render(request, "reporting/run_detail.html", {
        "run": run, "constituent": selectors.constituent_of(run=run)})


@reports_access
def run_status_view(request, pk: int):
    """The fragment the run page polls; it stops polling once the run is finished."""
    return render(request, "reporting/_run_status.html", {"run": _run_or_404(pk)})


@reports_access
@require_POST
def run_retry_view(request, pk: int):
    """A failed run asked for again: a new run, whose page follows it."""
    try:
        again = services.report_run_retry(user=request.user, run=_run_or_404(pk))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("reporting:run-detail", pk=pk)
    messages.success(request, _("The report is asked for again."))
    return redirect("reporting:run-detail", pk=again.pk)


def _download(run, field: str, extension: str, content_type: str):
    if run.status != run.Status.DONE:
        raise Http404
    name = f"{run.front_matter.get('symbol') or run.kind}-{run.pk}.{extension}"
    return file_download(getattr(run, field), filename=name.replace("/", "-"),
                         content_type=content_type)


@reports_access
def run_pdf_view(request, pk: int):
    return _download(_run_or_404(pk), "file", "pdf", "application/pdf")


@reports_access
def run_xlsx_view(request, pk: int):
    return _download(_run_or_404(pk), "xlsx", "xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@reports_access
def definition_create_view(request):
    return _definition_form(request, None)


@reports_access
def definition_edit_view(request, pk: int):
    return _definition_form(request, get_object_or_404(ReportDefinition, pk=pk))


def _definition_form(request, definition: ReportDefinition | None):
    form = ReportDefinitionForm(request.POST or None, instance=definition,
                                initial={"kind": request.GET.get("kind")}
                                if definition is None and request.GET.get("kind") else None)
    if request.method == "POST" and form.is_valid():
        try:
            if definition is None:
                services.definition_create(user=request.user, **form.service_fields())
            else:
                services.definition_update(user=request.user, definition=definition,
                                           reason=_("edited in the report definition form"),
                                           **form.service_fields())
        except ApplicationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("Report definition saved."))
            _warn_of_document_date(request, form.instance)
            return redirect("reporting:home")
    date_warning = (selectors.document_date_warning(definition.document_date)
                    if definition is not None and request.method == "GET" else None)
    return render(request, "reporting/definition_form.html",
                  {"form": form, "definition": definition, "date_warning": date_warning},
                  status=400 if form.errors else 200)


def _warn_of_document_date(request, definition: ReportDefinition | None) -> None:
    """Says so when the document is dated before the figures it prints (it is still made:
    the date may be corrected afterwards)."""
    warning = selectors.document_date_warning(definition.document_date) if definition else None
    if warning:
        messages.warning(request, warning)


@require_POST
@reports_access
def definition_generate_view(request, pk: int):
    definition = get_object_or_404(ReportDefinition, pk=pk)
    try:
        run, reused = services.report_request(user=request.user, kind=definition.kind,
                                              parameters=definition.parameters,
                                              language=definition.language,
                                              definition=definition)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("reporting:home")
    if reused:
        messages.info(request, _("Nothing has changed since this report was made: here is "
                                 "the stored one."))
    _warn_of_document_date(request, definition)
    return redirect("reporting:run-detail", pk=run.pk)


@reports_access
def iati_view(request):
    """The IATI 2.03 activity file of a biennium, optionally of one country, of the CPOs the
    user may view: a form, and with a valid choice (``?biennium=2020-21&country=ALB``) the XML
    download. A bad choice is shown next to its field (400)."""
    from django.http import HttpResponse

    from constituents.selectors_for_reports import country_by_iso3
    from programmes.selectors.reports import biennium_by_code

    from . import iati
    from .forms import IatiForm

    form = IatiForm(request.GET if "biennium" in request.GET else None)
    if form.is_bound and form.is_valid():
        biennium = biennium_by_code(code=form.cleaned_data["biennium"])
        iso3 = form.cleaned_data["country"]
        country = country_by_iso3(iso3=iso3) if iso3 else None
        xml = iati.build_activities(biennium=biennium,
                                    country_ids=[country.pk] if country else None,
                                    user=request.user)
        response = HttpResponse(xml, content_type="application/xml; charset=utf-8")
        name = f"iati-activities-{biennium.code}" + (f"-{iso3}" if country else "") + ".xml"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(request, "reporting/iati.html", {
        "form": form, "title": _("IATI activity file"), "cancel_url": reverse("reporting:home")},
        status=400 if form.is_bound else 200)
