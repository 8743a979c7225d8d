"""Figures computed by the worker (never by a request), in snapshots swapped in atomically as
for results and capacity (core.models.ComputedSnapshot): the coverage of the evaluation plan,
the implementation of recommendations and the average ratings. Formulas:
evaluation.services.computed and docs/evaluation.md."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import ComputedSnapshot

from .choices import CoverageStatus, Criterion, SubjectKind


class EvaluationSnapshot(ComputedSnapshot):
    """One complete computation of every evaluation figure as of a date."""

    class Meta(ComputedSnapshot.Meta):
        pass

    def __str__(self) -> str:
        return f"evaluation figures as of {self.as_of} (#{self.pk})"


class CoverageFlag(models.Model):
    """One required evaluation (a rule applied to a project or DWCP) and where it stands."""

    snapshot = models.ForeignKey(EvaluationSnapshot, on_delete=models.CASCADE,
                                 related_name="coverage_flags")
    rule = models.ForeignKey("evaluation.CoverageRule", on_delete=models.CASCADE,
                             related_name="+")
    subject_kind = models.CharField(max_length=12, choices=SubjectKind.choices)
    project = models.ForeignKey("programmes.Project", null=True, on_delete=models.CASCADE,
                                related_name="+")
    dwcp = models.ForeignKey("programmes.Dwcp", null=True, on_delete=models.CASCADE,
                             related_name="+")
    country = models.ForeignKey("constituents.Country", on_delete=models.CASCADE,
                                related_name="+")
    region = models.ForeignKey("constituents.Region", on_delete=models.CASCADE,
                               related_name="+")
    due_date = models.DateField()
    year = models.PositiveSmallIntegerField(help_text="the year the evaluation is due")
    status = models.CharField(max_length=9, choices=CoverageStatus.choices)
    evaluation = models.ForeignKey("evaluation.Evaluation", null=True, on_delete=models.CASCADE,
                                   related_name="+",
                                   help_text="the evaluation that meets (or will meet) it")

    scope_country_path = "country"

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["snapshot", "country", "status"]),
                   models.Index(fields=["snapshot", "region", "year"])]

    def __str__(self) -> str:
        return f"{self.rule_id} {self.project_id or self.dwcp_id}: {self.status}"


class CoverageFigure(models.Model):
    """Required evaluations due in a year, by region (empty: all regions), and where they
    stand."""

    snapshot = models.ForeignKey(EvaluationSnapshot, on_delete=models.CASCADE,
                                 related_name="coverage")
    region = models.ForeignKey("constituents.Region", null=True, on_delete=models.CASCADE,
                               related_name="+")
    year = models.PositiveSmallIntegerField()
    required = models.PositiveIntegerField()
    done = models.PositiveIntegerField()
    upcoming = models.PositiveIntegerField(default=0)
    scheduled = models.PositiveIntegerField()
    due = models.PositiveIntegerField()
    missing = models.PositiveIntegerField()
    overdue = models.PositiveIntegerField()
    share_done = models.DecimalField(max_digits=4, decimal_places=1, null=True)

    class Meta:
        ordering = ["year", "region__name"]
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "region", "year"],
                                    condition=models.Q(region__isnull=False),
                                    name="evaluation_coverage_figure_unique"),
            models.UniqueConstraint(fields=["snapshot", "year"],
                                    condition=models.Q(region__isnull=True),
                                    name="evaluation_coverage_figure_all_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.region_id}: {self.done}/{self.required}"


class Dimension(models.TextChoices):
    """What a figure is broken down by; ``key`` holds the value (a region's code, a unit, an
    evaluation type, a year, a biennium's code; empty for all)."""

    ALL = "all", _("All")
    UNIT = "unit", _("Addressee unit")
    REGION = "region", _("Region")
    TYPE = "type", _("Evaluation type")
    YEAR = "year", _("Year")
    BIENNIUM = "biennium", _("Biennium")


class ImplementationFigure(models.Model):
    """The implementation of recommendations that have a submitted management response, for
    one dimension value: the responses, the recommendations to implement (accepted and
    partially accepted), how far they are implemented, and the rate (completed share of
    those to implement, per cent)."""

    snapshot = models.ForeignKey(EvaluationSnapshot, on_delete=models.CASCADE,
                                 related_name="implementation")
    dimension = models.CharField(max_length=8, choices=Dimension.choices)
    key = models.CharField(max_length=20, blank=True)
    responses = models.PositiveIntegerField()
    accepted = models.PositiveIntegerField()
    partially_accepted = models.PositiveIntegerField()
    rejected = models.PositiveIntegerField()
    to_implement = models.PositiveIntegerField()
    completed = models.PositiveIntegerField()
    partially = models.PositiveIntegerField()
    not_implemented = models.PositiveIntegerField()
    rate = models.DecimalField(max_digits=4, decimal_places=1, null=True)

    class Meta:
        ordering = ["dimension", "key"]
        constraints = [models.UniqueConstraint(fields=["snapshot", "dimension", "key"],
                                               name="evaluation_implementation_unique")]

    def __str__(self) -> str:
        return f"{self.dimension} {self.key}: {self.rate}"


class RatingAverage(models.Model):
    """The average rating of one criterion over the approved and published evaluations of
    one dimension value (region, type, biennium of completion, or all)."""

    snapshot = models.ForeignKey(EvaluationSnapshot, on_delete=models.CASCADE,
                                 related_name="rating_averages")
    dimension = models.CharField(max_length=8, choices=Dimension.choices)
    key = models.CharField(max_length=20, blank=True)
    criterion = models.CharField(max_length=16, choices=Criterion.choices)
    average = models.DecimalField(max_digits=3, decimal_places=2)
    ratings = models.PositiveIntegerField()

    class Meta:
        ordering = ["dimension", "key", "criterion"]
        constraints = [models.UniqueConstraint(fields=["snapshot", "dimension", "key",
                                                       "criterion"],
                                               name="evaluation_rating_average_unique")]

    def __str__(self) -> str:
        return f"{self.dimension} {self.key} {self.criterion}: {self.average}"
