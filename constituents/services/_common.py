"""What the constituent writes share: the policy check, assigning the allowed fields,
field validation, saving and deleting with the reason, the plausible-year rule."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from core import policy
from core.errors import ApplicationError, validate_model
from core.history import attribute

if TYPE_CHECKING:
    from core.models import User


MIN_YEAR = 1900


def require(user: User | None, obj: Model) -> None:
    policy.require_change(user, obj, _("You may not change this organization's records."))


def strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def assign(obj: Model, data: Mapping[str, Any], allowed: Iterable[str]) -> list[str]:
    """Set the allowed fields present in ``data`` on ``obj``; return the names that changed."""
    allowed = tuple(allowed)
    unknown = set(data) - set(allowed)
    if unknown:
        raise ApplicationError(field_errors={name: [_("This field cannot be changed here.")]
                                             for name in sorted(unknown)})
    changed = []
    for name, value in data.items():
        value = strip(value)
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def clean_fields(obj: Model, *, exclude: Iterable[str] = ()) -> None:
    """Field-level validation (required, lengths, choices, URLs, e-mails)."""
    validate_model(obj, exclude=exclude, unique=False, constraints=False)


def save(obj: Model, *, reason: str, update_fields: list[str] | None = None,
          conflict: ApplicationError | None = None, user: User | None = None) -> None:
    """Save with the user and the change reason recorded in history. A unique constraint hit
    by a concurrent write becomes ``conflict`` instead of a server error."""
    attribute(obj, user=user, reason=reason or "")
    if update_fields is not None and "updated_at" not in update_fields:
        update_fields = [*update_fields, "updated_at"]
    try:
        with transaction.atomic():
            obj.save(update_fields=update_fields)
    except IntegrityError:
        if conflict is None:
            raise
        raise conflict from None


def delete(obj: Model, *, reason: str) -> None:
    attribute(obj, reason=reason or "")
    obj.delete()


def plausible_year_error(year: int | None, *, latest: int | None = None) -> str | None:
    """A message if ``year`` is outside 1900..``latest`` (default: next year), else None."""
    if year is None:
        return None
    latest = latest if latest is not None else timezone.now().year + 1
    if year < MIN_YEAR or year > latest:
        return _("Enter a year between %(first)s and %(last)s.") % {"first": MIN_YEAR,
                                                                     "last": latest}
    return None
