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

**Capabilities.** Every other "who may" question (decide on a progress update, import a
workbook, use reports, move a DWCP or a capacity need along its lifecycle, close a biennium,
…) is a named :class:`Capability` below: per role, the objects it applies to (a
:class:`Rule`, with an object form and the same as a queryset filter). Ask
``CAP.allows(user, obj)`` for one object (``obj=None``: "for some object", e.g. to show a
menu entry or a page), ``CAP.filter(user, qs)`` for a list, or by name
``allows(user, "reports.use")`` / ``filter_allowed(user, name, qs)``; templates may ask
``{% if perms.reports.use %}`` (each capability is also a ``rules`` permission).
``tests/core/test_policy_matrix.py`` walks role × capability × scope and checks that both
forms agree.

**Convention for services.** A service performing a gated action takes ``user`` and calls
``CAP.require(user, obj, message)`` (or :func:`require_change`), which raises
``django.core.exceptions.PermissionDenied`` with the message; views turn it into the 403
page, DRF into a 403 response. One exception: a workflow step of an object the user can see
but that is someone else's to make (a DWCP or capacity need transition) is refused with an
``ApplicationError`` saying who may, shown next to the field. ``user=None`` means the system
(worker tasks, management commands, data loads acting for nobody): ``require`` lets it
through; only code acting as the system passes it, requests always pass ``request.user``
(services whose every caller is a user, e.g. the DWCP writes, refuse ``None``). Pages load
their object with :func:`core.access.load` (404 / 403).

No code outside this module compares roles: it asks a capability, :func:`role_of`,
:func:`country_bound` or :func:`own_group`.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeGuard, TypeVar, cast

import rules
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .roles import SPECIALIST_GROUP, Role

if TYPE_CHECKING:
    from .models import User
    from .types import AnyUser

_Q = TypeVar("_Q", bound=QuerySet[Any, Any])

VIEW = "view"
CHANGE = "change"
ACTIONS = (VIEW, CHANGE)


@dataclass(frozen=True)
class Scope:
    """Where an object sits: its country (id) and constituent group, either may be None."""

    country_id: int | None = None
    group: str | None = None


def _follow(obj: Model, path: str) -> Any:
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


def scope_of(obj: Model) -> Scope:
    model = type(obj)
    country_path = getattr(model, "scope_country_path", None)
    group_path = getattr(model, "scope_group_path", None)
    return Scope(
        country_id=_follow(obj, country_path) if country_path else None,
        group=_follow(obj, group_path) if group_path else None,
    )


def _active(user: AnyUser | None) -> TypeGuard[User]:
    return bool(user and user.is_authenticated and user.is_active)


def allowed(user: AnyUser | None, action: str, model: type[Model], scope: Scope) -> bool:
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
    if not _active(user):
        return False
    if user.is_administrator:
        return True
    if not is_scoped(model) or user.role == Role.MANAGER:
        return False
    if user.role == Role.FIELD_STAFF:
        return bool(user.scope_country_ids)
    return user.constituent_group is not None and bool(getattr(model, "scope_group_path", None))


def _filter(user: AnyUser | None, qs: _Q, action: str) -> _Q:
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
    if not _active(user):
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


# --- capabilities -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Rule:
    """The objects a role may act on: ``test`` answers for one object, ``narrow`` filters a
    queryset the same way (the matrix test checks that they agree)."""

    test: Callable[[Any, Model], bool]
    narrow: Callable[[Any, QuerySet[Any]], QuerySet[Any]]

    def __and__(self, other: Rule) -> Rule:
        return Rule(lambda user, obj: self.test(user, obj) and other.test(user, obj),
                    lambda user, qs: other.narrow(user, self.narrow(user, qs)))


ANYWHERE = Rule(lambda user, obj: True, lambda user, qs: qs)
VIEWABLE = Rule(can_view, visible)
CHANGEABLE = Rule(can_change, changeable)


def in_assigned_countries(path: str) -> Rule:
    """Objects whose country (at ``path``) is assigned to the user."""
    return Rule(lambda user, obj: _follow(obj, path) in user.scope_country_ids,
                lambda user, qs: qs.filter(**{f"{path}__in": user.scope_country_ids}))


