"""The progress export (:func:`progress_export`): one row per indicator with a result in a
biennium, as CSV or ``.xlsx``."""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook

from core.exports import append_row, csv_cell
from core.numbers import rounded
from programmes.models import Biennium, CpoResult, IndicatorResult, ResultSnapshot
from programmes.services.results import current_snapshot, results_recompute_all
from programmes.services.workbook._columns import EXPORT_COLUMNS, _headers, _plain
from programmes.services.workbook._result import _Rollback


@dataclass
class ProgressExport:
    biennium: Biennium
    as_of: dt.date
    from_current: bool  # read from the current snapshot (else computed for this export)
    rows: list[dict[str, Any]]

    def csv_bytes(self) -> bytes:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in self.rows:
            writer.writerow({k: _csv_value(k, v) for k, v in row.items()})
        return buffer.getvalue().encode("utf-8")

    def xlsx_bytes(self) -> bytes:
        book = Workbook()
        sheet = book.active
        sheet.title = f"Progress {self.biennium.code}"
        _headers(sheet, list(EXPORT_COLUMNS))
        for row in self.rows:
            append_row(sheet, [row[column] for column in EXPORT_COLUMNS])
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def _csv_value(column: str, value: Any) -> Any:
    if not isinstance(value, Decimal):
        return "" if value is None else csv_cell(value)  # text that would run as a formula
    # Progress is reported with one decimal (docs/indicators.md); values as entered.
    return str(rounded(value, 1)) if column == "progress_pct" else _plain(value)


def progress_export(*, biennium: Biennium, as_of: dt.date | None = None) -> ProgressExport:
    """One row per indicator with a result in ``biennium`` (an indicator with a milestone in
    it), as of ``as_of`` (default today): country, CPO, indicator, start value, actual,
    milestone, progress in per cent, indicator status and CPO status.

    The figures come from the worker's own code: when the current snapshot is as of that
    date they are read from it (what every results page shows); otherwise
    :func:`results_recompute_all` computes a snapshot as of that date inside a transaction
    that is then rolled back, so the current results are left untouched."""
    as_of = as_of or timezone.localdate()
    snapshot = current_snapshot()
    if snapshot is not None and snapshot.as_of == as_of:
        return ProgressExport(biennium, as_of, True, _export_rows(snapshot, biennium))
    try:
        with transaction.atomic():
            snapshot = results_recompute_all(as_of=as_of)
            rows = _export_rows(snapshot, biennium)
            raise _Rollback
    except _Rollback:
        pass
    return ProgressExport(biennium, as_of, False, rows)


def _export_rows(snapshot: ResultSnapshot, biennium: Biennium) -> list[dict[str, Any]]:
    cpo_status = dict(CpoResult.objects.filter(snapshot=snapshot, biennium=biennium)
                      .values_list("cpo_id", "status"))
    results = (IndicatorResult.objects.filter(snapshot=snapshot, biennium=biennium)
               .select_related("indicator__cpo__dwcp__country")
               .order_by("indicator__cpo__dwcp__country__iso3", "indicator__cpo__code",
                         "indicator__code"))
    return [{
        "country": r.indicator.cpo.dwcp.country.iso3,
        "cpo_code": r.indicator.cpo.code,
        "indicator_code": r.indicator.code,
        "biennium": biennium.code,
        "start_value": r.start,
        "actual": r.actual,
        "milestone": r.milestone,
        "progress_pct": r.progress,
        "status": r.status,
        "cpo_status": cpo_status.get(r.indicator.cpo_id, ""),
    } for r in results]
