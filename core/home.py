"""What the home page shows each role."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.apps import apps

from . import policy
from .roles import Role

if TYPE_CHECKING:
    from .models import User
    from .types import AnyUser


def _count(user: AnyUser, label: str) -> int | None:
    try:
        model = apps.get_model(label)
    except LookupError:
        return None
    count: int = policy.visible(user, model._default_manager.all()).count()
    return count


def home_context(user: User) -> dict[str, Any]:
    role = policy.role_of(user)
    scope_countries = []
    if policy.country_bound(user):
        from constituents.models import Country

        scope_countries = list(Country.objects.filter(id__in=user.scope_country_ids)
                               .select_related("region").order_by("name"))
    figures = []
    for label, caption in (("constituents.Country", "Countries"),
                           ("constituents.Constituent", "Constituents"),
                           ("programmes.Dwcp", "DWCPs"),
                           ("programmes.CountryProgrammeOutcome", "Country programme outcomes"),
                           ("capacity.CapacityNeed", "Capacity needs")):
        count = _count(user, label)
        if count is not None:
            figures.append({"caption": caption, "count": count})
    return {
        "role": role,
        "role_label": cast(Role, role).label,  # the home page is for signed-in users
        "scope_countries": scope_countries,
        "constituent_group": user.constituent_group,
        "figures": figures,
    }
