"""Helpers of the evaluation services: the shared write helpers (core.writes), the policy
check by capability, a list of choices, and the recompute after a write."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Choices, Model
from django.utils.translation import gettext as _

from core import policy
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
    from core.models import User


def require(cap: policy.Capability, user: User | None, obj: Model | None, message: Any) -> None:
    """``PermissionDenied(message)`` unless ``user`` holds ``cap`` for ``obj``; ``user=None``
    is the system (demo data, imports, the worker)."""
    if user is not None and not cap.allows(user, obj):
        raise PermissionDenied(message)


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
           "recompute_after_commit", "require", "save", "text", "today", "unknown_fields"]
