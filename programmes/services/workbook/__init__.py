"""The field staff's workbook: bulk entry of results frameworks, indicators, milestones and
progress updates from an ``.xlsx`` file (the offline path), its template, and the progress
export. Documented for users in docs/workbook.md.

Import contract (:func:`workbook_import`):

* **Validate every row first.** Every row of both sheets is read and checked; each problem
  becomes a :class:`RowError` ("sheet, row N, column: message"). Rows are then applied
  through the services (DWCP, priority, CPO, indicator and milestones, progress updates), each
  in its own savepoint, so the services' rules are checked too and their errors are collected
  with the row they concern.
* **All or nothing.** Everything runs in one transaction, rolled back when any row has an
  error (or on a dry run): either the whole workbook is applied or nothing is written.
* **Re-importing changes nothing.** Rows are matched on natural keys: the DWCP on country
  and years, priorities and CPOs on their code within the DWCP, indicators on their code,
  milestones on indicator and biennium, progress updates on indicator + date + value (or
  numerator and denominator, or for qualitative indicators yes/no). A matched row with the
  same values writes nothing. The workbook never *revises* a recorded baseline, target or
  milestone (a revision needs a person's reason): a different value there is a row error.
* **Approval.** Imported updates are submitted by ``user``. With ``approve`` they are also
  approved, by ``approver`` — who may not be the submitter (the same rule as everywhere):
  approving as the importing user is refused before anything is written. Without a user the
  import is a system write, which may not create DWCPs (they need an accountable creator) and
  may not approve without a named approver.

The package, by concern: :mod:`._columns` (sheets and columns), :mod:`._result` (what an
import reports), :mod:`.reading` (cells, sheets and parsed rows), :mod:`._applier` (rows
applied through the services), :mod:`.importing` (:func:`workbook_import`,
:func:`workbook_preview`), :mod:`.template` (:func:`workbook_template`) and :mod:`.export`
(:func:`progress_export`).
"""
from programmes.services.workbook._columns import (
    EXPORT_COLUMNS,
    INDICATOR_COLUMNS,
    INDICATORS,
    PROGRESS,
    PROGRESS_COLUMNS,
)
from programmes.services.workbook._result import ImportResult, RowError, RowSummary
from programmes.services.workbook.export import ProgressExport, progress_export
from programmes.services.workbook.importing import workbook_import, workbook_preview
from programmes.services.workbook.template import workbook_template

__all__ = [
    "EXPORT_COLUMNS", "INDICATOR_COLUMNS", "INDICATORS", "PROGRESS", "PROGRESS_COLUMNS",
    "ImportResult", "ProgressExport", "RowError", "RowSummary", "progress_export",
    "workbook_import", "workbook_preview", "workbook_template",
]
