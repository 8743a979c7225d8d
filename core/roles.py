"""Roles and constituent groups: the vocabulary of the access policy."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FIELD_STAFF = "field_staff", _("ILO field staff")
    ACTEMP = "actemp", _("ACT/EMP specialist")
    ACTRAV = "actrav", _("ACTRAV specialist")
    MANAGER = "manager", _("Manager")
    PARTNERSHIPS = "partnerships", _("Partnerships officer (PARDEV)")
    ADMINISTRATOR = "administrator", _("Administrator")


class ConstituentGroup(models.TextChoices):
    """The tripartite groups (plus partners outside them) an organization belongs to."""

    GOVERNMENT = "government", _("Government")
    EMPLOYERS = "employers", _("Employers' organizations")
    WORKERS = "workers", _("Workers' organizations")
    OTHER = "other", _("Other partners")


# The bureau whose specialists own each social partner group [DOMAIN §1, seeds/002 ¶16].
SPECIALIST_GROUP: dict[str, ConstituentGroup] = {
    Role.ACTEMP: ConstituentGroup.EMPLOYERS,
    Role.ACTRAV: ConstituentGroup.WORKERS,
}
