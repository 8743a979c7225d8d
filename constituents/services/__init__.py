"""Writes to constituents and country context.

Every function is keyword-only and atomic: it validates the whole change, then writes it, so a
refused change leaves nothing behind. Field problems and business rules raise
:class:`core.errors.ApplicationError`, with ``field_errors`` where a rule concerns a field.
Each write checks :mod:`core.policy` for ``user`` (``PermissionDenied`` when the user may not
change the record: field staff of the country, specialists for their group's organizations,
administrators); ``user=None`` is the system (data loads), which may.
``reason`` is stored in the change history (django-simple-history).

``organizations.py`` (constituents, affiliations), ``membership.py``, ``contacts.py``,
``country.py``: the writes of each record; ``_common.py``: what they share. Import from
``constituents.services``."""
from __future__ import annotations

from ._common import MIN_YEAR, plausible_year_error
from .contacts import CONTACT_FIELDS, contact_create, contact_delete, contact_update
from .country import COUNTRY_CONTEXT_FIELDS, country_context_update
from .membership import (
    MEMBERSHIP_FIELDS,
    membership_figure_create,
    membership_figure_delete,
    membership_figure_errors,
    membership_figure_update,
)
from .organizations import (
    AFFILIATION_FIELDS,
    CONSTITUENT_FIELDS,
    affiliation_create,
    affiliation_delete,
    affiliation_update,
    constituent_check_type,
    constituent_create,
    constituent_set_active,
    constituent_update,
)

__all__ = [
    "AFFILIATION_FIELDS", "CONSTITUENT_FIELDS", "CONTACT_FIELDS", "COUNTRY_CONTEXT_FIELDS",
    "MEMBERSHIP_FIELDS", "MIN_YEAR", "affiliation_create", "affiliation_delete",
    "affiliation_update", "constituent_check_type", "constituent_create",
    "constituent_set_active", "constituent_update", "contact_create", "contact_delete",
    "contact_update", "country_context_update", "membership_figure_create",
    "membership_figure_delete", "membership_figure_errors", "membership_figure_update",
    "plausible_year_error",
]
