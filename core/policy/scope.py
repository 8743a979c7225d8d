"""Where an object sits and the rule table by role: may this user view / change it, and the
same as a queryset filter (:func:`visible`, :func:`changeable`). See :mod:`core.policy`."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeGuard, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from ..roles import Role

if TYPE_CHECKING:
    from ..models import User
    from ..types import AnyUser

_Q = TypeVar("_Q", bound=QuerySet[Any, Any])

VIEW = "view"
CHANGE = "change"
ACTIONS = (VIEW, CHANGE)


@dataclass(frozen=True)
class Scope:
    """Where an object sits: its country (id) and constituent group, either may be None."""

    country_id: int | None = None
    group: str | None = None


def follow(obj: Model, path: str) -> Any:
    """The value at ``path`` (``a__b__c``) from ``obj``; ids for relations, None past a
    missing link."""
    parts = path.split("__")
    current: Any = obj
    for part in parts[:-1]:
        current = getattr(current, part, None)
        if current is None:
            return None
    last = parts[-1]
    if last in ("id", "pk"):
        return current.pk
    field = current._meta.get_field(last)
    if field.is_relation:
        return getattr(current, field.attname)
    return getattr(current, last)


def is_scoped(model: type[Model]) -> bool:
    return bool(getattr(model, "scope_country_path", None) or
                getattr(model, "scope_group_path", None))


def is_portfolio(model: type[Model]) -> bool:
    """Whether ``model`` is development cooperation portfolio data (donors, agreements, rates
    of exchange, projects and what hangs on them), which partnerships officers change
    everywhere."""
    return bool(getattr(model, "portfolio_data", False))


def scope_of(obj: Model) -> Scope:
    model = type(obj)
    country_path = getattr(model, "scope_country_path", None)
    group_path = getattr(model, "scope_group_path", None)
    return Scope(
        country_id=follow(obj, country_path) if country_path else None,
        group=follow(obj, group_path) if group_path else None,
    )


def active(user: AnyUser | None) -> TypeGuard[User]:
    """Signed in and active: the only users the policy lets do anything."""
    return bool(user and user.is_authenticated and user.is_active)

def allowed(user: AnyUser | None, action: str, model: type[Model], scope: Scope) -> bool:
    """The rule table, for an object of ``model`` at ``scope``."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not active(user):
        return False
    if user.is_administrator:
        return True
    if user.role == Role.PARTNERSHIPS:
        return action == VIEW or is_portfolio(model)
    if not is_scoped(model):
        return action == VIEW
    if user.role == Role.MANAGER:
        return action == VIEW
    if user.role == Role.FIELD_STAFF:
        return scope.country_id is not None and scope.country_id in user.scope_country_ids
    group = user.constituent_group
    if group is not None:
        if action == VIEW:
            if getattr(model, "scope_group_limits_view", False) and scope.group is not None:
                return scope.group == group
            return True
        return scope.group == group
    return False


def can(user: AnyUser | None, action: str, obj: Model) -> bool:
    """May ``user`` perform ``action`` (view/change) on ``obj``?"""
    return allowed(user, action, type(obj), scope_of(obj))


def can_view(user: AnyUser | None, obj: Model) -> bool:
    return can(user, VIEW, obj)


def can_change(user: AnyUser | None, obj: Model) -> bool:
    return can(user, CHANGE, obj)


def can_create(user: AnyUser | None, model: type[Model], *, country_id: int | None = None,
               group: str | None = None) -> bool:
    """May ``user`` create a ``model`` object in this country / for this group?"""
    return allowed(user, CHANGE, model, Scope(country_id=country_id, group=group))


def may_change_any(user: AnyUser | None, model: type[Model]) -> bool:
    """Whether the user could change some object of ``model`` (shows "Add"/"Edit" links)."""
    if not active(user):
        return False
    if user.is_administrator:
        return True
    if user.role == Role.PARTNERSHIPS:
        return is_portfolio(model)
    if not is_scoped(model) or user.role == Role.MANAGER:
        return False
    if user.role == Role.FIELD_STAFF:
        return bool(user.scope_country_ids)
    return user.constituent_group is not None and bool(getattr(model, "scope_group_path", None))


def _filter(user: AnyUser | None, qs: _Q, action: str) -> _Q:
    model = qs.model
    if not active(user):
        return qs.none()
    if user.is_administrator:
        return qs
    if user.role == Role.PARTNERSHIPS:
        return qs if action == VIEW or is_portfolio(model) else qs.none()
    if not is_scoped(model):
        return qs if action == VIEW else qs.none()
    if user.role == Role.MANAGER:
        return qs if action == VIEW else qs.none()
    country_path = getattr(model, "scope_country_path", None)
    group_path = getattr(model, "scope_group_path", None)
    if user.role == Role.FIELD_STAFF:
        if not country_path:
            return qs.none()
        return qs.filter(**{f"{country_path}__in": user.scope_country_ids})
    group = user.constituent_group
    if group is None:
        return qs.none()
    if action == VIEW and not (getattr(model, "scope_group_limits_view", False) and group_path):
        return qs
    if not group_path:
        return qs.none()
    return qs.filter(Q(**{group_path: group}))


def visible(user: AnyUser | None, qs: _Q) -> _Q:
    """``qs`` narrowed to the objects ``user`` may view."""
    return _filter(user, qs, VIEW)


def changeable(user: AnyUser | None, qs: _Q) -> _Q:
    """``qs`` narrowed to the objects ``user`` may change."""
    return _filter(user, qs, CHANGE)


# --- who the user is to the policy ----------------------------------------------------------

def role_of(user: AnyUser | None) -> Role | None:
    """The role the policy treats ``user`` as (superusers are administrators); None for an
    anonymous or inactive user."""
    if not active(user):
        return None
    return Role.ADMINISTRATOR if user.is_administrator else Role(user.role)


def country_bound(user: AnyUser | None) -> TypeGuard[User]:
    """Whether what ``user`` may change is bounded by the countries assigned to them, directly
    or through a region (field staff)."""
    return role_of(user) == Role.FIELD_STAFF


def own_group(user: User) -> str | None:
    """The constituent group ``user``'s changes are limited to (specialists), else None."""
    return None if user.is_administrator else user.constituent_group


def within_country_scope(user: AnyUser | None, qs: _Q, path: str = "country") -> _Q:
    """``qs`` narrowed to the user's assigned countries (``path`` leads to the country) when
    their work is bound to them (:func:`country_bound`); unchanged for everyone else."""
    if country_bound(user):
        return qs.filter(**{f"{path}__in": user.scope_country_ids})
    return qs


def countries_for_create(user: AnyUser | None, model: type[Model], countries: _Q) -> _Q:
    """``countries`` narrowed to those in which ``user`` may create a ``model`` object."""
    if not may_change_any(user, model):
        return countries.none()
    return within_country_scope(user, countries, "pk")


def require_change(user: AnyUser | None, obj: Model, message: Any = None) -> None:
    """The service check for a plain change: ``PermissionDenied(message)`` unless ``user``
    may change ``obj``; ``user=None`` is the system."""
    if user is not None and not can_change(user, obj):
        raise PermissionDenied(message or _("You may not change this."))

