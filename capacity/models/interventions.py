"""Capacity development interventions and who took part in them [DOMAIN §4;
seeds/001 ¶7, Box 2; seeds/000 ¶17(b), (d)]."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import constituent_field, country_field
from core.models import AuditedModel
from core.roles import ConstituentGroup
from programmes.models import FundingSource

from .choices import (
    InterventionMethod,
    InterventionStatus,
    ParticipantGroup,
    Provider,
    Sex,
    TechnicalArea,
)

__all__ = ["Intervention", "Participant", "ParticipationCount"]


class Intervention(AuditedModel):
    """A training, coaching, advisory service… delivered to constituents. ``country`` is
    empty for regional and interregional activities (e.g. a Turin Centre course);
    ``target_group`` is empty when it addresses several constituent groups (tripartite)."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    method = models.CharField(_("method"), max_length=20, choices=InterventionMethod.choices)
    provider = models.CharField(_("provider"), max_length=15, choices=Provider.choices)
    technical_area = models.CharField(_("technical area"), max_length=25,
                                      choices=TechnicalArea.choices)
    country = country_field("capacity_interventions", null=True, blank=True,
                            help_text=_("Empty for regional or interregional activities."))
    target_group = models.CharField(_("constituent group"), max_length=12, blank=True,
                                    choices=ConstituentGroup.choices,
                                    help_text=_("Empty when several groups take part."))
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=InterventionStatus.choices,
                              default=InterventionStatus.PLANNED)
    # A list of CapacityLevel values (checked by the services).
    levels = models.JSONField(default=list, blank=True, verbose_name=_("levels addressed"))
    target_constituents = models.ManyToManyField(
        "constituents.Constituent", blank=True, related_name="capacity_interventions",
        verbose_name=_("target constituents"))
    needs = models.ManyToManyField("capacity.CapacityNeed", blank=True,
                                   related_name="interventions",
                                   verbose_name=_("needs addressed"))
    cpos = models.ManyToManyField("programmes.CountryProgrammeOutcome", blank=True,
                                  related_name="capacity_interventions",
                                  verbose_name=_("CPOs"))
    funding_source = models.CharField(_("funding source"), max_length=5, blank=True,
                                      choices=FundingSource.choices)
    cost = models.DecimalField(_("cost (US$)"), max_digits=14, decimal_places=2, null=True,
                               blank=True)

    scope_country_path = "country"
    scope_group_path = "target_group"

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("capacity development intervention")
        verbose_name_plural = _("capacity development interventions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="capacity_intervention_dates_in_order"),
            models.CheckConstraint(condition=models.Q(cost__isnull=True) | models.Q(cost__gte=0),
                                   name="capacity_intervention_cost_not_negative"),
        ]
        indexes = [models.Index(fields=["country", "start_date"]),
                   models.Index(fields=["technical_area", "start_date"])]

    def __str__(self) -> str:
        return self.title


class ParticipationCount(AuditedModel):
    """Participation in an intervention as counts, when no participant list is kept. The
    counts by sex and by group each add up to the total."""

    intervention = models.OneToOneField(Intervention, on_delete=models.CASCADE,
                                        related_name="participation_count",
                                        verbose_name=_("intervention"))
    total = models.PositiveIntegerField(_("participants"))
    women = models.PositiveIntegerField(_("women"), default=0)
    men = models.PositiveIntegerField(_("men"), default=0)
    sex_not_recorded = models.PositiveIntegerField(_("sex not recorded"), default=0)
    employers = models.PositiveIntegerField(_("employers' representatives"), default=0)
    workers = models.PositiveIntegerField(_("workers' representatives"), default=0)
    labour_ministry = models.PositiveIntegerField(_("labour ministry"), default=0)
    other_government = models.PositiveIntegerField(_("other government"), default=0)
    other = models.PositiveIntegerField(_("other"), default=0)
    pre_test_average = models.DecimalField(_("average pre-test score"), max_digits=5,
                                           decimal_places=1, null=True, blank=True)
    post_test_average = models.DecimalField(_("average post-test score"), max_digits=5,
                                            decimal_places=1, null=True, blank=True)

    scope_country_path = "intervention__country"
    scope_group_path = "intervention__target_group"

    GROUP_FIELDS = ("employers", "workers", "labour_ministry", "other_government", "other")
    SEX_FIELDS = ("women", "men", "sex_not_recorded")

    class Meta:
        verbose_name = _("participation count")
        verbose_name_plural = _("participation counts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(total=models.F("women") + models.F("men")
                                   + models.F("sex_not_recorded")),
                name="capacity_count_sexes_add_up"),
            models.CheckConstraint(
                condition=models.Q(total=models.F("employers") + models.F("workers")
                                   + models.F("labour_ministry") + models.F("other_government")
                                   + models.F("other")),
                name="capacity_count_groups_add_up"),
        ]

    def __str__(self) -> str:
        return f"{self.intervention}: {self.total}"

    def by_group(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.GROUP_FIELDS}


class Participant(AuditedModel):
    """A person on an intervention's participant list (usually imported from CSV).
    ``person_key`` (normalized name and country) recognizes the same person across
    interventions, to spot people trained repeatedly on unrelated subjects."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE,
                                     related_name="participants",
                                     verbose_name=_("intervention"))
    name = models.CharField(_("name"), max_length=200)
    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices,
                           default=Sex.NOT_RECORDED)
    organization = models.CharField(_("organization"), max_length=255, blank=True)
    constituent = constituent_field(
        "participants", null=True, blank=True, on_delete=models.SET_NULL,
        help_text=_("The organization, when it is a recorded constituent."))
    participant_group = models.CharField(_("constituent group"), max_length=16,
                                         choices=ParticipantGroup.choices)
    country = country_field("capacity_participants")
    pre_test_score = models.DecimalField(_("pre-test score"), max_digits=5, decimal_places=1,
                                         null=True, blank=True)
    post_test_score = models.DecimalField(_("post-test score"), max_digits=5, decimal_places=1,
                                          null=True, blank=True)
    person_key = models.CharField(max_length=260, editable=False, db_index=True)

    scope_country_path = "intervention__country"
    scope_group_path = "intervention__target_group"

    class Meta:
        ordering = ["intervention", "name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["intervention", "person_key"],
                                    name="capacity_participant_once_per_intervention"),
            models.CheckConstraint(
                condition=(models.Q(pre_test_score__isnull=True)
                           | models.Q(pre_test_score__gte=0, pre_test_score__lte=100))
                & (models.Q(post_test_score__isnull=True)
                   | models.Q(post_test_score__gte=0, post_test_score__lte=100)),
                name="capacity_participant_scores_0_to_100"),
        ]

    def __str__(self) -> str:
        return self.name
