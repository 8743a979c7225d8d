"""What every DWCP write does: check the policy, apply the allowed fields, validate, record
who and why, save or delete."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.utils.translation import gettext as _

from core import policy
from core.errors import validate_model
from core.history import attribute

if TYPE_CHECKING:
    from core.models import User

M = TypeVar("M", bound=Model)


def require_view(user: User | None, obj: Model) -> None:
    if not policy.can_view(user, obj):
        raise PermissionDenied(_("You may not see this DWCP."))


def require_change(user: User | None, obj: Model) -> None:
    policy.require_change(user, obj, _("You may not change this DWCP."))


def apply(obj: Model, data: dict[str, Any], allowed: Iterable[str]) -> list[str]:
    """Set the allowed fields that differ; return their names."""
    changed = []
    for name in allowed:
        if name in data and getattr(obj, name) != data[name]:
            setattr(obj, name, data[name])
            changed.append(name)
    return changed


def save_new(obj: M, *, user: User | None) -> M:
    """Validate and save a new record, its history attributed to ``user``."""
    validate_model(obj)
    attribute(obj, user=user)
    obj.save()
    return obj


def save_changes(obj: M, *, user: User | None, reason: str, changed: list[str],
                 validate: bool = True) -> M:
    """Validate (unless the caller has) and save the ``changed`` fields, if any, recording who
    and why."""
    if validate:
        validate_model(obj)
    if changed:
        attribute(obj, user=user, reason=reason)
        obj.save(update_fields=[*changed, "updated_at"])
    return obj


def delete(obj: Model, *, user: User | None) -> None:
    """Delete a record the user may change, recording who."""
    require_change(user, obj)
    attribute(obj, user=user)
    obj.delete()
