"""Reads of development cooperation resources: projects with their totals, funding by year,
CPO links, and the resource figures of CPOs and DWCPs.

Every figure is computed in the database (subqueries and aggregates on Decimal columns), so a
list costs the same number of queries whatever its length. Definitions (docs/cooperation.md):

* delivery rate (per cent) = 100 × expenditure / allocation, rounded to 2 places; None when
  the allocation is 0;
* available resources of a CPO = Σ share/100 × allocation over its linked projects (all years;
  proposals in the pipeline — concept, appraisal — make nothing available yet);
* share-weighted expenditure of a CPO = Σ share/100 × expenditure; its delivery rate is
  100 × that / available;
* resource gap = planned resources − available (positive = shortfall).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Abs, Coalesce, Round

from core import policy
from programmes.models import (
    PIPELINE_STAGES,
    CountryProgrammeOutcome,
    Dwcp,
    Project,
    ProjectFunding,
    ProjectOutcomeLink,
    ProjectPbLink,
)

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler, _AsSqlType

    from core.types import AnyUser

MONEY: DecimalField[Any, Decimal] = DecimalField(max_digits=20, decimal_places=2)
RATE: DecimalField[Any, Decimal] = DecimalField(max_digits=9, decimal_places=2)
ZERO = Value(Decimal("0"), output_field=MONEY)
CENT = Decimal("0.01")


# The figures are the same on PostgreSQL and SQLite. PostgreSQL's numeric is exact; SQLite
# stores a whole-number decimal (62.00) as an integer, divides integers as integers (62 for
# 62.5) and returns computed decimals with the places they happen to have (25 for 25.00).
# So dividends are cast to REAL there (_Fractional), and sums of amounts and rounded rates are
# read with the 2 places PostgreSQL gives them already (_Quantized).

class _Fractional(Func):
    """The expression, as a dividend that divides as a fraction on every database."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper,
                  **extra_context: Any) -> _AsSqlType:
        return self.as_sql(compiler, connection, template="CAST(%(expressions)s AS REAL)",
                           **extra_context)


class _Quantized(ExpressionWrapper):  # type: ignore[type-arg]  # not generic at run time
    """The expression, read as a Decimal with 2 places (those of MONEY and RATE)."""

    def get_db_converters(self, connection: BaseDatabaseWrapper) -> list[Callable[..., Any]]:
        return [*super().get_db_converters(connection), _to_cents]


def _to_cents(value: Any, expression: Any, connection: Any) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(CENT)


def _money(expression: Any) -> ExpressionWrapper[Any]:
    return ExpressionWrapper(expression, output_field=MONEY)


def _cents(expression: Any) -> _Quantized:
    """A sum of amounts (2 places on PostgreSQL already), read with 2 places everywhere."""
    return _Quantized(expression, output_field=MONEY)


def _share_of(amount: str | Any) -> ExpressionWrapper[Any]:
    """share/100 × ``amount`` (a column name or an expression), in money."""
    amount = F(amount) if isinstance(amount, str) else amount
    return _money(_Fractional(F("share")) * amount / 100)


def delivery_rate(expenditure: str, allocation: str) -> _Quantized:
    """100 × expenditure / allocation rounded to 2 places; NULL when the allocation is 0."""
    return _Quantized(Case(
        When(**{allocation: 0}, then=Value(None, output_field=RATE)),
        default=Round(ExpressionWrapper(_Fractional(F(expenditure)) * 100 / F(allocation),
                                        output_field=RATE),
                      2, output_field=RATE),
        output_field=RATE,
    ), output_field=RATE)


def _project_sum(column: str) -> _Quantized:
    rows = (ProjectFunding.objects.filter(project=OuterRef("pk")).order_by()
            .values("project").annotate(total=Sum(column)).values("total"))
    return _cents(Coalesce(Subquery(rows, output_field=MONEY), ZERO, output_field=MONEY))


