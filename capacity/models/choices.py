"""The vocabularies of capacity development [DOMAIN §4]."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AssessmentMethod", "AssessmentRound", "CapacityLevel", "CapacityType",
           "InterventionMethod", "InterventionStatus", "NeedStatus", "ParticipantGroup",
           "Priority", "Provider", "Sex", "TechnicalArea"]


class CapacityLevel(models.TextChoices):
    """The three levels of capacity development [seeds/002 ¶4]."""

    INDIVIDUAL = "individual", _("Individual")
    ORGANIZATIONAL = "organizational", _("Organizational")
    ENABLING_ENVIRONMENT = "enabling_environment", _("Enabling environment")


class CapacityType(models.TextChoices):
    """Technical (subject matter) or functional (leadership, management, partnership)
    capacities, distinguished at every level [seeds/002 ¶4, ¶7]."""

    TECHNICAL = "technical", _("Technical")
    FUNCTIONAL = "functional", _("Functional")


class AssessmentMethod(models.TextChoices):
    ACTEMP = "actemp", _("ACT/EMP assessment")
    ACTRAV = "actrav", _("ACTRAV assessment")
    LABOUR_ADMINISTRATION_AUDIT = "labour_admin_audit", _("Labour administration audit")
    ITCILO_NEEDS = "itcilo_needs", _("ITC-ILO needs assessment")
    GENDER_AUDIT = "gender_audit", _("Participatory gender audit")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")


class AssessmentRound(models.TextChoices):
    BASELINE = "baseline", _("Baseline")
    FOLLOW_UP = "follow_up", _("Follow-up")


class TechnicalArea(models.TextChoices):
    """Subject areas of needs and interventions: the technical areas constituents ask for
    [seeds/002 ¶7, seeds/000 ¶6] and the functional ones of their organizations
    [seeds/000 ¶9, seeds/002 ¶7, seeds/001 ¶16(a)]."""

    OSH = "osh", _("Occupational safety and health")
    LABOUR_LAW = "labour_law", _("Labour law")
    MIGRATION = "migration", _("Labour migration")
    INFORMAL_ECONOMY = "informal_economy", _("Informal economy")
    SOCIAL_SECURITY = "social_security", _("Social security")
    LABOUR_INSPECTION = "labour_inspection", _("Labour inspection")
    INTERNATIONAL_LABOUR_STANDARDS = "ils", _("International labour standards")
    SOCIAL_DIALOGUE = "social_dialogue", _("Social dialogue and collective bargaining")
    EMPLOYMENT_POLICY = "employment_policy", _("Employment policy")
    SKILLS = "skills", _("Skills and employability")
    EMPLOYMENT_SERVICES = "employment_services", _("Employment services")
    LABOUR_MARKET_INFORMATION = "lmi", _("Labour market information and statistics")
    GENDER_EQUALITY = "gender_equality", _("Gender equality and non-discrimination")
    CHILD_LABOUR = "child_labour", _("Child labour")
    ENTERPRISES = "enterprises", _("Sustainable enterprises")
    WAGES = "wages", _("Wages and working conditions")
    FUTURE_OF_WORK = "future_of_work", _("Future of work and digital transition")
    ORGANIZING = "organizing", _("Organizing and membership")
    GOVERNANCE = "governance", _("Governance, leadership and management")
    FINANCE = "finance", _("Financial management and resource mobilization")
    ADVOCACY = "advocacy", _("Policy advocacy and communication")
    RESEARCH = "research", _("Research and analysis")
    MEMBER_SERVICES = "member_services", _("Services to members")
    PROGRAMME_MANAGEMENT = "programme_management", _("Results-based and project management")
    OTHER = "other", _("Other")


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class NeedStatus(models.TextChoices):
    """Review state: new → reviewed → planned → addressed, or declined (with a reason)."""

    NEW = "new", _("New")
    REVIEWED = "reviewed", _("Reviewed")
    PLANNED = "planned", _("Planned")
    ADDRESSED = "addressed", _("Addressed")
    DECLINED = "declined", _("Declined")


class InterventionMethod(models.TextChoices):
    """How capacity is developed [seeds/000 ¶2, seeds/001 ¶2, ¶12(d), seeds/002 ¶23]."""

    TRAINING = "training", _("Training")
    TRAINING_OF_TRAINERS = "tot", _("Training of trainers")
    COACHING = "coaching", _("Coaching / mentoring")
    KNOWLEDGE_SHARING = "knowledge_sharing", _("Knowledge sharing")
    RESEARCH_SUPPORT = "research_support", _("Research support")
    SOUTH_SOUTH = "south_south", _("South–South and triangular cooperation")
    PEER_LEARNING = "peer_learning", _("Peer learning / twinning / study tour")
    ADVISORY = "advisory", _("Advisory services")
    E_LEARNING = "e_learning", _("E-learning")
    CERTIFICATION = "certification", _("Certification")


class Provider(models.TextChoices):
    ITCILO = "itcilo", _("ITC-ILO (Turin Centre)")
    CINTERFOR = "cinterfor", _("CINTERFOR")
    ACTEMP = "actemp", _("ACT/EMP")
    ACTRAV = "actrav", _("ACTRAV")
    FIELD_OFFICE = "field_office", _("ILO field office")
    NATIONAL_INSTITUTION = "national", _("National training institution")


class InterventionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class ParticipantGroup(models.TextChoices):
    """The groups participation is reported by [seeds/001 ¶7]."""

    EMPLOYERS = "employers", _("Employers' representatives")
    WORKERS = "workers", _("Workers' representatives")
    LABOUR_MINISTRY = "labour_ministry", _("Labour ministry")
    OTHER_GOVERNMENT = "other_government", _("Other government")
    OTHER = "other", _("Other")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    NOT_RECORDED = "not_recorded", _("Not recorded")
