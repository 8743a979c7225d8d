"""Reads of UN frameworks, their outcomes and alignments, and national development plans,
narrowed to what the user may view."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, QuerySet

from constituents.models import Country
from core import policy
from programmes.models import (
    CountryPriority,
    NationalDevelopmentPlan,
    NationalPriority,
    PriorityAlignment,
    UNFramework,
    UNFrameworkOutcome,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from django.db.models import Model

    from core.models import User


def unframework_list(*, user: User | None,
                     filters: Mapping[str, Any] | None = None) -> QuerySet[Any]:
    from programmes.filters.frameworks import UNFrameworkFilter

    qs = policy.visible(user, UNFramework.objects.select_related("country__region")
                        .annotate(outcome_count=Count("outcomes"))
                        # Meta.ordering does not apply to grouped queries: pages need an order.
                        .order_by("country__name", "-start_year", "pk"))
    filtered: QuerySet[Any] = UNFrameworkFilter(filters or {}, queryset=qs).qs
    return filtered


def unframework_detail(*, pk: int) -> UNFramework:
    """One UN framework with its outcomes and their alignments prefetched (raises
    ``UNFramework.DoesNotExist``)."""
    alignments = (PriorityAlignment.objects.select_related("priority__dwcp")
                  .order_by("priority__dwcp__start_year", "priority__order", "priority__code"))
    outcomes = UNFrameworkOutcome.objects.prefetch_related(
        Prefetch("alignments", queryset=alignments))
    return (UNFramework.objects.select_related("country__region")
            .prefetch_related(Prefetch("outcomes", queryset=outcomes)).get(pk=pk))


def countries_for_new(*, user: User | None, model: type[Model]) -> QuerySet[Country]:
    """Countries in which the user may create a ``model`` object (a UN framework or a
    national development plan): all for administrators, their own for field staff."""
    return policy.countries_for_create(
        user, model, Country.objects.select_related("region").order_by("name"))


def development_plans_for_framework(*, framework: UNFramework) -> list[NationalDevelopmentPlan]:
    """The country's national development plans whose period overlaps the framework's."""
    return list(NationalDevelopmentPlan.objects
                .filter(country_id=framework.country_id,
                        start_year__lte=framework.end_year,
                        end_year__gte=framework.start_year)
                .prefetch_related("priorities").order_by("-start_year"))


def unframeworks_for_plan(*, plan: NationalDevelopmentPlan) -> list[UNFramework]:
    """The country's UN frameworks whose period overlaps the plan's."""
    return list(UNFramework.objects.filter(country_id=plan.country_id,
                                           start_year__lte=plan.end_year,
                                           end_year__gte=plan.start_year)
                .order_by("-start_year"))


def alignable_priorities(*, framework: UNFramework) -> list[CountryPriority]:
    """DWCP priorities a UN framework's outcomes can be aligned with: those of DWCPs of the
    same country whose period overlaps the framework's."""
    return list(CountryPriority.objects.select_related("dwcp")
                .filter(dwcp__country_id=framework.country_id,
                        dwcp__start_year__lte=framework.end_year,
                        dwcp__end_year__gte=framework.start_year)
                .order_by("dwcp__start_year", "dwcp_id", "order", "code"))


def alignment_matrix(*, framework: UNFramework, priorities: list[CountryPriority]) -> list[Any]:
    """Rows ``(outcome, [alignment or None per priority])`` for the framework's outcomes."""
    rows = []
    for outcome in framework.outcomes.all():
        by_priority = {a.priority_id: a for a in outcome.alignments.all()}
        rows.append((outcome, [by_priority.get(p.pk) for p in priorities]))
    return rows


def un_outcome_list(*, user: User | None,
                    filters: Mapping[str, Any] | None = None) -> QuerySet[Any]:
    from programmes.filters.frameworks import UNOutcomeFilter

    qs = policy.visible(user, UNFrameworkOutcome.objects.select_related("framework__country"))
    filtered: QuerySet[Any] = UNOutcomeFilter(filters or {}, queryset=qs).qs
    return filtered


def priority_alignment_list(*, user: User | None,
                            filters: Mapping[str, Any] | None = None) -> QuerySet[Any]:
    from programmes.filters.frameworks import PriorityAlignmentFilter

    qs = policy.visible(user, PriorityAlignment.objects.select_related(
        "un_outcome__framework__country", "priority__dwcp"))
    filtered: QuerySet[Any] = PriorityAlignmentFilter(filters or {}, queryset=qs).qs
    return filtered


def development_plan_list(*, user: User | None,
                          filters: Mapping[str, Any] | None = None) -> QuerySet[Any]:
    from programmes.filters.frameworks import DevelopmentPlanFilter

    qs = policy.visible(user, NationalDevelopmentPlan.objects.select_related("country__region")
                        .annotate(priority_count=Count("priorities"))
                        .order_by("country__name", "-start_year", "pk"))
    filtered: QuerySet[Any] = DevelopmentPlanFilter(filters or {}, queryset=qs).qs
    return filtered


def development_plan_detail(*, pk: int) -> NationalDevelopmentPlan:
    return (NationalDevelopmentPlan.objects.select_related("country__region")
            .prefetch_related("priorities").get(pk=pk))


def national_priority_list(*, user: User | None,
                           filters: Mapping[str, Any] | None = None) -> QuerySet[Any]:
    from programmes.filters.frameworks import NationalPriorityFilter

    qs = policy.visible(user, NationalPriority.objects.select_related("plan__country"))
    filtered: QuerySet[Any] = NationalPriorityFilter(filters or {}, queryset=qs).qs
    return filtered
