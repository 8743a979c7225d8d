"""API of evaluations (issue 12, point 7): evaluations with their team, lifecycle steps,
report files and history of changes; ratings, lessons learned and emerging good practices
(searched: full-text on PostgreSQL); recommendations, management responses and follow-up
actions; the coverage rules and flags; and the figures the worker computed (current
snapshot: implementation of recommendations, average ratings, coverage by region and year).

Reads see what :data:`core.policy.READ_EVALUATION` lets the caller read (field staff their
countries' evaluations, specialists those touching their constituent group, managers all):
anything else is a 404. Writes go through :mod:`evaluation.services`, which decide who may
(``evaluation.manage``, ``evaluation.approve``, ``recommendation.respond``,
``follow_up_action.update``: a 403 with the reason) and apply every rule (a 400 with the
message under the field it concerns, nothing written). The computed figures are read only,
for those who monitor evaluations (``evaluation.monitor``), and say the date they are
computed as of (docs/evaluation.md)."""
from __future__ import annotations

from core.api import registrar

from .evaluations import (
    EvaluationStatusChangeViewSet,
    EvaluationViewSet,
    EvaluatorViewSet,
    evaluation_history,
)
from .figures import (
    CoverageFigureViewSet,
    CoverageFlagViewSet,
    CoverageRuleViewSet,
    ImplementationFigureViewSet,
    RatingAverageViewSet,
)
from .findings import GoodPracticeViewSet, LessonViewSet, RatingViewSet
from .follow_up import FollowUpActionViewSet, ManagementResponseViewSet, RecommendationViewSet

register = registrar(
    EvaluationViewSet, EvaluationStatusChangeViewSet, EvaluatorViewSet, RatingViewSet,
    LessonViewSet, GoodPracticeViewSet, RecommendationViewSet, ManagementResponseViewSet,
    FollowUpActionViewSet, CoverageRuleViewSet, CoverageFlagViewSet, CoverageFigureViewSet,
    ImplementationFigureViewSet, RatingAverageViewSet)

__all__ = ["evaluation_history", "register"]
