"""What the home page shows each role."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import policy
from .roles import ConstituentGroup, Role

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from .models import User
    from .types import AnyUser


# What each role does here (the home page's list), by role. Our own sentences, shown as
# {% trans %} would show them (not escaped).
TASKS: dict[str, tuple[StrOrPromise, ...]] = {
    Role.FIELD_STAFF: (
        _("Keep your countries' constituents, DWCPs and results frameworks up to date."),
        _("Record progress against CPO indicators and submit it for approval."),
        _("Record capacity assessments, needs and interventions for constituents.")),
    Role.ACTEMP: (
        _("Review the capacity needs of your constituent group across countries."),
        _("Open a constituent's capacity profile to see change between assessment rounds.")),
    Role.MANAGER: (
        _("Read programme data and results for every country."),
        _("Generate biennial progress reports in Governing Body document style.")),
    Role.PARTNERSHIPS: (
        _("Record donors, funding agreements and the UN operational rates of exchange."),
        _("Keep the development cooperation portfolio and its pipeline up to date, and "
          "appraise proposals before they are approved.")),
    Role.ADMINISTRATOR: (
        _("Manage users, their roles and scopes, and reference data."),
        _("Everything field staff, specialists and managers can do.")),
}
TASKS[Role.ACTRAV] = TASKS[Role.ACTEMP]

# The organizations a specialist's constituent group covers.
GROUP_SCOPE: dict[str, StrOrPromise] = {
    ConstituentGroup.EMPLOYERS: _("employers' and business organizations, all countries"),
    ConstituentGroup.WORKERS: _("workers' organizations, all countries"),
}


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
    from evaluation import selectors as evaluations
    from programmes.selectors import results as programme_results
    from programmes.services.reminders import milestones_due, reporting_due

    role = cast(Role, role)  # the home page is for signed-in users
    group = user.constituent_group
    return {
        "role": role,
        "role_label": role.label,
        "country_bound": policy.country_bound(user),
        "scope_countries": scope_countries,
        "constituent_group": group,
        "group_scope": GROUP_SCOPE.get(group) if group else None,
        "tasks": TASKS[role],
        "figures": figures,
        # Returned to the user with a comment: to correct and submit again, first of all.
        "returned_updates": list(programme_results.returned_to(user=user)[:10]),
        # The reporting calendars of the user's programmes: late, then due soon.
        "reporting": sorted(reporting_due(today=timezone.localdate(), dwcps=policy.visible(
            user, apps.get_model("programmes.Dwcp").objects.all())), key=lambda d: (
            not d.late, d.due)) if policy.country_bound(user) else [],
        # The milestones of the biennium ending soon (not achieved) or just ended (nothing
        # reported): overdue first.
        "milestones": sorted(milestones_due(today=timezone.localdate(), dwcps=policy.visible(
            user, apps.get_model("programmes.Dwcp").objects.all())), key=lambda m: (
            not m.late, m.dwcp.country.name)) if policy.country_bound(user) else [],
        "to_approve": programme_results.approval_queue(user=user).count()
        if policy.DECIDE_PROGRESS_UPDATE.allows(user) else 0,
        # The daily loop: required evaluations of the user's countries that are due, overdue
        # or missing, and the user's own follow-up actions past their due date.
        "due_evaluations": list(evaluations.due_evaluations_for(user=user)[:10]),
        "overdue_actions": list(evaluations.overdue_actions_for(user=user)[:10]),
    }
