"""A CPO's indicators, indicator create/edit with biennial milestones, and the indicator page
(definition, milestones and revisions, computed results, chart, updates)."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from core import access, policy
from core.conflicts import EditGuard
from core.errors import ApplicationError, show_on_form
from core.routing import object_urls
from programmes.forms.indicators import IndicatorForm
from programmes.models import Indicator, UpdateStatus
from programmes.selectors import results as selectors
from programmes.services import indicators as services
from programmes.services.framework import biennia_spanned
from programmes.views.results._common import fmt, indicator_url, update_value
from programmes.views.results.chart import indicator_chart

# --- a CPO's indicators --------------------------------------------------------------------

@login_required
def cpo_indicators(request, pk: int):
    """The indicators of a CPO with their status per biennium. ``?fragment=1`` (or htmx):
    the list only, for the CPO page to load in place."""
    cpo, can_change = access.check(request.user, selectors.cpo_get(pk=pk))
    snapshot = selectors.current_snapshot()
    context = {"cpo": cpo, "dwcp": cpo.dwcp, "snapshot": snapshot,
               "indicators": selectors.cpo_indicators(cpo=cpo, snapshot=snapshot),
               "can_change": can_change}
    if request.GET.get("fragment") or request.htmx:
        return render(request, "programmes/results/_cpo_indicators.html", context)
    return render(request, "programmes/results/cpo_indicators.html", context)


# --- indicator create / edit ---------------------------------------------------------------

def _indicator_form_page(request, *, form, cpo, title: str, cancel_url: str, indicator=None,
                         guard=None):
    return render(request, "programmes/results/indicator_form.html", {
        "form": form, "cpo": cpo, "dwcp": cpo.dwcp, "indicator": indicator, "title": title,
        "cancel_url": cancel_url, "version_guard": guard}, status=400 if form.errors else 200)


@login_required
def indicator_create(request, pk: int):
    cpo = access.check(request.user, selectors.cpo_get(pk=pk), change=True).obj
    form = IndicatorForm(request.POST or None, cpo=cpo, biennia=biennia_spanned(cpo.dwcp),
                         initial={"code": ""})
    if request.method == "POST" and form.is_valid():
        data = form.indicator_data()
        try:
            indicator = services.indicator_create(
                user=request.user, cpo=cpo, code=data.pop("code"), title=data.pop("title"),
                milestones=form.milestones(), **data)
        except ApplicationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("Indicator %(code)s was added.")
                             % {"code": indicator.code})
            return redirect(indicator_url(indicator.pk))
    return _indicator_form_page(request, form=form, cpo=cpo,
                                title=_("New indicator for %(cpo)s") % {"cpo": cpo.code},
                                cancel_url=reverse("programmes:cpo-indicators", args=[cpo.pk]))


@login_required
def indicator_edit(request, pk: int):
    indicator = access.load(
        request.user,
        Indicator.objects.select_related("cpo__dwcp__country").prefetch_related("milestones"),
        pk=pk, change=True).obj
    cpo = indicator.cpo
    form = IndicatorForm(request.POST or None, instance=indicator, cpo=cpo,
                         biennia=biennia_spanned(cpo.dwcp),
                         milestones=indicator.milestones.all())
    form.fields["code"].required = True
    guard = EditGuard(request, indicator)  # its milestones are edited with it
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data.get("reason", "")
        try:
            guard.save(services.indicator_save)(user=request.user, indicator=indicator,
                                                data=form.indicator_data(),
                                                milestones=form.changed_milestones(),
                                                reason=reason)
        except ApplicationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("The indicator was saved."))
            return redirect(indicator_url(indicator.pk))
    return _indicator_form_page(request, form=form, cpo=cpo, indicator=indicator,
                                title=_("Edit indicator %(code)s") % {"code": indicator.code},
                                cancel_url=indicator_url(indicator.pk), guard=guard)


def _biennium_rows(indicator: Indicator, biennia) -> list[dict]:
    milestones = {m.biennium_id: m for m in indicator.milestones.all()}
    results = {r.biennium_id: r for r in indicator.current_results}
    return [{"biennium": b, "milestone": milestones.get(b.pk), "result": results.get(b.pk)}
            for b in biennia]


@login_required
def indicator_detail(request, pk: int):
    snapshot = selectors.current_snapshot()
    user = request.user
    indicator, can_change = access.check(user, selectors.indicator_get(pk=pk,
                                                                     snapshot=snapshot))
    updates = list(indicator.updates.all())
    closed = selectors.closed_start_years()
    for u in updates:
        u.locked = selectors.is_locked(u.date, closed)
        u.shown_value = update_value(indicator, u)
        u.may_edit = (can_change and not u.locked
                      and u.status in (UpdateStatus.DRAFT, UpdateStatus.RETURNED))
        u.may_decide = (u.status == UpdateStatus.SUBMITTED and not u.locked
                        and policy.DECIDE_PROGRESS_UPDATE.allows(user, u))
    milestones = list(indicator.milestones.all())
    return render(request, "programmes/results/indicator_detail.html", {
        "indicator": indicator, "object": indicator, "cpo": indicator.cpo,
        "dwcp": indicator.cpo.dwcp, "snapshot": snapshot, "updates": updates,
        "rows": _biennium_rows(indicator, biennia_spanned(indicator.cpo.dwcp)),
        "revisions": list(indicator.revisions.all()),
        "chart": indicator_chart(indicator, milestones, updates),
        "can_change": can_change, "unit": indicator.unit,
        "end_target": fmt(indicator.end_target, indicator.unit),
    })




urlpatterns = [
    path("cpos/<int:pk>/indicators/", cpo_indicators, name="cpo-indicators"),
    *object_urls("indicators", "indicator", create=indicator_create,
                 create_under="cpos/<int:pk>/indicators/new/", detail=indicator_detail,
                 edit=indicator_edit),
]
