"""The biennium overview (where managers close and reopen biennia) and the country and DWCP
results dashboards."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from constituents.models import Country
from core import access, policy
from core.errors import ApplicationError, show_on_form
from programmes.forms.indicators import ReopenForm
from programmes.models import Biennium, Dwcp, ResultStatus
from programmes.selectors import pb as pb_selectors
from programmes.selectors import results as selectors
from programmes.services import indicators as services

# --- dashboards ----------------------------------------------------------------------------

def _with_cells(rows, columns) -> None:
    """Give each count row (and its children) the cells and bar segments of ``columns``."""
    for row in rows:
        row.cells_list = row.cells(columns)
        row.bar = row.segments(columns)
        _with_cells(row.children, columns)


def _labels(columns) -> list[tuple[str, str]]:
    return [(value, ResultStatus(value).label) for value in columns]


@login_required
def results_overview(request):
    snapshot = selectors.current_snapshot()
    biennia = list(selectors.overview_biennia())
    overview = selectors.results_overview(user=request.user, snapshot=snapshot,
                                          filters=request.GET, biennia=biennia,
                                          today=timezone.localdate())
    _with_cells([*overview.regions, overview.total], overview.columns)
    return render(request, "programmes/results/overview.html", {
        "o": overview, "snapshot": snapshot, "biennia": biennia,
        "regions": selectors.regions(), "is_manager": policy.CLOSE_BIENNIUM.allows(request.user),
        "column_labels": _labels(overview.columns),
        "subject": request.GET.get("subject") or "indicator",
        "workbook": policy.DOWNLOAD_WORKBOOK_TEMPLATE.allows(request.user),
    })


@login_required
def pb_table(request):
    """The Office-wide table of a biennium by P&B outcome: CPOs reported against each
    outcome, in how many member States, their statuses, member States with one achieved."""
    snapshot = selectors.current_snapshot()
    biennia = list(pb_selectors.framework_biennia())
    chosen = next((b for b in biennia if b.code == request.GET.get("biennium")), None) or \
        selectors.default_biennium(biennia, snapshot, timezone.localdate())
    rows, total = (pb_selectors.pb_outcome_table(user=request.user, biennium=chosen,
                                                 snapshot=snapshot)
                   if chosen is not None else ([], None))
    phase = (selectors.phase_of(chosen, snapshot.as_of)
             if chosen is not None and snapshot is not None else None)
    columns = selectors.columns_for(phase, total.counts if total else [])
    for row in [*rows, *([total] if total else [])]:
        row.cells_list = row.cells(columns)
    return render(request, "programmes/results/pb_table.html", {
        "biennia": biennia, "chosen": chosen, "rows": rows, "total": total,
        "snapshot": snapshot, "column_labels": _labels(columns),
        "country_bound": policy.country_bound(request.user),
        "markers": pb_selectors.marker_counts(user=request.user, biennium=chosen)
        if chosen is not None else None,
    })


@login_required
@require_POST
def biennium_close(request, pk: int):
    biennium = get_object_or_404(Biennium, pk=pk)
    try:
        services.biennium_close(user=request.user, biennium=biennium)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Biennium %(b)s is closed: its updates are locked.")
                         % {"b": biennium.code})
    return redirect(f"{reverse('programmes:results-overview')}?biennium={biennium.code}")


@login_required
def biennium_reopen(request, pk: int):
    biennium = get_object_or_404(Biennium, pk=pk)
    policy.CLOSE_BIENNIUM.require(request.user)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.biennium_reopen(user=request.user, biennium=biennium,
                                     reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("Biennium %(b)s is open again.") % {"b": biennium.code})
            return redirect(f"{reverse('programmes:results-overview')}?biennium="
                            f"{biennium.code}")
    return render(request, "programmes/results/reopen_form.html",
                  {"form": form, "biennium": biennium}, status=400 if form.errors else 200)


def _dashboard(request, country: Country, dwcp: Dwcp | None = None):
    snapshot = selectors.current_snapshot()
    programmes = selectors.country_results(user=request.user, country=country,
                                           snapshot=snapshot, dwcp=dwcp)
    for programme in programmes:
        _with_cells(programme.counts, programme.columns)
        programme.column_labels = _labels(programme.columns)
    return render(request, "programmes/results/country_results.html", {
        "country": country, "dwcp": dwcp, "snapshot": snapshot, "programmes": programmes,
    })


@login_required
def country_results(request, pk: int):
    country = access.load(request.user, Country.objects.select_related("region"), pk=pk).obj
    return _dashboard(request, country)


@login_required
def dwcp_results(request, pk: int):
    dwcp = access.load(request.user, Dwcp.objects.select_related("country__region"),
                       pk=pk).obj
    return _dashboard(request, dwcp.country, dwcp)




urlpatterns = [
    path("results/", results_overview, name="results-overview"),
    path("results/pb/", pb_table, name="pb-table"),
    path("results/biennia/<int:pk>/close/", biennium_close, name="biennium-close"),
    path("results/biennia/<int:pk>/reopen/", biennium_reopen, name="biennium-reopen"),
    path("results/countries/<int:pk>/", country_results, name="country-results"),
    path("dwcps/<int:pk>/results/", dwcp_results, name="dwcp-results"),
]