def with_project_totals(qs: QuerySet[Project]) -> QuerySet[Project]:
    """Projects annotated with ``total_allocation``, ``total_expenditure`` (all years) and
    ``delivery_rate``."""
    return (qs.annotate(total_allocation=_project_sum("allocation"),
                        total_expenditure=_project_sum("expenditure"))
            .annotate(delivery_rate=delivery_rate("total_expenditure", "total_allocation")))


def projects_with_totals() -> QuerySet[Project]:
    """All projects with their totals, related rows the lists show already joined."""
    return with_project_totals(Project.objects.select_related("country", "country__region",
                                                              "region"))


def project_list(*, user: AnyUser,
                 filters: Mapping[str, Any] | None = None) -> QuerySet[Project]:
    """The projects ``user`` may see, filtered by ProjectFilter parameters, with totals."""
    from programmes.filters.resources import ProjectFilter

    qs = policy.visible(user, projects_with_totals())
    filtered: QuerySet[Project] = ProjectFilter(filters or {}, queryset=qs).qs
    return filtered


def project_get(*, user: AnyUser, pk: int) -> Project | None:
    """One project with its totals, or None when missing (the caller checks the policy)."""
    return projects_with_totals().filter(pk=pk).first()


def funding_with_rates(
        qs: QuerySet[ProjectFunding] | None = None) -> QuerySet[ProjectFunding]:
    """Funding rows with ``delivery_rate`` and ``over_spent`` (expenditure above allocation)."""
    qs = ProjectFunding.objects.all() if qs is None else qs
    return qs.annotate(
        delivery_rate=delivery_rate("expenditure", "allocation"),
        over_spent=Case(When(expenditure__gt=F("allocation"), then=Value(True)),
                        default=Value(False)),
    )


def project_funding_list(*, user: AnyUser,
                         project: Project | None = None) -> QuerySet[ProjectFunding]:
    qs = ProjectFunding.objects.select_related("project", "project__country")
    if project is not None:
        qs = qs.filter(project=project)
    return funding_with_rates(policy.visible(user, qs)).order_by("project__code", "year")


def project_cpo_links(*, user: AnyUser, project: Project) -> QuerySet[ProjectOutcomeLink]:
    """The CPOs a project contributes to, with the share-weighted amounts of the project."""
    qs = (ProjectOutcomeLink.objects.filter(project=project)
          .select_related("cpo", "cpo__dwcp")
          .annotate(available=_share_of(_link_project_sum("allocation")),
                    spent=_share_of(_link_project_sum("expenditure")))
          .order_by("cpo__dwcp__start_year", "cpo__code"))
    return policy.visible(user, qs)


# --- CPO and DWCP figures -----------------------------------------------------------------

def _cpo_weighted_sum(column: str) -> Coalesce:
    rows = (_funded(ProjectOutcomeLink.objects.filter(cpo=OuterRef("pk"))).order_by().values("cpo")
            .annotate(total=Sum(_share_of(f"project__funding__{column}")))
            .values("total"))
    return Coalesce(Subquery(rows, output_field=MONEY), ZERO, output_field=MONEY)


def with_cpo_resources(
        qs: QuerySet[CountryProgrammeOutcome]) -> QuerySet[CountryProgrammeOutcome]:
    """CPOs annotated with ``available`` (Σ share/100 × allocation), ``spent`` (Σ share/100 ×
    expenditure), ``resource_gap`` (planned − available), ``gap_size`` (its absolute value,
    for display) and ``delivery_rate``."""
    return (qs.annotate(available=_cpo_weighted_sum("allocation"),
                        spent=_cpo_weighted_sum("expenditure"))
            .annotate(resource_gap=_money(F("planned_resources") - F("available")),
                      delivery_rate=delivery_rate("spent", "available"))
            .annotate(gap_size=_money(Abs(F("resource_gap")))))


def cpos_with_resources() -> QuerySet[CountryProgrammeOutcome]:
    return with_cpo_resources(
        CountryProgrammeOutcome.objects.select_related("dwcp", "dwcp__country", "priority"))


def cpo_resources_list(*, user: AnyUser,
                       dwcp: Dwcp | None = None) -> QuerySet[CountryProgrammeOutcome]:
    qs = cpos_with_resources()
    if dwcp is not None:
        qs = qs.filter(dwcp=dwcp)
    return policy.visible(user, qs)


