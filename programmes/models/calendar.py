"""A DWCP's reporting calendar: the dates each year by which progress is reported (e.g. 30
June and 30 November), held as data; reminders and the home page's "due soon" and "late"
lists follow it (programmes.services.reminders)."""
from __future__ import annotations

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import dwcp_field
from core.models import AuditedModel

__all__ = ["ReportingDate"]


class ReportingDate(AuditedModel):
    """Progress of the DWCP's indicators is reported by this day each year of the programme
    (the period since the previous reporting date)."""

    dwcp = dwcp_field("reporting_dates")
    month = models.PositiveSmallIntegerField(_("month"))
    day = models.PositiveSmallIntegerField(_("day"))
    label = models.CharField(_("what is due"), max_length=200,
                             default=_("Progress of the indicators"))

    scope_country_path = "dwcp__country"

    class Meta:
        ordering = ["dwcp", "month", "day"]
        verbose_name = _("reporting date")
        verbose_name_plural = _("reporting dates")
        constraints = [models.UniqueConstraint(fields=["dwcp", "month", "day"],
                                               name="reporting_date_once")]

    def __str__(self) -> str:
        return f"{self.day:02d}/{self.month:02d}: {self.label}"

    def clean(self) -> None:
        if not 1 <= (self.month or 0) <= 12:
            raise ValidationError({"month": _("Enter a month from 1 to 12.")})
        last = calendar.monthrange(2001, self.month)[1]  # 28 February: a date every year
        if not 1 <= (self.day or 0) <= last:
            raise ValidationError({"day": _("Enter a day from 1 to %(last)d.") % {"last": last}})

    def due_in(self, year: int) -> dt.date:
        return dt.date(year, self.month, self.day)
