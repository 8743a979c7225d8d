"""The evaluation plan's rules, held as data: which projects and programmes must be
evaluated, how and by when. The defaults (migration 0002) follow the ILO evaluation policy:
an independent final evaluation of every project of US$1 million or more, a mid-term one as
well from US$5 million, and a country programme review before a DWCP ends. The worker
applies them (evaluation.services.computed) and flags what is due, overdue or missing."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel

from .choices import CoverageAnchor, SubjectKind, Timing


class CoverageRule(AuditedModel):
    """A requirement: every ``subject_kind`` (projects or DWCPs) of at least ``min_budget``
    needs an evaluation of one of ``evaluation_types`` (and of ``timing``, when set). It is
    due ``offset_months`` after the subject's ``anchor`` date (negative: before), and flagged
    as due ``window_months`` before that. Reference data: administrators change it."""

    SUBJECTS = (SubjectKind.PROJECT, SubjectKind.DWCP)

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    subject_kind = models.CharField(_("applies to"), max_length=12,
                                    choices=[(k.value, k.label) for k in SUBJECTS])
    min_budget = models.DecimalField(_("from a budget of (US$)"), max_digits=14,
                                     decimal_places=2, null=True, blank=True,
                                     help_text=_("Empty: whatever the budget."))
    # EvaluationType values that satisfy the rule.
    evaluation_types = models.JSONField(_("evaluation types that count"), default=list)
    timing = models.CharField(_("timing"), max_length=10, choices=Timing.choices, blank=True,
                              help_text=_("Empty: any timing."))
    anchor = models.CharField(_("due from"), max_length=8, choices=CoverageAnchor.choices,
                              default=CoverageAnchor.END)
    offset_months = models.SmallIntegerField(
        _("months after that date"), default=0,
        help_text=_("Negative: before it (e.g. -6: six months before the end)."))
    window_months = models.PositiveSmallIntegerField(
        _("flag as due this many months ahead"), default=6)
    is_active = models.BooleanField(_("in force"), default=True)

    class Meta:
        ordering = ["subject_kind", "code"]
        verbose_name = _("evaluation coverage rule")
        verbose_name_plural = _("evaluation coverage rules")
        constraints = [models.CheckConstraint(condition=models.Q(min_budget__isnull=True)
                                              | models.Q(min_budget__gte=0),
                                              name="evaluation_rule_budget_not_negative")]

    def __str__(self) -> str:
        return self.name
