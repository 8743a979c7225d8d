"""Pages of UN frameworks (UNDAF / Cooperation Framework) and national development plans:
lists, detail pages, and the forms for frameworks, their outcomes, the outcomes' alignment
with DWCP priorities, plans and their priorities.

Everyone signed in sees what :mod:`core.policy` lets them view; only those who may change the
object (field staff of its country, administrators) reach the forms, others get 403. Writes
go through :mod:`programmes.services.unframeworks`, which refuses bad input with field
errors (shown next to the field) and writes all or nothing."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import access, policy
from core.exports import Column, ListExport
from core.pages import delete_page, form_page, list_page
from core.routing import object_urls, page_url_of
from programmes.filters.frameworks import DevelopmentPlanFilter, UNFrameworkFilter
from programmes.forms.frameworks import (
    AlignmentForm,
    DevelopmentPlanForm,
    NationalPriorityForm,
    UNFrameworkForm,
    UNOutcomeForm,
)
from programmes.models import (
    NationalDevelopmentPlan,
    NationalPriority,
    UNFramework,
    UNFrameworkOutcome,
)
from programmes.selectors import unframeworks as selectors
from programmes.services import unframeworks as services

TEMPLATES = "programmes/unframeworks"
_FRAMEWORKS = UNFramework.objects.select_related("country")


_framework_url = page_url_of("programmes:unframework-detail")


_plan_url = page_url_of("programmes:development-plan-detail")


def _form_page(request, *, context: dict, template: str = "form.html", **kwargs):
    return form_page(request, template=f"{TEMPLATES}/{template}", context=context, **kwargs)


def _delete_page(request, *, target, parent_title: str, done_url: str, **kwargs):
    return delete_page(request, done_url=done_url, template=f"{TEMPLATES}/confirm_delete.html",
                       context={"target": target, "parent_title": parent_title,
                                "cancel_url": done_url}, **kwargs)


def _new_form(request, model, form_class):
    """The form of a new ``model`` record: the countries the user may record one in (403
    without any), the one the address asks for (``?country=ISO3``) chosen."""
    countries = selectors.countries_for_new(user=request.user, model=model)
    if not countries.exists():
        raise PermissionDenied
    iso3 = request.GET.get("country", "")
    country = countries.filter(iso3__iexact=iso3).first() if iso3 else None
    return form_class(request.POST or None, countries=countries,
                      initial={"country": country} if country else {})


def _list_page(request, model, rows, *, filter, template: str, export: ListExport, **context):
    may_create = selectors.countries_for_new(user=request.user, model=model).exists()
    return list_page(request, rows, template=f"{TEMPLATES}/{template}", filter=filter,
                     export=export, context={**context, "can_create": may_create})


def _place_columns() -> list[Column]:
    return [Column(gettext_lazy("Country"), "country.label"),
            Column(gettext_lazy("Region"), "country.region.label"),
            Column(gettext_lazy("Start year"), "start_year"),
            Column(gettext_lazy("End year"), "end_year")]


UNFRAMEWORKS_EXPORT = ListExport("un-frameworks", [
    Column(gettext_lazy("Framework"), "title"),
    Column(gettext_lazy("Kind"), "get_kind_display"),
    *_place_columns(),
    Column(gettext_lazy("Outcomes"), "outcome_count"),
])
DEVELOPMENT_PLANS_EXPORT = ListExport("national-development-plans", [
    Column(gettext_lazy("Plan"), "title"),
    *_place_columns(),
    Column(gettext_lazy("Priorities"), "priority_count"),
])


# --- UN frameworks --------------------------------------------------------------------------

@login_required
def unframework_list(request):
    return _list_page(request, UNFramework,
                      selectors.unframework_list(user=request.user, filters=request.GET),
                      filter=UNFrameworkFilter(request.GET), template="list.html",
                      export=UNFRAMEWORKS_EXPORT, kind_choices=UNFramework.Kind.choices)


@login_required
def unframework_create(request):
    form = _new_form(request, UNFramework, UNFrameworkForm)

    def save(data):
        return services.unframework_create(
            country=data["country"], kind=data["kind"], title=data["title"],
            start_year=data["start_year"], end_year=data["end_year"],
            signed_date=data["signed_date"], reason=data["reason"], user=request.user)

    return _form_page(request, form=form, save=save, done_url=lambda f: _framework_url(f.pk),
                      done_message=_("The UN framework was recorded. Add its outcomes."),
                      context={"title": _("New UN framework"),
                               "cancel_url": reverse("programmes:unframework-list")})


@login_required
def unframework_detail(request, pk: int):
    try:
        framework = selectors.unframework_detail(pk=pk)
    except UNFramework.DoesNotExist as exc:
        raise Http404 from exc
    can_change = access.check(request.user, framework).may_change
    return render(request, f"{TEMPLATES}/detail.html", {
        "framework": framework, "object": framework, "can_change": can_change,
        "plans": selectors.development_plans_for_framework(framework=framework),
        "can_add_plan": policy.can_create(request.user, NationalDevelopmentPlan,
                                          country_id=framework.country_id),
    })


@login_required
def unframework_edit(request, pk: int):
    framework = access.load(request.user, _FRAMEWORKS, pk=pk, change=True).obj
    form = UNFrameworkForm(request.POST or None, editing=True,
                           initial=UNFrameworkForm.initial_for(framework))

    def save(data):
        return services.unframework_update(
            framework=framework, kind=data["kind"], title=data["title"],
            start_year=data["start_year"], end_year=data["end_year"],
            signed_date=data["signed_date"], reason=data["reason"], user=request.user)

    return _form_page(request, form=form, save=save, done_url=_framework_url(pk),
                      done_message=_("The UN framework was saved."),
                      context={"title": _("Edit UN framework"), "framework": framework,
                               "object": framework, "editing": True,
                               "cancel_url": _framework_url(pk)})


# --- outcomes and their alignment with DWCP priorities --------------------------------------

@login_required
def un_outcome_create(request, pk: int):
    framework = access.load(request.user, _FRAMEWORKS, pk=pk, change=True).obj
    form = UNOutcomeForm(request.POST or None)

    def save(data):
        return services.un_outcome_create(
            framework=framework, code=data["code"], title=data["title"],
            ilo_role=data["ilo_role"],
            social_partner_participation=data["social_partner_participation"],
            reason=data["reason"], user=request.user)

    return _form_page(request, form=form, save=save,
                      done_url=lambda o: _framework_url(pk, f"outcome-{o.pk}"),
                      done_message=_("Outcome added."),
                      context={"title": _("Add an outcome"), "framework": framework,
                               "cancel_url": _framework_url(pk, "outcomes")})


_OUTCOMES = UNFrameworkOutcome.objects.select_related("framework__country")


@login_required
def un_outcome_edit(request, pk: int):
    outcome = access.load(request.user, _OUTCOMES, pk=pk, change=True).obj
    form = UNOutcomeForm(request.POST or None, initial=UNOutcomeForm.initial_for(outcome))

    def save(data):
        return services.un_outcome_update(
            outcome=outcome, code=data["code"], title=data["title"], ilo_role=data["ilo_role"],
            social_partner_participation=data["social_partner_participation"],
            reason=data["reason"], user=request.user)

    done = _framework_url(outcome.framework_id, f"outcome-{pk}")
    return _form_page(request, form=form, save=save, done_url=done,
                      done_message=_("Outcome saved."),
                      context={"title": _("Edit outcome %(code)s") % {"code": outcome.code},
                               "framework": outcome.framework, "object": outcome,
                               "editing": True, "cancel_url": done})


@login_required
def un_outcome_delete(request, pk: int):
    outcome = access.load(request.user, _OUTCOMES, pk=pk, change=True).obj
    return _delete_page(
        request, target=outcome, parent_title=str(outcome.framework),
        delete=lambda reason: services.un_outcome_delete(outcome=outcome, reason=reason,
                                                         user=request.user),
        done_url=_framework_url(outcome.framework_id, "outcomes"),
        done_message=_("Outcome deleted."))


@login_required
def un_outcome_alignments(request, pk: int):
    """How far the outcome reflects each priority of the country's DWCPs in force during the
    framework's period; one form, saved all or nothing."""
    outcome = access.load(request.user, _OUTCOMES, pk=pk, change=True).obj
    priorities = selectors.alignable_priorities(framework=outcome.framework)
    form = AlignmentForm(request.POST or None, priorities=priorities,
                         alignments=list(outcome.alignments.all()))

    def save(data):
        return services.un_outcome_set_alignments(
            un_outcome=outcome, reflections=form.reflections(), reason=data["reason"],
            user=request.user)

    done = _framework_url(outcome.framework_id, f"outcome-{pk}")
    return _form_page(request, form=form, save=save, done_url=done,
                      done_message=_("Alignment with DWCP priorities saved."),
                      template="alignments_form.html",
                      context={"title": _("Alignment of outcome %(code)s with DWCP priorities")
                               % {"code": outcome.code},
                               "framework": outcome.framework, "outcome": outcome,
                               "cancel_url": done})


