"""Reads of quality appraisals: the list and one appraisal with its ratings, the checklists,
and the shares appraised and passed per year [seeds/004 ¶33, indicator 2.1], computed in the
database in a constant number of queries."""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear

from core import policy
from programmes.filters.appraisal import AppraisalFilter
from programmes.models import (
    Appraisal,
    AppraisalChecklist,
    AppraisalOutcome,
    AppraisalRating,
    Dwcp,
    DwcpStatus,
    DwcpStatusChange,
    Project,
    ProjectStage,
    Rating,
)
from programmes.selectors.resources import delivery_rate

if TYPE_CHECKING:
    from core.types import AnyUser

__all__ = ["appraisal_get", "appraisal_list", "appraisal_shares_by_year",
           "appraisals_of", "checklist_in_use", "APPROVED_STAGES"]

# A proposal at one of these stages has been approved.
APPROVED_STAGES = (ProjectStage.APPROVED, ProjectStage.ONGOING, ProjectStage.CLOSED)
_COUNT: DecimalField[Any, Any] = DecimalField(max_digits=12, decimal_places=0)


def _rated(value: str) -> Count:
    return Count("ratings", filter=Q(ratings__rating=value))


def appraisal_list(*, user: AnyUser, filters: Mapping[str, Any] | None = None
                   ) -> QuerySet[Appraisal]:
    """The appraisals ``user`` may see (those of the subjects they see), filtered by
    :class:`AppraisalFilter`, with the count of criteria ``met``, ``partly``, ``not_met`` and
    ``unrated``."""
    qs = policy.visible(user, Appraisal.objects.select_related(
        "checklist", "dwcp__country", "project__country", "project__region", "appraiser",
        "country"))
    qs = qs.annotate(met=_rated(Rating.MET), partly=_rated(Rating.PARTLY),
                     not_met=_rated(Rating.NOT_MET), unrated=_rated("")
                     ).order_by("-started_on", "-pk")
    if filters:
        qs = AppraisalFilter(filters, queryset=qs).qs
    return qs


def appraisal_get(*, user: AnyUser, pk: int) -> Appraisal | None:
    """One appraisal the user may see, with its ratings in the checklist's order (each with
    its criterion) and the checklist's criteria; None when out of sight or missing."""
    ratings = AppraisalRating.objects.select_related("criterion").order_by(
        "criterion__order", "criterion__code")
    return (appraisal_list(user=user)
            .prefetch_related(Prefetch("ratings", queryset=ratings), "checklist__criteria")
            .filter(pk=pk).first())


def appraisals_of(*, user: AnyUser, dwcp: Dwcp | None = None, project: Project | None = None
                  ) -> QuerySet[Appraisal]:
    """The appraisals of one DWCP or proposal, latest first (the subject's panel)."""
    subject: dict[str, Any] = {"dwcp": dwcp} if dwcp is not None else {"project": project}
    return appraisal_list(user=user).filter(**subject).order_by("-started_on", "-pk")


def checklist_in_use(subject: str) -> AppraisalChecklist | None:
    return AppraisalChecklist.objects.filter(subject=subject, is_active=True).first()


def _share(part: str, whole: str) -> Any:
    return delivery_rate(part, whole)


def _exists(subject: str, **conditions: Any) -> Exists:
    return Exists(Appraisal.objects.filter(**{subject: OuterRef("pk")}, **conditions))


def _completed(subject: str) -> Exists:
    return Exists(Appraisal.objects.filter(**{subject: OuterRef("pk")})
                  .exclude(outcome=AppraisalOutcome.IN_PROGRESS))


def _dwcp_shares(user: AnyUser) -> list[dict[str, Any]]:
    """Per year a DWCP first reached quality appraisal: how many did, how many of them were
    appraised (an appraisal completed) and how many passed."""
    first_reached = Subquery(
        DwcpStatusChange.objects.filter(dwcp=OuterRef("pk"),
                                        to_status=DwcpStatus.QUALITY_APPRAISAL)
        .order_by("effective_date").values("effective_date")[:1])
    # A DWCP recorded in quality appraisal without its step (data loads): since its status
    # date.
    reached_on = Coalesce(first_reached, Case(When(status=DwcpStatus.QUALITY_APPRAISAL,
                                                   then=F("status_changed_on"))))
    rows = (policy.visible(user, Dwcp.objects.all()).order_by()
            .annotate(reached_on=reached_on).filter(reached_on__isnull=False)
            .annotate(year=ExtractYear("reached_on"), appraised_flag=_completed("dwcp"),
                      passed_flag=_exists("dwcp", outcome=AppraisalOutcome.PASSED))
            .values("year")
            .annotate(total=Count("pk"),
                      appraised=Count("pk", filter=Q(appraised_flag=True)),
                      passed=Count("pk", filter=Q(passed_flag=True)))
            .annotate(appraised_n=Cast("appraised", _COUNT), passed_n=Cast("passed", _COUNT))
            .annotate(appraised_share=_share("appraised_n", "total"),
                      passed_share=_share("passed_n", "total"))
            .values("year", "total", "appraised", "passed", "appraised_share", "passed_share")
            .order_by("-year"))
    return list(rows)


def _proposal_shares(user: AnyUser) -> list[dict[str, Any]]:
    """Per year of their start: the proposals (projects), how many were appraised, how many
    were approved, and how many of these passed quality appraisal (approved through quality
    control, seeds/004 indicator 2.1)."""
    approved = Q(status__in=APPROVED_STAGES)
    rows = (policy.visible(user, Project.objects.all()).order_by()
            .annotate(year=ExtractYear("start_date"), appraised_flag=_completed("project"),
                      passed_flag=_exists("project", outcome=AppraisalOutcome.PASSED))
            .values("year")
            .annotate(total=Count("pk"),
                      appraised=Count("pk", filter=Q(appraised_flag=True)),
                      approved=Count("pk", filter=approved),
                      approved_passed=Count("pk", filter=approved & Q(passed_flag=True)))
            .annotate(appraised_n=Cast("appraised", _COUNT),
                      approved_passed_n=Cast("approved_passed", _COUNT))
            .annotate(appraised_share=_share("appraised_n", "total"),
                      approved_passed_share=_share("approved_passed_n", "approved"))
            .values("year", "total", "appraised", "approved", "approved_passed",
                    "appraised_share", "approved_passed_share")
            .order_by("-year"))
    return list(rows)


def appraisal_shares_by_year(*, user: AnyUser) -> dict[str, list[dict[str, Any]]]:
    """``{"dwcp": rows, "proposal": rows}``, latest year first, over what ``user`` sees; two
    queries. Shares are percentages with 2 places (None where there is nothing to share)."""
    return {"dwcp": _dwcp_shares(user), "proposal": _proposal_shares(user)}
