"""Helpers shared by the evaluation services: collecting field errors, saving with the
history's who and why, the policy checks, and the recompute after a write."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
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

    def add(self, field: str, message: Any) -> None:
        self.fields.setdefault(field, []).append(str(message))

    def __bool__(self) -> bool:
        return bool(self.fields)

    def raise_if_any(self, message: Any = None) -> None:
        if self.fields:
            raise ApplicationError(str(message or NOT_SAVED), field_errors=self.fields)


def error(field: str, message: Any) -> ApplicationError:
    return ApplicationError(str(message), field_errors={field: [str(message)]})


def today() -> dt.date:
    return timezone.localdate()


def text(value: Any) -> str:
    return (value or "").strip() if isinstance(value, str) or value is None else str(value)


def save(obj: M, *, user: User | None, reason: Any = "",
         update_fields: Iterable[str] | None = None) -> M:
    attribute(obj, user=user, reason=str(reason))
    if update_fields is None:
        obj.save()
    else:
        obj.save(update_fields=list(dict.fromkeys([*update_fields, "updated_at"])))
    return obj


def delete(obj: Model, *, user: User | None, reason: Any = "") -> None:
    attribute(obj, user=user, reason=str(reason))
    obj.delete()


def require(cap: policy.Capability, user: User | None, obj: Model | None, message: Any) -> None:
    """``PermissionDenied(message)`` unless ``user`` holds ``cap`` for ``obj``; ``user=None``
    is the system (demo data, imports, the worker)."""
    if user is not None and not cap.allows(user, obj):
        raise PermissionDenied(message)


def check_choice(errors: Errors, field: str, value: Any, choices: type[Choices], *,
                 required: bool = True) -> None:
    if value in (None, ""):
        if required:
            errors.add(field, _("This field is required."))
        return
    if value not in choices.values:
        errors.add(field, _("“%(value)s” is not one of the choices.") % {"value": value})


def check_choices(errors: Errors, field: str, values: Any, choices: type[Choices]) -> list[Any]:
    """A list of choice values, in the choices' order, without repeats."""
    given = list(values or [])
    for value in given:
        if value not in choices.values:
            errors.add(field, _("“%(value)s” is not one of the choices.") % {"value": value})
    return [v for v in choices.values if v in given]


def unknown_fields(data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ApplicationError(_("These fields cannot be changed here: %(f)s.")
                               % {"f": ", ".join(unknown)},
                               field_errors={name: [_("This field cannot be changed here.")]
                                             for name in unknown})


def recompute_after_commit() -> None:
    """The evaluation figures change with this write: queue their debounced recompute."""
    from .computed import evaluation_recompute_after_commit

    evaluation_recompute_after_commit()
