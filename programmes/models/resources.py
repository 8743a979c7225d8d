"""Development cooperation: the funding partners, their funding agreements (converted at the
UN operational rates of exchange), the projects with their funding by year, and the CPOs and
P&B outcomes they serve [DOMAIN §2 Resources; seeds/001 fn 3; seeds/003 ch. V and Appendix II;
seeds/004 Outcome 2, ¶26–29]."""
from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import country_field, in_order
from core.models import AuditedModel

from .reference import GenderMarker

__all__ = ["AssistanceType", "Donor", "DonorCategory", "Earmarking", "ExchangeRate",
           "FundingAgreement", "FundingSource", "PIPELINE_STAGES", "Project", "ProjectFunding",
           "ProjectOutcomeLink", "ProjectPbLink", "ProjectScope", "ProjectStage"]


class FundingSource(models.TextChoices):
    RBTC = "rbtc", _("Regular budget (RBTC)")
    RBSA = "rbsa", _("Regular Budget Supplementary Account (RBSA)")
    XBTC = "xbtc", _("Extra-budgetary / voluntary (XBTC)")
    PSC = "psc", _("Programme support costs (PSC)")


class DonorCategory(models.TextChoices):
    """The donor categories of the Office's statistical annexes [seeds/003 Table V.1,
    Appendix II Annexes 1–2] and of today's partnership types."""

    UN_SYSTEM = "un_system", _("United Nations system")
    MULTI_BILATERAL = "multi_bilateral", _("Multi-bilateral donors")
    DIRECT_TRUST = "direct_trust", _("Direct trust funds")
    NON_STATE = "non_state", _("Non-state actors")
    IFI = "ifi", _("International financial institutions")
    EUROPEAN_UNION = "european_union", _("European Union")
    OTHER_IGO = "other_igo", _("Other intergovernmental organizations")
    DOMESTIC = "domestic", _("Domestic and local funding")
    SOUTH_SOUTH = "south_south", _("South–South and triangular cooperation")
    PUBLIC_PRIVATE = "public_private", _("Public–private partnerships")


class Earmarking(models.TextChoices):
    """How tightly a contribution is tied [seeds/004 ¶28]."""

    FULLY = "fully", _("Fully earmarked (project)")
    LIGHTLY = "lightly", _("Lightly earmarked / thematic")
    RBSA_CORE = "rbsa_core", _("Core voluntary funding (RBSA)")


class ProjectScope(models.TextChoices):
    COUNTRY = "country", _("Country")
    REGIONAL = "regional", _("Regional")
    INTERREGIONAL = "interregional", _("Interregional / global")


class ProjectStage(models.TextChoices):
    """A project's place in the pipeline; a proposal passes quality appraisal before it is
    approved [seeds/004 ¶33]."""

    CONCEPT = "concept", _("Concept")
    APPRAISAL = "appraisal", _("Appraisal")
    APPROVED = "approved", _("Approved")
    ONGOING = "ongoing", _("Ongoing")
    CLOSED = "closed", _("Closed")


# Stages in which a project is part of the pipeline rather than the portfolio.
PIPELINE_STAGES = (ProjectStage.CONCEPT, ProjectStage.APPRAISAL)


class AssistanceType(models.TextChoices):
    """The main type of assistance a project delivers [seeds/003 ¶175, figure V.5]."""

    EXPERTS = "experts", _("Expert advisory services")
    NATIONAL_PERSONNEL = "national_personnel", _("National experts and project personnel")
    SUBCONTRACTS = "subcontracts", _("Subcontracts with partner institutions")
    TRAINING = "training", _("Training, fellowships and seminars")
    EQUIPMENT = "equipment", _("Equipment")
    OTHER = "other", _("Other assistance")


