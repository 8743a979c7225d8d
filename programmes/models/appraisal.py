"""Quality appraisal: versioned checklists of criteria that administrators edit, and the
appraisals of DWCP drafts and development cooperation proposals made with them, each criterion
met / partly met / not met with a comment [seeds/004 ¶33; seeds/003 ¶68; DOMAIN §2]."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel

__all__ = ["Appraisal", "AppraisalChecklist", "AppraisalCriterion", "AppraisalOutcome",
           "AppraisalRating", "AppraisalSubject", "Rating"]


class AppraisalSubject(models.TextChoices):
    DWCP = "dwcp", _("DWCP draft")
    PROPOSAL = "proposal", _("Development cooperation proposal")


class AppraisalChecklist(AuditedModel):
    """One version of the checklist for a kind of subject. New appraisals use the active
    version; those made earlier keep theirs."""

    subject = models.CharField(_("appraises"), max_length=10, choices=AppraisalSubject.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    is_active = models.BooleanField(_("in use"), default=False,
                                    help_text=_("New appraisals use the version in use."))
    introduced_on = models.DateField(_("introduced on"), null=True, blank=True)

    class Meta:
        ordering = ["subject", "-version"]
        verbose_name = _("appraisal checklist")
        verbose_name_plural = _("appraisal checklists")
        constraints = [
            models.UniqueConstraint(fields=["subject", "version"],
                                    name="appraisal_checklist_version_unique"),
            models.UniqueConstraint(fields=["subject"], condition=models.Q(is_active=True),
                                    name="appraisal_checklist_one_active"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class AppraisalCriterion(AuditedModel):
    """A question of a checklist; ``precheck`` names the automatic check that reads the data
    for it (``programmes.services.appraisal.PRECHECKS``), if any."""

    checklist = models.ForeignKey(AppraisalChecklist, on_delete=models.CASCADE,
                                  related_name="criteria", verbose_name=_("checklist"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.CharField(_("code"), max_length=20)
    text = models.CharField(_("criterion"), max_length=300)
    guidance = models.TextField(_("guidance"), blank=True)
    precheck = models.CharField(_("automatic pre-check"), max_length=40, blank=True)

    class Meta:
        ordering = ["checklist", "order", "code"]
        verbose_name = _("appraisal criterion")
        verbose_name_plural = _("appraisal criteria")
        constraints = [models.UniqueConstraint(fields=["checklist", "code"],
                                               name="appraisal_criterion_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class AppraisalOutcome(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    PASSED = "passed", _("Passed")
    REVISE = "revise", _("Revision needed")


class Appraisal(AuditedModel):
    """The appraisal of a DWCP draft or of a project proposal against a checklist version."""

    checklist = models.ForeignKey(AppraisalChecklist, on_delete=models.PROTECT,
                                  related_name="appraisals", verbose_name=_("checklist"))
    dwcp = models.ForeignKey("programmes.Dwcp", null=True, blank=True,
                             on_delete=models.CASCADE, related_name="appraisals",
                             verbose_name=_("DWCP"))
    project = models.ForeignKey("programmes.Project", null=True, blank=True,
                                on_delete=models.CASCADE, related_name="appraisals",
                                verbose_name=_("proposal"))
    # The subject's country (None for a regional or interregional proposal), for the policy.
    country = models.ForeignKey("constituents.Country", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("country"))
    appraiser = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="appraisals",
                                  verbose_name=_("appraiser"))
    started_on = models.DateField(_("started on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=AppraisalOutcome.choices,
                               default=AppraisalOutcome.IN_PROGRESS)
    summary = models.TextField(_("summary"), blank=True)

    scope_country_path = "country"

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("quality appraisal")
        verbose_name_plural = _("quality appraisals")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(dwcp__isnull=False, project__isnull=True)
                           | models.Q(dwcp__isnull=True, project__isnull=False)),
                name="appraisal_of_one_subject"),
        ]

    def __str__(self) -> str:
        return str(self.dwcp or self.project)


class Rating(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class AppraisalRating(AuditedModel):
    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="ratings",
                                  verbose_name=_("appraisal"))
    criterion = models.ForeignKey(AppraisalCriterion, on_delete=models.PROTECT,
                                  related_name="ratings", verbose_name=_("criterion"))
    rating = models.CharField(_("rating"), max_length=8, choices=Rating.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    scope_country_path = "appraisal__country"

    class Meta:
        ordering = ["appraisal", "criterion__order"]
        verbose_name = _("criterion rating")
        verbose_name_plural = _("criterion ratings")
        constraints = [models.UniqueConstraint(fields=["appraisal", "criterion"],
                                               name="appraisal_rating_unique")]
