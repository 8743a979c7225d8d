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
* **partnerships officers** (PARDEV): view everything; change the development cooperation
  portfolio (models marked ``portfolio_data``: donors, funding agreements, rates of exchange,
  projects of every country, region or none, their funding and links) everywhere.
* Reference data (objects with no country or group scope) is readable by every signed-in user
  and changed by administrators only.

A model takes part by subclassing :class:`core.models.AuditedModel` and naming the path to its
country (``scope_country_path``) and/or constituent group (``scope_group_path``).

**Capabilities.** Every other "who may" question (decide on a progress update, import a
workbook, use reports, move a DWCP or a capacity need along its lifecycle, close a biennium,
…) is a named :class:`Capability` (``capabilities.py``): per role, the objects it applies to (a
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

No code outside this package compares roles: it asks a capability, :func:`role_of`,
:func:`country_bound` or :func:`own_group`.

**Layout.** ``scope.py``: where an object sits and the view / change rule table (:func:`can`,
:func:`visible`, :func:`role_of`…); ``capabilities.py``: :class:`Rule`, :class:`Capability` and
the named capabilities, by app; ``registration.py``: the ``rules`` permissions, registered once
from ``core.apps``. Import from ``core.policy``, which exports every public name.
"""
from __future__ import annotations

from .capabilities import (
    ACTEMP,
    ACTRAV,
    ADMIN,
    ANYWHERE,
    APPRAISE,
    APPROVE_EVALUATION,
    BROWSE_PROGRAMME_CONTEXT,
    CAPABILITIES,
    CHANGEABLE,
    CLOSE_BIENNIUM,
    DECIDE_PROGRESS_UPDATE,
    DOWNLOAD_WORKBOOK_TEMPLATE,
    EDIT_PROGRESS_UPDATE,
    ENDORSE_DWCP,
    FIELD,
    IMPORT_WORKBOOK,
    MANAGE_EVALUATION,
    MANAGER,
    MONITOR_EVALUATIONS,
    NAME_APPROVER,
    PLAN_NEED,
    PREPARE_DWCP,
    READ_EVALUATION,
    RESPOND_TO_RECOMMENDATION,
    REVIEW_DWCP,
    REVIEW_NEED,
    SEE_REPEAT_TRAINEES,
    UPDATE_FOLLOW_UP_ACTION,
    USE_REPORTS,
    VIEW_PORTFOLIO_FIGURES,
    VIEWABLE,
    Capability,
    Rule,
    allows,
    capability,
    filter_allowed,
    in_assigned_countries,
    of_group_without_bureau,
    of_own_group,
)
from .registration import (
    policy_models,
    register_capability_permissions,
    register_model_permissions,
)
from .scope import (
    ACTIONS,
    CHANGE,
    VIEW,
    Scope,
    allowed,
    can,
    can_change,
    can_create,
    can_view,
    changeable,
    countries_for_create,
    country_bound,
    is_portfolio,
    is_scoped,
    may_change_any,
    own_group,
    require_change,
    role_of,
    scope_of,
    visible,
    within_country_scope,
)

__all__ = [
    "VIEW",
    "CHANGE",
    "ACTIONS",
    "Scope",
    "is_portfolio",
    "is_scoped",
    "scope_of",
    "allowed",
    "can",
    "can_view",
    "can_change",
    "can_create",
    "may_change_any",
    "visible",
    "changeable",
    "role_of",
    "country_bound",
    "own_group",
    "within_country_scope",
    "countries_for_create",
    "require_change",
    "Rule",
    "ANYWHERE",
    "VIEW_PORTFOLIO_FIGURES",
    "VIEWABLE",
    "CHANGEABLE",
    "in_assigned_countries",
    "of_own_group",
    "of_group_without_bureau",
    "Capability",
    "CAPABILITIES",
    "capability",
    "allows",
    "filter_allowed",
    "ADMIN",
    "MANAGER",
    "FIELD",
    "ACTEMP",
    "ACTRAV",
    "EDIT_PROGRESS_UPDATE",
    "DECIDE_PROGRESS_UPDATE",
    "IMPORT_WORKBOOK",
    "DOWNLOAD_WORKBOOK_TEMPLATE",
    "NAME_APPROVER",
    "CLOSE_BIENNIUM",
    "PREPARE_DWCP",
    "ENDORSE_DWCP",
    "REVIEW_DWCP",
    "BROWSE_PROGRAMME_CONTEXT",
    "REVIEW_NEED",
    "PLAN_NEED",
    "SEE_REPEAT_TRAINEES",
    "USE_REPORTS",
    "READ_EVALUATION",
    "MANAGE_EVALUATION",
    "APPROVE_EVALUATION",
    "RESPOND_TO_RECOMMENDATION",
    "UPDATE_FOLLOW_UP_ACTION",
    "MONITOR_EVALUATIONS",
    "APPRAISE",
    "policy_models",
    "register_model_permissions",
    "register_capability_permissions",
]
