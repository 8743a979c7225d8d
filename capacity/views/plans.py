"""Pages of capacity development plans: list, a plan with its items (needs → planned
interventions), create/edit of a plan and of its items."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from constituents.models import Constituent
from core import access, policy
from core.errors import ApplicationError, show_on_form
from core.routing import object_urls

from .. import selectors
from ..filters import PlanFilter
from ..forms import ConstituentChoiceForm, PlanForm, PlanItemForm
from ..models import CapacityDevelopmentPlan, PlanItem
from ..services import plans as services
from ._common import page_of

_PLANS = CapacityDevelopmentPlan.objects.select_related("constituent__country")


def detail_url(pk: int, anchor: str = "") -> str:
    url = reverse("capacity:plan-detail", args=[pk])
    return f"{url}#{anchor}" if anchor else url


@login_required
def plan_list(request):
    return render(request, "capacity/plan_list.html", {
        "filter": PlanFilter(request.GET),
        "page_obj": page_of(request, selectors.plan_list_filtered(user=request.user,
                                                                  filters=request.GET)),
        "can_create": policy.may_change_any(request.user, CapacityDevelopmentPlan),
    })


@login_required
def plan_detail(request, pk: int):
    can_change = access.load(request.user, CapacityDevelopmentPlan.objects.select_related(
        "constituent"), pk=pk).may_change
    plan = selectors.plan_detail(user=request.user, pk=pk)
    return render(request, "capacity/plan_detail.html", {
        "plan": plan, "object": plan, "items": list(plan.items.all()), "can_change": can_change,
    })


def _plan_form_page(request, *, form, title, cancel_url, constituent, plan=None):
    return render(request, "capacity/plan_form.html", {
        "form": form, "title": title, "cancel_url": cancel_url, "constituent": constituent,
        "plan": plan,
    }, status=400 if form.is_bound and form.errors else 200)


@login_required
def plan_create(request):
    user = request.user
    if not policy.may_change_any(user, CapacityDevelopmentPlan):
        raise PermissionDenied
    raw = request.GET.get("constituent", "")
    if not raw.isdigit():
        choose = ConstituentChoiceForm(
            request.GET or None,
            constituents=selectors.constituents_for_new(user=user,
                                                        model=CapacityDevelopmentPlan),
            help_text=_("The organization whose plan this is."))
        return render(request, "capacity/plan_start.html", {"form": choose})
    constituent = get_object_or_404(Constituent.objects.select_related("country"), pk=raw)
    if not policy.can_create(user, CapacityDevelopmentPlan, country_id=constituent.country_id,
                             group=constituent.group):
        raise PermissionDenied
    form = PlanForm(request.POST or None,
                    dwcps=selectors.dwcps_of_country(country_id=constituent.country_id))
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(user=user, constituent=constituent, **form.values())
        except ApplicationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("The plan was created: add the planned "
                                        "interventions."))
            return redirect(detail_url(plan.pk))
    return _plan_form_page(request, form=form, title=_("New capacity development plan"),
                           cancel_url=reverse("capacity:plan-list"), constituent=constituent)


@login_required
def plan_edit(request, pk: int):
    plan = access.load(request.user, _PLANS, pk=pk, change=True).obj
    form = PlanForm(request.POST or None, edit=True,
                    dwcps=selectors.dwcps_of_country(country_id=plan.constituent.country_id),
                    initial={n: getattr(plan, n) for n in PlanForm.FIELDS})
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(user=request.user, plan=plan, data=form.values(),
                                 reason=form.cleaned_data.get("reason", ""))
        except ApplicationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect(detail_url(pk))
    return _plan_form_page(request, form=form, title=_("Edit capacity development plan"),
                           cancel_url=detail_url(pk), constituent=plan.constituent, plan=plan)


def _item_form(plan, data=None, *, initial=None, edit=False) -> PlanItemForm:
    return PlanItemForm(data, needs=selectors.needs_for_plan(plan=plan),
                        interventions=selectors.interventions_for_plan(plan=plan),
                        initial=initial, edit=edit)


def _item_page(request, *, form, plan, title, item=None):
    return render(request, "capacity/plan_item_form.html", {
        "form": form, "plan": plan, "item": item, "title": title,
        "cancel_url": detail_url(plan.pk, "items"),
    }, status=400 if form.is_bound and form.errors else 200)


@login_required
def plan_item_create(request, pk: int):
    plan = access.load(request.user, _PLANS, pk=pk, change=True).obj
    form = _item_form(plan, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_item_create(user=request.user, plan=plan,
                                      needs=form.cleaned_data["needs"], **form.values())
        except ApplicationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("The planned intervention was added."))
            return redirect(detail_url(pk, "items"))
    return _item_page(request, form=form, plan=plan, title=_("Add a planned intervention"))


@login_required
def plan_item_edit(request, pk: int):
    item = access.load(request.user, PlanItem.objects.select_related(
        "plan__constituent__country"), pk=pk, change=True).obj
    initial = {n: getattr(item, n) for n in PlanItemForm.FIELDS}
    initial["needs"] = list(item.needs.all())
    form = _item_form(item.plan, request.POST or None, initial=initial, edit=True)
    if request.method == "POST":
        if request.POST.get("delete"):
            services.plan_item_delete(user=request.user, item=item)
            messages.success(request, _("The planned intervention was removed."))
            return redirect(detail_url(item.plan_id, "items"))
        if form.is_valid():
            try:
                services.plan_item_update(user=request.user, item=item, data=form.values(),
                                          needs=form.cleaned_data["needs"],
                                          reason=form.cleaned_data.get("reason", ""))
            except ApplicationError as exc:
                show_on_form(form, exc)
            else:
                messages.success(request, _("The planned intervention was saved."))
                return redirect(detail_url(item.plan_id, "items"))
    return _item_page(request, form=form, plan=item.plan, item=item,
                      title=_("Edit planned intervention"))


urlpatterns = [
    *object_urls("plans", "plan", list=plan_list, create=plan_create, detail=plan_detail,
                 edit=plan_edit),
    *object_urls("plan-items", "plan-item", create=plan_item_create,
                 create_under="plans/<int:pk>/items/new/", edit=plan_item_edit),
]
