from .computed import (
    CpoResult,
    IndicatorResult,
    PendingRecompute,
    ResultRollup,
    ResultSnapshot,
    ResultStatus,
    UpdateTotal,
)
from .dwcp import (
    IN_FORCE,
    Dwcp,
    DwcpStatus,
    DwcpStatusChange,
    Signatory,
    SignatoryParty,
    SteeringCommitteeDecision,
    SteeringCommitteeMeeting,
    SteeringCommitteeMember,
)
from .frameworks import (
    NationalDevelopmentPlan,
    NationalPriority,
    PriorityAlignment,
    UNFramework,
    UNFrameworkOutcome,
)
from .indicators import (
    DISAGGREGATION_CATEGORIES,
    BiennialMilestone,
    Direction,
    DisaggregatedValue,
    Disaggregation,
    EvidenceFile,
    Indicator,
    IndicatorRevision,
    ProgressUpdate,
    Unit,
    UpdateStatus,
)
from .reference import Biennium, PBFramework, PBOutcome, SdgTarget, StrategicObjective
from .resources import FundingSource, Project, ProjectFunding, ProjectOutcomeLink
from .results import CountryPriority, CountryProgrammeOutcome, CpoOutcomeLink, Output

__all__ = [
    "DISAGGREGATION_CATEGORIES", "BiennialMilestone", "CpoResult", "Direction",
    "Disaggregation", "DisaggregatedValue", "EvidenceFile", "Indicator", "IndicatorResult",
    "IndicatorRevision", "PendingRecompute", "ProgressUpdate", "ResultRollup",
    "ResultSnapshot", "ResultStatus", "UpdateTotal",
    "Unit", "UpdateStatus",
    "IN_FORCE", "Biennium", "CountryPriority", "CountryProgrammeOutcome", "CpoOutcomeLink",
    "Dwcp", "DwcpStatus", "DwcpStatusChange", "FundingSource", "NationalDevelopmentPlan",
    "NationalPriority", "Output", "PBFramework", "PBOutcome", "PriorityAlignment", "Project",
    "ProjectFunding", "ProjectOutcomeLink", "SdgTarget", "Signatory", "SignatoryParty",
    "SteeringCommitteeDecision", "SteeringCommitteeMeeting", "SteeringCommitteeMember",
    "StrategicObjective", "UNFramework", "UNFrameworkOutcome",
]
