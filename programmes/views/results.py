"""Pages of results monitoring: a CPO's indicators, indicator create/edit with biennial
milestones, the indicator page (definition, milestones and revisions, computed results, chart,
updates), progress entry and its workflow (draft → submitted → approved or returned), the
approval queue, the country results dashboard and the biennium overview where managers close
and reopen biennia.

No view computes a result: statuses, progress and counts are read from the worker's current
snapshot (programmes.selectors.results), and pages say as of when."""
from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from constituents.models import Country
from core import policy
from core.errors import ApplicationError
from core.roles import Role
from programmes.forms.indicators import (
    IndicatorForm,
    ProgressUpdateForm,
    ReopenForm,
    ReturnForm,
    apply_service_error,
)
from programmes.models import (
    Biennium,
    Dwcp,
    EvidenceFile,
    Indicator,
    ProgressUpdate,
    ResultStatus,
    Unit,
    UpdateStatus,
)
from programmes.selectors import results as selectors
from programmes.services import indicators as services
from programmes.services.framework import biennia_spanned

QUEUE_PAGE_SIZE = 50


def _require(user, obj, *, change: bool = False) -> None:
    if not policy.can_view(user, obj) or (change and not policy.can_change(user, obj)):
        raise PermissionDenied


def _is_manager(user) -> bool:
    return user.is_administrator or user.role == Role.MANAGER


def _indicator_url(indicator_id: int, anchor: str = "") -> str:
    url = reverse("programmes:indicator-detail", args=[indicator_id])
    return f"{url}#{anchor}" if anchor else url


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


# --- a CPO's indicators --------------------------------------------------------------------

@login_required
def cpo_indicators(request, pk: int):
    """The indicators of a CPO with their status per biennium. ``?fragment=1`` (or htmx):
    the list only, for the CPO page to load in place."""
    cpo = selectors.cpo_get(pk=pk)
    if cpo is None:
        raise Http404
    _require(request.user, cpo)
    snapshot = selectors.current_snapshot()
    context = {"cpo": cpo, "dwcp": cpo.dwcp, "snapshot": snapshot,
               "indicators": selectors.cpo_indicators(cpo=cpo, snapshot=snapshot),
               "can_change": policy.can_change(request.user, cpo)}
    if request.GET.get("fragment") or request.htmx:
        return render(request, "programmes/results/_cpo_indicators.html", context)
    return render(request, "programmes/results/cpo_indicators.html", context)


# --- indicator create / edit ---------------------------------------------------------------

def _indicator_form_page(request, *, form, cpo, title: str, cancel_url: str, indicator=None):
    return render(request, "programmes/results/indicator_form.html", {
        "form": form, "cpo": cpo, "dwcp": cpo.dwcp, "indicator": indicator, "title": title,
        "cancel_url": cancel_url}, status=400 if form.errors else 200)


@login_required
def indicator_create(request, pk: int):
    cpo = selectors.cpo_get(pk=pk)
    if cpo is None:
        raise Http404
    _require(request.user, cpo, change=True)
    form = IndicatorForm(request.POST or None, cpo=cpo, biennia=biennia_spanned(cpo.dwcp),
                         initial={"code": ""})
    if request.method == "POST" and form.is_valid():
        data = form.indicator_data()
        try:
            indicator = services.indicator_create(
                user=request.user, cpo=cpo, code=data.pop("code"), title=data.pop("title"),
                milestones=form.milestones(), **data)
        except ApplicationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Indicator %(code)s was added.")
                             % {"code": indicator.code})
            return redirect(_indicator_url(indicator.pk))
    return _indicator_form_page(request, form=form, cpo=cpo,
                                title=_("New indicator for %(cpo)s") % {"cpo": cpo.code},
                                cancel_url=reverse("programmes:cpo-indicators", args=[cpo.pk]))


