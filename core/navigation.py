"""Main navigation. An entry shows to every signed-in user, or only to those holding its
capability (:mod:`core.policy`); entries whose URL is not (yet) installed are skipped."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import policy

if TYPE_CHECKING:
    from .types import AnyUser


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    capability: policy.Capability | None = None  # None: every signed-in user

    def shown_to(self, user: AnyUser) -> bool:
        return self.capability is None or self.capability.allows(user)


ENTRIES = [
    NavEntry(_("Home"), "home"),
    NavEntry(_("Countries"), "constituents:country-list"),
    NavEntry(_("Constituents"), "constituents:constituent-list"),
    NavEntry(_("DWCPs"), "programmes:dwcp-list"),
    NavEntry(_("UN frameworks"), "programmes:unframework-list", policy.BROWSE_PROGRAMME_CONTEXT),
    NavEntry(_("Projects"), "programmes:project-list", policy.BROWSE_PROGRAMME_CONTEXT),
    # Development cooperation: donors, agreements, rates of exchange and the tables in
    # figures are tabs of the same pages.
    NavEntry(_("Development cooperation"), "programmes:donor-list",
             policy.BROWSE_PROGRAMME_CONTEXT),
    NavEntry(_("Results"), "programmes:results-overview"),
    NavEntry(_("Approvals"), "programmes:approval-queue", policy.DECIDE_PROGRESS_UPDATE),
    NavEntry(_("Quality appraisal"), "programmes:appraisal-list", policy.APPRAISE),
    NavEntry(_("Needs review"), "capacity:needs-queue", policy.REVIEW_NEED),
    NavEntry(_("Capacity"), "capacity:home"),
    NavEntry(_("Evaluations"), "evaluation:evaluation-list", policy.READ_EVALUATION),
    NavEntry(_("Reports"), "reporting:home", policy.USE_REPORTS),
]


def navigation_for(user: AnyUser, current_path: str) -> list[dict[str, Any]]:
    if not getattr(user, "is_authenticated", False):
        return []
    items: list[dict[str, Any]] = []
    for entry in ENTRIES:
        if not entry.shown_to(user):
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
