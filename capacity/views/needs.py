"""Pages of capacity needs: list with filters, the bureaux' review queue with bulk actions
(all or none, through the services' bulk function), a need's page with its review history and
next steps, create (for an organization) and edit."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from constituents.models import Constituent
from core import access, policy
from core.conflicts import EditGuard
from core.errors import ApplicationError, show_on_form
from core.exports import Column, ListExport
from core.pages import form_page, list_page
from core.routing import object_urls, page_url_of

from .. import selectors
from ..filters import NeedFilter, QueueFilter
from ..forms import BulkReviewForm, NeedForm, NeedTransitionForm
from ..models import AssessmentDimension, CapacityNeed, NeedStatus
from ..services import needs as services
from ._common import constituent_to_record_for, page_of

QUEUE_PAGE_SIZE = 50


detail_url = page_url_of("capacity:need-detail")


NEEDS_EXPORT = ListExport("capacity-needs", [
    Column(gettext_lazy("Need"), "description"),
    Column(gettext_lazy("Constituent"), "constituent.name"),
    Column(gettext_lazy("Country"), "constituent.country.label"),
    Column(gettext_lazy("Level"), "get_level_display"),
    Column(gettext_lazy("Type"), "get_capacity_type_display"),
    Column(gettext_lazy("Technical area"), "get_technical_area_display"),
    Column(gettext_lazy("Priority"), "get_priority_display"),
    Column(gettext_lazy("State"), "get_status_display"),
])


@login_required
def need_list(request):
    return list_page(request, selectors.need_list_filtered(user=request.user, filters=request.GET),
                     template="capacity/need_list.html", filter=NeedFilter(request.GET),
                     regions=False, export=NEEDS_EXPORT)


# --- the review queue ---------------------------------------------------------------------

@login_required
def need_queue(request):
    """Needs waiting for the user's bureau: ACT/EMP employers', ACTRAV workers', field staff
    the government needs of their countries. Several can be moved at once."""
    user = request.user
    policy.REVIEW_NEED.require(user)
    queue = selectors.need_review_queue_filtered(user=user, filters=request.GET)
    form = BulkReviewForm(request.POST or None, needs=selectors.need_list(user=user),
                          initial={"effective_date": timezone.localdate()})
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                moved = services.needs_transition_bulk(
                    user=user, needs=data["needs"], to_status=data["to_status"],
                    effective_date=data["effective_date"], note=data["note"])
            except ApplicationError as exc:
                # The needs that cannot move are listed beside each need, not on the field.
                problems = exc.field_errors.pop("needs", [])
                show_on_form(form, exc)
            else:
                messages.success(request, ngettext(
                    "%(n)s need is now %(s)s.", "%(n)s needs are now %(s)s.", len(moved))
                    % {"n": len(moved), "s": NeedStatus(data["to_status"]).label.lower()})
                query = request.GET.urlencode()
                return redirect(f"{reverse('capacity:needs-queue')}"
                                f"{'?' + query if query else ''}")
        status = 400
    selected = {str(v) for v in request.POST.getlist("needs")}
    return render(request, "capacity/need_queue.html", {
        "filter": QueueFilter(request.GET),
        "page_obj": page_of(request, queue, QUEUE_PAGE_SIZE),
        "form": form, "problems": problems, "selected": selected,
        "own_group": policy.own_group(user), "country_bound": policy.country_bound(user),
    }, status=status)


# --- one need -----------------------------------------------------------------------------

def _detail(request, need: CapacityNeed, *, failed: NeedTransitionForm | None = None,
            status: int = 200):
    today = timezone.localdate()
    steps = []
    for step in services.need_next_steps(user=request.user, need=need):
        form = failed if failed is not None and failed.data.get("to_status") == step.to_status \
            else NeedTransitionForm(initial={"to_status": step.to_status, "effective_date": today},
                                    auto_id=f"id_{step.to_status}_%s")
        steps.append((step, form))
    return render(request, "capacity/need_detail.html", {
        "need": need, "object": need, "steps": steps,
        "owner": services.owner_label(need),
        "can_change": policy.can_change(request.user, need)
        and need.status not in (NeedStatus.ADDRESSED, NeedStatus.DECLINED),
    }, status=status)


@login_required
def need_detail(request, pk: int):
    return _detail(request, access.check(request.user, selectors.need_detail(pk=pk)).obj)


@login_required
@require_POST
def need_transition(request, pk: int):
    need = access.check(request.user, selectors.need_detail(pk=pk)).obj
    form = NeedTransitionForm(request.POST, auto_id=f"id_{request.POST.get('to_status')}_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.need_transition(user=request.user, need=need, to_status=data["to_status"],
                                     effective_date=data["effective_date"], note=data["note"])
        except ApplicationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("The need is now %(s)s.")
                             % {"s": NeedStatus(data["to_status"]).label.lower()})
            return redirect(detail_url(pk))
    need = access.check(request.user, selectors.need_detail(pk=pk)).obj
    return _detail(request, need, failed=form, status=400)


def _dimensions_for(constituent: Constituent):
    frameworks = [f.pk for f in selectors.frameworks_for(constituent=constituent)]
    return AssessmentDimension.objects.filter(framework_id__in=frameworks)


@login_required
def need_create(request):
    raw = request.GET.get("constituent", "")
    constituent = constituent_to_record_for(request.user, CapacityNeed, raw)
    form = NeedForm(request.POST or None, dimensions=_dimensions_for(constituent))
    return _form_page(request, form=form, constituent=constituent,
                      save=lambda data: services.need_create(
                          user=request.user, constituent=constituent, **form.values()),
                      done_url=lambda need: detail_url(need.pk),
                      done_message=_("The need was added."), title=_("New capacity need"),
                      cancel_url=reverse("capacity:profile", args=[constituent.pk]))


@login_required
def need_edit(request, pk: int):
    need = access.check(request.user, selectors.need_detail(pk=pk), change=True).obj
    dimensions = (AssessmentDimension.objects.filter(framework_id=need.assessment.framework_id)
                  if need.assessment else _dimensions_for(need.constituent))
    initial = {n: getattr(need, n) for n in ("description", "dimension", "level",
                                             "capacity_type", "technical_area", "priority")}
    form = NeedForm(request.POST or None, dimensions=dimensions, initial=initial, edit=True)
    guard = EditGuard(request, need)
    return _form_page(request, form=form, constituent=need.constituent, need=need,
                      guard=guard,
                      save=guard.save(lambda data: services.need_update(
                          user=request.user, need=need, data=form.values(),
                          reason=data.get("reason", ""))),
                      done_url=detail_url(pk), done_message=_("The need was saved."),
                      title=_("Edit capacity need"), cancel_url=detail_url(pk))


def _form_page(request, *, form, save, done_url, done_message, title, cancel_url,
               constituent, need=None, guard=None):
    context = {"constituent": constituent, "title": title, "cancel_url": cancel_url,
               "version_guard": guard}
    if need is not None:
        context["need"] = need
    return form_page(request, form=form, save=save, done_url=done_url,
                     done_message=done_message, template="capacity/need_form.html",
                     invalid_status=400, context=context)


urlpatterns = [
    path("needs/queue/", need_queue, name="needs-queue"),
    *object_urls("needs", "need", list=need_list, create=need_create, detail=need_detail,
                 edit=need_edit),
    path("needs/<int:pk>/transition/", need_transition, name="need-transition"),
]