def cpo_resources_get(*, pk: int) -> CountryProgrammeOutcome | None:
    return cpos_with_resources().filter(pk=pk).first()


def cpo_contributing_projects(*, user: AnyUser,
                              cpo: CountryProgrammeOutcome) -> QuerySet[ProjectOutcomeLink]:
    """The links of projects to ``cpo`` with each project's totals and what the CPO counts on
    (``available`` = share/100 × allocation, ``spent`` = share/100 × expenditure)."""
    qs = (ProjectOutcomeLink.objects.filter(cpo=cpo).select_related("project")
          .annotate(project_allocation=_link_project_sum("allocation"),
                    project_expenditure=_link_project_sum("expenditure"))
          .annotate(available=_share_of("project_allocation"),
                    spent=_share_of("project_expenditure"))
          .annotate(delivery_rate=delivery_rate("project_expenditure", "project_allocation"))
          .order_by("project__code"))
    return policy.visible(user, qs)


def _link_project_sum(column: str) -> _Quantized:
    rows = (ProjectFunding.objects.filter(project=OuterRef("project")).order_by()
            .values("project").annotate(total=Sum(column)).values("total"))
    return _cents(Coalesce(Subquery(rows, output_field=MONEY), ZERO, output_field=MONEY))


def _funded(links: QuerySet[ProjectOutcomeLink]) -> QuerySet[ProjectOutcomeLink]:
    """The links of approved projects: a proposal in the pipeline (concept, appraisal) makes
    no resources available yet."""
    return links.exclude(project__status__in=PIPELINE_STAGES)


def dwcp_resource_totals(*, dwcp: Dwcp) -> dict[str, Decimal | None]:
    """Totals of a DWCP over its CPOs: planned, available, spent, gap and delivery rate."""
    planned = (CountryProgrammeOutcome.objects.filter(dwcp=dwcp)
               .aggregate(total=_cents(Coalesce(Sum("planned_resources"), ZERO)))["total"])
    weighted = _funded(ProjectOutcomeLink.objects.filter(cpo__dwcp=dwcp)).aggregate(
        available=Coalesce(Sum(_share_of("project__funding__allocation")), ZERO),
        spent=Coalesce(Sum(_share_of("project__funding__expenditure")), ZERO),
    )
    available, spent = weighted["available"], weighted["spent"]
    return {
        "planned": planned, "available": available, "spent": spent,
        "resource_gap": planned - available, "gap_size": abs(planned - available),
        "delivery_rate": (round(spent * 100 / available, 2) if available else None),
    }


def dwcp_resources_by_source(*, dwcp: Dwcp) -> QuerySet[ProjectOutcomeLink, dict[str, Any]]:
    """Share-weighted allocation and expenditure of a DWCP's CPOs by funding source."""
    return (_funded(ProjectOutcomeLink.objects.filter(cpo__dwcp=dwcp))
            .values("project__funding_source").order_by("project__funding_source")
            .annotate(available=Coalesce(Sum(_share_of("project__funding__allocation")), ZERO),
                      spent=Coalesce(Sum(_share_of("project__funding__expenditure")), ZERO))
            .annotate(delivery_rate=delivery_rate("spent", "available")))



def project_countries(*, user: AnyUser) -> list[tuple[str, str]]:
    """(ISO3, name) of the countries with projects ``user`` may see, for the list's filter."""
    return list(policy.visible(user, Project.objects.filter(country__isnull=False))
                .order_by("country__name")
                .values_list("country__iso3", "country__name").distinct())


def project_pb_links(*, user: AnyUser, project: Project) -> QuerySet[ProjectPbLink]:
    """The P&B outcomes a project serves, with what each counts on of the project's
    allocation (share/100 × allocation, all years)."""
    qs = (ProjectPbLink.objects.filter(project=project)
          .select_related("pb_outcome", "pb_outcome__framework")
          .annotate(available=_share_of(_link_project_sum("allocation")))
          .order_by("pb_outcome__framework__start_year", "pb_outcome__code"))
    return policy.visible(user, qs)
