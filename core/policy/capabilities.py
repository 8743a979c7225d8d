"""Capabilities: every "who may" question beyond view / change, by role, with an object form
and a queryset form (see :mod:`core.policy`). The machinery first, then the named capabilities
by app; a new app adds its section at the end (and re-exports its names in
``core/policy/__init__.py``)."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from ..roles import SPECIALIST_GROUP, Role
from .scope import can_change, can_view, changeable, follow, role_of, visible

if TYPE_CHECKING:
    from ..models import User
    from ..types import AnyUser

_Q = TypeVar("_Q", bound=QuerySet[Any, Any])


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
    return Rule(lambda user, obj: follow(obj, path) in user.scope_country_ids,
                lambda user, qs: qs.filter(**{f"{path}__in": user.scope_country_ids}))


def of_own_group(path: str) -> Rule:
    """Objects whose constituent group (at ``path``) is the specialist's group."""
    return Rule(lambda user, obj: follow(obj, path) == user.constituent_group,
                lambda user, qs: qs.filter(**{path: user.constituent_group}))


_BUREAU_GROUPS = tuple(SPECIALIST_GROUP.values())


def of_group_without_bureau(path: str) -> Rule:
    """Objects whose constituent group (at ``path``) has no specialists' bureau (government,
    other institutions)."""
    return Rule(lambda user, obj: follow(obj, path) not in _BUREAU_GROUPS,
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
    # Why one's own object is refused (e.g. "You submitted this update: ...").
    own_refusal: Any = None

    def allows(self, user: AnyUser | None, obj: Model | None = None) -> bool:
        """May ``user`` do this to ``obj`` (``None``: to some object, for menus and pages)?"""
        rule = self.rules.get(cast(str, role_of(user)))
        if rule is None:
            return False
        if obj is None:
            return True
        if self.not_own and follow(obj, self.not_own) == cast("User", user).pk:
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
        system (see :mod:`core.policy`) and may."""
        if user is not None and not self.allows(user, obj):
            raise PermissionDenied(message or _("You may not do this."))

    def refusal(self, user: AnyUser | None, obj: Model | None = None) -> Any:
        """Why ``user`` may not do this to ``obj``: their own object, or not theirs to do
        (for the 403 page and API errors)."""
        if self.not_own and obj is not None and user is not None \
                and follow(obj, self.not_own) == cast("User", user).pk:
            return self.own_refusal or _("You made this yourself: someone else must do it.")
        return _("You may not do this.")

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


# --- the named capabilities, by app -----------------------------------------------------------

ADMIN, MANAGER, FIELD = Role.ADMINISTRATOR, Role.MANAGER, Role.FIELD_STAFF
PARTNERSHIPS = Role.PARTNERSHIPS
ACTEMP, ACTRAV = Role.ACTEMP, Role.ACTRAV

# Results: progress updates, the workbook, biennia.
EDIT_PROGRESS_UPDATE = capability(  # enter, edit and submit for approval
    "progress_update.edit", dict.fromkeys(Role, CHANGEABLE))
DECIDE_PROGRESS_UPDATE = capability(  # approve or return; never one's own submission
    "progress_update.decide", {ADMIN: ANYWHERE, MANAGER: ANYWHERE, FIELD: CHANGEABLE},
    not_own="submitted_by",
    own_refusal=_("You submitted this update: someone else must approve or return it."))
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
    "programme_context.browse",
    {ADMIN: VIEWABLE, MANAGER: VIEWABLE, FIELD: VIEWABLE, PARTNERSHIPS: VIEWABLE})

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
USE_REPORTS = capability("reports.use",
                         {ADMIN: ANYWHERE, MANAGER: ANYWHERE, PARTNERSHIPS: ANYWHERE})


# --- new apps' capabilities -------------------------------------------------------------------
# Add each app's section below (a comment naming the app, then its capabilities), and export
# the new names from core/policy/__init__.py; tests/core/test_policy_matrix.py walks them.

# Evaluation (issue 12; evaluation/). Field staff manage the evaluations their countries'
# offices manage (the view / change rule table, scope ``country``), managers those managed
# at headquarters (no country); managers read all and approve and publish; a
# recommendation's addressee records the management response and the follow-up actions (an
# action's owner updates it too); specialists read the evaluations touching their
# constituent group. Evaluation models name the path to their evaluation
# (``evaluation_path``, "" for the evaluation itself) and, for the follow-up, to their
# recommendation (``recommendation_path``).

def _path(model: type[Model], attribute: str, to: str) -> str:
    """``to`` (a field path) from the evaluation or recommendation of ``model``'s objects."""
    prefix = getattr(model, attribute)
    return f"{prefix}__{to}" if prefix else to


def _evaluation_path(model: type[Model], to: str) -> str:
    return _path(model, "evaluation_path", to)


def _recommendation_path(model: type[Model], to: str) -> str:
    return _path(model, "recommendation_path", to)


def _touches(groups: Any, group: str | None) -> bool:
    return group is not None and (not groups or group in groups)


# Evaluations whose constituent groups include the specialist's (an evaluation naming none
# concerns all three).
TOUCHING_OWN_GROUP = Rule(
    lambda user, obj: _touches(follow(obj, _evaluation_path(type(obj), "constituent_groups")),
                               user.constituent_group),
    lambda user, qs: qs.filter(
        Q(**{_evaluation_path(qs.model, "constituent_groups"): []})
        | Q(**{_evaluation_path(qs.model, "constituent_groups__icontains"):
               f'"{user.constituent_group}"'})))


def _addressed_to(units: tuple[str, ...]) -> Rule:
    """Recommendations (and their response and actions) addressed to one of ``units``."""
    return Rule(
        lambda user, obj: follow(obj, _recommendation_path(type(obj), "addressee_unit"))
        in units,
        lambda user, qs: qs.filter(
            **{_recommendation_path(qs.model, "addressee_unit__in"): units}))


def _in_evaluation_countries() -> Rule:
    """Objects of an evaluation managed in one of the user's countries."""
    return Rule(
        lambda user, obj: follow(obj, _evaluation_path(type(obj), "country"))
        in user.scope_country_ids,
        lambda user, qs: qs.filter(
            **{_evaluation_path(qs.model, "country__in"): user.scope_country_ids}))


OWNS_ACTION = Rule(lambda user, obj: getattr(obj, "owner_id", None) == user.pk,
                   lambda user, qs: qs.filter(owner=user))


def either(first: Rule, second: Rule) -> Rule:
    """Objects either rule applies to."""
    return Rule(lambda user, obj: first.test(user, obj) or second.test(user, obj),
                lambda user, qs: first.narrow(user, qs) | second.narrow(user, qs))


# Field units answer for the evaluations of their countries, each bureau for its own, and
# headquarters managers for headquarters units (evaluation.models.choices).
_FIELD_UNITS = ("country_office", "regional_office", "project_team")
_HEADQUARTERS_UNITS = ("headquarters", "pardev", "management")
_ADDRESSEES: dict[str, Rule] = {
    ADMIN: ANYWHERE,
    FIELD: _addressed_to(_FIELD_UNITS) & _in_evaluation_countries(),
    ACTEMP: _addressed_to(("actemp",)),
    ACTRAV: _addressed_to(("actrav",)),
    MANAGER: _addressed_to(_HEADQUARTERS_UNITS),
}

READ_EVALUATION = capability(  # see an evaluation and what it found (pages, lists, search)
    "evaluation.read",
    {ADMIN: ANYWHERE, MANAGER: ANYWHERE, PARTNERSHIPS: ANYWHERE, FIELD: VIEWABLE,
     ACTEMP: TOUCHING_OWN_GROUP, ACTRAV: TOUCHING_OWN_GROUP})
# Evaluations no country office manages (regional, global, thematic, high-level) are
# managed at headquarters.
MANAGED_AT_HEADQUARTERS = Rule(
    lambda user, obj: follow(obj, _evaluation_path(type(obj), "country")) is None,
    lambda user, qs: qs.filter(**{_evaluation_path(qs.model, "country__isnull"): True}))
MANAGE_EVALUATION = capability(  # record, edit, start, submit the report, cancel; findings
    "evaluation.manage",
    {ADMIN: ANYWHERE, FIELD: CHANGEABLE, MANAGER: MANAGED_AT_HEADQUARTERS},
    who=_("field staff of the managing country, managers (for evaluations managed at "
          "headquarters) or administrators"))
APPROVE_EVALUATION = capability(  # approve, return or publish the report
    "evaluation.approve", {ADMIN: ANYWHERE, MANAGER: ANYWHERE},
    who=_("managers or administrators"))
RESPOND_TO_RECOMMENDATION = capability(  # the management response and the actions
    "recommendation.respond", _ADDRESSEES, who=_("the recommendation's addressee"))
UPDATE_FOLLOW_UP_ACTION = capability(  # an action's progress: its addressee or its owner
    "follow_up_action.update",
    {role: either(_ADDRESSEES[role], OWNS_ACTION) if role in _ADDRESSEES else OWNS_ACTION
     for role in Role},
    who=_("the recommendation's addressee or the action's owner"))
MONITOR_EVALUATIONS = capability(  # the coverage table, the follow-up board, the figures
    "evaluation.monitor", {ADMIN: ANYWHERE, MANAGER: ANYWHERE})

# Quality appraisal (issue 14; programmes.services.appraisal). Appraisals are made outside
# the country that prepares the subject: administrators, managers (the regional programming
# units) and partnerships officers (PARDEV) appraise DWCP drafts and proposals anywhere;
# field staff prepare them and never appraise. Whoever may view the subject views its
# appraisals (the view rule table, scope ``country``).
APPRAISE = capability(  # start, rate, complete and reopen an appraisal
    "appraisal.perform",
    {ADMIN: ANYWHERE, MANAGER: ANYWHERE, PARTNERSHIPS: ANYWHERE},
    who=_("managers, partnerships officers or administrators"))

# Development cooperation in figures (issue 14): the Office-wide statistical tables, read by
# those who follow the portfolio (field staff, managers, partnerships officers).
VIEW_PORTFOLIO_FIGURES = capability(
    "portfolio_figures.view",
    {ADMIN: ANYWHERE, MANAGER: ANYWHERE, PARTNERSHIPS: ANYWHERE, FIELD: ANYWHERE})
