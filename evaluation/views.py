"""Evaluation pages (issue 12, point 7): the list of evaluations with filters, an
evaluation's page (summary, ratings as a chart, lessons, good practices, recommendations with
their management response and follow-up), the lessons and good-practices browser with search,
the follow-up board and the coverage table. Reads only, through :mod:`evaluation.selectors`
and the policy; writes go through the services (the API and the admin for now)."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse

from capacity.models import TechnicalArea
from core import policy
from core.pages import file_download, list_page
from core.types import AuthenticatedRequest

from . import selectors
from .filters import ActionFilter, EvaluationFilter, LearningFilter
from .models import Evaluation, GoodPractice, Lesson
from .models.choices import ActionStatus, EvaluationStatus, EvaluationType, SubjectKind

app_name = "evaluation"


def _country_choices(request: AuthenticatedRequest) -> list[tuple[str, str]]:
    from constituents.selectors import country_list

    return list(country_list(user=request.user).values_list("iso3", "name"))


@login_required
def evaluation_list_view(request: AuthenticatedRequest) -> HttpResponse:
    qs = selectors.evaluation_list(user=request.user, filters=request.GET).order_by(
        "-planned_end", "pk")
    return list_page(request, qs, template="evaluation/evaluation_list.html",
                     filter=EvaluationFilter(request.GET), context={
        "country_choices": _country_choices(request),
        "type_choices": EvaluationType.choices, "status_choices": EvaluationStatus.choices,
        "subject_choices": SubjectKind.choices, "theme_choices": TechnicalArea.choices,
        "can_monitor": policy.MONITOR_EVALUATIONS.allows(request.user),
    })


@login_required
def evaluation_detail_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    try:
        evaluation = selectors.evaluation_detail(user=request.user, pk=pk)
    except Evaluation.DoesNotExist:
        raise Http404 from None
    return render(request, "evaluation/evaluation_detail.html", {
        "evaluation": evaluation, "object": evaluation,
        "ratings": selectors.ratings_by_criterion(evaluation),
        "score_range": range(1, 7),
    })


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
                     filter=LearningFilter(request.GET), context={
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
                     context={"status_choices": ActionStatus.choices}, regions=False)


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


urlpatterns = [
    path("", evaluation_list_view, name="evaluation-list"),
    path("<int:pk>/", evaluation_detail_view, name="evaluation-detail"),
    path("lessons/", learning_view, name="learning"),
    path("follow-up/", follow_up_view, name="follow-up"),
    path("coverage/", coverage_view, name="coverage"),
    path("map/", evaluation_map_view, name="map"),
    path("<int:pk>/files/<str:which>/", evaluation_file_view, name="evaluation-file"),
]
