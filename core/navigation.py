"""Main navigation, by role. Entries whose URL is not (yet) installed are skipped."""
from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .roles import Role

ALL = frozenset(Role.values)
STAFF_AND_MANAGERS = frozenset({Role.FIELD_STAFF, Role.MANAGER, Role.ADMINISTRATOR})
SPECIALISTS = frozenset({Role.ACTEMP, Role.ACTRAV, Role.ADMINISTRATOR})


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    roles: frozenset


ENTRIES = [
    NavEntry(_("Home"), "home", ALL),
    NavEntry(_("Countries"), "constituents:country-list", ALL),
    NavEntry(_("Constituents"), "constituents:constituent-list", ALL),
    NavEntry(_("DWCPs"), "programmes:dwcp-list", ALL),
    NavEntry(_("UN frameworks"), "programmes:unframework-list", STAFF_AND_MANAGERS),
    NavEntry(_("Projects"), "programmes:project-list", STAFF_AND_MANAGERS),
    NavEntry(_("Results"), "programmes:results-overview", ALL),
    NavEntry(_("Approvals"), "programmes:approval-queue", STAFF_AND_MANAGERS),
    NavEntry(_("Needs review"), "capacity:needs-queue", SPECIALISTS | {Role.FIELD_STAFF}),
    NavEntry(_("Capacity"), "capacity:home", ALL),
    NavEntry(_("Reports"), "reporting:home", frozenset({Role.MANAGER, Role.ADMINISTRATOR})),
]


def navigation_for(user, current_path: str) -> list[dict]:
    if not getattr(user, "is_authenticated", False):
        return []
    role = Role.ADMINISTRATOR if user.is_administrator else user.role
    items = []
    for entry in ENTRIES:
        if role not in entry.roles:
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": entry.label, "url": url, "active": False})
    # The entry whose URL is the longest prefix of the current path is the active one, so
    # /constituents/countries/ marks "Countries" and not also "Constituents".
    matches = [item for item in items
               if (current_path == "/" if item["url"] == "/"
                   else current_path.startswith(item["url"]))]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    return items
