"""ILO results framework reference data: strategic objectives, biennia, P&B outcomes."""
from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from core.models import AuditedModel

__all__ = ["Biennium", "Convention", "GenderMarker", "PBFramework", "PBOutcome",
           "PBOutcomeIndicator", "SdgTarget", "StrategicObjective"]


class StrategicObjective(AuditedModel):
    """One of the four ILO strategic objectives [DOMAIN §2]."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    # The manager modeltranslation would put in (programmes/translation.py), declared so that
    # type checkers know it.
    objects = MultilingualManager()

    class Meta:
        ordering = ["order"]
        verbose_name = _("strategic objective")
        verbose_name_plural = _("strategic objectives")

    def __str__(self) -> str:
        return self.title


class Biennium(AuditedModel):
    """A Programme and Budget period: 1 January of an even year to 31 December of the next."""

    code = models.CharField(_("code"), max_length=7, unique=True, help_text="e.g. 2020-21")
    start_year = models.PositiveSmallIntegerField(_("first year"), unique=True)
    framework = models.ForeignKey(
        "PBFramework", null=True, blank=True, on_delete=models.PROTECT,
        related_name="biennia", verbose_name=_("results framework"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["start_year"]
        verbose_name = _("biennium")
        verbose_name_plural = _("biennia")
        constraints = [
            models.CheckConstraint(condition=models.Q(start_year__gte=2000),
                                   name="biennium_start_year_plausible"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        """The biennium as the Governing Body writes it, with an en dash: "2012–13" (the
        code, "2012-13", stays the identifier in URLs, parameters and files)."""
        return self.code.replace("-", "\N{EN DASH}")

    @staticmethod
    def code_for(start_year: int) -> str:
        return f"{start_year}-{(start_year + 1) % 100:02d}"

    @property
    def end_year(self) -> int:
        return self.start_year + 1

    @property
    def start_date(self) -> dt.date:
        return dt.date(self.start_year, 1, 1)

    @property
    def end_date(self) -> dt.date:
        return dt.date(self.start_year + 1, 12, 31)


class PBFramework(AuditedModel):
    """A results framework whose outcomes CPOs link to: the Strategic Policy Framework 2010–15
    or a Programme and Budget."""

    code = models.CharField(_("code"), max_length=20, unique=True, help_text="e.g. P&B 2020-21")
    title = models.CharField(_("title"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    source = models.CharField(_("source document"), max_length=300, blank=True,
                              help_text=_("The Governing Body or Conference document that "
                                          "adopted it, e.g. GB.347/PFA/1."))

    class Meta:
        ordering = ["start_year"]
        verbose_name = _("P&B results framework")
        verbose_name_plural = _("P&B results frameworks")

    def __str__(self) -> str:
        return self.code


class PBOutcome(AuditedModel):
    """An outcome of a P&B results framework, e.g. SPF 2010–15 outcome 9 or P&B 2020–21 outcome
    A."""

    class Kind(models.TextChoices):
        POLICY = "policy", _("Policy outcome")
        ENABLING = "enabling", _("Enabling outcome")
        CROSS_CUTTING = "cross_cutting", _("Policy coherence")

    framework = models.ForeignKey(PBFramework, on_delete=models.PROTECT, related_name="outcomes",
                                  verbose_name=_("framework"))
    code = models.CharField(_("code"), max_length=5)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices, default=Kind.POLICY)
    strategic_objective = models.ForeignKey(
        StrategicObjective, null=True, blank=True, on_delete=models.PROTECT,
        related_name="outcomes", verbose_name=_("strategic objective"))

    objects = MultilingualManager()  # programmes/translation.py

    class Meta:
        ordering = ["framework__start_year", "code"]
        verbose_name = _("P&B outcome")
        verbose_name_plural = _("P&B outcomes")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="pb_outcome_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.framework.code} – Outcome {self.code}: {self.title}"


class PBOutcomeIndicator(AuditedModel):
    """An indicator of a P&B outcome with its biennial target, e.g. P&B 2024–25 indicator
    1.1.1: what CPOs report against, and what the Programme Implementation Report sets the
    results achieved (member States with a CPO achieved) beside."""

    pb_outcome = models.ForeignKey(PBOutcome, on_delete=models.PROTECT,
                                   related_name="indicators", verbose_name=_("P&B outcome"))
    code = models.CharField(_("code"), max_length=12, help_text=_("e.g. 1.1.1"))
    text = models.CharField(_("indicator"), max_length=500)
    target = models.PositiveIntegerField(
        _("target"), null=True, blank=True,
        help_text=_("What the framework sets for the biennium, e.g. 25 (member States); "
                    "empty when it sets none."))
    target_unit = models.CharField(_("unit of the target"), max_length=60, blank=True,
                                   help_text=_("What the target counts, e.g. member States."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["pb_outcome", "order", "code"]
        verbose_name = _("P&B outcome indicator")
        verbose_name_plural = _("P&B outcome indicators")
        constraints = [
            models.UniqueConstraint(fields=["pb_outcome", "code"],
                                    name="pb_indicator_code_unique"),
            models.CheckConstraint(condition=models.Q(target__isnull=True) |
                                   models.Q(target__gte=1), name="pb_indicator_target_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class SdgTarget(AuditedModel):
    """A target of the 2030 Agenda's Sustainable Development Goals, e.g. 8.5."""

    code = models.CharField(_("code"), max_length=6, unique=True)
    goal = models.PositiveSmallIntegerField(_("goal"))
    title = models.TextField(_("title"))

    class Meta:
        ordering = ["goal", "code"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self) -> str:
        return f"SDG {self.code}"


class Convention(AuditedModel):
    """An ILO Convention or Protocol that a CPO or project concerns (its labour standards
    marker), e.g. C087 or P029. The reference list ships the fundamental and governance
    instruments and the technical Conventions DWCPs most often cite; administrators add
    others."""

    class Category(models.TextChoices):
        FUNDAMENTAL = "fundamental", _("Fundamental")
        GOVERNANCE = "governance", _("Governance (priority)")
        TECHNICAL = "technical", _("Technical")

    code = models.CharField(_("code"), max_length=6, unique=True,
                            help_text=_("C and the number for a Convention (C087), P for a "
                                        "Protocol (P029); MLC for the Maritime Labour "
                                        "Convention."))
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year adopted"))
    category = models.CharField(_("category"), max_length=12, choices=Category.choices,
                                default=Category.TECHNICAL)

    class Meta:
        ordering = ["code"]
        verbose_name = _("ILO Convention or Protocol")
        verbose_name_plural = _("ILO Conventions and Protocols")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class GenderMarker(models.IntegerChoices):
    """The UN gender equality marker: how far a result contributes to gender equality."""

    NONE = 0, _("0 – does not contribute to gender equality")
    LIMITED = 1, _("1 – contributes in a limited way")
    SIGNIFICANT = 2, _("2 – gender equality is a significant objective")
    PRINCIPAL = 3, _("3 – gender equality is the principal objective")
