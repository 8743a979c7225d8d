"""The results framework of a DWCP: country priorities → country programme outcomes (CPOs) →
outputs, with each CPO linked per biennium to a P&B outcome [DOMAIN §2-3]."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import dwcp_field
from core.models import AuditedModel
from programmes.models.reference import GenderMarker

__all__ = ["CountryPriority", "CountryProgrammeOutcome", "CpoOutcomeLink", "Output"]


class CountryPriority(AuditedModel):
    dwcp = dwcp_field("priorities")
    code = models.CharField(_("code"), max_length=20)
    title = models.TextField(_("title"))
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope_country_path = "dwcp__country"

    class Meta:
        ordering = ["dwcp", "order", "code"]
        verbose_name = _("country priority")
        verbose_name_plural = _("country priorities")
        constraints = [models.UniqueConstraint(fields=["dwcp", "code"],
                                               name="priority_code_unique_in_dwcp")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class CountryProgrammeOutcome(AuditedModel):
    """A CPO: a result the DWCP commits to, e.g. ALB101."""

    dwcp = dwcp_field("cpos")
    priority = models.ForeignKey(CountryPriority, on_delete=models.PROTECT,
                                 related_name="cpos", verbose_name=_("country priority"))
    code = models.CharField(_("code"), max_length=20,
                            help_text=_("Unique within the DWCP, e.g. ALB101."))
    title = models.TextField(_("title"))
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    planned_resources = models.DecimalField(
        _("planned resources (US$)"), max_digits=14, decimal_places=2, default=0,
        help_text=_("What the outcome needs over the whole DWCP period."))
    un_outcomes = models.ManyToManyField("programmes.UNFrameworkOutcome", blank=True,
                                         related_name="cpos",
                                         verbose_name=_("UN framework outcomes"))
    sdg_targets = models.ManyToManyField("programmes.SdgTarget", blank=True,
                                         related_name="cpos", verbose_name=_("SDG targets"))
    # Cross-cutting markers (issue 14, point 3).
    gender_marker = models.PositiveSmallIntegerField(
        _("gender equality marker"), null=True, blank=True, choices=GenderMarker.choices,
        help_text=_("Empty: not assessed yet."))
    conventions = models.ManyToManyField("programmes.Convention", blank=True,
                                         related_name="cpos",
                                         verbose_name=_("labour standards concerned"))
    social_dialogue = models.BooleanField(
        _("social dialogue and tripartism"), default=False,
        help_text=_("The outcome is reached through social dialogue or strengthens it."))
    just_transition = models.BooleanField(
        _("just transition"), default=False,
        help_text=_("The outcome serves a just transition towards environmentally "
                    "sustainable economies."))

    scope_country_path = "dwcp__country"

    class Meta:
        ordering = ["dwcp", "priority__order", "order", "code"]
        verbose_name = _("country programme outcome")
        verbose_name_plural = _("country programme outcomes")
        constraints = [
            models.UniqueConstraint(fields=["dwcp", "code"], name="cpo_code_unique_in_dwcp"),
            models.CheckConstraint(condition=models.Q(gender_marker__lte=3),
                                   name="cpo_gender_marker_0_to_3"),
            models.CheckConstraint(condition=models.Q(planned_resources__gte=0),
                                   name="cpo_planned_resources_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class CpoOutcomeLink(AuditedModel):
    """The P&B outcome a CPO contributes to in one biennium it spans."""

    cpo = models.ForeignKey(CountryProgrammeOutcome, on_delete=models.CASCADE,
                            related_name="outcome_links", verbose_name=_("CPO"))
    biennium = models.ForeignKey("programmes.Biennium", on_delete=models.PROTECT,
                                 related_name="cpo_links", verbose_name=_("biennium"))
    pb_outcome = models.ForeignKey("programmes.PBOutcome", on_delete=models.PROTECT,
                                   related_name="cpo_links", verbose_name=_("P&B outcome"))
    pb_indicator = models.ForeignKey(
        "programmes.PBOutcomeIndicator", null=True, blank=True, on_delete=models.PROTECT,
        related_name="cpo_links", verbose_name=_("P&B outcome indicator"),
        help_text=_("The indicator of the P&B outcome the CPO reports against (optional)."))

    scope_country_path = "cpo__dwcp__country"

    class Meta:
        ordering = ["cpo", "biennium__start_year"]
        verbose_name = _("CPO link to a P&B outcome")
        verbose_name_plural = _("CPO links to P&B outcomes")
        constraints = [models.UniqueConstraint(fields=["cpo", "biennium"],
                                               name="cpo_one_outcome_per_biennium")]

    def __str__(self) -> str:
        return f"{self.cpo.code} → {self.pb_outcome} ({self.biennium})"


class Output(AuditedModel):
    cpo = models.ForeignKey(CountryProgrammeOutcome, on_delete=models.CASCADE,
                            related_name="outputs", verbose_name=_("CPO"))
    code = models.CharField(_("code"), max_length=25)
    title = models.TextField(_("title"))
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope_country_path = "cpo__dwcp__country"

    class Meta:
        ordering = ["cpo", "order", "code"]
        verbose_name = _("output")
        verbose_name_plural = _("outputs")
        constraints = [models.UniqueConstraint(fields=["cpo", "code"],
                                               name="output_code_unique_in_cpo")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
