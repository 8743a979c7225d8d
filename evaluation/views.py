"""Evaluation pages (issue 12, point 7): the list of evaluations with filters, an
evaluation's page (summary, ratings as a chart, lessons, good practices, recommendations with
their management response and follow-up), the lessons and good-practices browser with search,
the follow-up board and the coverage table. Reads only, through :mod:`evaluation.selectors`
and the policy; writes go through the services (the API and the admin for now)."""
from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from capacity.models import TechnicalArea
from core import policy
from core.errors import ApplicationError, show_on_form
from core.exports import Column, ListExport
from core.pages import file_download, form_page, list_page
from core.routing import page_url_of
from core.types import AuthenticatedRequest

from . import selectors
from .filters import ActionFilter, EvaluationFilter, LearningFilter
from .forms import ActionStatusForm, EvaluationForm, EvaluationStepForm, ResponseForm
from .models import Evaluation, GoodPractice, Lesson
from .models.choices import ActionStatus, EvaluationStatus, EvaluationType, SubjectKind
from .services import evaluations as evaluation_services
from .services import follow_up as follow_up_services

app_name = "evaluation"


def _country_choices(request: AuthenticatedRequest) -> list[tuple[str, str]]:
    from constituents.selectors import country_list

    return list(country_list(user=request.user).values_list("iso3", "name"))


def _where(obj: Any) -> str:
    """Where an evaluation (or a lesson) belongs: its country, its region or "Global"."""
    if obj.country_id:
        return str(obj.country.label)
    return str(obj.region.label) if obj.region_id else _("Global")


EVALUATIONS_EXPORT = ListExport("evaluations", [
    Column(gettext_lazy("Evaluation"), "title"),
    Column(gettext_lazy("Evaluated"), "get_subject_kind_display"),
    Column(gettext_lazy("Timing"), "get_timing_display"),
    Column(gettext_lazy("Management"), "get_management_display"),
    Column(gettext_lazy("Where"), _where),
    Column(gettext_lazy("Type"), "get_evaluation_type_display"),
    Column(gettext_lazy("Completion"), "completion_date"),
    Column(gettext_lazy("Status"), "get_status_display"),
    Column(gettext_lazy("Recommendations"), "recommendation_count"),
    Column(gettext_lazy("Lessons"), "lesson_count"),
])


def _learning_columns() -> list[Column]:
    return [
        Column(gettext_lazy("Title"), "title"),
        Column(gettext_lazy("Description"), "description"),
        Column(gettext_lazy("Evaluation"), "evaluation.title"),
        Column(gettext_lazy("Theme"), "get_technical_area_display"),
        Column(gettext_lazy("Where"), lambda item: item.country.label if item.country_id
               else item.region.label if item.region_id else None),
    ]


LEARNING_EXPORTS = {"lessons": ListExport("lessons-learned", _learning_columns()),
                    "good_practices": ListExport("good-practices", _learning_columns())}


def _owner(action: Any) -> str:
    if action.owner:
        return str(action.owner.get_full_name() or action.owner.username)
    return str(action.owner_unit)


FOLLOW_UP_EXPORT = ListExport("follow-up-actions", [
    Column(gettext_lazy("Action"), "description"),
    Column(gettext_lazy("Recommendation"), "recommendation.number"),
    Column(gettext_lazy("Evaluation"), "recommendation.evaluation.title"),
    Column(gettext_lazy("Owner"), _owner),
    Column(gettext_lazy("Due"), "due_date"),
    Column(gettext_lazy("Overdue"), "is_overdue"),
    Column(gettext_lazy("Status"), "get_status_display"),
])


