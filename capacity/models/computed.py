"""Figures computed by the worker (never by a request), with the same snapshot-and-swap idea
as programmes/models/computed.py: a full recompute writes a new :class:`CapacitySnapshot`
with all its rows, then makes it current in one transaction, so readers always see one
complete set. Formulas: capacity/computation.py and docs/capacity.md."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import constituent_scope
from core.models import ComputedSnapshot
from core.roles import ConstituentGroup

from .choices import ParticipantGroup

__all__ = ["AssessmentIndex", "CapacitySnapshot", "DimensionChange", "InterventionFigure",
           "NeedsCoverage", "ParticipationFigure", "ReachFigure"]


class CapacitySnapshot(ComputedSnapshot):
    """One complete computation of every capacity figure as of a date."""

    class Meta(ComputedSnapshot.Meta):
        pass

    def __str__(self) -> str:
        return f"capacity figures as of {self.as_of} (#{self.pk})"


class AssessmentIndex(models.Model):
    """Capacity index (0–100) of one assessment: overall, per level or per capacity type."""

    class Axis(models.TextChoices):
        OVERALL = "overall", _("Overall")
        LEVEL = "level", _("Level")
        CAPACITY_TYPE = "capacity_type", _("Capacity type")

    snapshot = models.ForeignKey(CapacitySnapshot, on_delete=models.CASCADE,
                                 related_name="assessment_indices")
    assessment = models.ForeignKey("capacity.CapacityAssessment", on_delete=models.CASCADE,
                                   related_name="indices")
    axis = models.CharField(max_length=13, choices=Axis.choices)
    key = models.CharField(max_length=20, blank=True,
                           help_text="the level or capacity type; empty for overall")
    index = models.DecimalField(max_digits=4, decimal_places=1)
    dimensions = models.PositiveSmallIntegerField()

    scope_country_path, scope_group_path = constituent_scope("assessment__")
    scope_group_limits_view = True

    class Meta:
        constraints = [models.UniqueConstraint(fields=["snapshot", "assessment", "axis", "key"],
                                               name="capacity_assessment_index_unique")]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.axis} {self.key}: {self.index}"


class DimensionChange(models.Model):
    """Change on one dimension between a constituent's baseline and its latest follow-up
    (same framework; dimensions matched by code across versions)."""

    snapshot = models.ForeignKey(CapacitySnapshot, on_delete=models.CASCADE,
                                 related_name="dimension_changes")
    constituent = models.ForeignKey("constituents.Constituent", on_delete=models.CASCADE,
                                    related_name="+")
    framework_code = models.SlugField(max_length=40)
    dimension_code = models.SlugField(max_length=60)
    dimension = models.ForeignKey("capacity.AssessmentDimension", on_delete=models.CASCADE,
                                  related_name="+",
                                  help_text="the dimension as worded in the follow-up")
    baseline = models.ForeignKey("capacity.CapacityAssessment", on_delete=models.CASCADE,
                                 related_name="+")
    follow_up = models.ForeignKey("capacity.CapacityAssessment", on_delete=models.CASCADE,
                                  related_name="+")
    baseline_score = models.PositiveSmallIntegerField()
    latest_score = models.PositiveSmallIntegerField()
    change = models.SmallIntegerField()

    scope_country_path, scope_group_path = constituent_scope()
    scope_group_limits_view = True

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["snapshot", "constituent", "framework_code", "dimension_code"],
            name="capacity_dimension_change_unique")]

    def __str__(self) -> str:
        return f"{self.constituent_id} {self.dimension_code}: {self.change:+d}"


class NeedsCoverage(models.Model):
    """Share of the high-priority needs (not declined) of a country's constituents of one
    group that have a planned or delivered intervention."""

    snapshot = models.ForeignKey(CapacitySnapshot, on_delete=models.CASCADE,
                                 related_name="needs_coverage")
    country = models.ForeignKey("constituents.Country", on_delete=models.CASCADE,
                                related_name="+")
    constituent_group = models.CharField(max_length=12, choices=ConstituentGroup.choices)
    high_priority = models.PositiveIntegerField()
    covered = models.PositiveIntegerField()
    share = models.DecimalField(max_digits=4, decimal_places=1, null=True)

    scope_country_path = "country"
    scope_group_path = "constituent_group"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["snapshot", "country",
                                                       "constituent_group"],
                                               name="capacity_needs_coverage_unique")]

    def __str__(self) -> str:
        return f"{self.country_id} {self.constituent_group}: {self.covered}/{self.high_priority}"


class ParticipationFigure(models.Model):
    """Participants of interventions starting in a biennium, by country (empty: regional and
    interregional activities) and participant group, by sex, with women's share."""

    snapshot = models.ForeignKey(CapacitySnapshot, on_delete=models.CASCADE,
                                 related_name="participation")
    biennium = models.ForeignKey("programmes.Biennium", on_delete=models.CASCADE,
                                 related_name="+")
    country = models.ForeignKey("constituents.Country", null=True, on_delete=models.CASCADE,
                                related_name="+")
    participant_group = models.CharField(max_length=16, choices=ParticipantGroup.choices)
    participants = models.PositiveIntegerField()
    women = models.PositiveIntegerField()
    men = models.PositiveIntegerField()
    sex_not_recorded = models.PositiveIntegerField()
    women_share = models.DecimalField(max_digits=4, decimal_places=1, null=True)

    scope_country_path = "country"

    class Meta:
        # One row per country, and one for all countries (country empty): two partial
        # constraints, which SQLite and PostgreSQL both enforce.
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "biennium", "country", "participant_group"],
                condition=models.Q(country__isnull=False),
                name="capacity_participation_figure_unique"),
            models.UniqueConstraint(
                fields=["snapshot", "biennium", "participant_group"],
                condition=models.Q(country__isnull=True),
                name="capacity_participation_figure_all_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.biennium_id} {self.country_id} {self.participant_group}: " \
               f"{self.participants}"


class InterventionFigure(models.Model):
    """Per intervention: participants, women's share, organizations reached, cost per
    participant."""

    snapshot = models.ForeignKey(CapacitySnapshot, on_delete=models.CASCADE,
                                 related_name="intervention_figures")
    intervention = models.ForeignKey("capacity.Intervention", on_delete=models.CASCADE,
                                     related_name="figures")
    participants = models.PositiveIntegerField()
    women = models.PositiveIntegerField()
    women_share = models.DecimalField(max_digits=4, decimal_places=1, null=True)
    organizations = models.PositiveIntegerField()
    cost_per_participant = models.DecimalField(max_digits=14, decimal_places=2, null=True)

    scope_country_path = "intervention__country"
    scope_group_path = "intervention__target_group"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["snapshot", "intervention"],
                                               name="capacity_intervention_figure_unique")]

    def __str__(self) -> str:
        return f"{self.intervention_id}: {self.participants}"


class ReachFigure(models.Model):
    """Per biennium and country (empty: regional / interregional): interventions,
    participants, distinct organizations reached, cost and cost per participant."""

    snapshot = models.ForeignKey(CapacitySnapshot, on_delete=models.CASCADE,
                                 related_name="reach")
    biennium = models.ForeignKey("programmes.Biennium", on_delete=models.CASCADE,
                                 related_name="+")
    country = models.ForeignKey("constituents.Country", null=True, on_delete=models.CASCADE,
                                related_name="+")
    interventions = models.PositiveIntegerField()
    participants = models.PositiveIntegerField()
    organizations = models.PositiveIntegerField()
    cost = models.DecimalField(max_digits=16, decimal_places=2)
    cost_per_participant = models.DecimalField(max_digits=14, decimal_places=2, null=True)

    scope_country_path = "country"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "biennium", "country"],
                                    condition=models.Q(country__isnull=False),
                                    name="capacity_reach_figure_unique"),
            models.UniqueConstraint(fields=["snapshot", "biennium"],
                                    condition=models.Q(country__isnull=True),
                                    name="capacity_reach_figure_all_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.biennium_id} {self.country_id}: {self.organizations} organizations"
