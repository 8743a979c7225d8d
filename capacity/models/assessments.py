"""Capacity assessments of a constituent and the score given on each dimension
[DOMAIN §4; seeds/000 ¶17(a), seeds/001 ¶14, seeds/002 ¶16]."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import constituent_field, constituent_scope, dwcp_field
from core.models import AuditedModel

from .choices import AssessmentMethod, AssessmentRound
from .frameworks import SCALE_MAX, SCALE_MIN, AssessmentDimension, AssessmentFramework

__all__ = ["CapacityAssessment", "DimensionScore"]


class CapacityAssessment(AuditedModel):
    """An assessment of one constituent against one version of a framework."""

    constituent = constituent_field("capacity_assessments")
    framework = models.ForeignKey(AssessmentFramework, on_delete=models.PROTECT,
                                  related_name="assessments",
                                  verbose_name=_("framework version"))
    date = models.DateField(_("date"))
    method = models.CharField(_("method"), max_length=20, choices=AssessmentMethod.choices)
    round = models.CharField(_("round"), max_length=10, choices=AssessmentRound.choices)
    assessors = models.CharField(_("assessors"), max_length=500,
                                 help_text=_("Who carried out the assessment."))
    dwcp = dwcp_field("capacity_assessments", optional=True)
    cpo = models.ForeignKey("programmes.CountryProgrammeOutcome", null=True, blank=True,
                            on_delete=models.SET_NULL, related_name="capacity_assessments",
                            verbose_name=_("CPO"))
    summary = models.TextField(_("summary"), blank=True)

    scope_country_path, scope_group_path = constituent_scope()
    # An assessment lays bare an organization's deficits: specialists see their group's only
    # (core.policy's rule for objects such as capacity assessments).
    scope_group_limits_view = True

    class Meta:
        ordering = ["constituent", "-date", "-id"]
        verbose_name = _("capacity assessment")
        verbose_name_plural = _("capacity assessments")
        indexes = [models.Index(fields=["constituent", "date"]),
                   models.Index(fields=["round", "date"])]

    def __str__(self) -> str:
        return f"{self.constituent} – {self.get_round_display()} {self.date:%Y-%m-%d}"


class DimensionScore(AuditedModel):
    """The score an assessment gives on one dimension, with the evidence behind it."""

    assessment = models.ForeignKey(CapacityAssessment, on_delete=models.CASCADE,
                                   related_name="scores", verbose_name=_("assessment"))
    dimension = models.ForeignKey(AssessmentDimension, on_delete=models.PROTECT,
                                  related_name="scores", verbose_name=_("dimension"))
    score = models.PositiveSmallIntegerField(_("score"))
    evidence = models.TextField(_("evidence"), blank=True,
                                help_text=_("What the score rests on: documents, interviews, "
                                            "figures."))

    scope_country_path, scope_group_path = constituent_scope("assessment__")
    scope_group_limits_view = True

    class Meta:
        ordering = ["assessment", "dimension__order", "dimension_id"]
        verbose_name = _("dimension score")
        verbose_name_plural = _("dimension scores")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "dimension"],
                                    name="capacity_score_one_per_dimension"),
            models.CheckConstraint(
                condition=models.Q(score__gte=SCALE_MIN) & models.Q(score__lte=SCALE_MAX),
                name="capacity_score_in_scale"),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.score}"
