"""Django permission integration: ``app.view_x`` / ``add_x`` / ``change_x`` / ``delete_x`` and
each capability's name routed through ``rules`` to the policy, for the admin, DRF and templates'
``{% if perms %}``. Called once from ``core.apps.CoreConfig.ready``."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import rules
from django.apps import apps
from django.db.models import Model

from .capabilities import CAPABILITIES, Capability
from .scope import CHANGE, VIEW, active, can, may_change_any

if TYPE_CHECKING:
    from ..types import AnyUser


def _perm_predicate(model: type[Model], action: str) -> Any:
    @rules.predicate(name=f"{model._meta.label_lower}.{action}")  # type: ignore[untyped-decorator]
    def predicate(user: AnyUser | None, obj: Model | None = None) -> bool:
        if obj is None:
            return (active(user) if action == VIEW else may_change_any(user, model))
        return can(user, action, obj)

    return predicate


def policy_models() -> Iterable[type[Model]]:
    from ..models import AuditedModel

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
