"""Reads of the reporting app: report history and definitions, and the choices of the forms
(read through the owning apps' selectors for reports). Every list runs a fixed number of
queries whatever its length."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from capacity.selectors_for_reports import constituents_with_capacity_records
from constituents import selectors_for_reports as constituents_reads
from programmes.selectors import results as results_reads
from programmes.selectors.reports import biennium_codes, countries_with_dwcp

from .models import ReportDefinition, ReportRun

if TYPE_CHECKING:
    from constituents.models import Constituent
    from core.models import User


def run_history(*, user: User | None = None) -> QuerySet[ReportRun]:
    """Runs, newest first, with who asked for them; only ``user``'s when given."""
    qs = ReportRun.objects.select_related("requested_by", "definition", "snapshot")
    return qs.filter(requested_by=user) if user is not None else qs


def run_get(*, pk: int) -> ReportRun | None:
    return run_history().filter(pk=pk).first()


def definition_list() -> QuerySet[ReportDefinition]:
    return ReportDefinition.objects.select_related("created_by").order_by("name", "id")


def country_choices() -> list[tuple[str, str]]:
    """Countries that have a DWCP (ISO3, name)."""
    return countries_with_dwcp()


def biennium_choices() -> list[tuple[str, str]]:
    return [(code, code) for code in biennium_codes()]


def region_choices() -> list[tuple[str, str]]:
    return constituents_reads.region_choices()


def constituent_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Organizations with a capacity assessment or a capacity need, grouped by country (one
    query): what a capacity profile can be made of."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for pk, name, acronym, country in constituents_with_capacity_records():
        grouped.setdefault(country, []).append(
            (str(pk), f"{name} ({acronym})" if acronym else name))
    return list(grouped.items())


def constituent_of(*, run: ReportRun) -> Constituent | None:
    """The constituent a capacity profile run is of (None for other reports, or if gone)."""
    pk = run.parameters.get("constituent")
    if not pk:
        return None
    return constituents_reads.constituent_with_country(pk=pk)


def document_date_warning(document_date: dt.date | None) -> str | None:
    """A warning when a document would be dated before the figures it prints (the current
    results' as-of date): a Governing Body paper cannot report figures from after its own
    date. None when the date is later, unset, or nothing is computed yet."""
    snapshot = results_reads.current_snapshot()
    if document_date is None or snapshot is None or document_date >= snapshot.as_of:
        return None
    return _("The document is dated %(date)s, before the figures it prints, which are as of "
             "%(as_of)s. Date it on or after that day, or compute the results as of an "
             "earlier date.") % {"date": formats.date_format(document_date),
                                 "as_of": formats.date_format(snapshot.as_of)}