@login_required
def indicator_edit(request, pk: int):
    indicator = get_object_or_404(
        Indicator.objects.select_related("cpo__dwcp__country").prefetch_related("milestones"),
        pk=pk)
    _require(request.user, indicator, change=True)
    cpo = indicator.cpo
    form = IndicatorForm(request.POST or None, instance=indicator, cpo=cpo,
                         biennia=biennia_spanned(cpo.dwcp),
                         milestones=indicator.milestones.all())
    form.fields["code"].required = True
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data.get("reason", "")
        try:
            services.indicator_save(user=request.user, indicator=indicator,
                                    data=form.indicator_data(),
                                    milestones=form.changed_milestones(), reason=reason)
        except ApplicationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The indicator was saved."))
            return redirect(_indicator_url(indicator.pk))
    return _indicator_form_page(request, form=form, cpo=cpo, indicator=indicator,
                                title=_("Edit indicator %(code)s") % {"code": indicator.code},
                                cancel_url=_indicator_url(indicator.pk))


# --- the indicator page --------------------------------------------------------------------

def _fmt(value, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{Decimal(value):,.2f}".rstrip("0").rstrip(".")
    return f"{text} %" if unit == Unit.PERCENTAGE else text


def _measured(update: ProgressUpdate) -> Decimal | None:
    if update.value is not None:
        return update.value
    if update.numerator is not None and update.denominator:
        return 100 * update.numerator / update.denominator
    return None


def _nice_step(span: float) -> float:
    raw = span / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if raw <= m * magnitude)


def indicator_chart(indicator: Indicator, milestones, updates) -> dict | None:
    """Geometry of the indicator's chart (an inline SVG drawn by the template): the planned
    path baseline → milestones → end target, dashed, and the approved values (the running
    total for cumulative indicators) as a line with points. None for qualitative indicators
    or when there is nothing numeric to draw."""
    if indicator.unit == Unit.QUALITATIVE:
        return None
    dwcp = indicator.cpo.dwcp
    unit = indicator.unit
    plan: list[tuple[dt.date, Decimal, str, str]] = []
    if indicator.baseline_value is not None:
        year = indicator.baseline_year or dwcp.start_year
        plan.append((dt.date(year, 1, 1), indicator.baseline_value, "baseline",
                     _("Baseline (%(year)s): %(v)s") % {"year": year,
                                                        "v": _fmt(indicator.baseline_value,
                                                                  unit)}))
    for m in sorted(milestones, key=lambda m: m.biennium.start_year):
        if m.value is not None:
            plan.append((m.biennium.end_date, m.value, "milestone",
                         _("Milestone %(b)s: %(v)s") % {"b": m.biennium.code,
                                                        "v": _fmt(m.value, unit)}))
    target = indicator.end_target
    if target is not None:
        year = indicator.target_year or dwcp.end_year
        plan.append((dt.date(year, 12, 31), target, "target",
                     _("End target (%(year)s): %(v)s") % {"year": year,
                                                          "v": _fmt(target, unit)}))
    plan.sort(key=lambda p: p[0])  # the target year may come before the last milestone
    actual: list[tuple[dt.date, Decimal, str, str]] = []
    approved = sorted((u for u in updates if u.status == UpdateStatus.APPROVED),
                      key=lambda u: (u.date, u.approval_seq or 0))
    running = indicator.baseline_value or Decimal(0)
    for u in approved:
        value = _measured(u)
        if value is None:
            continue
        if indicator.cumulative:
            running += value
            value = running
        actual.append((u.date, value, "actual",
                       _("Approved value on %(date)s: %(v)s")
                       % {"date": u.date.isoformat(), "v": _fmt(value, unit)}))
    points = plan + actual
    if not points:
        return None
    width, height = 720, 300
    left, right, top, bottom = 64, 20, 16, 36
    first_year = min(p[0].year for p in points)
    last_year = max(p[0].year for p in points)
    x0, x1 = dt.date(first_year, 1, 1), dt.date(last_year + 1, 1, 1)
    values = [float(p[1]) for p in points]
    low, high = min(0.0, min(values)), max(values)
    if unit == Unit.PERCENTAGE:
        high = max(high, 100.0) if high > 60 else high
    step = _nice_step((high - low) or 1.0)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step if high > low else low + step

    def x(day: dt.date) -> float:
        return round(left + (width - left - right) * (day - x0).days / (x1 - x0).days, 1)

    def y(value) -> float:
        return round(top + (height - top - bottom) * (high - float(value)) / (high - low), 1)

    def place(items):
        return [{"x": x(d), "y": y(v), "kind": kind, "label": label}
                for d, v, kind, label in items]

    plan_points, actual_points = place(plan), place(actual)
    years = list(range(first_year, last_year + 1))
    every = 1 if len(years) <= 12 else 2
    y_ticks, tick = [], low
    while tick <= high + step / 1000:
        y_ticks.append({"y": y(tick), "label": _fmt(Decimal(str(round(tick, 6))), unit)})
        tick += step
    return {
        "width": width, "height": height, "left": left, "right": width - right, "top": top,
        "bottom": height - bottom,
        # A tick at each new year, the year's label in the middle of its span, so a
        # milestone due at the end of 2013 sits at the right edge of "2013".
        "x_ticks": [{"x": x(dt.date(year, 1, 1))} for year in [*years, last_year + 1]],
        "x_labels": [{"x": x(dt.date(year, 7, 2)), "label": str(year)}
                     for i, year in enumerate(years) if i % every == 0],
        "y_ticks": y_ticks,
        "plan": plan_points, "actual": actual_points,
        "plan_path": " ".join(f"{'M' if i == 0 else 'L'}{p['x']},{p['y']}"
                              for i, p in enumerate(plan_points)),
        "actual_path": " ".join(f"{'M' if i == 0 else 'L'}{p['x']},{p['y']}"
                                for i, p in enumerate(actual_points)),
        "description": "; ".join(p[3] for p in points) + ".",
    }