def of_own_group(path: str) -> Rule:
    """Objects whose constituent group (at ``path``) is the specialist's group."""
    return Rule(lambda user, obj: _follow(obj, path) == user.constituent_group,
                lambda user, qs: qs.filter(**{path: user.constituent_group}))


_BUREAU_GROUPS = tuple(SPECIALIST_GROUP.values())


def of_group_without_bureau(path: str) -> Rule:
    """Objects whose constituent group (at ``path``) has no specialists' bureau (government,
    other institutions)."""
    return Rule(lambda user, obj: _follow(obj, path) not in _BUREAU_GROUPS,
                lambda user, qs: qs.exclude(**{f"{path}__in": _BUREAU_GROUPS}))


@dataclass(frozen=True)
class Capability:
    """Something a user may do, by role: ``rules`` maps each role holding it to the objects it
    applies to; roles absent never may. ``not_own`` names the path to the user who made the
    object, who never may (no one approves their own submission). ``who`` says, for
    messages, who holds it."""

    name: str
    rules: Mapping[str, Rule]
    who: Any = ""
    not_own: str | None = None

    def allows(self, user: AnyUser | None, obj: Model | None = None) -> bool:
        """May ``user`` do this to ``obj`` (``None``: to some object, for menus and pages)?"""
        rule = self.rules.get(cast(str, role_of(user)))
        if rule is None:
            return False
        if obj is None:
            return True
        if self.not_own and _follow(obj, self.not_own) == cast("User", user).pk:
            return False
        return rule.test(user, obj)

    def filter(self, user: AnyUser | None, qs: QuerySet[Any]) -> QuerySet[Any]:
        """``qs`` narrowed to the objects ``user`` may do this to."""
        rule = self.rules.get(cast(str, role_of(user)))
        if rule is None:
            return qs.none()
        if self.not_own:
            qs = qs.exclude(**{self.not_own: cast("User", user).pk})
        return rule.narrow(user, qs)

    def require(self, user: AnyUser | None, obj: Model | None = None,
                message: Any = None) -> None:
        """Raise ``PermissionDenied(message)`` unless ``user`` may; ``user=None`` is the
        system (see the module docstring) and may."""
        if user is not None and not self.allows(user, obj):
            raise PermissionDenied(message or _("You may not do this."))

    def holders(self, users: _Q) -> _Q:
        """The active users (of ``users``) whose role holds this capability."""
        q = Q(role__in=list(self.rules))
        if Role.ADMINISTRATOR in self.rules:
            q |= Q(is_superuser=True)
        return users.filter(q, is_active=True)


CAPABILITIES: dict[str, Capability] = {}


def capability(name: str, rules: Mapping[str, Rule], **options: Any) -> Capability:
    cap = Capability(name, dict(rules), **options)
    CAPABILITIES[name] = cap
    return cap


def _get(cap: str | Capability) -> Capability:
    return cap if isinstance(cap, Capability) else CAPABILITIES[cap]


def allows(user: AnyUser | None, cap: str | Capability, obj: Model | None = None) -> bool:
    """May ``user`` do ``cap`` (a capability or its name) to ``obj``?"""
    return _get(cap).allows(user, obj)


def filter_allowed(user: AnyUser | None, cap: str | Capability,
                   qs: QuerySet[Any]) -> QuerySet[Any]:
    """``qs`` narrowed to the objects ``user`` may do ``cap`` to."""
    return _get(cap).filter(user, qs)


def require_change(user: AnyUser | None, obj: Model, message: Any = None) -> None:
    """The service check for a plain change: ``PermissionDenied(message)`` unless ``user``
    may change ``obj``; ``user=None`` is the system."""
    if user is not None and not can_change(user, obj):
        raise PermissionDenied(message or _("You may not change this."))


ADMIN, MANAGER, FIELD = Role.ADMINISTRATOR, Role.MANAGER, Role.FIELD_STAFF
ACTEMP, ACTRAV = Role.ACTEMP, Role.ACTRAV

