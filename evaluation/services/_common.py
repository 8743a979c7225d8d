"""Helpers of the evaluation services: the shared write helpers (core.writes), a list of
choices, and the recompute after a write (a capability is checked with
``policy.<CAPABILITY>.require(user, obj, message)``; ``user=None`` is the system)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Choices
from django.utils.translation import gettext as _

from core.writes import (
    Errors,
    check_choice,
    delete,
    error,
    save,
    text,
    today,
    unknown_fields,
)

if TYPE_CHECKING:
    pass


def check_choices(errors: Errors, field: str, values: Any, choices: type[Choices]) -> list[Any]:
    """A list of choice values, in the choices' order, without repeats."""
    given = list(values or [])
    for value in given:
        if value not in choices.values:
            errors.add(field, _("“%(value)s” is not one of the choices.") % {"value": value})
    return [v for v in choices.values if v in given]


def recompute_after_commit() -> None:
    """The evaluation figures change with this write: queue their debounced recompute."""
    from .computed import evaluation_recompute_after_commit

    evaluation_recompute_after_commit()


__all__ = ["Errors", "check_choice", "check_choices", "delete", "error",
           "recompute_after_commit", "save", "text", "today", "unknown_fields"]
