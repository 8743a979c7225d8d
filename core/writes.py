"""Helpers the services of every app share for a write: collecting every field error before
refusing (:class:`Errors`), checking choices, refusing unknown fields, and saving or deleting
with the history's who and why (:func:`core.history.attribute`)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import transaction
from django.db.models import Choices, Model
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .errors import ApplicationError
from .history import attribute

if TYPE_CHECKING:
    from .types import AnyUser

M = TypeVar("M", bound=Model)

NOT_SAVED = gettext_lazy("The record could not be saved: check the fields marked.")


class Errors:
    """Collects field errors so that every problem of a write is reported at once."""

    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, field: str, message: Any) -> None:
        self.fields.setdefault(field, []).append(str(message))

    def __bool__(self) -> bool:
        return bool(self.fields)

    def raise_if_any(self, message: Any = None) -> None:
        if self.fields:
            raise ApplicationError(str(message or NOT_SAVED), field_errors=self.fields)


def error(field: str, message: Any) -> ApplicationError:
    """A refusal of one field, the sentence shown above the form too."""
    return ApplicationError(str(message), field_errors={field: [str(message)]})


def today() -> dt.date:
    return timezone.localdate()


# Dates programme data may carry: none of it is older than the first DWCPs' time, and plans
# look ahead a few biennia at most. Outside them a date is a typing error (0001-01-01).
EARLIEST_DATE = dt.date(1990, 1, 1)
YEARS_AHEAD = 15


def latest_date() -> dt.date:
    now = today()
    return dt.date(now.year + YEARS_AHEAD, 12, 31)


def check_plausible_dates(errors: Errors, **dates: dt.date | None) -> None:
    """Refuse each date (named by its field) outside :data:`EARLIEST_DATE` … the end of the
    year :data:`YEARS_AHEAD` years from now, saying the bounds."""
    latest = latest_date()
    for field, value in dates.items():
        if value is not None and not EARLIEST_DATE <= value <= latest:
            errors.add(field, _("Enter a date between %(first)s and %(last)s.")
                       % {"first": EARLIEST_DATE.isoformat(), "last": latest.isoformat()})


def plausible_date(field: str, value: dt.date | None) -> None:
    """:func:`check_plausible_dates` of one date, refused at once."""
    errors = Errors()
    check_plausible_dates(errors, **{field: value})
    errors.raise_if_any(errors.fields.get(field, [None])[0])


def save(obj: M, *, user: AnyUser | None, reason: Any = "",
         update_fields: Iterable[str] | None = None) -> M:
    """Save ``obj`` (only ``update_fields`` and ``updated_at`` when given), its history
    record attributed to ``user`` with ``reason``."""
    attribute(obj, user=user, reason=str(reason))
    if update_fields is None:
        obj.save()
    else:
        obj.save(update_fields=list(dict.fromkeys([*update_fields, "updated_at"])))
    return obj


def delete(obj: Model, *, user: AnyUser | None, reason: Any = "") -> None:
    """Delete ``obj`` with its history attributed; refused with a sentence (never a 500)
    while records that must outlive it still refer to it (a DWCP's results framework)."""
    attribute(obj, user=user, reason=str(reason))
    try:
        with transaction.atomic():
            obj.delete()
    except (ProtectedError, RestrictedError) as exc:
        blocking = list(exc.protected_objects if isinstance(exc, ProtectedError)
                        else exc.restricted_objects)
        raise ApplicationError(ngettext(
            "“%(obj)s” cannot be deleted while %(n)d record still refers to it (%(example)s): "
            "delete that first.",
            "“%(obj)s” cannot be deleted while %(n)d records still refer to it (for example "
            "%(example)s): delete those first.", len(blocking)) % {
                "obj": obj, "n": len(blocking), "example": blocking[0] if blocking else ""}
        ) from exc


def unknown_fields(data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    """Refuse the keys of ``data`` that are not ``allowed`` (each on its field)."""
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ApplicationError(_("These fields cannot be changed here: %(f)s.")
                               % {"f": ", ".join(unknown)},
                               field_errors={name: [_("This field cannot be changed here.")]
                                             for name in unknown})


def text(value: Any) -> str:
    """A text input stripped (None: empty)."""
    return (value or "").strip() if isinstance(value, str) or value is None else str(value)


def check_choice(errors: Errors, field: str, value: Any, choices: type[Choices], *,
                 required: bool = True, label: Any = "") -> None:
    """Add an error unless ``value`` is one of ``choices`` (or empty when not required)."""
    if value in (None, ""):
        if required:
            errors.add(field, _("This field is required."))
        return
    if value not in choices.values:
        errors.add(field, _("“%(value)s” is not a valid %(label)s.")
                   % {"value": value, "label": label or field.replace("_", " ")})
