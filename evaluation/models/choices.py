"""The vocabularies of evaluation [DOMAIN §5; seeds/001 fn 5, seeds/002 ¶6, ¶21]."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubjectKind(models.TextChoices):
    """What is evaluated."""

    DWCP = "dwcp", _("Decent Work Country Programme")
    PROJECT = "project", _("Development cooperation project")
    CPO = "cpo", _("Country programme outcome")
    INTERVENTION = "intervention", _("Capacity development intervention")
    THEME = "theme", _("Theme or strategy across countries")


class EvaluationType(models.TextChoices):
    INDEPENDENT = "independent", _("Independent evaluation")
    INTERNAL = "internal", _("Internal evaluation")
    SELF = "self", _("Self-evaluation")
    HIGH_LEVEL = "high_level", _("High-level / strategy evaluation")
    COUNTRY_PROGRAMME = "country_programme", _("DWCP country programme evaluation")
    IMPACT = "impact", _("Impact evaluation")
    JOINT = "joint", _("Joint evaluation")
    REVIEW = "review", _("Review")


class Timing(models.TextChoices):
    MID_TERM = "mid_term", _("Mid-term")
    FINAL = "final", _("Final")
    EX_POST = "ex_post", _("Ex-post")


class Management(models.TextChoices):
    """Who manages the evaluation: the Evaluation Office (centralized) or a line manager's
    unit or office (decentralized)."""

    CENTRALIZED = "centralized", _("Centralized")
    DECENTRALIZED = "decentralized", _("Decentralized")


class EvaluatorKind(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    EXTERNAL = "external", _("External")


class EvaluationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    REPORT_SUBMITTED = "report_submitted", _("Report submitted")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


# An evaluation in one of these statuses has been carried out (coverage counts it as done).
CARRIED_OUT = (EvaluationStatus.REPORT_SUBMITTED, EvaluationStatus.APPROVED,
               EvaluationStatus.PUBLISHED)
# Its report is final: its ratings count in the averages.
FINAL = (EvaluationStatus.APPROVED, EvaluationStatus.PUBLISHED)


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    ARABIC = "ar", _("Arabic")
    CHINESE = "zh", _("Chinese")
    RUSSIAN = "ru", _("Russian")
    PORTUGUESE = "pt", _("Portuguese")
    OTHER = "other", _("Other")


class Criterion(models.TextChoices):
    """The OECD DAC criteria and the ILO's cross-cutting concerns [DOMAIN §5]."""

    RELEVANCE = "relevance", _("Relevance")
    COHERENCE = "coherence", _("Coherence")
    EFFECTIVENESS = "effectiveness", _("Effectiveness")
    EFFICIENCY = "efficiency", _("Efficiency")
    IMPACT = "impact", _("Impact")
    SUSTAINABILITY = "sustainability", _("Sustainability")
    GENDER = "gender", _("Gender equality and non-discrimination")
    STANDARDS = "standards", _("International labour standards")
    SOCIAL_DIALOGUE = "social_dialogue", _("Social dialogue and tripartism")
    JUST_TRANSITION = "just_transition", _("Just transition and environmental sustainability")


OECD_DAC = (Criterion.RELEVANCE, Criterion.COHERENCE, Criterion.EFFECTIVENESS,
            Criterion.EFFICIENCY, Criterion.IMPACT, Criterion.SUSTAINABILITY)
CROSS_CUTTING = (Criterion.GENDER, Criterion.STANDARDS, Criterion.SOCIAL_DIALOGUE,
                 Criterion.JUST_TRANSITION)


class Score(models.IntegerChoices):
    """The six-point scale."""

    HIGHLY_UNSATISFACTORY = 1, _("Highly unsatisfactory")
    UNSATISFACTORY = 2, _("Unsatisfactory")
    SOMEWHAT_UNSATISFACTORY = 3, _("Somewhat unsatisfactory")
    SOMEWHAT_SATISFACTORY = 4, _("Somewhat satisfactory")
    SATISFACTORY = 5, _("Satisfactory")
    HIGHLY_SATISFACTORY = 6, _("Highly satisfactory")


class AddresseeUnit(models.TextChoices):
    """Who a recommendation is addressed to in the Office; the unit's people record the
    management response (core.policy RESPOND_TO_RECOMMENDATION)."""

    COUNTRY_OFFICE = "country_office", _("ILO country office / Decent Work Team")
    REGIONAL_OFFICE = "regional_office", _("ILO regional office")
    PROJECT_TEAM = "project_team", _("Project management team")
    ACTEMP = "actemp", _("Bureau for Employers' Activities (ACT/EMP)")
    ACTRAV = "actrav", _("Bureau for Workers' Activities (ACTRAV)")
    HEADQUARTERS = "headquarters", _("Headquarters technical department")
    PARDEV = "pardev", _("Partnerships and Field Support (PARDEV)")
    MANAGEMENT = "management", _("Senior management")


# Units answered for by the field staff of the evaluation's country, by specialists'
# bureaux and by headquarters managers (the rule is in core.policy).
FIELD_UNITS = (AddresseeUnit.COUNTRY_OFFICE, AddresseeUnit.REGIONAL_OFFICE,
               AddresseeUnit.PROJECT_TEAM)
HEADQUARTERS_UNITS = (AddresseeUnit.HEADQUARTERS, AddresseeUnit.PARDEV,
                      AddresseeUnit.MANAGEMENT)


class RecommendationPriority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class ResourceImplication(models.TextChoices):
    NONE = "none", _("Within existing resources")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class ResponseDecision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTIALLY_ACCEPTED = "partially_accepted", _("Partially accepted")
    REJECTED = "rejected", _("Rejected")


# Responses whose recommendation is to be implemented (the implementation rate's base).
TO_IMPLEMENT = (ResponseDecision.ACCEPTED, ResponseDecision.PARTIALLY_ACCEPTED)


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    NOT_POSSIBLE = "not_possible", _("Not possible")


# Actions still to do: overdue once past their due date.
OPEN_ACTIONS = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


class Implementation(models.TextChoices):
    """How far an accepted recommendation is implemented, from its follow-up actions:
    completed when it has actions and all are completed; partially when at least one is
    completed or in progress; not implemented otherwise (no actions, none started, or
    none possible)."""

    COMPLETED = "completed", _("Completed")
    PARTIALLY = "partially", _("Partially completed")
    NOT_IMPLEMENTED = "not_implemented", _("Not implemented")


class CoverageStatus(models.TextChoices):
    """Where a required evaluation stands (docs/evaluation.md, "Coverage")."""

    DONE = "done", _("Done")
    UPCOMING = "upcoming", _("Not yet due")
    SCHEDULED = "scheduled", _("Planned, not yet due")
    DUE = "due", _("Due")
    MISSING = "missing", _("Missing")
    OVERDUE = "overdue", _("Overdue")


class CoverageAnchor(models.TextChoices):
    """The date of the evaluated subject a rule's due date counts from."""

    END = "end", _("End of the project or programme")
    MIDPOINT = "midpoint", _("Midpoint of the project or programme")
