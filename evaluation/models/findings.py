"""What an evaluation found: ratings on the OECD DAC criteria and the ILO's cross-cutting
concerns, lessons learned and emerging good practices [DOMAIN §5]."""
from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from capacity.models.choices import CapacityLevel, TechnicalArea
from core.models import AuditedModel
from core.roles import ConstituentGroup

from .choices import Criterion, Score
from .evaluations import Evaluation


class Rating(AuditedModel):
    """The evaluators' rating of one criterion, on the six-point scale, with why."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="ratings",
                                   verbose_name=_("evaluation"))
    criterion = models.CharField(_("criterion"), max_length=16, choices=Criterion.choices)
    score = models.PositiveSmallIntegerField(_("rating"), choices=Score.choices)
    justification = models.TextField(_("justification"))

    scope_country_path = "evaluation__country"
    evaluation_path = "evaluation"

    class Meta:
        ordering = ["evaluation", "criterion"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"],
                                    name="evaluation_rating_once_per_criterion"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=6),
                                   name="evaluation_rating_on_six_point_scale"),
        ]

    def __str__(self) -> str:
        return f"{self.get_criterion_display()}: {self.score}"


class Learning(AuditedModel):
    """What lessons learned and emerging good practices share: the finding, its context and
    causal factors, who should use it, and the tags it is found by. Searched with
    PostgreSQL full-text search (evaluation.selectors.learning_search; the GIN indexes are
    in migration 0002)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE,
                                   related_name="%(class)ss", verbose_name=_("evaluation"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"))
    context = models.TextField(_("context"), blank=True)
    causal_factors = models.TextField(_("causal factors"), blank=True)
    users = models.CharField(_("who should use it"), max_length=300, blank=True,
                             help_text=_("e.g. project managers, constituents, donors"))
    technical_area = models.CharField(_("theme"), max_length=25, blank=True,
                                      choices=TechnicalArea.choices)
    constituent_group = models.CharField(_("constituent group"), max_length=12, blank=True,
                                         choices=ConstituentGroup.choices)
    capacity_level = models.CharField(_("capacity level"), max_length=20, blank=True,
                                      choices=CapacityLevel.choices)
    region = models.ForeignKey("constituents.Region", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("region"))
    country = models.ForeignKey("constituents.Country", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("country"))
    pb_outcome = models.ForeignKey("programmes.PBOutcome", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("P&B outcome"))
    # Weighted words of the title (A), description (B), context, causal factors and users
    # (C): kept by a trigger on PostgreSQL (migration 0002), empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    scope_country_path = "evaluation__country"
    evaluation_path = "evaluation"

    class Meta:
        abstract = True
        ordering = ["evaluation", "pk"]

    def __str__(self) -> str:
        return self.title


class Lesson(Learning):
    """A lesson learned."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="lessons",
                                   verbose_name=_("evaluation"))

    class Meta(Learning.Meta):
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")
        indexes = [models.Index(fields=["technical_area"], name="evaluation_lesson_theme")]


class GoodPractice(Learning):
    """An emerging good practice, with what makes it worth replicating."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE,
                                   related_name="good_practices", verbose_name=_("evaluation"))

    replication = models.TextField(_("potential for replication"), blank=True)

    class Meta(Learning.Meta):
        verbose_name = _("emerging good practice")
        verbose_name_plural = _("emerging good practices")
        indexes = [models.Index(fields=["technical_area"], name="evaluation_practice_theme")]