@login_required
def evaluation_list_view(request: AuthenticatedRequest) -> HttpResponse:
    qs = selectors.evaluation_list(user=request.user, filters=request.GET).order_by(
        "-planned_end", "pk")
    return list_page(request, qs, template="evaluation/evaluation_list.html",
                     filter=EvaluationFilter(request.GET), export=EVALUATIONS_EXPORT, context={
        "country_choices": _country_choices(request),
        "type_choices": EvaluationType.choices, "status_choices": EvaluationStatus.choices,
        "subject_choices": SubjectKind.choices, "theme_choices": TechnicalArea.choices,
        "can_monitor": policy.MONITOR_EVALUATIONS.allows(request.user),
    })


def _detail(request: AuthenticatedRequest, pk: int, *, failed: EvaluationStepForm | None = None,
            status: int = 200) -> HttpResponse:
    """An evaluation's page; ``failed``: a step form refused, shown again with its errors."""
    user = request.user
    try:
        evaluation = selectors.evaluation_detail(user=user, pk=pk)
    except Evaluation.DoesNotExist:
        raise Http404 from None
    steps = []
    for step in evaluation_services.evaluation_next_steps(evaluation=evaluation, user=user):
        form = (failed if failed is not None and failed.data.get("to_status") == step.to_status
                else EvaluationStepForm(initial={"to_status": step.to_status,
                                                 "effective_date": timezone.localdate()},
                                        auto_id=f"id_{step.to_status}_%s"))
        steps.append((step, form))
    recommendations = list(evaluation.recommendations.all())
    return render(request, "evaluation/evaluation_detail.html", {
        "evaluation": evaluation, "object": evaluation,
        "ratings": selectors.ratings_by_criterion(evaluation),
        "score_range": range(1, 7), "steps": steps,
        "may_manage": policy.MANAGE_EVALUATION.allows(user, evaluation),
        "may_respond": {r.pk for r in recommendations
                        if policy.RESPOND_TO_RECOMMENDATION.allows(user, r)},
        "may_update": {a.pk for r in recommendations for a in r.actions.all()
                       if policy.UPDATE_FOLLOW_UP_ACTION.allows(user, a)},
    }, status=status)


@login_required
def evaluation_detail_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@login_required
def learning_view(request: AuthenticatedRequest) -> HttpResponse:
    """Lessons learned (``?kind=lessons``, the default) or emerging good practices
    (``?kind=good_practices``) across the evaluations the user may read, searched with
    ``?q=``."""
    kind = "good_practices" if request.GET.get("kind") == "good_practices" else "lessons"
    model = GoodPractice if kind == "good_practices" else Lesson
    query = request.GET.get("q", "")[:200]
    found = selectors.learning_search(user=request.user, model=model, query=query,
                                      filters=request.GET)
    return list_page(request, found, template="evaluation/learning.html",
                     filter=LearningFilter(request.GET), export=LEARNING_EXPORTS[kind], context={
        "kind": kind, "query": query, "full_text": selectors.search_is_full_text(),
        "country_choices": _country_choices(request), "theme_choices": TechnicalArea.choices,
        "type_choices": EvaluationType.choices,
        "can_monitor": policy.MONITOR_EVALUATIONS.allows(request.user),
    })


@login_required
def follow_up_view(request: AuthenticatedRequest) -> HttpResponse:
    policy.MONITOR_EVALUATIONS.require(request.user)
    return list_page(request, selectors.follow_up_board(user=request.user, filters=request.GET),
                     template="evaluation/follow_up.html", filter=ActionFilter(request.GET),
                     context={"status_choices": ActionStatus.choices}, regions=False,
                     export=FOLLOW_UP_EXPORT)


@login_required
def coverage_view(request: AuthenticatedRequest) -> HttpResponse:
    policy.MONITOR_EVALUATIONS.require(request.user)
    snapshot = selectors.current_snapshot()
    return render(request, "evaluation/coverage.html", {
        "snapshot": snapshot,
        "rows": selectors.coverage_table(snapshot=snapshot) if snapshot else [],
        "flags": selectors.coverage_flags(user=request.user,
                                          statuses=selectors.ATTENTION)[:50],
    })


