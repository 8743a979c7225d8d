"""Report definitions (a manager's reusable front matter) and report runs (one generation of a
PDF by the worker, with the data it was made from) [issue 6; DOMAIN §6]."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel


class ReportKind(models.TextChoices):
    BIENNIAL = "biennial", _("Biennial progress report")
    DWCP = "dwcp", _("DWCP country progress report")
    CAPACITY = "capacity", _("Constituent capacity profile")


class Language(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")
    ES = "es", _("Spanish")


class ReportDefinition(AuditedModel):
    """What a manager sets before generating: the cover block, the purpose box, narrative
    paragraphs and the draft decision, with the kind of report and its parameters."""

    name = models.CharField(_("name"), max_length=200,
                            help_text=_("For you to find the definition again."))
    kind = models.CharField(_("report"), max_length=12, choices=ReportKind.choices)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True,
                                  help_text=_("biennium / region, country, or constituent"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices,
                                default=Language.EN)
    title = models.CharField(_("title"), max_length=300)
    session = models.PositiveSmallIntegerField(_("session"), null=True, blank=True,
                                               help_text=_("e.g. 350"))
    place = models.CharField(_("place"), max_length=100, default="Geneva")
    session_dates = models.CharField(_("session dates"), max_length=100, blank=True,
                                     help_text=_("e.g. 9–19 March 2024"))
    symbol = models.CharField(_("symbol"), max_length=40, blank=True,
                              help_text=_("e.g. GB.350/POL/3"))
    section_name = models.CharField(_("section"), max_length=120, blank=True,
                                    help_text=_("e.g. Policy Development Section"))
    section_code = models.CharField(_("section code"), max_length=10, blank=True,
                                    help_text=_("e.g. POL"))
    segment = models.CharField(_("segment"), max_length=120, blank=True)
    agenda_item = models.PositiveSmallIntegerField(_("item on the agenda"), null=True,
                                                   blank=True, help_text=_("e.g. 3 for "
                                                                           "“third item”"))
    document_date = models.DateField(_("document date"), null=True, blank=True)
    original_language = models.CharField(_("original language"), max_length=2,
                                         choices=Language.choices, default=Language.EN)
    purpose = models.TextField(_("purpose of the document"), blank=True,
                               help_text=_("Paragraphs separated by a blank line."))
    strategic_objective = models.CharField(_("relevant strategic objective"), max_length=300,
                                           blank=True)
    main_outcome = models.CharField(_("main relevant outcome"), max_length=300, blank=True)
    policy_implications = models.TextField(_("policy implications"), blank=True)
    legal_implications = models.TextField(_("legal implications"), blank=True)
    financial_implications = models.TextField(_("financial implications"), blank=True)
    follow_up = models.TextField(_("follow-up action required"), blank=True)
    author_unit = models.CharField(_("author unit"), max_length=200, blank=True)
    related_documents = models.CharField(_("related documents"), max_length=300, blank=True)
    narrative = models.TextField(
        _("narrative paragraphs"), blank=True,
        help_text=_("The introduction: paragraphs separated by a blank line; lines starting "
                    "with “- ” become lettered sub-paragraphs."))
    draft_decision = models.TextField(_("draft decision"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")

    # Fields that make up the printed front matter (what a run records and hashes).
    CONTENT_FIELDS = (
        "title", "session", "place", "session_dates", "symbol", "section_name",
        "section_code", "segment", "agenda_item", "document_date", "original_language",
        "purpose", "strategic_objective", "main_outcome", "policy_implications",
        "legal_implications", "financial_implications", "follow_up", "author_unit",
        "related_documents", "narrative", "draft_decision")

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("report definition")
        verbose_name_plural = _("report definitions")

    def __str__(self) -> str:
        return self.name

    def content(self) -> dict:
        """The front matter as JSON-ready values."""
        out = {}
        for name in self.CONTENT_FIELDS:
            value = getattr(self, name)
            out[name] = value.isoformat() if hasattr(value, "isoformat") else value
        return out


class ReportRun(models.Model):
    """One generation of a report. Its PDF never changes once stored; ``input_hash`` covers
    the front matter, parameters, language and the fingerprint of the data, so asking again
    with nothing changed returns this run."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    definition = models.ForeignKey(ReportDefinition, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="runs",
                                   verbose_name=_("definition"))
    kind = models.CharField(_("report"), max_length=12, choices=ReportKind.choices)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices,
                                default=Language.EN)
    front_matter = models.JSONField(_("front matter"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices,
                              default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("reason of the failure"), blank=True)
    file = models.FileField(_("PDF"), upload_to="reports/%Y/%m/", blank=True)
    xlsx = models.FileField(_("tables (xlsx)"), upload_to="reports/%Y/%m/", blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    snapshot = models.ForeignKey("programmes.ResultSnapshot", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("results snapshot"))
    as_of = models.DateField(_("results as of"), null=True, blank=True)
    data_fingerprint = models.JSONField(_("data fingerprint"), default=dict, blank=True)
    input_hash = models.CharField(_("hash of the inputs"), max_length=64, db_index=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                     on_delete=models.SET_NULL, related_name="report_runs",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        indexes = [models.Index(fields=["requested_by", "-requested_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def title(self) -> str:
        return self.front_matter.get("title") or self.get_kind_display()
