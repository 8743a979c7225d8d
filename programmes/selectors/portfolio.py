"""Reads of the development cooperation portfolio: donors with their approved totals,
funding agreements and the UN rates of exchange, narrowed to what the user may view
(``core.policy.visible``) with their figures computed in the database, so each list costs
the same number of queries whatever its length."""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from core import policy
from programmes.models import Donor, ExchangeRate, FundingAgreement, Project
from programmes.selectors.resources import MONEY, ZERO, _cents, with_project_totals

if TYPE_CHECKING:
    from core.types import AnyUser


def _agreement_total() -> Any:
    rows = (FundingAgreement.objects.filter(donor=OuterRef("pk")).order_by()
            .values("donor").annotate(total=Sum("amount_usd")).values("total"))
    return _cents(Coalesce(Subquery(rows, output_field=MONEY), ZERO, output_field=MONEY))


def _agreement_count() -> Any:
    rows = (FundingAgreement.objects.filter(donor=OuterRef("pk")).order_by()
            .values("donor").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def with_donor_totals(qs: QuerySet[Donor]) -> QuerySet[Donor]:
    """Donors annotated with ``approved_usd`` (Σ of their agreements in US$) and
    ``agreement_count``."""
    return qs.annotate(approved_usd=_agreement_total(), agreement_count=_agreement_count())


def donors_with_totals() -> QuerySet[Donor]:
    return with_donor_totals(Donor.objects.select_related("country"))


def donor_list(*, user: AnyUser, filters: Mapping[str, Any] | None = None) -> QuerySet[Donor]:
    from programmes.filters.portfolio import DonorFilter

    qs = policy.visible(user, donors_with_totals().order_by("name"))
    filtered: QuerySet[Donor] = DonorFilter(filters or {}, queryset=qs).qs
    return filtered


def donor_get(*, pk: int) -> Donor | None:
    return donors_with_totals().filter(pk=pk).first()


def agreements() -> QuerySet[FundingAgreement]:
    return FundingAgreement.objects.select_related(
        "donor", "project", "project__country", "project__region")


def agreement_list(*, user: AnyUser, filters: Mapping[str, Any] | None = None,
                   ) -> QuerySet[FundingAgreement]:
    from programmes.filters.portfolio import FundingAgreementFilter

    qs = policy.visible(user, agreements().order_by("-approval_date", "reference"))
    filtered: QuerySet[FundingAgreement] = FundingAgreementFilter(filters or {},
                                                                  queryset=qs).qs
    return filtered


def agreement_get(*, pk: int) -> FundingAgreement | None:
    return agreements().filter(pk=pk).first()


def agreement_totals(qs: QuerySet[FundingAgreement]) -> dict[str, Any]:
    """The number of agreements of ``qs`` and their sum in US$ (one query)."""
    return qs.order_by().aggregate(count=Count("pk"),
                                   approved_usd=_cents(Coalesce(Sum("amount_usd"), ZERO)))


def donor_agreements(*, user: AnyUser, donor: Donor) -> QuerySet[FundingAgreement]:
    return policy.visible(user, agreements().filter(donor=donor)
                          .order_by("-approval_date", "reference"))


def donor_projects(*, user: AnyUser, donor: Donor) -> QuerySet[Project]:
    """The projects the donor's agreements fund, with their totals."""
    qs = (Project.objects.filter(pk__in=FundingAgreement.objects.filter(donor=donor)
                                 .values("project"))
          .select_related("country", "region").order_by("code"))
    return policy.visible(user, with_project_totals(qs))


def project_agreements(*, user: AnyUser, project: Project) -> QuerySet[FundingAgreement]:
    return policy.visible(user, FundingAgreement.objects.filter(project=project)
                          .select_related("donor").order_by("-approval_date", "reference"))


def rate_list(*, user: AnyUser,
              filters: Mapping[str, Any] | None = None) -> QuerySet[ExchangeRate]:
    from programmes.filters.portfolio import ExchangeRateFilter

    qs = policy.visible(user, ExchangeRate.objects.order_by("currency", "-month"))
    filtered: QuerySet[ExchangeRate] = ExchangeRateFilter(filters or {}, queryset=qs).qs
    return filtered


def rate_currencies(*, user: AnyUser) -> list[str]:
    """The currencies with a recorded rate (for the list's filter)."""
    return list(policy.visible(user, ExchangeRate.objects.all()).order_by("currency")
                .values_list("currency", flat=True).distinct())