@login_required
def evaluation_map_view(request: AuthenticatedRequest) -> HttpResponse:
    """Evaluations by country covered, on a world map (static/js/evaluation-map.js draws it
    from the vendored Natural Earth topology) and in a table that works without it."""
    countries = selectors.evaluation_map(user=request.user, filters=request.GET)
    list_url = reverse("evaluation:evaluation-list")
    rows = [{**c, "url": f"{list_url}?country={c['iso3']}"} for c in countries]
    return render(request, "evaluation/map.html", {
        "rows": rows,
        "total": selectors.evaluation_list(user=request.user, filters=request.GET)
        .filter(countries__isnull=False).distinct().count(),
        "map_data": [{"id": c["iso_numeric"], "name": c["name"], "count": c["evaluation_count"],
                      "url": c["url"]} for c in rows],
        "can_monitor": policy.MONITOR_EVALUATIONS.allows(request.user),
    })


FILES = {"report": "report", "summary": "report_summary"}


@login_required
def evaluation_file_view(request: AuthenticatedRequest, pk: int, which: str) -> FileResponse:
    """An evaluation's report or summary file, to those who may read the evaluation (files
    are never served from /media/ directly)."""
    evaluation = selectors.evaluation_list(user=request.user).filter(pk=pk).first()
    if evaluation is None or which not in FILES:
        raise Http404
    return file_download(getattr(evaluation, FILES[which]))


# --- writes ---------------------------------------------------------------------------------

detail_url = page_url_of("evaluation:evaluation-detail")


def _readable(request: AuthenticatedRequest, queryset: QuerySet[Any], pk: int) -> Any:
    """The object of ``queryset`` (already narrowed to what the user may read), or 404."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def _evaluation_form(request: AuthenticatedRequest, *, evaluation: Evaluation | None
                     ) -> EvaluationForm:
    from capacity.models import Intervention
    from constituents.selectors import country_list
    from programmes.models import CountryProgrammeOutcome, Dwcp, Project

    user = request.user
    subjects = {
        "dwcp": policy.visible(user, Dwcp.objects.select_related("country")),
        "project": policy.visible(user, Project.objects.order_by("code")),
        "cpo": policy.visible(user, CountryProgrammeOutcome.objects.select_related(
            "dwcp__country").order_by("dwcp__country__name", "code")),
        "intervention": policy.visible(user, Intervention.objects.order_by("-start_date")),
    }
    initial = None
    if evaluation is not None:
        initial = {name: getattr(evaluation, name) for name in EvaluationForm.FIELDS}
    return EvaluationForm(request.POST or None, edit=evaluation is not None, initial=initial,
                          subjects=subjects, countries=country_list(user=user))


def _new(values: dict[str, Any]) -> dict[str, Any]:
    """A new evaluation's data: no managing country chosen is the subject's (the service
    derives it)."""
    return {k: v for k, v in values.items() if not (k == "country" and v is None)}


@login_required
def evaluation_create_view(request: AuthenticatedRequest) -> HttpResponse:
    policy.MANAGE_EVALUATION.require(request.user)
    form = _evaluation_form(request, evaluation=None)
    return form_page(
        request, form=form, template="evaluation/evaluation_form.html", invalid_status=400,
        save=lambda data: evaluation_services.evaluation_create(user=request.user,
                                                                data=_new(form.values())),
        done_url=lambda evaluation: detail_url(evaluation.pk),
        done_message=_("The evaluation was recorded as planned."),
        context={"title": _("New evaluation"),
                 "cancel_url": reverse("evaluation:evaluation-list")})


@login_required
def evaluation_edit_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    evaluation = _readable(request, selectors.evaluation_list(user=request.user), pk)
    policy.MANAGE_EVALUATION.require(request.user, evaluation)
    form = _evaluation_form(request, evaluation=evaluation)
    return form_page(
        request, form=form, template="evaluation/evaluation_form.html", invalid_status=400,
        save=lambda data: evaluation_services.evaluation_update(
            user=request.user, evaluation=evaluation, data=form.values(),
            reason=data.get("reason", "")),
        done_url=detail_url(pk), done_message=_("The evaluation was saved."),
        context={"title": _("Edit the evaluation"), "evaluation": evaluation,
                 "cancel_url": detail_url(pk)})


@login_required
@require_POST
def evaluation_step_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    evaluation = _readable(request, selectors.evaluation_list(user=request.user), pk)
    form = EvaluationStepForm(request.POST,
                              auto_id=f"id_{request.POST.get('to_status', '')}_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            evaluation_services.evaluation_transition(
                user=request.user, evaluation=evaluation, to_status=data["to_status"],
                effective_date=data["effective_date"], note=data["note"])
        except ApplicationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("The evaluation is now %(status)s.") % {
                "status": EvaluationStatus(data["to_status"]).label.lower()})
            return redirect(detail_url(pk, "lifecycle"))
    return _detail(request, pk, failed=form, status=400)


@login_required
def response_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The management response to recommendation ``pk``, by its addressee."""
    recommendation = _readable(request, selectors.recommendation_list(user=request.user), pk)
    policy.RESPOND_TO_RECOMMENDATION.require(
        request.user, recommendation,
        _("Only the recommendation's addressee may record the management response."))
    response = getattr(recommendation, "response", None)
    initial = ({"decision": response.decision, "rationale": response.rationale,
                "responded_on": response.responded_on} if response else None)
    form = ResponseForm(request.POST or None, initial=initial)
    return form_page(
        request, form=form, template="evaluation/response_form.html", invalid_status=400,
        save=lambda data: follow_up_services.response_record(
            user=request.user, recommendation=recommendation, **data),
        done_url=detail_url(recommendation.evaluation_id,
                            f"recommendation-{recommendation.number}"),
        done_message=_("The management response was saved."),
        context={"recommendation": recommendation, "response": response,
                 "title": _("Management response"),
                 "cancel_url": detail_url(recommendation.evaluation_id,
                                          f"recommendation-{recommendation.number}")})


