"""UN Development Assistance Frameworks / Cooperation Frameworks and national development
plans, and how their outcomes relate to DWCP priorities [DOMAIN §2; seeds/004 ¶6, 000 ¶15]."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import YearPeriod, country_field, in_order, year_fields
from core.models import AuditedModel

__all__ = ["NationalDevelopmentPlan", "NationalPriority", "PriorityAlignment", "UNFramework",
           "UNFrameworkOutcome"]


class UNFramework(YearPeriod, AuditedModel):
    """The UN Country Team's framework for a country and period."""

    class Kind(models.TextChoices):
        UNDAF = "undaf", _("UN Development Assistance Framework (UNDAF)")
        COOPERATION_FRAMEWORK = "cooperation_framework", _(
            "UN Sustainable Development Cooperation Framework")

    country = country_field("un_frameworks")
    kind = models.CharField(_("kind"), max_length=25, choices=Kind.choices, default=Kind.UNDAF)
    title = models.CharField(_("title"), max_length=300)
    start_year, end_year = year_fields()
    signed_date = models.DateField(_("signed on"), null=True, blank=True)

    scope_country_path = "country"

    class Meta:
        ordering = ["country__name", "-start_year"]
        verbose_name = _("UN framework")
        verbose_name_plural = _("UN frameworks")
        constraints = [in_order("unframework_years_in_order")]


class UNFrameworkOutcome(AuditedModel):
    """An outcome of a UN framework, with the ILO's role in it and how the social partners
    took part."""

    class IloRole(models.TextChoices):
        LEAD = "lead", _("Lead")
        SHARED = "shared", _("Shared")
        SUPPORT = "support", _("Support")
        NONE = "none", _("Not involved")

    class Participation(models.TextChoices):
        DIRECT = "direct", _("Direct")
        MINIMAL = "minimal", _("Minimal")
        NONE = "none", _("None")

    framework = models.ForeignKey(UNFramework, on_delete=models.CASCADE,
                                  related_name="outcomes", verbose_name=_("UN framework"))
    code = models.CharField(_("code"), max_length=20)
    title = models.TextField(_("title"))
    ilo_role = models.CharField(_("ILO's role"), max_length=10, choices=IloRole.choices,
                                default=IloRole.SUPPORT)
    social_partner_participation = models.CharField(
        _("social partners' participation"), max_length=10, choices=Participation.choices,
        default=Participation.NONE)

    scope_country_path = "framework__country"

    class Meta:
        ordering = ["framework", "code"]
        verbose_name = _("UN framework outcome")
        verbose_name_plural = _("UN framework outcomes")
        constraints = [models.UniqueConstraint(fields=["framework", "code"],
                                               name="unframework_outcome_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class PriorityAlignment(AuditedModel):
    """How far a UN framework outcome reflects a DWCP country priority."""

    class Reflection(models.TextChoices):
        FULLY = "fully", _("Fully reflected")
        PARTLY = "partly", _("Partly reflected")
        NOT = "not", _("Not reflected")

    un_outcome = models.ForeignKey(UNFrameworkOutcome, on_delete=models.CASCADE,
                                   related_name="alignments", verbose_name=_("UN outcome"))
    priority = models.ForeignKey("programmes.CountryPriority", on_delete=models.CASCADE,
                                 related_name="alignments", verbose_name=_("DWCP priority"))
    reflection = models.CharField(_("reflection"), max_length=7, choices=Reflection.choices)
    note = models.TextField(_("note"), blank=True)

    scope_country_path = "un_outcome__framework__country"

    class Meta:
        verbose_name = _("priority alignment")
        verbose_name_plural = _("priority alignments")
        constraints = [models.UniqueConstraint(fields=["un_outcome", "priority"],
                                               name="priority_alignment_unique")]


class NationalDevelopmentPlan(YearPeriod, AuditedModel):
    country = country_field("development_plans")
    title = models.CharField(_("title"), max_length=300)
    start_year, end_year = year_fields()

    scope_country_path = "country"

    class Meta:
        ordering = ["country__name", "-start_year"]
        verbose_name = _("national development plan")
        verbose_name_plural = _("national development plans")
        constraints = [in_order("ndp_years_in_order")]


class NationalPriority(AuditedModel):
    plan = models.ForeignKey(NationalDevelopmentPlan, on_delete=models.CASCADE,
                             related_name="priorities", verbose_name=_("plan"))
    code = models.CharField(_("code"), max_length=20, blank=True)
    title = models.TextField(_("title"))

    scope_country_path = "plan__country"

    class Meta:
        ordering = ["plan", "code"]
        verbose_name = _("national development priority")
        verbose_name_plural = _("national development priorities")

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()