def _biennium_rows(indicator: Indicator, biennia) -> list[dict]:
    milestones = {m.biennium_id: m for m in indicator.milestones.all()}
    results = {r.biennium_id: r for r in indicator.current_results}
    return [{"biennium": b, "milestone": milestones.get(b.pk), "result": results.get(b.pk)}
            for b in biennia]


@login_required
def indicator_detail(request, pk: int):
    snapshot = selectors.current_snapshot()
    indicator = selectors.indicator_get(pk=pk, snapshot=snapshot)
    if indicator is None:
        raise Http404
    _require(request.user, indicator)
    user = request.user
    updates = list(indicator.updates.all())
    closed = selectors.closed_start_years()
    can_change = policy.can_change(user, indicator)
    for u in updates:
        u.locked = selectors.is_locked(u.date, closed)
        u.shown_value = _update_value(indicator, u)
        u.may_edit = (can_change and not u.locked
                      and u.status in (UpdateStatus.DRAFT, UpdateStatus.RETURNED))
        u.may_decide = (u.status == UpdateStatus.SUBMITTED and not u.locked
                        and services.may_decide(user, u))
    milestones = list(indicator.milestones.all())
    return render(request, "programmes/results/indicator_detail.html", {
        "indicator": indicator, "object": indicator, "cpo": indicator.cpo,
        "dwcp": indicator.cpo.dwcp, "snapshot": snapshot, "updates": updates,
        "rows": _biennium_rows(indicator, biennia_spanned(indicator.cpo.dwcp)),
        "revisions": list(indicator.revisions.all()),
        "chart": indicator_chart(indicator, milestones, updates),
        "can_change": can_change, "unit": indicator.unit,
        "end_target": _fmt(indicator.end_target, indicator.unit),
    })


def _update_value(indicator: Indicator, update: ProgressUpdate) -> str:
    """How an update's value reads: "45 %", "18 / 40 (45 %)", "Reached", "+12"."""
    if indicator.unit == Unit.QUALITATIVE:
        if update.reached is None:
            return "—"
        return _("Milestone reached") if update.reached else _("Milestone not reached")
    if update.value is None and update.numerator is not None:
        return f"{_fmt(update.numerator)} / {_fmt(update.denominator)} " \
               f"({_fmt(_measured(update), Unit.PERCENTAGE)})"
    text = _fmt(update.value, indicator.unit)
    return f"+{text}" if indicator.cumulative and update.value and update.value > 0 else text


