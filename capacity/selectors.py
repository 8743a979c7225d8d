"""Reads of capacity development. Every list is narrowed to what the user may see
(core.policy) and loads what its pages show with select_related / prefetch_related, so the
number of queries does not grow with the rows."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When

from core import policy, snapshots

from .computation import Attendance
from .computation import repeat_trainees as _repeat_trainees
from .models import (
    AssessmentDimension,
    AssessmentFramework,
    AssessmentIndex,
    CapacityAssessment,
    CapacityDevelopmentPlan,
    CapacityNeed,
    CapacitySnapshot,
    DimensionChange,
    DimensionScore,
    Intervention,
    NeedStatus,
    Participant,
    PlanItem,
    Priority,
    TechnicalArea,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from django.db.models import Model

    from constituents.models import Constituent
    from core.models import User

PRIORITY_RANK = Case(When(priority=Priority.HIGH, then=Value(0)),
                     When(priority=Priority.MEDIUM, then=Value(1)),
                     default=Value(2), output_field=IntegerField())


# --- frameworks ---------------------------------------------------------------------------

def framework_list(*, current_only: bool = False) -> QuerySet[AssessmentFramework]:
    qs = AssessmentFramework.objects.annotate(
        dimension_count=Count("dimensions", distinct=True),
        assessment_count=Count("assessments", distinct=True))
    return qs.filter(is_current=True) if current_only else qs


def framework_with_dimensions(*, pk: int) -> AssessmentFramework:
    return AssessmentFramework.objects.prefetch_related(
        Prefetch("dimensions", queryset=AssessmentDimension.objects.prefetch_related(
            "descriptors"))).get(pk=pk)


def frameworks_for(*, constituent: Any) -> list[AssessmentFramework]:
    """Current frameworks an organization of this type is assessed with."""
    return [f for f in AssessmentFramework.objects.filter(is_current=True,
                                                          constituent_group=constituent.group)
            if f.fits_type(constituent.type)]


# --- assessments --------------------------------------------------------------------------

def assessment_list(*, user: User | None) -> QuerySet[CapacityAssessment]:
    return policy.visible(user, CapacityAssessment.objects.select_related(
        "constituent__country__region", "framework", "dwcp", "cpo"))


def assessment_detail(*, user: User | None, pk: int) -> CapacityAssessment:
    """One assessment with its scores (dimension and descriptors) and needs. Raises
    DoesNotExist when out of the user's sight."""
    return assessment_list(user=user).prefetch_related(
        Prefetch("scores", queryset=DimensionScore.objects.select_related("dimension")
                 .prefetch_related("dimension__descriptors")),
        Prefetch("needs", queryset=CapacityNeed.objects.order_by(PRIORITY_RANK, "id")),
    ).get(pk=pk)


def assessments_of(*, user: User | None, constituent: Any) -> QuerySet[CapacityAssessment]:
    """A constituent's assessments in date order with their scores: the rounds of its
    capacity profile."""
    return assessment_list(user=user).filter(constituent=constituent).order_by(
        "date", "id").prefetch_related(
        Prefetch("scores", queryset=DimensionScore.objects.select_related("dimension")))


# --- needs --------------------------------------------------------------------------------

def need_list(*, user: User | None) -> QuerySet[CapacityNeed]:
    return policy.visible(user, CapacityNeed.objects.select_related(
        "constituent__country__region", "assessment", "dimension")
        .annotate(priority_rank=PRIORITY_RANK)
        .order_by("priority_rank", "constituent__country__name", "id"))


def need_review_queue(*, user: User | None) -> QuerySet[CapacityNeed]:
    """The needs waiting for this user's bureau to review or plan: new and reviewed needs of
    employers' organizations for ACT/EMP, of workers' organizations for ACTRAV, of the
    government and other institutions of their countries for field staff; all for
    administrators (the queryset form of ``policy.REVIEW_NEED``)."""
    return policy.REVIEW_NEED.filter(
        user, need_list(user=user).filter(status__in=[NeedStatus.NEW, NeedStatus.REVIEWED]))


def needs_of(*, user: User | None, constituent: Any) -> QuerySet[CapacityNeed]:
    return need_list(user=user).filter(constituent=constituent).prefetch_related(
        "transitions", "interventions", "plan_items")


# --- plans --------------------------------------------------------------------------------

def plan_list(*, user: User | None) -> QuerySet[CapacityDevelopmentPlan]:
    return policy.visible(user, CapacityDevelopmentPlan.objects.select_related(
        "constituent__country", "dwcp").annotate(item_count=Count("items")))


def plan_detail(*, user: User | None, pk: int) -> CapacityDevelopmentPlan:
    return policy.visible(user, CapacityDevelopmentPlan.objects.select_related(
        "constituent__country", "dwcp")).prefetch_related(
        Prefetch("items", queryset=PlanItem.objects.select_related("intervention")
                 .prefetch_related("needs"))).get(pk=pk)


