"""Helpers shared by the capacity services (the generic write helpers are core.writes)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db.models import Model
from django.utils.translation import gettext as _

from core import policy
from core.writes import (
    NOT_SAVED,
    Errors,
    check_choice,
    check_plausible_dates,
    delete,
    error,
    save,
    text,
    today,
    unknown_fields,
)

if TYPE_CHECKING:
    from core.models import User

# The write helpers every app shares (core.writes), re-exported for the capacity services.
__all__ = ["NOT_SAVED", "Errors", "check_choice", "check_dates", "check_plausible_dates",
           "decimal_or_none", "delete", "error", "require_change", "require_create", "save",
           "text", "today", "unknown_fields"]


def require_change(user: User | None, obj: Model, message: str | None = None) -> None:
    """``user=None`` is a system write (imports, demo data, the worker): no check."""
    policy.require_change(user, obj, message or _("You may not change this record."))


def require_create(user: User | None, model: type[Model], *, country_id: int | None,
                   group: str | None,
                   field: str, message: str) -> None:
    if user is not None and not policy.can_create(user, model, country_id=country_id,
                                                  group=group or None):
        raise error(field, message)


def decimal_or_none(errors: Errors, field: str, value: Any, *, minimum: Decimal | None = None,
                    maximum: Decimal | None = None) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        errors.add(field, _("Enter a number."))
        return None
    if not number.is_finite():
        errors.add(field, _("Enter a number."))
        return None
    if minimum is not None and number < minimum:
        errors.add(field, _("Enter a number of at least %(min)s.") % {"min": minimum})
    if maximum is not None and number > maximum:
        errors.add(field, _("Enter a number of at most %(max)s.") % {"max": maximum})
    return number


def check_dates(errors: Errors, start: dt.date | None, end: dt.date | None, *,
                end_field: str = "end_date") -> None:
    """A start and an end, each plausible, the end not before the start."""
    check_plausible_dates(errors, start_date=start, **{end_field: end})
    if start and end and end < start:
        errors.add(end_field, _("The end date must be on or after the start date."))