# --- progress entry ------------------------------------------------------------------------

def _update_form_page(request, *, form, indicator, update=None):
    return render(request, "programmes/results/update_form.html", {
        "form": form, "indicator": indicator, "cpo": indicator.cpo, "dwcp": indicator.cpo.dwcp,
        "update": update, "title": (_("Edit progress update") if update
                                    else _("New progress update")),
        "cancel_url": _indicator_url(indicator.pk, "updates"),
    }, status=400 if form.has_errors() else 200)


def _saved_message(request, submitted: bool) -> None:
    messages.success(request, _("The update was submitted for approval.") if submitted
                     else _("The update was saved as a draft."))


@login_required
def update_create(request, pk: int):
    indicator = get_object_or_404(Indicator.objects.select_related("cpo__dwcp__country"), pk=pk)
    _require(request.user, indicator, change=True)
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
            apply_service_error(form, exc)
        else:
            _saved_message(request, submit)
            return redirect(_indicator_url(indicator.pk, "updates"))
    return _update_form_page(request, form=form, indicator=indicator)


def _load_update(request, pk: int) -> ProgressUpdate:
    update = selectors.update_get(pk=pk)
    if update is None:
        raise Http404
    _require(request.user, update)
    return update


@login_required
def update_edit(request, pk: int):
    update = _load_update(request, pk)
    _require(request.user, update, change=True)
    indicator = update.indicator
    if update.status not in (UpdateStatus.DRAFT, UpdateStatus.RETURNED):
        messages.error(request, _("Only a draft or a returned update can be edited."))
        return redirect(_indicator_url(indicator.pk, "updates"))
    form = ProgressUpdateForm(request.POST or None, request.FILES or None, indicator=indicator,
                              initial=ProgressUpdateForm.initial_for(update))
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == ProgressUpdateForm.SUBMIT
        try:
            services.progress_update_update(
                user=request.user, update=update, data=form.values(),
                disaggregation=form.disaggregation(),
                evidence_files=form.cleaned_data["evidence"],
                evidence_title=form.cleaned_data["evidence_title"], submit=submit)
        except ApplicationError as exc:
            apply_service_error(form, exc)
        else:
            _saved_message(request, submit)
            return redirect(_indicator_url(indicator.pk, "updates"))
    return _update_form_page(request, form=form, indicator=indicator, update=update)


@login_required
@require_POST
def update_submit(request, pk: int):
    update = _load_update(request, pk)
    _require(request.user, update, change=True)
    try:
        services.progress_update_submit(user=request.user, update=update)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        _saved_message(request, True)
    return redirect(_indicator_url(update.indicator_id, "updates"))


@login_required
def evidence_download(request, pk: int):
    evidence = get_object_or_404(
        EvidenceFile.objects.select_related("update__indicator__cpo__dwcp"), pk=pk)
    _require(request.user, evidence)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file is missing.")) from exc
    return FileResponse(handle, as_attachment=True,
                        filename=evidence.file.name.rsplit("/", 1)[-1])


# --- approving and returning ---------------------------------------------------------------

def _decided(request, update: ProgressUpdate, *, message: str, error: bool = False,
             return_form=None, status: int = 200):
    """After a decision: htmx gets the queue item again (in place), a plain POST goes back."""
    if request.htmx:
        update.shown_value = _update_value(update.indicator, update)
        return render(request, "programmes/results/_queue_item.html", {
            "u": update, "done": None if error else message, "error": message if error
            else None, "return_form": return_form or ReturnForm(auto_id=f"id_{update.pk}_%s"),
            "decide": error and update.status == UpdateStatus.SUBMITTED,
            "next": request.POST.get("next", "")})
    (messages.error if error else messages.success)(request, message)
    return redirect(_next_url(request, reverse("programmes:approval-queue")))


def _load_decidable(request, pk: int) -> ProgressUpdate:
    update = _load_update(request, pk)
    if not services.may_decide(request.user, update):
        raise PermissionDenied
    return update


