from .choices import (
    CARRIED_OUT,
    CROSS_CUTTING,
    FIELD_UNITS,
    FINAL,
    HEADQUARTERS_UNITS,
    OECD_DAC,
    OPEN_ACTIONS,
    TO_IMPLEMENT,
    ActionStatus,
    AddresseeUnit,
    CoverageAnchor,
    CoverageStatus,
    Criterion,
    EvaluationStatus,
    EvaluationType,
    EvaluatorKind,
    Implementation,
    Language,
    Management,
    RecommendationPriority,
    ResourceImplication,
    ResponseDecision,
    Score,
    SubjectKind,
    Timing,
)
from .computed import (
    CoverageFigure,
    CoverageFlag,
    Dimension,
    EvaluationSnapshot,
    ImplementationFigure,
    RatingAverage,
)
from .coverage import CoverageRule
from .evaluations import Evaluation, EvaluationStatusChange, Evaluator
from .findings import GoodPractice, Learning, Lesson, Rating
from .recommendations import FollowUpAction, ManagementResponse, Recommendation

__all__ = [
    "CARRIED_OUT", "CROSS_CUTTING", "FIELD_UNITS", "FINAL", "HEADQUARTERS_UNITS", "OECD_DAC",
    "OPEN_ACTIONS", "TO_IMPLEMENT",
    "ActionStatus", "AddresseeUnit", "CoverageAnchor", "CoverageFigure", "CoverageFlag",
    "CoverageRule", "CoverageStatus", "Criterion", "Dimension", "Evaluation",
    "EvaluationSnapshot", "EvaluationStatus", "EvaluationStatusChange", "EvaluationType",
    "Evaluator", "EvaluatorKind", "FollowUpAction", "GoodPractice", "Implementation",
    "ImplementationFigure", "Language", "Learning", "Lesson", "Management",
    "ManagementResponse", "RatingAverage", "Rating", "Recommendation",
    "RecommendationPriority", "ResourceImplication", "ResponseDecision", "Score",
    "SubjectKind", "Timing",
]
