"""Recommendations, the management response to each, and the follow-up actions that carry it
out [DOMAIN §5]. A response once submitted is changed only with a reason; responses and
action changes are dated and audited (the rules are in evaluation.services.follow_up)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel

from .choices import (
    ActionStatus,
    AddresseeUnit,
    RecommendationPriority,
    ResourceImplication,
    ResponseDecision,
)
from .evaluations import Evaluation


class Recommendation(AuditedModel):
    """A recommendation of an evaluation, addressed to a unit or office of the ILO and/or to
    constituents."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE,
                                   related_name="recommendations", verbose_name=_("evaluation"))
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("recommendation"))
    addressee_unit = models.CharField(_("addressed to (ILO)"), max_length=15,
                                      choices=AddresseeUnit.choices)
    addressee_office = models.CharField(_("office or department"), max_length=200, blank=True,
                                        help_text=_("e.g. ILO Country Office for Kenya"))
    addressee_constituents = models.ManyToManyField(
        "constituents.Constituent", blank=True, related_name="evaluation_recommendations",
        verbose_name=_("addressed to (constituents)"))
    priority = models.CharField(_("priority"), max_length=6,
                                choices=RecommendationPriority.choices,
                                default=RecommendationPriority.MEDIUM)
    resource_implication = models.CharField(_("resource implication"), max_length=6,
                                            choices=ResourceImplication.choices,
                                            default=ResourceImplication.NONE)
    timeframe = models.CharField(_("timeframe"), max_length=100, blank=True,
                                 help_text=_("e.g. short term (within 12 months)"))

    scope_country_path = "evaluation__country"
    evaluation_path = "evaluation"
    recommendation_path = ""

    class Meta:
        ordering = ["evaluation", "number"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [models.UniqueConstraint(fields=["evaluation", "number"],
                                               name="evaluation_recommendation_number_unique")]
        indexes = [models.Index(fields=["addressee_unit"])]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class ManagementResponse(AuditedModel):
    """The addressee's answer to a recommendation. A draft until ``submitted_at`` is set;
    after that every change needs a reason (kept in the history)."""

    recommendation = models.OneToOneField(Recommendation, on_delete=models.CASCADE,
                                          related_name="response",
                                          verbose_name=_("recommendation"))
    decision = models.CharField(_("response"), max_length=18, choices=ResponseDecision.choices)
    rationale = models.TextField(_("rationale"), blank=True)
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("submitted by"))

    scope_country_path = "recommendation__evaluation__country"
    evaluation_path = "recommendation__evaluation"
    recommendation_path = "recommendation"

    class Meta:
        verbose_name = _("management response")
        verbose_name_plural = _("management responses")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decision=ResponseDecision.REJECTED) | ~models.Q(rationale=""),
                name="evaluation_rejection_has_rationale"),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation_id}: {self.get_decision_display()}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class FollowUpAction(AuditedModel):
    """An action that carries out a recommendation: who, by when, how far. An action that is
    not possible says why."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE,
                                       related_name="actions",
                                       verbose_name=_("recommendation"))
    description = models.TextField(_("action"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="evaluation_actions",
                              verbose_name=_("owner"))
    owner_unit = models.CharField(_("responsible unit"), max_length=200, blank=True)
    due_date = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices,
                              default=ActionStatus.NOT_STARTED)
    status_note = models.TextField(_("status note"), blank=True,
                                   help_text=_("Why the action is not possible, or what was "
                                               "done."))
    status_changed_on = models.DateField(_("status since"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    scope_country_path = "recommendation__evaluation__country"
    evaluation_path = "recommendation__evaluation"
    recommendation_path = "recommendation"

    class Meta:
        ordering = ["recommendation", "due_date", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=ActionStatus.NOT_POSSIBLE) | ~models.Q(status_note=""),
                name="evaluation_action_not_possible_says_why"),
            models.CheckConstraint(
                condition=~models.Q(status=ActionStatus.COMPLETED)
                | models.Q(completed_on__isnull=False),
                name="evaluation_action_completed_is_dated"),
        ]
        indexes = [models.Index(fields=["owner", "status", "due_date"]),
                   models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return self.description[:80]