@login_required
@require_POST
def update_approve(request, pk: int):
    update = _load_decidable(request, pk)
    try:
        update = services.progress_update_approve(user=request.user, update=update)
    except ApplicationError as exc:
        return _decided(request, _load_update(request, pk), message=exc.message, error=True)
    return _decided(request, update, message=_("Update of %(code)s dated %(date)s approved.")
                    % {"code": update.indicator.code, "date": update.date})


@login_required
def update_return(request, pk: int):
    update = _load_decidable(request, pk)
    form = ReturnForm(request.POST or None, auto_id=f"id_{update.pk}_%s")
    if request.method == "POST":
        if form.is_valid():
            try:
                update = services.progress_update_return(
                    user=request.user, update=update, comment=form.cleaned_data["comment"])
            except ApplicationError as exc:
                apply_service_error(form, exc)
            else:
                return _decided(request, update,
                                message=_("Update of %(code)s returned to its author.")
                                % {"code": update.indicator.code})
        if request.htmx:
            return _decided(request, update, message=_("The update was not returned."),
                            error=True, return_form=form)
    update.shown_value = _update_value(update.indicator, update)
    return render(request, "programmes/results/return_form.html", {
        "u": update, "form": form, "indicator": update.indicator,
        "next": _next_url(request, reverse("programmes:approval-queue")),
    }, status=400 if form.errors else 200)


@login_required
def approval_queue(request):
    user = request.user
    if not (_is_manager(user) or user.role == Role.FIELD_STAFF):
        raise PermissionDenied
    page = Paginator(selectors.approval_queue(user=user, filters=request.GET),
                     QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    own = list(selectors.own_submissions(user=user)[:QUEUE_PAGE_SIZE])
    for u in [*page.object_list, *own]:
        u.shown_value = _update_value(u.indicator, u)
        u.return_form = ReturnForm(auto_id=f"id_{u.pk}_%s")
    return render(request, "programmes/results/approval_queue.html", {
        "page_obj": page, "own": own, "next": request.get_full_path(),
    })


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
        "regions": selectors.regions(), "is_manager": _is_manager(request.user),
        "column_labels": _labels(overview.columns),
        "subject": request.GET.get("subject") or "indicator",
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
    if not _is_manager(request.user):
        raise PermissionDenied
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.biennium_reopen(user=request.user, biennium=biennium,
                                     reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            apply_service_error(form, exc)
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
    country = get_object_or_404(Country.objects.select_related("region"), pk=pk)
    _require(request.user, country)
    return _dashboard(request, country)


@login_required
def dwcp_results(request, pk: int):
    dwcp = get_object_or_404(Dwcp.objects.select_related("country__region"), pk=pk)
    _require(request.user, dwcp)
    return _dashboard(request, dwcp.country, dwcp)


urlpatterns = [
    path("cpos/<int:pk>/indicators/", cpo_indicators, name="cpo-indicators"),
    path("cpos/<int:pk>/indicators/new/", indicator_create, name="indicator-create"),
    path("indicators/<int:pk>/", indicator_detail, name="indicator-detail"),
    path("indicators/<int:pk>/edit/", indicator_edit, name="indicator-edit"),
    path("indicators/<int:pk>/updates/new/", update_create, name="update-create"),
    path("updates/<int:pk>/edit/", update_edit, name="update-edit"),
    path("updates/<int:pk>/submit/", update_submit, name="update-submit"),
    path("updates/<int:pk>/approve/", update_approve, name="update-approve"),
    path("updates/<int:pk>/return/", update_return, name="update-return"),
    path("evidence/<int:pk>/", evidence_download, name="evidence-download"),
    path("approvals/", approval_queue, name="approval-queue"),
    path("results/", results_overview, name="results-overview"),
    path("results/biennia/<int:pk>/close/", biennium_close, name="biennium-close"),
    path("results/biennia/<int:pk>/reopen/", biennium_reopen, name="biennium-reopen"),
    path("results/countries/<int:pk>/", country_results, name="country-results"),
    path("dwcps/<int:pk>/results/", dwcp_results, name="dwcp-results"),
]
