"""Capacity needs identified for a constituent, their review by the bureau that owns the
constituent group, and capacity development plans linking needs to interventions
[DOMAIN §4; seeds/002 ¶16; seeds/000 ¶10]."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import constituent_field, constituent_scope, dwcp_field, in_order
from core.models import AuditedModel

from .choices import (
    CapacityLevel,
    CapacityType,
    InterventionMethod,
    NeedStatus,
    Priority,
    TechnicalArea,
)

__all__ = ["CapacityDevelopmentPlan", "CapacityNeed", "NeedTransition", "PlanItem"]


class CapacityNeed(AuditedModel):
    """A capacity need of a constituent, found by an assessment or raised otherwise."""

    constituent = constituent_field("capacity_needs")
    assessment = models.ForeignKey("capacity.CapacityAssessment", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="needs",
                                   verbose_name=_("identified by assessment"))
    dimension = models.ForeignKey("capacity.AssessmentDimension", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="needs",
                                  verbose_name=_("dimension"))
    description = models.TextField(_("description"))
    level = models.CharField(_("level"), max_length=20, choices=CapacityLevel.choices)
    capacity_type = models.CharField(_("capacity type"), max_length=10,
                                     choices=CapacityType.choices)
    technical_area = models.CharField(_("technical area"), max_length=25,
                                      choices=TechnicalArea.choices)
    priority = models.CharField(_("priority"), max_length=6, choices=Priority.choices,
                                default=Priority.MEDIUM)
    status = models.CharField(_("review state"), max_length=10, choices=NeedStatus.choices,
                              default=NeedStatus.NEW)
    status_changed_on = models.DateField(_("state since"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    scope_country_path, scope_group_path = constituent_scope()
    # Needs come out of assessments and show the same deficits.
    scope_group_limits_view = True

    class Meta:
        ordering = ["constituent", "id"]
        verbose_name = _("capacity need")
        verbose_name_plural = _("capacity needs")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="capacity_need_declined_has_reason"),
        ]
        indexes = [models.Index(fields=["status", "priority"]),
                   models.Index(fields=["constituent", "status"])]

    def __str__(self) -> str:
        return self.description[:80]


class NeedTransition(models.Model):
    """One dated move of a need between review states: who, when, why."""

    need = models.ForeignKey(CapacityNeed, on_delete=models.CASCADE,
                             related_name="transitions", verbose_name=_("need"))
    from_status = models.CharField(max_length=10, choices=NeedStatus.choices)
    to_status = models.CharField(max_length=10, choices=NeedStatus.choices)
    effective_date = models.DateField(_("effective date"))
    note = models.TextField(_("note"), blank=True)
    changed_by = models.ForeignKey("core.User", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    scope_country_path, scope_group_path = constituent_scope("need__")
    scope_group_limits_view = True

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("need review step")
        verbose_name_plural = _("need review steps")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status} on {self.effective_date}"


class CapacityDevelopmentPlan(AuditedModel):
    """A joint plan of a constituent: which needs are addressed by which interventions."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AGREED = "agreed", _("Agreed")
        CLOSED = "closed", _("Closed")

    constituent = constituent_field("capacity_plans")
    title = models.CharField(_("title"), max_length=300)
    dwcp = dwcp_field("capacity_plans", optional=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices,
                              default=Status.DRAFT)
    notes = models.TextField(_("notes"), blank=True)

    scope_country_path, scope_group_path = constituent_scope()

    class Meta:
        ordering = ["constituent", "-start_date"]
        verbose_name = _("capacity development plan")
        verbose_name_plural = _("capacity development plans")
        constraints = [in_order("capacity_plan_dates_in_order", start="start_date",
                                end="end_date")]

    def __str__(self) -> str:
        return self.title


class PlanItem(AuditedModel):
    """A line of a plan: an intervention planned against one or more needs. ``intervention``
    is set once the intervention is recorded."""

    plan = models.ForeignKey(CapacityDevelopmentPlan, on_delete=models.CASCADE,
                             related_name="items", verbose_name=_("plan"))
    title = models.CharField(_("planned intervention"), max_length=300)
    method = models.CharField(_("method"), max_length=20, blank=True,
                              choices=InterventionMethod.choices)
    due_date = models.DateField(_("due"), null=True, blank=True)
    needs = models.ManyToManyField(CapacityNeed, related_name="plan_items",
                                   verbose_name=_("needs addressed"))
    intervention = models.ForeignKey("capacity.Intervention", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="plan_items",
                                     verbose_name=_("intervention"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    notes = models.TextField(_("notes"), blank=True)

    scope_country_path, scope_group_path = constituent_scope("plan__")

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")

    def __str__(self) -> str:
        return self.title
