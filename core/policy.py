"""The access policy: the one place that answers "may this user view / change this object?".

Views, the API and the admin all ask here (directly, or through ``user.has_perm`` which the
``rules`` backend routes to the same predicates), and list selectors filter with
:func:`visible`. The rules, by role:

* **administrator**: everything.
* **manager**: views everything; changes no programme data (managers act through dedicated
  services such as closing a biennium, which check their own permission).
* **field staff**: view and change objects of the countries they are assigned, directly or
  through a region; nothing outside them.
* **ACT/EMP / ACTRAV specialists**: across all countries, view programme data and change the
  objects of their constituent group (employers' / workers' organizations); objects marked
  ``scope_group_limits_view`` (e.g. capacity assessments) are visible only for their group.
* Reference data (objects with no country or group scope) is readable by every signed-in user
  and changed by administrators only.

A model takes part by subclassing :class:`core.models.AuditedModel` and naming the path to its
country (``scope_country_path``) and/or constituent group (``scope_group_path``).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import rules
from django.apps import apps
from django.db.models import Model, Q, QuerySet

from .roles import Role

VIEW = "view"
CHANGE = "change"
ACTIONS = (VIEW, CHANGE)


@dataclass(frozen=True)
class Scope:
    """Where an object sits: its country (id) and constituent group, either may be None."""

    country_id: int | None = None
    group: str | None = None


def _follow(obj: Model, path: str):
    parts = path.split("__")
    current = obj
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


def scope_of(obj: Model) -> Scope:
    model = type(obj)
    country_path = getattr(model, "scope_country_path", None)
    group_path = getattr(model, "scope_group_path", None)
    return Scope(
        country_id=_follow(obj, country_path) if country_path else None,
        group=_follow(obj, group_path) if group_path else None,
    )


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def allowed(user, action: str, model: type[Model], scope: Scope) -> bool:
    """The rule table, for an object of ``model`` at ``scope``."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not _active(user):
        return False
    if user.is_administrator:
        return True
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


def can(user, action: str, obj: Model) -> bool:
    """May ``user`` perform ``action`` (view/change) on ``obj``?"""
    return allowed(user, action, type(obj), scope_of(obj))


def can_view(user, obj: Model) -> bool:
    return can(user, VIEW, obj)


def can_change(user, obj: Model) -> bool:
    return can(user, CHANGE, obj)


def can_create(user, model: type[Model], *, country_id: int | None = None,
               group: str | None = None) -> bool:
    """May ``user`` create a ``model`` object in this country / for this group?"""
    return allowed(user, CHANGE, model, Scope(country_id=country_id, group=group))


def may_change_any(user, model: type[Model]) -> bool:
    """Whether the user could change some object of ``model`` (shows "Add"/"Edit" links)."""
    if not _active(user):
        return False
    if user.is_administrator:
        return True
    if not is_scoped(model) or user.role == Role.MANAGER:
        return False
    if user.role == Role.FIELD_STAFF:
        return bool(user.scope_country_ids)
    return user.constituent_group is not None and bool(getattr(model, "scope_group_path", None))


def _filter(user, qs: QuerySet, action: str) -> QuerySet:
    model = qs.model
    if not _active(user):
        return qs.none()
    if user.is_administrator:
        return qs
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


def visible(user, qs: QuerySet) -> QuerySet:
    """``qs`` narrowed to the objects ``user`` may view."""
    return _filter(user, qs, VIEW)


def changeable(user, qs: QuerySet) -> QuerySet:
    """``qs`` narrowed to the objects ``user`` may change."""
    return _filter(user, qs, CHANGE)


# --- Django permission integration (admin, DRF, templates' {% if perms %}) -----------------

def _perm_predicate(model: type[Model], action: str):
    @rules.predicate(name=f"{model._meta.label_lower}.{action}")
    def predicate(user, obj=None) -> bool:
        if obj is None:
            return (_active(user) if action == VIEW else may_change_any(user, model))
        return can(user, action, obj)

    return predicate


def policy_models() -> Iterable[type[Model]]:
    from .models import AuditedModel

    for model in apps.get_models():
        if issubclass(model, AuditedModel):
            yield model


def register_model_permissions() -> None:
    """Route ``app.view_x`` / ``add_x`` / ``change_x`` / ``delete_x`` to the policy."""
    for model in policy_models():
        label = model._meta.app_label
        name = model._meta.model_name
        view = _perm_predicate(model, VIEW)
        change = _perm_predicate(model, CHANGE)
        for codename, predicate in (("view", view), ("add", change), ("change", change),
                                    ("delete", change)):
            perm = f"{label}.{codename}_{name}"
            rules.set_perm(perm, predicate)