# --- national development plans -------------------------------------------------------------

@login_required
def development_plan_list(request):
    return _list_page(request, NationalDevelopmentPlan,
                      selectors.development_plan_list(user=request.user, filters=request.GET),
                      filter=DevelopmentPlanFilter(request.GET), template="plan_list.html",
                      export=DEVELOPMENT_PLANS_EXPORT)


@login_required
def development_plan_create(request):
    form = _new_form(request, NationalDevelopmentPlan, DevelopmentPlanForm)

    def save(data):
        return services.development_plan_create(
            country=data["country"], title=data["title"], start_year=data["start_year"],
            end_year=data["end_year"], reason=data["reason"], user=request.user)

    return _form_page(request, form=form, save=save, done_url=lambda p: _plan_url(p.pk),
                      done_message=_("The national development plan was recorded."),
                      context={"title": _("New national development plan"), "plan_page": True,
                               "cancel_url": reverse("programmes:development-plan-list")})


@login_required
def development_plan_detail(request, pk: int):
    try:
        plan = selectors.development_plan_detail(pk=pk)
    except NationalDevelopmentPlan.DoesNotExist as exc:
        raise Http404 from exc
    can_change = access.check(request.user, plan).may_change
    return render(request, f"{TEMPLATES}/plan_detail.html", {
        "plan": plan, "object": plan, "can_change": can_change,
        "frameworks": selectors.unframeworks_for_plan(plan=plan),
    })


