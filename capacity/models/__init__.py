from .assessments import CapacityAssessment, DimensionScore
from .choices import (
    AssessmentMethod,
    AssessmentRound,
    CapacityLevel,
    CapacityType,
    InterventionMethod,
    InterventionStatus,
    NeedStatus,
    ParticipantGroup,
    Priority,
    Provider,
    Sex,
    TechnicalArea,
)
from .computed import (
    AssessmentIndex,
    CapacitySnapshot,
    DimensionChange,
    InterventionFigure,
    NeedsCoverage,
    ParticipationFigure,
    ReachFigure,
)
from .frameworks import (
    SCALE,
    SCALE_MAX,
    SCALE_MIN,
    AssessmentDimension,
    AssessmentFramework,
    ScoreDescriptor,
)
from .interventions import Intervention, Participant, ParticipationCount
from .needs import CapacityDevelopmentPlan, CapacityNeed, NeedTransition, PlanItem

__all__ = [
    "SCALE", "SCALE_MAX", "SCALE_MIN",
    "AssessmentDimension", "AssessmentFramework", "AssessmentIndex", "AssessmentMethod",
    "AssessmentRound", "CapacityAssessment", "CapacityDevelopmentPlan", "CapacityLevel",
    "CapacityNeed", "CapacitySnapshot", "CapacityType", "DimensionChange", "DimensionScore",
    "Intervention", "InterventionFigure", "InterventionMethod", "InterventionStatus",
    "NeedStatus", "NeedTransition", "NeedsCoverage", "ParticipantGroup", "Participant",
    "ParticipationCount", "ParticipationFigure", "PlanItem", "Priority", "Provider",
    "ReachFigure", "ScoreDescriptor", "Sex", "TechnicalArea",
]
