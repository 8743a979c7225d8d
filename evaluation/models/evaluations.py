"""Evaluations of DWCPs, projects, CPOs, capacity development interventions and themes
across countries [DOMAIN §5; seeds/001 fn 5, seeds/002 ¶6, ¶21], with their evaluators and
dated status changes."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from capacity.models.choices import TechnicalArea
from core.models import AuditedModel

from .choices import (
    EvaluationStatus,
    EvaluationType,
    EvaluatorKind,
    Management,
    SubjectKind,
    Timing,
)


class Evaluation(AuditedModel):
    """One evaluation, planned or done. ``country`` is the country whose office manages it
    (the policy's scope: field staff of that country manage it); it is empty for regional,
    global and thematic evaluations, which the Evaluation Office (administrators) manages.
    ``countries`` and ``regions`` are what it covers. The subject is one of ``dwcp``,
    ``project``, ``cpo``, ``intervention`` (as ``subject_kind`` says) or, for a theme or
    strategy, ``theme_title``; the services keep them consistent."""

    title = models.CharField(_("title"), max_length=300)
    subject_kind = models.CharField(_("evaluated"), max_length=12, choices=SubjectKind.choices)
    dwcp = models.ForeignKey("programmes.Dwcp", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="evaluations", verbose_name=_("DWCP"))
    project = models.ForeignKey("programmes.Project", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="evaluations",
                                verbose_name=_("project"))
    cpo = models.ForeignKey("programmes.CountryProgrammeOutcome", null=True, blank=True,
                            on_delete=models.PROTECT, related_name="evaluations",
                            verbose_name=_("CPO"))
    intervention = models.ForeignKey("capacity.Intervention", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="evaluations",
                                     verbose_name=_("capacity development intervention"))
    theme_title = models.CharField(_("theme or strategy"), max_length=300, blank=True)
    technical_area = models.CharField(_("theme"), max_length=25, blank=True,
                                      choices=TechnicalArea.choices)
    evaluation_type = models.CharField(_("type"), max_length=20, choices=EvaluationType.choices)
    timing = models.CharField(_("timing"), max_length=10, choices=Timing.choices)
    management = models.CharField(_("management"), max_length=13, choices=Management.choices,
                                  default=Management.DECENTRALIZED)
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="managed_evaluations",
                                verbose_name=_("evaluation manager"))
    country = models.ForeignKey("constituents.Country", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="managed_evaluations",
                                verbose_name=_("managing country"),
                                help_text=_("The country whose office manages the evaluation; "
                                            "empty for regional, global and thematic ones."))
    region = models.ForeignKey("constituents.Region", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="managed_evaluations",
                               verbose_name=_("region"),
                               help_text=_("The managing country's region; empty for "
                                           "interregional evaluations."))
    countries = models.ManyToManyField("constituents.Country", blank=True,
                                       related_name="evaluations",
                                       verbose_name=_("countries covered"))
    regions = models.ManyToManyField("constituents.Region", blank=True,
                                     related_name="evaluations",
                                     verbose_name=_("regions covered"))
    # ConstituentGroup values the evaluation concerns; empty: all (tripartite).
    constituent_groups = models.JSONField(_("constituent groups concerned"), default=list,
                                          blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned completion"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual completion"), null=True, blank=True)
    budget = models.DecimalField(_("budget (US$)"), max_digits=14, decimal_places=2, null=True,
                                 blank=True)
    status = models.CharField(_("status"), max_length=16, choices=EvaluationStatus.choices,
                              default=EvaluationStatus.PLANNED)
    status_changed_on = models.DateField(_("status since"), null=True, blank=True)
    cancellation_reason = models.TextField(_("reason for cancellation"), blank=True)
    summary = models.TextField(_("executive summary"), blank=True)
    report = models.FileField(_("report"), upload_to="evaluations/reports/%Y/", blank=True)
    report_summary = models.FileField(_("summary (file)"), upload_to="evaluations/summaries/%Y/",
                                      blank=True)
    pb_outcomes = models.ManyToManyField("programmes.PBOutcome", blank=True,
                                         related_name="evaluations",
                                         verbose_name=_("P&B outcomes"))
    cpos = models.ManyToManyField("programmes.CountryProgrammeOutcome", blank=True,
                                  related_name="evaluations_concerned",
                                  verbose_name=_("CPOs concerned"))
    sdg_targets = models.ManyToManyField("programmes.SdgTarget", blank=True,
                                         related_name="evaluations",
                                         verbose_name=_("SDG targets"))
    # Language values the report is available in.
    languages = models.JSONField(_("languages"), default=list, blank=True)

    scope_country_path = "country"
    evaluation_path = ""  # where the policy finds the evaluation (core.policy capabilities)

    class Meta:
        ordering = ["-planned_end", "title"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_start__isnull=True)
                | models.Q(planned_end__gte=models.F("planned_start")),
                name="evaluation_planned_dates_in_order"),
            models.CheckConstraint(
                condition=models.Q(actual_start__isnull=True) | models.Q(actual_end__isnull=True)
                | models.Q(actual_end__gte=models.F("actual_start")),
                name="evaluation_actual_dates_in_order"),
            models.CheckConstraint(condition=models.Q(budget__isnull=True)
                                   | models.Q(budget__gte=0),
                                   name="evaluation_budget_not_negative"),
            models.CheckConstraint(
                condition=~models.Q(status=EvaluationStatus.CANCELLED)
                | ~models.Q(cancellation_reason=""),
                name="evaluation_cancelled_with_reason"),
        ]
        indexes = [models.Index(fields=["status", "planned_end"]),
                   models.Index(fields=["country", "status"]),
                   models.Index(fields=["evaluation_type", "actual_end"])]

    def __str__(self) -> str:
        return self.title

    @property
    def subject(self) -> object:
        """The evaluated object (or the theme's title)."""
        return {SubjectKind.DWCP: self.dwcp, SubjectKind.PROJECT: self.project,
                SubjectKind.CPO: self.cpo, SubjectKind.INTERVENTION: self.intervention
                }.get(self.subject_kind, self.theme_title)  # type: ignore[call-overload]

    @property
    def completion_date(self) -> dt.date:
        """When it was (or is planned to be) completed: its year is the evaluation's year."""
        return self.actual_end or self.planned_end


class Evaluator(AuditedModel):
    """A member of the evaluation team."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE,
                                   related_name="evaluators", verbose_name=_("evaluation"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("internal or external"), max_length=8,
                            choices=EvaluatorKind.choices, default=EvaluatorKind.EXTERNAL)
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    team_leader = models.BooleanField(_("team leader"), default=False)

    scope_country_path = "evaluation__country"
    evaluation_path = "evaluation"

    class Meta:
        ordering = ["evaluation", "-team_leader", "name"]
        verbose_name = _("evaluator")
        verbose_name_plural = _("evaluators")

    def __str__(self) -> str:
        return self.name


class EvaluationStatusChange(models.Model):
    """One dated step of an evaluation's status, with who made it and why."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE,
                                   related_name="status_changes")
    from_status = models.CharField(max_length=16, choices=EvaluationStatus.choices)
    to_status = models.CharField(max_length=16, choices=EvaluationStatus.choices)
    effective_date = models.DateField(_("effective"))
    note = models.TextField(_("note"), blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    scope_country_path = "evaluation__country"
    evaluation_path = "evaluation"

    class Meta:
        ordering = ["evaluation", "changed_at", "pk"]
        verbose_name = _("evaluation status change")
        verbose_name_plural = _("evaluation status changes")

    def __str__(self) -> str:
        return f"{self.evaluation_id}: {self.from_status} → {self.to_status}"