@login_required
def action_status_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A follow-up action's progress, by the recommendation's addressee or the action's
    owner."""
    from .models import FollowUpAction

    action = _readable(request, policy.READ_EVALUATION.filter(
        request.user, FollowUpAction.objects.select_related("recommendation__evaluation")), pk)
    policy.UPDATE_FOLLOW_UP_ACTION.require(
        request.user, action,
        _("Only the recommendation's addressee or the action's owner may update it."))
    form = ActionStatusForm(request.POST or None, initial={"to_status": action.status})
    recommendation = action.recommendation
    back = detail_url(recommendation.evaluation_id, f"recommendation-{recommendation.number}")
    return form_page(
        request, form=form, template="evaluation/action_form.html", invalid_status=400,
        save=lambda data: follow_up_services.action_set_status(
            user=request.user, action=action, status=data["to_status"], note=data["note"],
            effective_date=data["effective_date"]),
        done_url=back, done_message=_("The action's progress was saved."),
        context={"action": action, "recommendation": recommendation,
                 "title": _("Progress of a follow-up action"), "cancel_url": back})


urlpatterns = [
    path("", evaluation_list_view, name="evaluation-list"),
    path("<int:pk>/", evaluation_detail_view, name="evaluation-detail"),
    path("lessons/", learning_view, name="learning"),
    path("follow-up/", follow_up_view, name="follow-up"),
    path("coverage/", coverage_view, name="coverage"),
    path("map/", evaluation_map_view, name="map"),
    path("<int:pk>/files/<str:which>/", evaluation_file_view, name="evaluation-file"),
    path("new/", evaluation_create_view, name="evaluation-create"),
    path("<int:pk>/edit/", evaluation_edit_view, name="evaluation-edit"),
    path("<int:pk>/step/", evaluation_step_view, name="evaluation-step"),
    path("recommendations/<int:pk>/response/", response_view, name="response"),
    path("actions/<int:pk>/status/", action_status_view, name="action-status"),
]
