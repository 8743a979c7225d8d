"""Pages of capacity assessments: list with filters, detail (scores with the descriptor of the
score given, evidence, the computed capacity index, needs identified, a form to add a need),
create (choose the organization → its framework → one score per dimension) and edit."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from constituents.models import Constituent
from core import access, policy
from core.errors import ApplicationError, show_on_form
from core.exports import Column, ListExport
from core.pages import form_page, list_page
from core.routing import object_urls, page_url_of

from .. import selectors
from ..filters import AssessmentFilter
from ..forms import AssessmentForm, ConstituentChoiceForm, NeedForm
from ..models import (
    AssessmentDimension,
    AssessmentIndex,
    AssessmentRound,
    CapacityAssessment,
    CapacityLevel,
    CapacityNeed,
    CapacityType,
)
from ..services import assessments as services
from ..services import needs as need_services
from ._common import constituent_to_record_for

detail_url = page_url_of("capacity:assessment-detail")


ASSESSMENTS_EXPORT = ListExport("capacity-assessments", [
    Column(gettext_lazy("Constituent"), "constituent.name"),
    Column(gettext_lazy("Country"), "constituent.country.label"),
    Column(gettext_lazy("Framework"), "framework"),
    Column(gettext_lazy("Round"), "get_round_display"),
    Column(gettext_lazy("Date"), "date"),
    Column(gettext_lazy("Method"), "get_method_display"),
])


@login_required
def assessment_list(request):
    user = request.user
    return list_page(request, selectors.assessment_list_filtered(user=user, filters=request.GET),
                     template="capacity/assessment_list.html",
                     filter=AssessmentFilter(request.GET), regions=False,
                     export=ASSESSMENTS_EXPORT,
                     context={"can_create": policy.may_change_any(user, CapacityAssessment)})


def _indices(user, assessment) -> dict | None:
    """The computed index of the assessment by axis, or None when not computed yet."""
    rows = list(selectors.assessment_indices(user=user, assessments=[assessment.pk]))
    if not rows:
        return None
    levels, types = dict(CapacityLevel.choices), dict(CapacityType.choices)
    result: dict[str, Any] = {"overall": None, "levels": [], "types": []}
    for row in rows:
        if row.axis == AssessmentIndex.Axis.OVERALL:
            result["overall"] = row
        elif row.axis == AssessmentIndex.Axis.LEVEL:
            result["levels"].append((levels.get(row.key, row.key), row))
        else:
            result["types"].append((types.get(row.key, row.key), row))
    order = list(levels.values()) + list(types.values())
    result["levels"].sort(key=lambda item: order.index(item[0]) if item[0] in order else 99)
    result["types"].sort(key=lambda item: order.index(item[0]) if item[0] in order else 99)
    return result


def _score_rows(assessment) -> list[dict]:
    rows = []
    for score in assessment.scores.all():
        descriptors = {d.score: d.descriptor for d in score.dimension.descriptors.all()}
        rows.append({"score": score, "dimension": score.dimension,
                     "descriptor": descriptors.get(score.score, "")})
    return rows


def _need_form(assessment, data=None) -> NeedForm:
    return NeedForm(data, dimensions=AssessmentDimension.objects.filter(
        framework_id=assessment.framework_id), prefix="need")


def _detail(request, pk: int, *, need_form=None, status: int = 200):
    user = request.user
    can_change = access.load(user, CapacityAssessment.objects.select_related("constituent"),
                             pk=pk).may_change
    assessment = selectors.assessment_detail(user=user, pk=pk)
    can_add_need = policy.can_create(user, CapacityNeed,
                                     country_id=assessment.constituent.country_id,
                                     group=assessment.constituent.group)
    snapshot = selectors.current_snapshot()
    return render(request, "capacity/assessment_detail.html", {
        "assessment": assessment, "object": assessment, "constituent": assessment.constituent,
        "score_rows": _score_rows(assessment),
        "indices": _indices(user, assessment) if snapshot else None,
        "snapshot": snapshot,
        "needs": list(assessment.needs.all()),
        "can_change": can_change,
        "need_form": (need_form or _need_form(assessment)) if can_add_need else None,
    }, status=status)


@login_required
def assessment_detail(request, pk: int):
    return _detail(request, pk)


@login_required
@require_POST
def assessment_need_create(request, pk: int):
    """Add a need identified by the assessment (the form sits on the assessment page)."""
    assessment = access.load(request.user,
                             CapacityAssessment.objects.select_related("constituent"),
                             pk=pk).obj
    constituent = assessment.constituent
    if not policy.can_create(request.user, CapacityNeed, country_id=constituent.country_id,
                             group=constituent.group):
        raise PermissionDenied
    form = _need_form(assessment, request.POST)
    if form.is_valid():
        try:
            need_services.need_create(user=request.user, constituent=constituent,
                                      assessment=assessment, **form.values())
        except ApplicationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("The need was added."))
            return redirect(detail_url(pk, "needs"))
    return _detail(request, pk, need_form=form, status=400)


# --- create and edit ----------------------------------------------------------------------

def _constituent_for_new(request) -> Constituent | None:
    raw = request.GET.get("constituent") or request.POST.get("constituent_id")
    if not raw or not str(raw).isdigit():
        return None
    return constituent_to_record_for(request.user, CapacityAssessment, raw)


def _form(constituent, framework, data=None, *, initial=None, edit=False) -> AssessmentForm:
    return AssessmentForm(
        data, constituent=constituent,
        framework=selectors.framework_with_dimensions(pk=framework.pk),
        dwcps=selectors.dwcps_of_country(country_id=constituent.country_id),
        cpos=selectors.cpos_of_country(country_id=constituent.country_id),
        initial=initial, edit=edit)


def _form_page(request, *, form, save, done_url, title, cancel_url, assessment=None,
               frameworks=()):
    return form_page(request, form=form, save=save, done_url=done_url,
                     done_message=_("The assessment was saved."),
                     template="capacity/assessment_form.html", invalid_status=400, context={
        "title": title, "cancel_url": cancel_url, "assessment": assessment,
        "constituent": form.constituent, "framework": form.framework,
        "frameworks": frameworks, "rows": form.dimension_rows(),
    })


@login_required
def assessment_create(request):
    user = request.user
    if not policy.may_change_any(user, CapacityAssessment):
        raise PermissionDenied
    constituent = _constituent_for_new(request)
    if constituent is None:
        choose = ConstituentChoiceForm(
            request.GET or None,
            constituents=selectors.constituents_for_new(user=user, model=CapacityAssessment),
            help_text=_("The organization assessed; its framework follows from its type."))
        return render(request, "capacity/assessment_start.html", {"form": choose})
    frameworks = selectors.frameworks_for(constituent=constituent)
    if not frameworks:
        messages.error(request, _("No assessment framework applies to %(c)s.")
                       % {"c": constituent.name})
        return redirect("capacity:assessment-create")
    chosen = request.GET.get("framework") or request.POST.get("framework_id")
    framework = next((f for f in frameworks if str(f.pk) == str(chosen)), frameworks[0])
    form = _form(constituent, framework, request.POST or None,
                 initial={"date": timezone.localdate(), "round": AssessmentRound.BASELINE})
    return _form_page(
        request, form=form, title=_("New capacity assessment"),
        save=lambda data: services.assessment_create(
            user=user, constituent=constituent, framework=framework, scores=form.scores(),
            **form.values()),
        done_url=lambda assessment: detail_url(assessment.pk),
        cancel_url=reverse("capacity:assessment-list"), frameworks=frameworks)


@login_required
def assessment_edit(request, pk: int):
    assessment = access.load(request.user, CapacityAssessment.objects.select_related(
        "constituent__country", "framework"), pk=pk, change=True).obj
    scores = {s.dimension.code: s for s in assessment.scores.select_related("dimension")}
    initial = {name: getattr(assessment, name) for name in services.ASSESSMENT_FIELDS}
    for code, score in scores.items():
        initial[f"score_{code}"] = score.score
        initial[f"evidence_{code}"] = score.evidence
    form = _form(assessment.constituent, assessment.framework, request.POST or None,
                 initial=initial, edit=True)
    return _form_page(
        request, form=form, title=_("Edit capacity assessment"),
        save=lambda data: services.assessment_update(
            user=request.user, assessment=assessment, data=form.values(),
            scores=form.scores(), reason=data.get("reason", "")),
        done_url=detail_url(pk), cancel_url=detail_url(pk), assessment=assessment)


urlpatterns = [
    *object_urls("assessments", "assessment", list=assessment_list, create=assessment_create,
                 detail=assessment_detail, edit=assessment_edit),
    path("assessments/<int:pk>/needs/new/", assessment_need_create,
         name="assessment-need-create"),
]
