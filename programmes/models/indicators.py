"""Results monitoring: indicators on CPOs (and outputs), biennial milestones, progress updates
with their approval workflow, revisions of targets and milestones, and the tables the worker
fills with computed results [DOMAIN §3; seeds/004]. The rules are in docs/indicators.md."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel
from programmes.results import computation as rules

__all__ = ["DISAGGREGATION_CATEGORIES", "BiennialMilestone", "Direction", "DisaggregatedValue",
           "Disaggregation", "EvidenceFile", "Indicator", "IndicatorRevision", "ProgressUpdate",
           "Unit", "UpdateStatus"]


class Unit(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENTAGE = "percentage", _("Percentage")
    QUALITATIVE = "qualitative", _("Qualitative")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Increase")
    DECREASE = "decrease", _("Decrease")


class Indicator(AuditedModel):
    """A measure of a CPO (or of one of its outputs), e.g. ALB101.2."""

    cpo = models.ForeignKey("programmes.CountryProgrammeOutcome", on_delete=models.CASCADE,
                            related_name="indicators", verbose_name=_("CPO"))
    output = models.ForeignKey("programmes.Output", null=True, blank=True,
                               on_delete=models.CASCADE, related_name="indicators",
                               verbose_name=_("output"),
                               help_text=_("Set when the indicator measures an output."))
    code = models.CharField(_("code"), max_length=30, unique=True,
                            help_text=_("<CPO code>.<n>, e.g. ALB101.2"))
    title = models.TextField(_("title"))
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices,
                            default=Unit.NUMBER)
    numerator_label = models.CharField(_("numerator"), max_length=200, blank=True)
    denominator_label = models.CharField(_("denominator"), max_length=200, blank=True)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices,
                                 default=Direction.INCREASE)
    cumulative = models.BooleanField(
        _("cumulative"), default=False,
        help_text=_("Numbers only: each update is an increment added to the running total."))

    baseline_value = models.DecimalField(_("baseline value"), max_digits=16, decimal_places=4,
                                         null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_source = models.CharField(_("baseline source"), max_length=300, blank=True)
    baseline_description = models.TextField(
        _("baseline (text)"), blank=True,
        help_text=_("When the baseline is not a number, or to explain it."))
    baseline_due_date = models.DateField(_("baseline to be set by"), null=True, blank=True)

    target_value = models.DecimalField(_("end target"), max_digits=16, decimal_places=4,
                                       null=True, blank=True)
    target_increase_pct = models.DecimalField(
        _("target: increase over baseline (%)"), max_digits=8, decimal_places=2, null=True,
        blank=True, help_text=_("Instead of a value: a percentage increase over the baseline."))
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    target_description = models.TextField(_("target (text)"), blank=True)

    means_of_verification = models.TextField(_("means of verification"), blank=True)
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    responsible_person = models.CharField(_("responsible person"), max_length=200, blank=True)
    disaggregate_by_sex = models.BooleanField(_("disaggregated by sex"), default=False)
    disaggregate_by_group = models.BooleanField(_("disaggregated by constituent group"),
                                                default=False)
    pb_indicators = models.CharField(
        _("P&B outcome indicators"), max_length=200, blank=True,
        help_text=_("Codes of the P&B outcome indicators this measures, e.g. 1.2; 1.3"))
    sdg_indicators = models.CharField(
        _("SDG indicators"), max_length=200, blank=True,
        help_text=_("Codes of SDG indicators, e.g. 8.5.2; 8.8.1"))

    scope_country_path = "cpo__dwcp__country"

    class Meta:
        ordering = ["cpo", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(cumulative=True) | models.Q(unit="number"),
                name="indicator_cumulative_only_numbers"),
            models.CheckConstraint(
                condition=models.Q(target_value__isnull=True)
                | models.Q(target_increase_pct__isnull=True),
                name="indicator_target_value_or_increase"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_qualitative(self) -> bool:
        return self.unit == Unit.QUALITATIVE

    @property
    def end_target(self):
        """The end target as a value (:func:`programmes.results.computation.end_target`)."""
        return rules.end_target(target_value=self.target_value,
                                target_increase_pct=self.target_increase_pct,
                                baseline=self.baseline_value)


class BiennialMilestone(AuditedModel):
    """What an indicator is expected to show at the end of one biennium of its DWCP."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE,
                                  related_name="milestones", verbose_name=_("indicator"))
    biennium = models.ForeignKey("programmes.Biennium", on_delete=models.PROTECT,
                                 related_name="milestones", verbose_name=_("biennium"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4, null=True,
                                blank=True)
    statement = models.TextField(_("statement"), blank=True,
                                 help_text=_("For qualitative milestones, or to explain it."))

    scope_country_path = "indicator__cpo__dwcp__country"

    class Meta:
        ordering = ["indicator", "biennium__start_year"]
        verbose_name = _("biennial milestone")
        verbose_name_plural = _("biennial milestones")
        constraints = [models.UniqueConstraint(fields=["indicator", "biennium"],
                                               name="milestone_one_per_biennium")]

    def __str__(self) -> str:
        shown = self.value if self.value is not None else self.statement
        return f"{self.indicator.code} {self.biennium}: {shown}"


class IndicatorRevision(models.Model):
    """A revised baseline, target or milestone: the old and new value, when, by whom and why.
    Revisions are never silent: each change of these values writes one row."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", _("Baseline")
        TARGET = "target", _("End target")
        MILESTONE = "milestone", _("Milestone")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE,
                                  related_name="revisions", verbose_name=_("indicator"))
    kind = models.CharField(_("what"), max_length=10, choices=Kind.choices)
    biennium = models.ForeignKey("programmes.Biennium", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    old_value = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    new_value = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    old_text = models.TextField(blank=True)
    new_text = models.TextField(blank=True)
    reason = models.TextField(_("reason"))
    revised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    revised_at = models.DateTimeField(_("revised"), auto_now_add=True)

    scope_country_path = "indicator__cpo__dwcp__country"

    class Meta:
        ordering = ["-revised_at", "-id"]
        verbose_name = _("indicator revision")
        verbose_name_plural = _("indicator revisions")

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.kind}: {self.old_value} → {self.new_value}"


class UpdateStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class ProgressUpdate(AuditedModel):
    """A reported value of an indicator on a date; it counts once approved."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE,
                                  related_name="updates", verbose_name=_("indicator"))
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4, null=True,
                                blank=True)
    numerator = models.DecimalField(_("numerator"), max_digits=16, decimal_places=4,
                                    null=True, blank=True)
    denominator = models.DecimalField(_("denominator"), max_digits=16, decimal_places=4,
                                      null=True, blank=True)
    reached = models.BooleanField(_("milestone reached"), null=True, blank=True,
                                  help_text=_("Qualitative indicators."))
    narrative = models.TextField(_("narrative"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=UpdateStatus.choices,
                              default=UpdateStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("approved or returned by"))
    decided_at = models.DateTimeField(_("approved or returned"), null=True, blank=True)
    # Order of approval, for "the last approved" when two updates share a date.
    approval_seq = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    return_comment = models.TextField(_("comment on return"), blank=True)

    scope_country_path = "indicator__cpo__dwcp__country"

    class Meta:
        ordering = ["indicator", "-date", "-id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        indexes = [models.Index(fields=["indicator", "status", "date"]),
                   models.Index(fields=["status", "submitted_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(denominator__isnull=True)
                                   | models.Q(denominator__gt=0),
                                   name="update_denominator_positive"),
            models.UniqueConstraint(fields=["approval_seq"], name="update_approval_seq_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.date} ({self.get_status_display()})"


class Disaggregation(models.TextChoices):
    SEX = "sex", _("Sex")
    GROUP = "group", _("Constituent group")


DISAGGREGATION_CATEGORIES = {
    Disaggregation.SEX: ("women", "men"),
    Disaggregation.GROUP: ("government", "employers", "workers", "other"),
}


class DisaggregatedValue(AuditedModel):
    """A progress update's value for one category (women, men; a constituent group)."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE,
                               related_name="disaggregated_values")
    dimension = models.CharField(max_length=8, choices=Disaggregation.choices)
    category = models.CharField(max_length=20)
    value = models.DecimalField(max_digits=16, decimal_places=4)

    scope_country_path = "update__indicator__cpo__dwcp__country"

    class Meta:
        ordering = ["update", "dimension", "category"]
        constraints = [
            models.UniqueConstraint(fields=["update", "dimension", "category"],
                                    name="disaggregated_value_unique"),
            models.CheckConstraint(condition=models.Q(value__gte=0),
                                   name="disaggregated_value_not_negative"),
        ]


class EvidenceFile(AuditedModel):
    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE,
                               related_name="evidence", verbose_name=_("progress update"))
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/")
    title = models.CharField(_("title"), max_length=200, blank=True)

    scope_country_path = "update__indicator__cpo__dwcp__country"

    class Meta:
        ordering = ["update", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
