"""Pages of interventions: list with filters, detail (targets, levels, needs, CPOs, cost and
a participation summary by sex and group with women's share), create/edit, participation entry
by counts, the CSV participant-list upload (every row error shown, nothing written when one
fails) and the repeat-training flag for field staff and managers (seeds/000 ¶17(b))."""
from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from constituents.models import Constituent, Country
from core import access, policy
from core.errors import ApplicationError, show_on_form
from core.exports import Column, ListExport
from core.pages import form_page, list_page
from core.routing import object_urls, page_url_of

from .. import selectors
from ..computation import share
from ..filters import InterventionFilter
from ..forms import (
    InterventionForm,
    ParticipationCountForm,
    RepeatTrainingForm,
)
from ..models import (
    CapacityLevel,
    CapacityNeed,
    Intervention,
    NeedStatus,
    ParticipantGroup,
    Sex,
)
from ..services import interventions as services
from ..services import participation as participation_services

detail_url = page_url_of("capacity:intervention-detail")


def _participants(intervention: Intervention) -> int | None:
    """The number the list shows: people on its list, else the counted total."""
    listed: int = getattr(intervention, "participant_count", 0)  # annotated by the selector
    if listed:
        return listed
    count = getattr(intervention, "participation_count", None)
    return count.total if count is not None else None


INTERVENTIONS_EXPORT = ListExport("interventions", [
    Column(gettext_lazy("Intervention"), "title"),
    Column(gettext_lazy("Target constituents"),
           lambda i: ", ".join(c.name for c in i.target_constituents.all())),
    Column(gettext_lazy("Country"), lambda i: i.country.label if i.country_id
           else _("Regional")),
    Column(gettext_lazy("Method"), "get_method_display"),
    Column(gettext_lazy("Provider"), "get_provider_display"),
    Column(gettext_lazy("Technical area"), "get_technical_area_display"),
    Column(gettext_lazy("Start date"), "start_date"),
    Column(gettext_lazy("End date"), "end_date"),
    Column(gettext_lazy("Participants"), _participants),
    Column(gettext_lazy("Status"), "get_status_display"),
])


@login_required
def intervention_list(request):
    qs = selectors.intervention_list_filtered(user=request.user, filters=request.GET)
    return list_page(request, qs, template="capacity/intervention_list.html",
                     filter=InterventionFilter(request.GET), regions=False,
                     export=INTERVENTIONS_EXPORT,
                     context={"can_create": policy.may_change_any(request.user, Intervention)})


def participation_summary(intervention: Intervention) -> dict | None:
    """Participants by sex and by group, from the counts or the list, with women's share
    (women / (women + men): people whose sex is not recorded are left out)."""
    count = getattr(intervention, "participation_count", None)
    people = list(intervention.participants.all())
    if count is not None:
        by_sex = {"women": count.women, "men": count.men,
                  "not_recorded": count.sex_not_recorded}
        groups = count.by_group()
        total, source = count.total, "counts"
    elif people:
        by_sex = {"women": sum(p.sex == Sex.FEMALE for p in people),
                  "men": sum(p.sex == Sex.MALE for p in people),
                  "not_recorded": sum(p.sex == Sex.NOT_RECORDED for p in people)}
        groups = {g: sum(p.participant_group == g for p in people)
                  for g in ParticipantGroup.values}
        total, source = len(people), "list"
    else:
        return None
    return {
        "total": total, "source": source, **by_sex,
        "women_share": share(by_sex["women"], by_sex["women"] + by_sex["men"]),
        "groups": [(ParticipantGroup(g).label, n) for g, n in groups.items()],
    }


@login_required
def intervention_detail(request, pk: int):
    intervention, can_change = access.check(request.user,
                                            selectors.intervention_detail_page(pk=pk))
    levels = dict(CapacityLevel.choices)
    return render(request, "capacity/intervention_detail.html", {
        "intervention": intervention, "object": intervention,
        "levels": [levels.get(v, v) for v in intervention.levels],
        "summary": participation_summary(intervention),
        "participants": list(intervention.participants.all()),
        "figure": selectors.intervention_figure(intervention=intervention),
        "can_change": can_change,
        "took_place": intervention.status in participation_services.TOOK_PLACE,
    })


# --- create and edit ----------------------------------------------------------------------

