"""Pages of capacity development plans: list, a plan with its items (needs → planned
interventions), create/edit of a plan and of its items."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import access, policy
from core.exports import Column, ListExport
from core.pages import form_page, list_page
from core.routing import object_urls, page_url_of

from .. import selectors
from ..filters import PlanFilter
from ..forms import ConstituentChoiceForm, PlanForm, PlanItemForm
from ..models import CapacityDevelopmentPlan, PlanItem
from ..services import plans as services
from ._common import constituent_to_record_for

_PLANS = CapacityDevelopmentPlan.objects.select_related("constituent__country")


detail_url = page_url_of("capacity:plan-detail")


PLANS_EXPORT = ListExport("capacity-plans", [
    Column(gettext_lazy("Plan"), "title"),
    Column(gettext_lazy("Constituent"), "constituent.name"),
    Column(gettext_lazy("Country"), "constituent.country.label"),
    Column(gettext_lazy("Start date"), "start_date"),
    Column(gettext_lazy("End date"), "end_date"),
    Column(gettext_lazy("Planned interventions"), "item_count"),
    Column(gettext_lazy("Status"), "get_status_display"),
])


@login_required
def plan_list(request):
    return list_page(request, selectors.plan_list_filtered(user=request.user, filters=request.GET),
                     template="capacity/plan_list.html", filter=PlanFilter(request.GET),
                     regions=False, export=PLANS_EXPORT, context={
                         "can_create": policy.may_change_any(request.user,
                                                             CapacityDevelopmentPlan)})


@login_required
def plan_detail(request, pk: int):
    can_change = access.load(request.user, CapacityDevelopmentPlan.objects.select_related(
        "constituent"), pk=pk).may_change
    plan = selectors.plan_detail(user=request.user, pk=pk)
    return render(request, "capacity/plan_detail.html", {
        "plan": plan, "object": plan, "items": list(plan.items.all()), "can_change": can_change,
    })


def _plan_form_page(request, *, form, save, done_url, done_message, title, cancel_url,
                    constituent, plan=None):
    return form_page(request, form=form, save=save, done_url=done_url,
                     done_message=done_message, template="capacity/plan_form.html",
                     invalid_status=400, context={"title": title, "cancel_url": cancel_url,
                                                  "constituent": constituent, "plan": plan})


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
    constituent = constituent_to_record_for(user, CapacityDevelopmentPlan, raw)
    form = PlanForm(request.POST or None,
                    dwcps=selectors.dwcps_of_country(country_id=constituent.country_id))
    return _plan_form_page(
        request, form=form, title=_("New capacity development plan"),
        save=lambda data: services.plan_create(user=user, constituent=constituent,
                                               **form.values()),
        done_url=lambda plan: detail_url(plan.pk),
        done_message=_("The plan was created: add the planned interventions."),
        cancel_url=reverse("capacity:plan-list"), constituent=constituent)


@login_required
def plan_edit(request, pk: int):
    plan = access.load(request.user, _PLANS, pk=pk, change=True).obj
    form = PlanForm(request.POST or None, edit=True,
                    dwcps=selectors.dwcps_of_country(country_id=plan.constituent.country_id),
                    initial={n: getattr(plan, n) for n in PlanForm.FIELDS})
    return _plan_form_page(
        request, form=form, title=_("Edit capacity development plan"),
        save=lambda data: services.plan_update(user=request.user, plan=plan,
                                               data=form.values(),
                                               reason=data.get("reason", "")),
        done_url=detail_url(pk), done_message=_("The plan was saved."),
        cancel_url=detail_url(pk), constituent=plan.constituent, plan=plan)


def _item_form(plan, data=None, *, initial=None, edit=False) -> PlanItemForm:
    return PlanItemForm(data, needs=selectors.needs_for_plan(plan=plan),
                        interventions=selectors.interventions_for_plan(plan=plan),
                        initial=initial, edit=edit)


def _item_page(request, *, form, plan, title, save, done_message, item=None):
    return form_page(request, form=form, save=save, done_url=detail_url(plan.pk, "items"),
                     done_message=done_message, template="capacity/plan_item_form.html",
                     invalid_status=400, context={"plan": plan, "item": item, "title": title,
                                                  "cancel_url": detail_url(plan.pk, "items")})


@login_required
def plan_item_create(request, pk: int):
    plan = access.load(request.user, _PLANS, pk=pk, change=True).obj
    form = _item_form(plan, request.POST or None)
    return _item_page(request, form=form, plan=plan, title=_("Add a planned intervention"),
                      save=lambda data: services.plan_item_create(
                          user=request.user, plan=plan, needs=data["needs"], **form.values()),
                      done_message=_("The planned intervention was added."))


@login_required
def plan_item_edit(request, pk: int):
    item = access.load(request.user, PlanItem.objects.select_related(
        "plan__constituent__country"), pk=pk, change=True).obj
    initial = {n: getattr(item, n) for n in PlanItemForm.FIELDS}
    initial["needs"] = list(item.needs.all())
    form = _item_form(item.plan, request.POST or None, initial=initial, edit=True)
    if request.method == "POST" and request.POST.get("delete"):
        services.plan_item_delete(user=request.user, item=item)
        messages.success(request, _("The planned intervention was removed."))
        return redirect(detail_url(item.plan_id, "items"))
    return _item_page(request, form=form, plan=item.plan, item=item,
                      title=_("Edit planned intervention"),
                      save=lambda data: services.plan_item_update(
                          user=request.user, item=item, data=form.values(), needs=data["needs"],
                          reason=data.get("reason", "")),
                      done_message=_("The planned intervention was saved."))


urlpatterns = [
    *object_urls("plans", "plan", list=plan_list, create=plan_create, detail=plan_detail,
                 edit=plan_edit),
    *object_urls("plan-items", "plan-item", create=plan_item_create,
                 create_under="plans/<int:pk>/items/new/", edit=plan_item_edit),
]
