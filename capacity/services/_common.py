"""Helpers shared by the capacity services."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Choices, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from core import policy
from core.errors import ApplicationError
from core.history import attribute

if TYPE_CHECKING:
    from core.models import User

M = TypeVar("M", bound=Model)

NOT_SAVED = _("The record could not be saved: check the fields marked.")


class Errors:
    """Collects field errors so that every problem of a write is reported at once."""

    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.fields.setdefault(field, []).append(str(message))

    def __bool__(self) -> bool:
        return bool(self.fields)

    def raise_if_any(self, message: str = NOT_SAVED) -> None:
        if self.fields:
            raise ApplicationError(str(message), field_errors=self.fields)


def error(field: str, message: str) -> ApplicationError:
    return ApplicationError(str(message), field_errors={field: [str(message)]})


def today() -> dt.date:
    return timezone.localdate()


def save(obj: M, *, user: User | None, reason: str = "",
         update_fields: Iterable[str] | None = None) -> M:
    attribute(obj, user=user, reason=reason)
    if update_fields is None:
        obj.save()
    else:
        fields = list(dict.fromkeys([*update_fields, "updated_at"]))
        obj.save(update_fields=fields)
    return obj


def delete(obj: Model, *, user: User | None, reason: str = "") -> None:
    attribute(obj, user=user, reason=reason)
    obj.delete()


def require_change(user: User | None, obj: Model, message: str | None = None) -> None:
    """``user=None`` is a system write (imports, demo data, the worker): no check."""
    if user is not None and not policy.can_change(user, obj):
        raise PermissionDenied(message or _("You may not change this record."))


def require_create(user: User | None, model: type[Model], *, country_id: int | None,
                   group: str | None,
                   field: str, message: str) -> None:
    if user is not None and not policy.can_create(user, model, country_id=country_id,
                                                  group=group or None):
        raise error(field, message)


def unknown_fields(data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ApplicationError(_("These fields cannot be changed here: %(f)s.")
                               % {"f": ", ".join(unknown)},
                               field_errors={name: [_("This field cannot be changed here.")]
                                             for name in unknown})


def text(value: Any) -> str:
    return (value or "").strip() if isinstance(value, str) or value is None else str(value)


def check_choice(errors: Errors, field: str, value: Any, choices: type[Choices], *,
                 required: bool = True,
                 label: str = "") -> None:
    if value in (None, ""):
        if required:
            errors.add(field, _("This field is required."))
        return
    if value not in choices.values:
        errors.add(field, _("“%(value)s” is not a valid %(label)s.")
                   % {"value": value, "label": label or field.replace("_", " ")})


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
    if start and end and end < start:
        errors.add(end_field, _("The end date must be on or after the start date."))