def _choices(user, intervention: Intervention | None = None) -> dict:
    """What the form offers: countries, organizations and CPOs the user may work with, and
    the needs of those organizations that are not declined (plus the intervention's own)."""
    from programmes.models import CountryProgrammeOutcome

    countries = Country.objects.order_by("name")
    cpos = CountryProgrammeOutcome.objects.select_related("dwcp__country").order_by(
        "dwcp__country__name", "-dwcp__start_year", "code")
    countries = policy.within_country_scope(user, countries, "pk")
    cpos = policy.within_country_scope(user, cpos, "dwcp__country")
    constituents = policy.changeable(user, Constituent.objects.all())
    needs = policy.visible(user, CapacityNeed.objects.filter(constituent__in=constituents)
                           .exclude(status=NeedStatus.DECLINED))
    if intervention is not None:
        constituents = Constituent.objects.filter(
            Q(pk__in=constituents.values("pk"))
            | Q(pk__in=intervention.target_constituents.values("pk")))
        needs = CapacityNeed.objects.filter(Q(pk__in=needs.values("pk"))
                                            | Q(pk__in=intervention.needs.values("pk")))
    return {
        "countries": countries,
        "constituents": constituents.select_related("country").order_by("country__name",
                                                                        "name"),
        "needs": needs.select_related("constituent").order_by("constituent__name", "id"),
        "cpos": cpos,
    }


def _form_page(request, *, form, save, done_url, done_message, title, cancel_url,
               intervention=None):
    return form_page(request, form=form, save=save, done_url=done_url,
                     done_message=done_message, template="capacity/intervention_form.html",
                     invalid_status=400, context={"title": title, "cancel_url": cancel_url,
                                                  "intervention": intervention})


@login_required
def intervention_create(request):
    user = request.user
    if not policy.may_change_any(user, Intervention):
        raise PermissionDenied
    form = InterventionForm(request.POST or None, **_choices(user))
    return _form_page(request, form=form, title=_("New intervention"),
                      save=lambda data: services.intervention_create(user=user,
                                                                     **form.values()),
                      done_url=lambda intervention: detail_url(intervention.pk),
                      done_message=_("The intervention was recorded."),
                      cancel_url=reverse("capacity:intervention-list"))


@login_required
def intervention_edit(request, pk: int):
    intervention = access.check(request.user, selectors.intervention_detail_page(pk=pk),
                                change=True).obj
    initial = {n: getattr(intervention, n) for n in InterventionForm.FIELDS
               if n not in ("target_constituents", "needs", "cpos")}
    initial.update({"target_constituents": list(intervention.target_constituents.all()),
                    "needs": list(intervention.needs.all()),
                    "cpos": list(intervention.cpos.all())})
    form = InterventionForm(request.POST or None, edit=True, initial=initial,
                            **_choices(request.user, intervention))
    return _form_page(request, form=form, title=_("Edit intervention"),
                      save=lambda data: services.intervention_update(
                          user=request.user, intervention=intervention, data=form.values(),
                          reason=data.get("reason", "")),
                      done_url=detail_url(pk), done_message=_("The intervention was saved."),
                      cancel_url=detail_url(pk), intervention=intervention)


# --- participation ------------------------------------------------------------------------

@login_required
def participation_counts(request, pk: int):
    intervention = access.check(request.user, selectors.intervention_detail_page(pk=pk),
                                change=True).obj
    count = getattr(intervention, "participation_count", None)
    initial = ({n: getattr(count, n) for n in ParticipationCountForm.base_fields
                if n != "reason"} if count else None)
    form = ParticipationCountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            participation_services.participation_counts_set(
                user=request.user, intervention=intervention,
                reason=form.cleaned_data.get("reason", ""), **form.values())
        except ApplicationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("The participation was saved."))
            return redirect(detail_url(pk, "participation"))
    return render(request, "capacity/participation_form.html", {
        "form": form, "intervention": intervention,
        "cancel_url": detail_url(pk, "participation"),
    }, status=400 if form.errors else 200)


# --- repeat training ----------------------------------------------------------------------

@login_required
def repeat_training(request):
    """People on the lists of several interventions on unrelated subjects, for field staff
    (their countries) and managers."""
    user = request.user
    policy.SEE_REPEAT_TRAINEES.require(user)
    today = timezone.localdate()
    defaults = {"start": dt.date(today.year - 4, 1, 1), "end": today, "min_areas": 2}
    form = RepeatTrainingForm(request.GET or None, initial=defaults)
    rows, params = [], None
    if form.is_bound:
        if form.is_valid():
            params = form.cleaned_data
    else:
        params = defaults
    if params is not None:
        rows = selectors.repeat_trainees(user=user, start=params["start"], end=params["end"],
                                         min_areas=params["min_areas"])
    return render(request, "capacity/repeat_training.html", {
        "form": form, "rows": rows, "params": params,
    }, status=400 if form.is_bound and form.errors else 200)


urlpatterns = [
    *object_urls("interventions", "intervention", list=intervention_list,
                 create=intervention_create, detail=intervention_detail, edit=intervention_edit),
    path("interventions/<int:pk>/participation/", participation_counts,
         name="participation-counts"),
    path("repeat-training/", repeat_training, name="repeat-training"),
]
