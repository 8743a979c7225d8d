"""Regions, countries (ILO member States) and their constituents."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.fields import constituent_field, constituent_scope
from core.models import AuditedModel


class Region(AuditedModel):
    """An ILO region (Africa; Americas; Arab States; Asia and the Pacific; Europe and Central
    Asia). Reference data."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language: the ILO's name of each of its five regions is
        translated; a region renamed in the admin keeps its stored name."""
        english, translated = REGION_NAMES.get(self.code, ("", None))
        return str(translated) if translated is not None and self.name == english \
            else self.name


# The ILO's names of its regions, in the reader's language (constituents.reference loads the
# English names).
REGION_NAMES = {
    "AF": ("Africa", pgettext_lazy("ILO region", "Africa")),
    "AM": ("Americas", pgettext_lazy("ILO region", "Americas")),
    "AS": ("Arab States", pgettext_lazy("ILO region", "Arab States")),
    "AP": ("Asia and the Pacific", pgettext_lazy("ILO region", "Asia and the Pacific")),
    "EU": ("Europe and Central Asia", pgettext_lazy("ILO region", "Europe and Central Asia")),
}


class Country(AuditedModel):
    """An ILO member State, with the context of the ILO's presence there."""

    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, unique=True)
    iso_numeric = models.CharField(_("ISO 3166 numeric"), max_length=3, blank=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="countries",
                               verbose_name=_("region"))
    ilo_member = models.BooleanField(_("ILO member State"), default=True)
    # Country context [DOMAIN §1; seeds/004 ¶9, ¶13, fn 7]
    ilo_office = models.CharField(_("responsible ILO office"), max_length=200, blank=True)
    decent_work_team = models.CharField(_("Decent Work Technical Support Team"), max_length=200,
                                        blank=True)
    delivering_as_one_pilot = models.BooleanField(_("Delivering as One pilot"), default=False)
    ilo_resident_in_unct = models.BooleanField(
        _("ILO resident in the UN Country Team"), default=False)

    scope_country_path = "id"

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language: the stored (ILO, English) name in English,
        django-countries' translation in French and Spanish (the stored name where it has
        none)."""
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if language == "en":
            return self.name
        translated = str(countries.name(self.iso2))
        return translated or self.name


class ConstituentType(models.TextChoices):
    """What kind of organization a constituent or partner is [DOMAIN §1]."""

    LABOUR_MINISTRY = "labour_ministry", _("Ministry of labour / labour administration")
    LABOUR_INSPECTORATE = "labour_inspectorate", _("Labour inspectorate")
    OTHER_GOVERNMENT = "other_government", _("Other government institution")
    EMPLOYERS = "employers", _("Employers' and business organization")
    WORKERS = "workers", _("Workers' organization")
    TRAINING_INSTITUTION = "training_institution", _("Training institution")
    UN_AGENCY = "un_agency", _("UN agency")
    DONOR = "donor", _("Donor")
    CSO = "cso", _("CSO / NGO")
    RESEARCH = "research", _("Research institution")


GOVERNMENT_TYPES = frozenset({ConstituentType.LABOUR_MINISTRY, ConstituentType.LABOUR_INSPECTORATE,
                              ConstituentType.OTHER_GOVERNMENT})


def group_for_type(kind: str) -> str:
    """The constituent group an organization of this type belongs to."""
    from core.roles import ConstituentGroup

    if kind in GOVERNMENT_TYPES:
        return ConstituentGroup.GOVERNMENT
    if kind == ConstituentType.EMPLOYERS:
        return ConstituentGroup.EMPLOYERS
    if kind == ConstituentType.WORKERS:
        return ConstituentGroup.WORKERS
    return ConstituentGroup.OTHER


def _type_group_consistent() -> models.Q:
    gov = sorted(t.value for t in GOVERNMENT_TYPES)  # sorted: stable across processes
    return (
        (models.Q(type__in=gov) & models.Q(group="government"))
        | (models.Q(type="employers") & models.Q(group="employers"))
        | (models.Q(type="workers") & models.Q(group="workers"))
        | (~models.Q(type__in=[*gov, "employers", "workers"]) & models.Q(group="other"))
    )


class Constituent(AuditedModel):
    """An organization of a country: a tripartite constituent or another partner."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        SECTORAL = "sectoral", _("Sectoral")
        TERRITORIAL = "territorial", _("Territorial")

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="constituents",
                                verbose_name=_("country"))
    name = models.CharField(_("name"), max_length=255)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    type = models.CharField(_("type"), max_length=25, choices=ConstituentType.choices)
    group = models.CharField(_("constituent group"), max_length=12, editable=False,
                             choices=[("government", _("Government")),
                                      ("employers", _("Employers' organizations")),
                                      ("workers", _("Workers' organizations")),
                                      ("other", _("Other partners"))])
    level = models.CharField(_("level"), max_length=12, choices=Level.choices,
                             default=Level.NATIONAL)
    sector = models.CharField(_("sector or territory"), max_length=200, blank=True,
                              help_text=_("For sectoral or territorial organizations."))
    website = models.URLField(_("website"), blank=True)
    address = models.TextField(_("address"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    scope_country_path = "country"
    scope_group_path = "group"

    class Meta:
        ordering = ["country__name", "group", "name"]
        verbose_name = _("constituent")
        verbose_name_plural = _("constituents")
        constraints = [
            models.UniqueConstraint(fields=["country", "name"],
                                    name="constituent_name_unique_in_country"),
            models.CheckConstraint(condition=_type_group_consistent(),
                                   name="constituent_group_matches_type"),
        ]
        indexes = [models.Index(fields=["group", "country"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Affiliation(AuditedModel):
    """Membership of a constituent in a wider organization (e.g. IOE, ITUC, a national centre)."""

    constituent = constituent_field("affiliations", on_delete=models.CASCADE)
    organization = models.CharField(_("affiliated to"), max_length=255,
                                    help_text=_("e.g. International Organisation of Employers "
                                                "(IOE), International Trade Union Confederation "
                                                "(ITUC)"))
    since_year = models.PositiveSmallIntegerField(_("since"), null=True, blank=True)

    scope_country_path, scope_group_path = constituent_scope()

    class Meta:
        ordering = ["organization"]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [models.UniqueConstraint(fields=["constituent", "organization"],
                                               name="affiliation_unique")]

    def __str__(self) -> str:
        return self.organization


class MembershipFigure(AuditedModel):
    """Membership of an organization in one year, in total and by sex."""

    constituent = constituent_field("membership_figures", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField(_("year"))
    total = models.PositiveIntegerField(_("members in total"))
    women = models.PositiveIntegerField(_("women"), null=True, blank=True)
    men = models.PositiveIntegerField(_("men"), null=True, blank=True)
    member_kind = models.CharField(_("members are"), max_length=100, blank=True,
                                   help_text=_("e.g. individual workers, member enterprises, "
                                               "affiliated federations"))
    source = models.CharField(_("source"), max_length=255, blank=True)

    scope_country_path, scope_group_path = constituent_scope()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("membership figure")
        verbose_name_plural = _("membership figures")
        constraints = [
            models.UniqueConstraint(fields=["constituent", "year"],
                                    name="membership_one_figure_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.total}"


class Contact(AuditedModel):
    """A contact person in an organization."""

    constituent = constituent_field("contacts", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)

    scope_country_path, scope_group_path = constituent_scope()

    class Meta:
        ordering = ["-is_primary", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(fields=["constituent"],
                                    condition=models.Q(is_primary=True),
                                    name="contact_one_primary"),
        ]

    def __str__(self) -> str:
        return self.name