# Results: progress updates, the workbook, biennia.
EDIT_PROGRESS_UPDATE = capability(  # enter, edit and submit for approval
    "progress_update.edit", dict.fromkeys(Role, CHANGEABLE))
DECIDE_PROGRESS_UPDATE = capability(  # approve or return; never one's own submission
    "progress_update.decide", {ADMIN: ANYWHERE, MANAGER: ANYWHERE, FIELD: CHANGEABLE},
    not_own="submitted_by")
IMPORT_WORKBOOK = capability("workbook.import", {ADMIN: ANYWHERE, FIELD: CHANGEABLE})
DOWNLOAD_WORKBOOK_TEMPLATE = capability(
    "workbook.download_template", {ADMIN: ANYWHERE, MANAGER: VIEWABLE, FIELD: VIEWABLE})
NAME_APPROVER = capability(  # record an approval in someone else's name when importing
    "workbook.name_approver", {ADMIN: ANYWHERE})
CLOSE_BIENNIUM = capability(  # close and reopen
    "biennium.close", {ADMIN: ANYWHERE, MANAGER: ANYWHERE})

# The DWCP lifecycle (programmes.services.dwcp.TRANSITIONS says which step needs which).
PREPARE_DWCP = capability(  # send to quality appraisal
    "dwcp.prepare", {ADMIN: ANYWHERE, FIELD: CHANGEABLE},
    who=_("field staff of the country or administrators"))
ENDORSE_DWCP = capability(  # record the signature, return to preparation, record evaluation
    "dwcp.endorse", {ADMIN: ANYWHERE, MANAGER: VIEWABLE},
    who=_("managers or administrators"))
REVIEW_DWCP = capability(  # start and conclude a review, mark completed
    "dwcp.review", {ADMIN: ANYWHERE, MANAGER: VIEWABLE, FIELD: CHANGEABLE},
    who=_("field staff of the country or managers or administrators"))
BROWSE_PROGRAMME_CONTEXT = capability(  # UN frameworks and projects in the main menu
    "programme_context.browse", {ADMIN: VIEWABLE, MANAGER: VIEWABLE, FIELD: VIEWABLE})

# Capacity: the bureau owning a constituent group reviews its needs [seeds/002 ¶16].
_NEED_OWNERS: dict[str, Rule] = {ADMIN: ANYWHERE, ACTEMP: of_own_group("constituent__group"),
                ACTRAV: of_own_group("constituent__group")}
REVIEW_NEED = capability(  # review, decline, reopen
    "capacity_need.review",
    {**_NEED_OWNERS, FIELD: in_assigned_countries("constituent__country")
     & of_group_without_bureau("constituent__group")})
PLAN_NEED = capability(  # plan, mark addressed, take out of the plan
    "capacity_need.plan",
    {**_NEED_OWNERS, FIELD: in_assigned_countries("constituent__country")})
SEE_REPEAT_TRAINEES = capability(
    "participant.see_repeat_trainees", {ADMIN: ANYWHERE, MANAGER: VIEWABLE, FIELD: VIEWABLE})

# Reporting.
USE_REPORTS = capability("reports.use", {ADMIN: ANYWHERE, MANAGER: ANYWHERE})


# --- Django permission integration (admin, DRF, templates' {% if perms %}) -----------------

def _perm_predicate(model: type[Model], action: str) -> Any:
    @rules.predicate(name=f"{model._meta.label_lower}.{action}")  # type: ignore[untyped-decorator]
    def predicate(user: AnyUser | None, obj: Model | None = None) -> bool:
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


def register_capability_permissions() -> None:
    """Each capability is also a ``rules`` permission named after it (``reports.use``), for
    ``user.has_perm`` and templates' ``{% if perms.reports.use %}``."""
    for cap in CAPABILITIES.values():
        rules.set_perm(cap.name, _capability_predicate(cap))


def _capability_predicate(cap: Capability) -> Any:
    @rules.predicate(name=cap.name)  # type: ignore[untyped-decorator]
    def predicate(user: AnyUser | None, obj: Model | None = None) -> bool:
        return cap.allows(user, obj)

    return predicate