# --- interventions ------------------------------------------------------------------------

def intervention_list(*, user: User | None) -> QuerySet[Intervention]:
    return policy.visible(user, Intervention.objects.select_related(
        "country__region", "participation_count")
        .prefetch_related("target_constituents")
        .annotate(participant_count=Count("participants", distinct=True)))


def intervention_detail(*, user: User | None, pk: int) -> Intervention:
    return intervention_list(user=user).prefetch_related(
        Prefetch("needs", queryset=CapacityNeed.objects.select_related("constituent")),
        Prefetch("cpos"),
        Prefetch("participants", queryset=Participant.objects.select_related(
            "country", "constituent")),
    ).get(pk=pk)


def interventions_for(*, user: User | None, constituent: Any) -> QuerySet[Intervention]:
    """Interventions a constituent received (targeted, or its people took part)."""
    return intervention_list(user=user).filter(
        Q(target_constituents=constituent) | Q(participants__constituent=constituent)
    ).distinct()


# --- repeat training (seeds/000 ¶17(b)) ---------------------------------------------------

@dataclass(frozen=True)
class RepeatTraineeRow:
    name: str
    country: str
    interventions: list[Intervention]
    technical_areas: list[str]


def repeat_trainees(*, user: User | None, start: dt.date, end: dt.date,
                    min_areas: int = 2) -> list[RepeatTraineeRow]:
    """People on the participant lists of several interventions starting between ``start``
    and ``end`` on at least ``min_areas`` different technical areas, among the interventions
    the user may see. Two queries whatever the number of people."""
    interventions = policy.visible(user, Intervention.objects.filter(
        start_date__gte=start, start_date__lte=end))
    rows = Participant.objects.filter(intervention__in=interventions).values_list(
        "person_key", "name", "intervention_id", "intervention__start_date",
        "intervention__technical_area")
    flagged = _repeat_trainees((Attendance(*row) for row in rows), start=start, end=end,
                               min_areas=min_areas)
    ids = {i for t in flagged for i in t.interventions}
    by_id = Intervention.objects.in_bulk(ids) if ids else {}
    return [RepeatTraineeRow(
        name=t.name, country=t.person_key.split("|", 1)[0],
        interventions=[by_id[i] for i in t.interventions],
        technical_areas=[str(TechnicalArea(a).label) if a in TechnicalArea.values else a
                         for a in t.technical_areas]) for t in flagged]


# --- computed figures ---------------------------------------------------------------------

def current_snapshot() -> CapacitySnapshot | None:
    """The capacity figures that pages, the API and reports read."""
    return snapshots.current_snapshot(CapacitySnapshot)


def assessment_indices(*, user: User | None, assessments: Any) -> QuerySet[AssessmentIndex]:
    """The current indices of ``assessments`` (ids or a queryset)."""
    return policy.visible(user, AssessmentIndex.objects.filter(
        snapshot__is_current=True, assessment__in=assessments))


def dimension_changes(*, user: User | None, constituent: Any) -> QuerySet[DimensionChange]:
    return policy.visible(user, DimensionChange.objects.filter(
        snapshot__is_current=True, constituent=constituent).select_related(
        "dimension", "baseline", "follow_up").order_by("framework_code", "dimension__order"))


# --- pages (capacity/views) ---------------------------------------------------------------

from .models import InterventionFigure  # noqa: E402


def assessment_list_filtered(*, user: User | None,
                             filters: Mapping[str, Any] | None) -> QuerySet[CapacityAssessment]:
    """The assessments list page: filtered (capacity.filters.AssessmentFilter), newest
    first."""
    from .filters import AssessmentFilter

    qs = assessment_list(user=user).order_by("-date", "-id")
    filtered: QuerySet[Any] = AssessmentFilter(filters or {}, queryset=qs).qs
    return filtered


def need_list_filtered(*, user: User | None,
                       filters: Mapping[str, Any] | None) -> QuerySet[CapacityNeed]:
    from .filters import NeedFilter

    filtered: QuerySet[Any] = NeedFilter(filters or {}, queryset=need_list(user=user)).qs

    return filtered


def need_review_queue_filtered(*, user: User | None,
                               filters: Mapping[str, Any] | None) -> QuerySet[CapacityNeed]:
    """The review queue with each need's review steps (and who made them) loaded."""
    from .filters import QueueFilter
    from .models import NeedTransition

    qs = need_review_queue(user=user).prefetch_related(
        Prefetch("transitions", queryset=NeedTransition.objects.select_related("changed_by")))
    filtered: QuerySet[Any] = QueueFilter(filters or {}, queryset=qs).qs
    return filtered


