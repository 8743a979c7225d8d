"""The page shapes written once: a list page (one page of a filtered list, with the region
choices of its filter form, and its CSV / xlsx export of every filtered row), a form page
(GET shows the form; POST validates it and calls one service; a refusal shows the service's
messages next to their fields and writes nothing; success says so and redirects), a delete
page (GET asks to confirm; POST calls the service and goes back, with its refusal as an
error message) and a file download."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .errors import ApplicationError, show_on_form
from .exports import EXPORT_FORMATS, EXPORT_PARAM, ListExport, export_urls

T = TypeVar("T")

PAGE_SIZE = 25

# The longest change reason a confirmation page passes on (the history's reason field).
REASON_MAX_LENGTH = 100


def page_of(request: HttpRequest, items: QuerySet[Any] | list[Any],
            size: int = PAGE_SIZE) -> Page[Any]:
    """The page of ``items`` the request asks for (``?page=``; the last one past the end)."""
    return Paginator(items, size).get_page(request.GET.get("page"))


def list_page(request: HttpRequest, items: QuerySet[Any], *, template: str, filter: object,
              context: Mapping[str, Any] | None = None, size: int = PAGE_SIZE,
              regions: bool = True, export: ListExport | None = None) -> HttpResponse:
    """``template`` with ``filter`` (the FilterSet of the form), ``page_obj`` (the page of
    ``items``), ``region_choices`` (code, name) unless ``regions`` is false, and ``context``.

    With ``export``, ``?export=csv`` or ``?export=xlsx`` answers every row of ``items`` (the
    filtered list, all pages) as that file instead, and the page has ``export_urls`` (its
    filters kept) for its download links. The export is this same view, so it shows exactly
    what the user may see on the page."""
    if export is not None:
        if EXPORT_PARAM in getattr(filter, "filters", {}):
            raise ImproperlyConfigured(f"{EXPORT_PARAM!r} is a filter of {template}")
        file_format = request.GET.get(EXPORT_PARAM)
        if file_format in EXPORT_FORMATS:
            return export.response(items, file_format)
    page: dict[str, Any] = {"filter": filter, "page_obj": page_of(request, items, size),
                            "export_urls": export_urls(request.GET) if export else None}
    if regions:
        from constituents.selectors_for_reports import region_choices

        page["region_choices"] = region_choices()
    return render(request, template, {**page, **(context or {})})


def form_page(request: HttpRequest, *, form: BaseForm, save: Callable[[dict[str, Any]], T],
              done_url: Callable[[T], str] | str, done_message: str, template: str,
              context: Mapping[str, Any], invalid_status: int = 200) -> HttpResponse:
    """GET: ``template`` with the form and ``context``. POST: when the form is valid,
    ``save(cleaned_data)`` (one service call); on :class:`ApplicationError` the form again
    with the messages on it (answered with ``invalid_status``, e.g. 400), else
    ``done_message`` and a redirect to ``done_url`` (or ``done_url(saved)``)."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(dict(form.cleaned_data))
        except ApplicationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, done_message)
            return redirect(done_url(saved) if callable(done_url) else done_url)
    status = invalid_status if form.is_bound and form.errors else 200
    return render(request, template, {"form": form, **context}, status=status)


def delete_page(request: HttpRequest, *, delete: Callable[[str], object], done_url: str,
                done_message: str, template: str, context: Mapping[str, Any]) -> HttpResponse:
    """GET: the confirmation ``template`` with ``context``. POST: ``delete(reason)`` (the
    posted ``reason``, cut to the history's length), then back to ``done_url`` with
    ``done_message`` or the refusal as an error message."""
    if request.method != "POST":
        return render(request, template, dict(context))
    try:
        delete(request.POST.get("reason", "")[:REASON_MAX_LENGTH])
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done_message)
    return redirect(done_url)


def file_download(file: Any, *, filename: str | None = None,
                  content_type: str | None = None) -> FileResponse:
    """An uploaded or generated file handed out as an attachment, by a view that has already
    applied the policy (files are never served from /media/). No file, or one gone from the
    storage, is a 404 saying so, not a server error. The name offered is ``filename`` or the
    stored file's own name."""
    if not file:
        raise Http404(_("There is no such file."))
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file is missing.")) from exc
    name = filename or file.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