class Donor(AuditedModel):
    """A donor or other funding partner of ILO development cooperation."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("short name"), max_length=40, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=DonorCategory.choices)
    country = models.ForeignKey("constituents.Country", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="donors",
                                verbose_name=_("donor country"),
                                help_text=_("For a government donor: its country."))
    notes = models.TextField(_("notes"), blank=True)

    portfolio_data = True

    class Meta:
        ordering = ["name"]
        verbose_name = _("donor")
        verbose_name_plural = _("donors")

    def __str__(self) -> str:
        return self.name


class ExchangeRate(AuditedModel):
    """A UN operational rate of exchange: units of ``currency`` for one US dollar, in force
    for a month."""

    currency = models.CharField(_("currency"), max_length=3,
                                help_text=_("ISO 4217 code, e.g. EUR."))
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    units_per_usd = models.DecimalField(_("units per US$"), max_digits=18, decimal_places=6)

    portfolio_data = True

    class Meta:
        ordering = ["currency", "-month"]
        verbose_name = _("UN operational rate of exchange")
        verbose_name_plural = _("UN operational rates of exchange")
        constraints = [
            models.UniqueConstraint(fields=["currency", "month"],
                                    name="exchange_rate_one_per_month"),
            models.CheckConstraint(condition=models.Q(units_per_usd__gt=0),
                                   name="exchange_rate_positive"),
            models.CheckConstraint(condition=models.Q(month__day=1),
                                   name="exchange_rate_first_of_month"),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.month:%Y-%m}"


class Project(AuditedModel):
    country = country_field("projects", null=True, blank=True)
    scope = models.CharField(_("scope"), max_length=13, choices=ProjectScope.choices,
                             default=ProjectScope.COUNTRY)
    region = models.ForeignKey("constituents.Region", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="projects",
                               verbose_name=_("region"),
                               help_text=_("For a regional project."))
    code = models.CharField(_("project code"), max_length=40, unique=True,
                            help_text=_("e.g. ALB/12/01/EEC"))
    title = models.CharField(_("title"), max_length=300)
    funding_source = models.CharField(_("funding source"), max_length=5,
                                      choices=FundingSource.choices)
    funding_partner = models.CharField(_("funding partner"), max_length=200, blank=True,
                                       help_text=_("Donor or other funding partner."))
    office = models.CharField(_("responsible office or unit"), max_length=100, blank=True,
                              help_text=_("e.g. CO-Manila, DWT-Budapest, FUNDAMENTALS."))
    assistance_type = models.CharField(_("type of assistance"), max_length=20,
                                       choices=AssistanceType.choices, blank=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    status = models.CharField(_("stage"), max_length=10, choices=ProjectStage.choices,
                              default=ProjectStage.ONGOING)
    description = models.TextField(_("description"), blank=True)
    gender_marker = models.PositiveSmallIntegerField(
        _("gender equality marker"), choices=GenderMarker.choices, null=True, blank=True)
    conventions = models.ManyToManyField("programmes.Convention", blank=True,
                                         related_name="projects",
                                         verbose_name=_("labour standards concerned"))
    social_dialogue = models.BooleanField(_("social dialogue and tripartism"), default=False)
    just_transition = models.BooleanField(_("just transition"), default=False)
    cpos: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "programmes.CountryProgrammeOutcome", through="ProjectOutcomeLink",
        related_name="projects", verbose_name=_("CPOs"))

    scope_country_path = "country"
    portfolio_data = True

    class Meta:
        ordering = ["country__name", "-start_date"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            in_order("project_dates_in_order", start="start_date", end="end_date"),
            models.CheckConstraint(
                condition=(models.Q(scope="country", country__isnull=False)
                           | models.Q(scope="regional", region__isnull=False,
                                      country__isnull=True)
                           | models.Q(scope="interregional", country__isnull=True,
                                      region__isnull=True)),
                name="project_scope_matches_place"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class FundingAgreement(AuditedModel):
    """A donor's approved contribution: the amount in the agreement's currency and in US
    dollars at the UN operational rate of the approval month [seeds/003 Table V.1]."""

    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="agreements",
                              verbose_name=_("donor"))
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="agreements", verbose_name=_("project"),
                                help_text=_("Empty for thematic or core contributions."))
    reference = models.CharField(_("reference"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300)
    approval_date = models.DateField(_("approved on"))
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    rate = models.DecimalField(_("units per US$"), max_digits=18, decimal_places=6,
                               default=1,
                               help_text=_("The UN operational rate of the approval month."))
    amount_usd = models.DecimalField(_("amount (US$)"), max_digits=16, decimal_places=2)
    earmarking = models.CharField(_("earmarking"), max_length=10, choices=Earmarking.choices,
                                  default=Earmarking.FULLY)
    locally_mobilized = models.BooleanField(
        _("mobilized locally"), default=False,
        help_text=_("Agreed with the donor's representation in the beneficiary country."))
    notes = models.TextField(_("notes"), blank=True)

    portfolio_data = True

    class Meta:
        ordering = ["-approval_date", "reference"]
        verbose_name = _("funding agreement")
        verbose_name_plural = _("funding agreements")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0),
                                   name="agreement_amount_positive"),
            models.CheckConstraint(condition=models.Q(rate__gt=0),
                                   name="agreement_rate_positive"),
        ]
        indexes = [models.Index(fields=["approval_date"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class ProjectFunding(AuditedModel):
    """Allocation and expenditure of a project in one year (US$)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding",
                                verbose_name=_("project"))
    year = models.PositiveSmallIntegerField(_("year"))
    allocation = models.DecimalField(_("allocation (US$)"), max_digits=14, decimal_places=2)
    expenditure = models.DecimalField(_("expenditure (US$)"), max_digits=14, decimal_places=2,
                                      default=0)

    scope_country_path = "project__country"
    portfolio_data = True

    class Meta:
        ordering = ["project", "year"]
        verbose_name = _("funding by year")
        verbose_name_plural = _("funding by year")
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="funding_one_row_per_year"),
            models.CheckConstraint(condition=models.Q(allocation__gte=0),
                                   name="funding_allocation_not_negative"),
            models.CheckConstraint(condition=models.Q(expenditure__gte=0),
                                   name="funding_expenditure_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.year}"


class ProjectOutcomeLink(AuditedModel):
    """A project's contribution to a CPO: the share of its resources the CPO can count on."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="cpo_links",
                                verbose_name=_("project"))
    cpo = models.ForeignKey("programmes.CountryProgrammeOutcome", on_delete=models.CASCADE,
                            related_name="project_links", verbose_name=_("CPO"))
    share = models.DecimalField(_("share of the project (%)"), max_digits=5, decimal_places=2,
                                default=100)

    scope_country_path = "project__country"
    portfolio_data = True

    class Meta:
        verbose_name = _("project contribution to a CPO")
        verbose_name_plural = _("project contributions to CPOs")
        constraints = [
            models.UniqueConstraint(fields=["project", "cpo"], name="project_cpo_link_unique"),
            models.CheckConstraint(condition=models.Q(share__gt=0) & models.Q(share__lte=100),
                                   name="project_cpo_share_between_0_and_100"),
        ]


class ProjectPbLink(AuditedModel):
    """A project's contribution to a P&B outcome (global products, regional and
    interregional projects serve the Office's outcomes directly)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="pb_links",
                                verbose_name=_("project"))
    pb_outcome = models.ForeignKey("programmes.PBOutcome", on_delete=models.PROTECT,
                                   related_name="project_links",
                                   verbose_name=_("P&B outcome"))
    share = models.DecimalField(_("share of the project (%)"), max_digits=5, decimal_places=2,
                                default=100)

    scope_country_path = "project__country"
    portfolio_data = True

    class Meta:
        verbose_name = _("project contribution to a P&B outcome")
        verbose_name_plural = _("project contributions to P&B outcomes")
        constraints = [
            models.UniqueConstraint(fields=["project", "pb_outcome"],
                                    name="project_pb_link_unique"),
            models.CheckConstraint(condition=models.Q(share__gt=0) & models.Q(share__lte=100),
                                   name="project_pb_share_between_0_and_100"),
        ]
