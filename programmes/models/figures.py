"""The development cooperation statistical tables, computed by the worker
(``programmes.services.portfolio_figures``) into a :class:`PortfolioSnapshot`: approvals by
donor category and donor, expenditure by donor category, region, P&B outcome and type of
assistance, local resource mobilization, delivery rates, and resource gaps of CPOs and P&B
outcomes [seeds/003 Tables V.1–V.2, Appendix II Annexes 1–2; seeds/004 ¶26–29].

Every table is rows of one model, :class:`PortfolioFigure`: one row per table, key and year
(``year`` empty: not by year, e.g. a CPO's resource gap). Periods, averages, shares and
percentage changes are worked out from these rows when a page or report asks for them, for
the periods it asks for (``programmes.selectors.portfolio_figures``)."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import ComputedSnapshot

__all__ = ["FigureTable", "PortfolioFigure", "PortfolioSnapshot"]


class PortfolioSnapshot(ComputedSnapshot):
    """One complete computation of the development cooperation tables as of a date."""

    first_year = models.PositiveSmallIntegerField(_("first year with data"), null=True)
    last_year = models.PositiveSmallIntegerField(_("last year with data"), null=True)

    class Meta(ComputedSnapshot.Meta):
        verbose_name = _("development cooperation figures")
        verbose_name_plural = _("development cooperation figures")

    def __str__(self) -> str:
        return f"portfolio figures as of {self.as_of} (#{self.pk})"


class FigureTable(models.TextChoices):
    """What a :class:`PortfolioFigure` row belongs to. ``amount`` is what the table is of
    (approvals or expenditure in US$; for the resource gaps the resources available)."""

    APPROVALS_CATEGORY = "approvals_category", _("Approvals by donor category")
    APPROVALS_DONOR = "approvals_donor", _("Approvals by donor")
    EXPENDITURE_CATEGORY = "expenditure_category", _("Expenditure by donor category")
    EXPENDITURE_REGION = "expenditure_region", _("Expenditure by region")
    EXPENDITURE_OUTCOME = "expenditure_outcome", _("Expenditure by P&B outcome")
    EXPENDITURE_ASSISTANCE = "expenditure_assistance", _("Expenditure by type of assistance")
    DELIVERY_SOURCE = "delivery_source", _("Delivery by funding source")
    DELIVERY_OFFICE = "delivery_office", _("Delivery by office")
    GAP_CPO = "gap_cpo", _("Resource gap by CPO")
    GAP_OUTCOME = "gap_outcome", _("Resource gap by P&B outcome")
    EXPENDITURE_MARKER = "expenditure_marker", _("Expenditure by cross-cutting marker")


class PortfolioFigure(models.Model):
    """One figure row: ``table``, ``key`` (a donor category, donor id, region code,
    ``interregional``, P&B outcome id, type of assistance, funding source, office, CPO id) and
    ``year`` (approval or funding year; empty when not by year), with the label the key had
    when computed and the group it belongs to (a donor's category, an outcome's framework and
    strategic objective, a CPO's country)."""

    snapshot = models.ForeignKey(PortfolioSnapshot, on_delete=models.CASCADE,
                                 related_name="figures")
    table = models.CharField(max_length=24, choices=FigureTable.choices)
    key = models.CharField(max_length=60)
    label = models.CharField(max_length=400)
    group = models.CharField(max_length=60, blank=True)
    group_label = models.CharField(max_length=300, blank=True)
    order = models.PositiveIntegerField(default=0)
    year = models.PositiveSmallIntegerField(null=True)
    # Approvals or expenditure (US$); for resource gaps the resources available.
    amount = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    # Approvals mobilized locally (US$), of ``amount``.
    local_amount = models.DecimalField(max_digits=18, decimal_places=2, null=True)
    # Allocation (US$): delivery rate = expenditure / allocation.
    allocation = models.DecimalField(max_digits=18, decimal_places=2, null=True)
    # Planned resources (US$): resource gap = planned − available.
    planned = models.DecimalField(max_digits=18, decimal_places=2, null=True)

    class Meta:
        ordering = ["table", "order", "key", "year"]
        indexes = [models.Index(fields=["snapshot", "table"], name="portfolio_figure_table")]
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "table", "key", "year"],
                                    condition=models.Q(year__isnull=False),
                                    name="portfolio_figure_unique"),
            models.UniqueConstraint(fields=["snapshot", "table", "key"],
                                    condition=models.Q(year__isnull=True),
                                    name="portfolio_figure_unique_whole_period"),
        ]

    def __str__(self) -> str:
        return f"{self.table} {self.key} {self.year or ''}: {self.amount}"
