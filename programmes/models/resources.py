"""Development cooperation resources: projects, their funding by year, and the CPOs they
serve [DOMAIN §2 Resources; seeds/001 fn 3, seeds/004 Outcome 2, ¶26]."""
from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import country_field, in_order
from core.models import AuditedModel

__all__ = ["FundingSource", "Project", "ProjectFunding", "ProjectOutcomeLink"]


class FundingSource(models.TextChoices):
    RBTC = "rbtc", _("Regular budget (RBTC)")
    RBSA = "rbsa", _("Regular Budget Supplementary Account (RBSA)")
    XBTC = "xbtc", _("Extra-budgetary / voluntary (XBTC)")
    PSC = "psc", _("Programme support costs (PSC)")


class Project(AuditedModel):
    class Status(models.TextChoices):
        PIPELINE = "pipeline", _("Pipeline")
        ONGOING = "ongoing", _("Ongoing")
        CLOSED = "closed", _("Closed")

    country = country_field("projects")
    code = models.CharField(_("project code"), max_length=40, unique=True,
                            help_text=_("e.g. ALB/12/01/EEC"))
    title = models.CharField(_("title"), max_length=300)
    funding_source = models.CharField(_("funding source"), max_length=5,
                                      choices=FundingSource.choices)
    funding_partner = models.CharField(_("funding partner"), max_length=200, blank=True,
                                       help_text=_("Donor or other funding partner."))
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.ONGOING)
    description = models.TextField(_("description"), blank=True)
    cpos: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "programmes.CountryProgrammeOutcome", through="ProjectOutcomeLink",
        related_name="projects", verbose_name=_("CPOs"))

    scope_country_path = "country"

    class Meta:
        ordering = ["country__name", "-start_date"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [in_order("project_dates_in_order", start="start_date", end="end_date")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ProjectFunding(AuditedModel):
    """Allocation and expenditure of a project in one year (US$)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding",
                                verbose_name=_("project"))
    year = models.PositiveSmallIntegerField(_("year"))
    allocation = models.DecimalField(_("allocation (US$)"), max_digits=14, decimal_places=2)
    expenditure = models.DecimalField(_("expenditure (US$)"), max_digits=14, decimal_places=2,
                                      default=0)

    scope_country_path = "project__country"

    class Meta:
        ordering = ["project", "year"]
        verbose_name = _("funding by year")
        verbose_name_plural = _("funding by year")
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="funding_one_row_per_year"),
            models.CheckConstraint(condition=models.Q(allocation__gte=0),
                                   name="funding_allocation_not_negative"),
            models.CheckConstraint(condition=models.Q(expenditure__gte=0),
                                   name="funding_expenditure_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.year}"


class ProjectOutcomeLink(AuditedModel):
    """A project's contribution to a CPO: the share of its resources the CPO can count on."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="cpo_links",
                                verbose_name=_("project"))
    cpo = models.ForeignKey("programmes.CountryProgrammeOutcome", on_delete=models.CASCADE,
                            related_name="project_links", verbose_name=_("CPO"))
    share = models.DecimalField(_("share of the project (%)"), max_digits=5, decimal_places=2,
                                default=100)

    scope_country_path = "project__country"

    class Meta:
        verbose_name = _("project contribution to a CPO")
        verbose_name_plural = _("project contributions to CPOs")
        constraints = [
            models.UniqueConstraint(fields=["project", "cpo"], name="project_cpo_link_unique"),
            models.CheckConstraint(condition=models.Q(share__gt=0) & models.Q(share__lte=100),
                                   name="project_cpo_share_between_0_and_100"),
        ]