def need_detail(*, pk: int) -> CapacityNeed | None:
    """One need with its review steps, plan items and interventions (the caller checks the
    policy)."""
    from .models import NeedTransition

    return (CapacityNeed.objects.select_related("constituent__country", "assessment",
                                                "dimension")
            .prefetch_related(
                Prefetch("transitions",
                         queryset=NeedTransition.objects.select_related("changed_by")),
                Prefetch("plan_items", queryset=PlanItem.objects.select_related("plan")),
                "interventions")
            .filter(pk=pk).first())


def plan_list_filtered(*, user: User | None,
                       filters: Mapping[str, Any] | None) -> QuerySet[CapacityDevelopmentPlan]:
    from .filters import PlanFilter

    qs = plan_list(user=user).order_by("constituent__country__name", "constituent__name",
                                       "-start_date")
    filtered: QuerySet[Any] = PlanFilter(filters or {}, queryset=qs).qs
    return filtered


def intervention_list_filtered(*, user: User | None,
                               filters: Mapping[str, Any] | None) -> QuerySet[Intervention]:
    from .filters import InterventionFilter

    qs = intervention_list(user=user).order_by("-start_date", "title", "id")
    filtered: QuerySet[Any] = InterventionFilter(filters or {}, queryset=qs).qs
    return filtered


def constituents_for_new(*, user: User | None, model: type[Model]) -> QuerySet[Any]:
    """Organizations for which the user may record ``model`` objects (assessments, needs,
    plans), with a framework for their group."""
    from constituents.models import Constituent

    groups = AssessmentFramework.objects.filter(is_current=True).values("constituent_group")
    return policy.changeable(user, Constituent.objects.select_related("country").filter(
        active=True, group__in=groups)).order_by("country__name", "name")


def dwcps_of_country(*, country_id: int) -> QuerySet[Any]:
    from programmes.models import Dwcp

    return Dwcp.objects.filter(country_id=country_id).order_by("-start_year")


def cpos_of_country(*, country_id: int) -> QuerySet[Any]:
    from programmes.models import CountryProgrammeOutcome

    return (CountryProgrammeOutcome.objects.filter(dwcp__country_id=country_id)
            .select_related("dwcp__country").order_by("-dwcp__start_year", "code"))


def intervention_detail_page(*, pk: int) -> Intervention | None:
    """One intervention with what its page shows (the caller checks the policy)."""
    from programmes.models import CountryProgrammeOutcome

    return (Intervention.objects.select_related("country__region", "participation_count")
            .prefetch_related(
                Prefetch("target_constituents",
                         queryset=_constituents().select_related("country")),
                Prefetch("needs", queryset=CapacityNeed.objects.select_related("constituent")),
                Prefetch("cpos", queryset=CountryProgrammeOutcome.objects.select_related(
                    "dwcp__country")),
                Prefetch("participants", queryset=Participant.objects.select_related(
                    "country", "constituent")),
                Prefetch("plan_items", queryset=PlanItem.objects.select_related(
                    "plan__constituent")))
            .filter(pk=pk).first())


def _constituents() -> QuerySet[Constituent]:
    from constituents.models import Constituent

    return Constituent.objects.order_by("name")


def intervention_figure(*, intervention: Any) -> InterventionFigure | None:
    return InterventionFigure.objects.filter(snapshot__is_current=True,
                                             intervention=intervention).first()


def capacity_home_counts(*, user: User | None) -> dict[str, int]:
    """What the capacity home page counts, within the user's scope."""
    assessments = assessment_list(user=user)
    needs = need_list(user=user)
    return {
        "assessments": assessments.count(),
        "baselines": assessments.filter(round="baseline").count(),
        "needs_open": needs.filter(status__in=[NeedStatus.NEW, NeedStatus.REVIEWED]).count(),
        "needs_high": needs.filter(priority=Priority.HIGH).exclude(
            status=NeedStatus.DECLINED).count(),
        "queue": need_review_queue(user=user).count(),
        "plans": policy.visible(user, CapacityDevelopmentPlan.objects.all()).count(),
        "interventions": policy.visible(user, Intervention.objects.all()).count(),
    }


def plans_of(*, user: User | None, constituent: Any) -> QuerySet[CapacityDevelopmentPlan]:
    return plan_list(user=user).filter(constituent=constituent).order_by("-start_date")


def needs_for_plan(*, plan: Any) -> QuerySet[CapacityNeed]:
    """Needs a plan item may address: the plan's constituent's needs that are not declined."""
    return CapacityNeed.objects.filter(constituent_id=plan.constituent_id).exclude(
        status=NeedStatus.DECLINED).order_by(PRIORITY_RANK, "id")


def interventions_for_plan(*, plan: Any) -> QuerySet[Intervention]:
    from .models import InterventionStatus

    return (Intervention.objects.filter(target_constituents=plan.constituent_id)
            .exclude(status=InterventionStatus.CANCELLED).order_by("-start_date"))
