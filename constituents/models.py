"""Regions, countries (ILO member States) and their constituents."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel


class Region(AuditedModel):
    """An ILO region (Africa; Americas; Arab States; Asia and the Pacific; Europe and Central
    Asia). Reference data."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Country(AuditedModel):
    """An ILO member State, with the context of the ILO's presence there."""

    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, unique=True)
    iso_numeric = models.CharField(_("ISO 3166 numeric"), max_length=3, blank=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="countries",
                               verbose_name=_("region"))
    ilo_member = models.BooleanField(_("ILO member State"), default=True)
    # Country context [DOMAIN §1; seeds/004 ¶9, ¶13, fn 7]
    ilo_office = models.CharField(_("responsible ILO office"), max_length=200, blank=True)
    decent_work_team = models.CharField(_("Decent Work Technical Support Team"), max_length=200,
                                        blank=True)
    delivering_as_one_pilot = models.BooleanField(_("Delivering as One pilot"), default=False)
    ilo_resident_in_unct = models.BooleanField(
        _("ILO resident in the UN Country Team"), default=False)

    scope_country_path = "id"

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name
