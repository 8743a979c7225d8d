"""Users with roles and scopes, the audited base model, and the record of worker runs."""
from __future__ import annotations

from functools import cached_property
from typing import ClassVar, Self

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .roles import SPECIALIST_GROUP, Role


class User(AbstractUser):
    """An account. What it may see and change follows from its role and scope (core.policy)."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices,
                            default=Role.FIELD_STAFF)
    countries = models.ManyToManyField(
        "constituents.Country", blank=True, related_name="assigned_users",
        verbose_name=_("countries"), help_text=_("Field staff: the countries this person covers."))
    regions = models.ManyToManyField(
        "constituents.Region", blank=True, related_name="assigned_users",
        verbose_name=_("regions"),
        help_text=_("Field staff: every country of these regions is covered too."))
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True,
        help_text=_("Pages, e-mails and notifications in this language; empty: as the "
                    "browser asks."))

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.role == Role.ADMINISTRATOR

    @property
    def constituent_group(self) -> str | None:
        """The constituent group a specialist is scoped to, or None."""
        return SPECIALIST_GROUP.get(self.role)

    @cached_property
    def scope_country_ids(self) -> frozenset[int]:
        """Ids of the countries assigned directly or through a region (field staff)."""
        from constituents.models import Country

        return frozenset(
            Country.objects.filter(
                models.Q(assigned_users=self) | models.Q(region__assigned_users=self)
            ).values_list("id", flat=True)
        )


class AuditedModel(models.Model):
    """Base for programme data: timestamps and a full change history (who, when, what, why)."""

    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(inherit=True)

    # Paths the access policy follows to find an object's country and constituent group.
    scope_country_path: str | None = None
    scope_group_path: str | None = None
    # Whether the constituent group also limits who may *view* (not only change) the object.
    scope_group_limits_view: bool = False

    class Meta:
        abstract = True


class TaskRun(models.Model):
    """One execution of a background job: what ran, when, how it ended and what it counted."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    name = models.CharField(max_length=100)
    parameters = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=200, blank=True)
    requested_by = models.ForeignKey("core.User", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-queued_at"]
        indexes = [models.Index(fields=["name", "-queued_at"])]

    def __str__(self) -> str:
        return f"{self.name} #{self.pk} ({self.status})"


class ComputedSnapshot(models.Model):
    """Base of a complete set of figures computed by the worker as of a date. A full recompute
    writes a new snapshot with all its rows, then :func:`core.snapshots.snapshot_swap` makes it
    the current one in one transaction, so readers always see one complete set (the results'
    SQL engine instead updates the current snapshot in place, in one transaction)."""

    as_of = models.DateField(_("as of"))
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    is_current = models.BooleanField(default=False)
    run = models.ForeignKey("core.TaskRun", null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="+")

    objects: ClassVar[models.Manager[Self]]  # each concrete snapshot's default manager

    class Meta:
        abstract = True
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["is_current"],
                                               condition=models.Q(is_current=True),
                                               name="%(app_label)s_%(class)s_one_current")]


from .notifications.models import Notification, NotificationSetting  # noqa: E402, F401