_PLANS = NationalDevelopmentPlan.objects.select_related("country")


@login_required
def development_plan_edit(request, pk: int):
    plan = access.load(request.user, _PLANS, pk=pk, change=True).obj
    form = DevelopmentPlanForm(request.POST or None, editing=True,
                               initial=DevelopmentPlanForm.initial_for(plan))

    def save(data):
        return services.development_plan_update(
            plan=plan, title=data["title"], start_year=data["start_year"],
            end_year=data["end_year"], reason=data["reason"], user=request.user)

    return _form_page(request, form=form, save=save, done_url=_plan_url(pk),
                      done_message=_("The national development plan was saved."),
                      context={"title": _("Edit national development plan"), "plan": plan,
                               "object": plan, "editing": True, "cancel_url": _plan_url(pk)})


@login_required
def national_priority_create(request, pk: int):
    plan = access.load(request.user, _PLANS, pk=pk, change=True).obj
    form = NationalPriorityForm(request.POST or None)

    def save(data):
        return services.national_priority_create(plan=plan, code=data["code"],
                                                 title=data["title"], reason=data["reason"],
                                                 user=request.user)

    return _form_page(request, form=form, save=save, done_url=_plan_url(pk, "priorities"),
                      done_message=_("Priority added."),
                      context={"title": _("Add a national priority"), "plan": plan,
                               "cancel_url": _plan_url(pk, "priorities")})


_NATIONAL_PRIORITIES = NationalPriority.objects.select_related("plan__country")


@login_required
def national_priority_edit(request, pk: int):
    priority = access.load(request.user, _NATIONAL_PRIORITIES, pk=pk, change=True).obj
    form = NationalPriorityForm(request.POST or None,
                                initial=NationalPriorityForm.initial_for(priority))

    def save(data):
        return services.national_priority_update(priority=priority, code=data["code"],
                                                 title=data["title"], reason=data["reason"],
                                                 user=request.user)

    done = _plan_url(priority.plan_id, "priorities")
    return _form_page(request, form=form, save=save, done_url=done,
                      done_message=_("Priority saved."),
                      context={"title": _("Edit national priority"), "plan": priority.plan,
                               "object": priority, "editing": True, "cancel_url": done})


@login_required
def national_priority_delete(request, pk: int):
    priority = access.load(request.user, _NATIONAL_PRIORITIES, pk=pk, change=True).obj
    return _delete_page(
        request, target=priority, parent_title=str(priority.plan),
        delete=lambda reason: services.national_priority_delete(
            priority=priority, reason=reason, user=request.user),
        done_url=_plan_url(priority.plan_id, "priorities"),
        done_message=_("Priority deleted."))


urlpatterns = [
    *object_urls("un-frameworks", "unframework", list=unframework_list,
                 create=unframework_create, detail=unframework_detail, edit=unframework_edit),
    *object_urls("un-outcomes", "un-outcome", create=un_outcome_create,
                 create_under="un-frameworks/<int:pk>/outcomes/new/", edit=un_outcome_edit,
                 delete=un_outcome_delete),
    path("un-outcomes/<int:pk>/alignments/", un_outcome_alignments,
         name="un-outcome-alignments"),
    *object_urls("development-plans", "development-plan", list=development_plan_list,
                 create=development_plan_create, detail=development_plan_detail,
                 edit=development_plan_edit),
    *object_urls("national-priorities", "national-priority", create=national_priority_create,
                 create_under="development-plans/<int:pk>/priorities/new/",
                 edit=national_priority_edit, delete=national_priority_delete),
]
