"""Decent Work Country Programmes: the programme, its lifecycle, signatories and steering
committee [DOMAIN §2; seeds/001 ¶6, ¶16(b)]."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import YearPeriod, country_field, dwcp_field, year_fields
from core.models import AuditedModel

__all__ = ["IN_FORCE", "Dwcp", "DwcpStatus", "DwcpStatusChange", "Signatory", "SignatoryParty",
           "SteeringCommitteeDecision", "SteeringCommitteeMeeting", "SteeringCommitteeMember"]


class DwcpStatus(models.TextChoices):
    IN_PREPARATION = "in_preparation", _("In preparation")
    QUALITY_APPRAISAL = "quality_appraisal", _("Quality appraisal")
    ACTIVE = "active", _("Signed / active")
    UNDER_REVIEW = "under_review", _("Under review")
    COMPLETED = "completed", _("Completed")
    EVALUATED = "evaluated", _("Evaluated")


# Statuses in which a DWCP is in force: no two of a country may overlap in time.
IN_FORCE = (DwcpStatus.ACTIVE, DwcpStatus.UNDER_REVIEW)

MIN_YEARS, MAX_YEARS = 2, 6


class Dwcp(YearPeriod, AuditedModel):
    """A Decent Work Country Programme."""

    country = country_field("dwcps")
    title = models.CharField(_("title"), max_length=300)
    start_year, end_year = year_fields()
    status = models.CharField(_("status"), max_length=20, choices=DwcpStatus.choices,
                              default=DwcpStatus.IN_PREPARATION)
    status_changed_on = models.DateField(_("status since"), null=True, blank=True)
    signed_date = models.DateField(_("signed on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    document_url = models.URLField(_("programme document"), blank=True)
    un_framework = models.ForeignKey("programmes.UNFramework", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="dwcps",
                                     verbose_name=_("UN framework"))
    un_outcomes = models.ManyToManyField("programmes.UNFrameworkOutcome", blank=True,
                                         related_name="dwcps",
                                         verbose_name=_("contributes to UN outcomes"))

    scope_country_path = "country"

    class Meta:
        ordering = ["country__name", "-start_year"]
        verbose_name = _("DWCP")
        verbose_name_plural = _("DWCPs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year") + (MIN_YEARS - 1))
                & models.Q(end_year__lte=models.F("start_year") + (MAX_YEARS - 1)),
                name="dwcp_period_2_to_6_years"),
        ]
        indexes = [models.Index(fields=["country", "status"])]


class DwcpStatusChange(models.Model):
    """One dated transition in a DWCP's lifecycle, with who made it and why."""

    dwcp = models.ForeignKey(Dwcp, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=DwcpStatus.choices)
    to_status = models.CharField(max_length=20, choices=DwcpStatus.choices)
    effective_date = models.DateField(_("effective date"))
    note = models.TextField(_("note"), blank=True)
    changed_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("DWCP status change")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status} on {self.effective_date}"


class SignatoryParty(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    EMPLOYERS = "employers", _("Employers' organization")
    WORKERS = "workers", _("Workers' organization")
    ILO = "ilo", _("ILO")


class Signatory(AuditedModel):
    """A person who signed the DWCP for a constituent group or for the ILO."""

    dwcp = dwcp_field("signatories")
    party = models.CharField(_("signing for"), max_length=12, choices=SignatoryParty.choices)
    constituent = models.ForeignKey("constituents.Constituent", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="signatures",
                                    verbose_name=_("organization"),
                                    help_text=_("Empty for the ILO."))
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    signed_date = models.DateField(_("signed on"), null=True, blank=True)

    scope_country_path = "dwcp__country"

    class Meta:
        ordering = ["dwcp", "party", "name"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_party_display()})"


class SteeringCommitteeMember(AuditedModel):
    """A member of the national tripartite decent work steering committee."""

    dwcp = dwcp_field("committee_members")
    party = models.CharField(_("group"), max_length=12, choices=SignatoryParty.choices)
    constituent = models.ForeignKey("constituents.Constituent", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="committee_seats",
                                    verbose_name=_("organization"))
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    since = models.DateField(_("member since"), null=True, blank=True)
    until = models.DateField(_("member until"), null=True, blank=True)

    scope_country_path = "dwcp__country"

    class Meta:
        ordering = ["dwcp", "party", "name"]
        verbose_name = _("steering committee member")
        verbose_name_plural = _("steering committee members")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(since__isnull=True)
                | models.Q(until__gte=models.F("since")),
                name="committee_member_dates_in_order"),
        ]

    def __str__(self) -> str:
        return self.name


class SteeringCommitteeMeeting(AuditedModel):
    dwcp = dwcp_field("committee_meetings")
    date = models.DateField(_("date"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    scope_country_path = "dwcp__country"

    class Meta:
        ordering = ["-date"]
        verbose_name = _("steering committee meeting")
        verbose_name_plural = _("steering committee meetings")

    def __str__(self) -> str:
        return f"{self.date:%d %B %Y}"


class SteeringCommitteeDecision(AuditedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(SteeringCommitteeMeeting, on_delete=models.CASCADE,
                                related_name="decisions", verbose_name=_("meeting"))
    text = models.TextField(_("decision"))
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    due_date = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("follow-up"), max_length=8, choices=Status.choices,
                              default=Status.OPEN)

    scope_country_path = "meeting__dwcp__country"

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("steering committee decision")
        verbose_name_plural = _("steering committee decisions")

    def __str__(self) -> str:
        return self.text[:80]
