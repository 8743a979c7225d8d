"""Results computed by the worker (never by a request). A full recompute writes a new
snapshot and makes it current in one transaction, so readers always see a complete set; an
approval recomputes the affected rows of the current snapshot in place."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import ComputedSnapshot

__all__ = ["CpoResult", "IndicatorResult", "PendingRecompute", "ResultRollup", "ResultSnapshot",
           "ResultStatus", "UpdateTotal"]


class ResultStatus(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    PARTLY_ACHIEVED = "partly_achieved", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")
    ON_TRACK = "on_track", _("On track")
    OFF_TRACK = "off_track", _("Off track")
    NO_DATA = "no_data", _("No data")
    NOT_STARTED = "not_started", _("Not started")


class ResultSnapshot(ComputedSnapshot):
    """One complete computation of every result as of a date."""

    class Meta(ComputedSnapshot.Meta):
        pass

    def __str__(self) -> str:
        return f"results as of {self.as_of} (#{self.pk})"


# The result tables hold derived rows written in bulk by ``INSERT … SELECT`` from rows of the
# same transaction; their foreign keys are enforced by Django's deletion cascade rather than
# database constraints, whose per-row checks at commit would cost more than computing them.
# The snapshot leads each table's unique index, so it needs no index of its own, and rows are
# never looked up by biennium alone.
class IndicatorResult(models.Model):
    snapshot = models.ForeignKey(ResultSnapshot, on_delete=models.CASCADE,
                                 related_name="indicator_results", db_constraint=False,
                                 db_index=False)
    indicator = models.ForeignKey("programmes.Indicator", on_delete=models.CASCADE,
                                  related_name="results", db_constraint=False)
    biennium = models.ForeignKey("programmes.Biennium", on_delete=models.CASCADE,
                                 related_name="+", db_constraint=False, db_index=False)
    status = models.CharField(max_length=16, choices=ResultStatus.choices)
    start = models.DecimalField(max_digits=18, decimal_places=4, null=True)
    actual = models.DecimalField(max_digits=18, decimal_places=4, null=True)
    milestone = models.DecimalField(max_digits=18, decimal_places=4, null=True)
    progress = models.DecimalField(max_digits=10, decimal_places=1, null=True)
    reached = models.BooleanField(null=True)
    target_progress = models.DecimalField(max_digits=10, decimal_places=1, null=True)

    scope_country_path = "indicator__cpo__dwcp__country"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["snapshot", "indicator", "biennium"],
                                               name="indicator_result_unique")]
        indexes = [models.Index(fields=["snapshot", "biennium", "status"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.biennium_id}: {self.status}"


class CpoResult(models.Model):
    snapshot = models.ForeignKey(ResultSnapshot, on_delete=models.CASCADE,
                                 related_name="cpo_results", db_constraint=False,
                                 db_index=False)
    cpo = models.ForeignKey("programmes.CountryProgrammeOutcome", on_delete=models.CASCADE,
                            related_name="results", db_constraint=False)
    biennium = models.ForeignKey("programmes.Biennium", on_delete=models.CASCADE,
                                 related_name="+", db_constraint=False, db_index=False)
    status = models.CharField(max_length=16, choices=ResultStatus.choices)
    indicators = models.PositiveIntegerField(default=0)

    scope_country_path = "cpo__dwcp__country"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["snapshot", "cpo", "biennium"],
                                               name="cpo_result_unique")]
        indexes = [models.Index(fields=["snapshot", "biennium", "status"])]

    def __str__(self) -> str:
        return f"{self.cpo_id} {self.biennium_id}: {self.status}"


class ResultRollup(models.Model):
    """Counts of indicators or CPOs by status for one biennium and one grouping."""

    class Level(models.TextChoices):
        COUNTRY = "country", _("Country")
        REGION = "region", _("Region")
        PB_OUTCOME = "pb_outcome", _("P&B outcome")
        STRATEGIC_OBJECTIVE = "strategic_objective", _("Strategic objective")

    class Subject(models.TextChoices):
        INDICATOR = "indicator", _("Indicators")
        CPO = "cpo", _("CPOs")
        MEMBER_STATES_ACHIEVED = "member_states", _("Member States with a CPO achieved")

    snapshot = models.ForeignKey(ResultSnapshot, on_delete=models.CASCADE,
                                 related_name="rollups", db_constraint=False,
                                 db_index=False)
    biennium = models.ForeignKey("programmes.Biennium", on_delete=models.CASCADE,
                                 related_name="+", db_constraint=False, db_index=False)
    level = models.CharField(max_length=20, choices=Level.choices)
    key = models.BigIntegerField(help_text="id of the country, region, outcome or objective")
    subject = models.CharField(max_length=14, choices=Subject.choices)
    status = models.CharField(max_length=16, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["snapshot", "biennium", "level", "key", "subject", "status"],
            name="result_rollup_unique")]

    def __str__(self) -> str:
        return f"{self.level} {self.key} {self.subject} {self.status}: {self.count}"


class PendingRecompute(models.Model):
    """An indicator whose results must be recomputed (an approval, a revised milestone or
    target). Written in the same transaction as the change, consumed by the worker, so no
    change is ever lost and a burst of changes becomes one recompute."""

    indicator = models.OneToOneField("programmes.Indicator", on_delete=models.CASCADE,
                                     primary_key=True, related_name="+")
    marked_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"recompute indicator {self.indicator_id}"


class UpdateTotal(models.Model):
    """The approved updates with a value of one indicator in one biennium, summed up: their
    number, sum, latest value and dates, and the running figures of the indicator's earlier
    biennia. Kept exact by a PostgreSQL statement trigger on the updates (migration 0008),
    which recomputes the indicators touched by every insert, update or delete, whatever wrote
    them; a full recompute reads these rows instead of every update. Unused on SQLite."""

    indicator = models.ForeignKey("programmes.Indicator", on_delete=models.DO_NOTHING,
                                  related_name="+", db_constraint=False, db_index=False)
    start_year = models.PositiveSmallIntegerField(help_text="first year of the biennium")
    updates = models.PositiveIntegerField()
    total = models.DecimalField(max_digits=30, decimal_places=4,
                                help_text="sum of the values")
    last_value = models.DecimalField(max_digits=30, decimal_places=4,
                                     help_text="value of the latest update (date, approval)")
    first_date = models.DateField()
    last_date = models.DateField()
    total_before = models.DecimalField(max_digits=30, decimal_places=4,
                                       help_text="sum of the values of earlier biennia")
    value_before = models.DecimalField(max_digits=30, decimal_places=4, null=True,
                                       help_text="latest value of earlier biennia")
    next_first_date = models.DateField(null=True,
                                       help_text="first date of the next biennium with data")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "start_year"],
                                               name="update_total_unique")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.start_year}: {self.updates} updates"
