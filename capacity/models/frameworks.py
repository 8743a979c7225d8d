"""Assessment frameworks: for each kind of constituent, the dimensions of capacity it is
assessed on, each scored 1–5 against a descriptor per score [DOMAIN §4; seeds/000 ¶6–12,
seeds/001 ¶10–11, seeds/002 ¶4, ¶16].

Frameworks are reference data (administrators edit them) and are *versioned*: a framework is
identified by its ``code`` and ``version``; revising a framework that assessments already use
creates a new version (a new row with its own dimensions) and leaves the old one as it was, so
every assessment keeps the wording it was scored against."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from constituents.models import group_for_type
from core.models import AuditedModel
from core.roles import ConstituentGroup

from .choices import CapacityLevel, CapacityType

__all__ = ["SCALE", "SCALE_MAX", "SCALE_MIN", "AssessmentDimension", "AssessmentFramework",
           "ScoreDescriptor"]

SCALE_MIN, SCALE_MAX = 1, 5
SCALE = tuple(range(SCALE_MIN, SCALE_MAX + 1))


class AssessmentFramework(AuditedModel):
    """One version of a framework for assessing a kind of constituent."""

    code = models.SlugField(_("code"), max_length=40,
                            help_text=_("Identifies the framework across its versions, "
                                        "e.g. employers."))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
    constituent_group = models.CharField(_("constituent group"), max_length=12,
                                         choices=ConstituentGroup.choices)
    # A list of ConstituentType values (JSON so that SQLite, the embedded default, works too;
    # the services check each value).
    constituent_types = models.JSONField(
        default=list, blank=True, verbose_name=_("constituent types"),
        help_text=_("The types of organization assessed with it; empty means every type of "
                    "the group."))
    description = models.TextField(_("description"), blank=True)
    source = models.TextField(_("source"), blank=True,
                              help_text=_("Where the dimensions and descriptors come from."))
    is_current = models.BooleanField(
        _("current version"), default=True,
        help_text=_("The version offered for new assessments."))

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("assessment framework")
        verbose_name_plural = _("assessment frameworks")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"],
                                    name="capacity_framework_code_version_unique"),
            models.UniqueConstraint(fields=["code"], condition=models.Q(is_current=True),
                                    name="capacity_framework_one_current_version"),
            models.CheckConstraint(condition=models.Q(version__gte=1),
                                   name="capacity_framework_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def fits_type(self, constituent_type: str) -> bool:
        """Whether an organization of ``constituent_type`` is assessed with this framework."""
        if self.constituent_types:
            return constituent_type in self.constituent_types
        return group_for_type(constituent_type) == self.constituent_group


class AssessmentDimension(AuditedModel):
    """A dimension of capacity, tagged with its level and capacity type."""

    framework = models.ForeignKey(AssessmentFramework, on_delete=models.CASCADE,
                                  related_name="dimensions", verbose_name=_("framework"))
    code = models.SlugField(_("code"), max_length=60,
                            help_text=_("Stable across versions: change between rounds is "
                                        "matched on it."))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    level = models.CharField(_("level"), max_length=20, choices=CapacityLevel.choices)
    capacity_type = models.CharField(_("capacity type"), max_length=10,
                                     choices=CapacityType.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["framework", "order", "id"]
        verbose_name = _("assessment dimension")
        verbose_name_plural = _("assessment dimensions")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"],
                                    name="capacity_dimension_code_unique_in_framework"),
        ]

    def __str__(self) -> str:
        return self.name


class ScoreDescriptor(AuditedModel):
    """What a score on a dimension means (one per score of the 1–5 scale)."""

    dimension = models.ForeignKey(AssessmentDimension, on_delete=models.CASCADE,
                                  related_name="descriptors", verbose_name=_("dimension"))
    score = models.PositiveSmallIntegerField(_("score"))
    descriptor = models.TextField(_("descriptor"))

    class Meta:
        ordering = ["dimension", "score"]
        verbose_name = _("score descriptor")
        verbose_name_plural = _("score descriptors")
        constraints = [
            models.UniqueConstraint(fields=["dimension", "score"],
                                    name="capacity_descriptor_one_per_score"),
            models.CheckConstraint(
                condition=models.Q(score__gte=SCALE_MIN) & models.Q(score__lte=SCALE_MAX),
                name="capacity_descriptor_score_in_scale"),
        ]

    def __str__(self) -> str:
        return f"{self.score}: {self.descriptor[:60]}"
