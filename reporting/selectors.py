"""Reads of the reporting app: report history and definitions, and the choices of the forms.
Every list runs a fixed number of queries whatever its length."""
from __future__ import annotations

from django.db.models import QuerySet

from constituents.models import Country, Region
from programmes.models import Biennium, Dwcp

from .models import ReportDefinition, ReportRun


def run_history(*, user=None) -> QuerySet[ReportRun]:
    """Runs, newest first, with who asked for them; only ``user``'s when given."""
    qs = ReportRun.objects.select_related("requested_by", "definition", "snapshot")
    return qs.filter(requested_by=user) if user is not None else qs


def run_get(*, pk: int) -> ReportRun | None:
    return run_history().filter(pk=pk).first()


def definition_list() -> QuerySet[ReportDefinition]:
    return ReportDefinition.objects.select_related("created_by").order_by("name", "id")


def country_choices() -> list[tuple[str, str]]:
    """Countries that have a DWCP (ISO3, name)."""
    ids = Dwcp.objects.values("country_id")
    return list(Country.objects.filter(pk__in=ids).order_by("name")
                .values_list("iso3", "name"))


def biennium_choices() -> list[tuple[str, str]]:
    return [(code, code) for code in Biennium.objects.order_by("-start_year")
            .values_list("code", flat=True)]


def region_choices() -> list[tuple[str, str]]:
    return list(Region.objects.order_by("name").values_list("code", "name"))


def constituent_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Organizations with a capacity assessment or a capacity need, grouped by country (one
    query): what a capacity profile can be made of."""
    from django.db.models import Exists, OuterRef

    from capacity.models import CapacityAssessment, CapacityNeed
    from constituents.models import Constituent

    rows = (Constituent.objects.filter(
        Exists(CapacityAssessment.objects.filter(constituent=OuterRef("pk")))
        | Exists(CapacityNeed.objects.filter(constituent=OuterRef("pk"))))
        .order_by("country__name", "name").values_list("pk", "name", "acronym",
                                                       "country__name"))
    grouped: dict[str, list[tuple[str, str]]] = {}
    for pk, name, acronym, country in rows:
        grouped.setdefault(country, []).append(
            (str(pk), f"{name} ({acronym})" if acronym else name))
    return list(grouped.items())


def constituent_of(*, run: ReportRun):
    """The constituent a capacity profile run is of (None for other reports, or if gone)."""
    from constituents.models import Constituent

    pk = run.parameters.get("constituent")
    if not pk:
        return None
    return Constituent.objects.select_related("country").filter(pk=pk).first()
