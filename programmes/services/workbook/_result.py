"""What an import reports: the row errors, what each valid row does, and the result as a
whole."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowError:
    """One problem, where it is: ``row`` is the spreadsheet row number (1 = headers), None for
    the workbook as a whole."""

    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = [self.sheet or "Workbook"]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(self.column)
        return f"{', '.join(where)}: {self.message}"


@dataclass
class RowSummary:
    """What a valid row does: ``action`` is create, update, approve or unchanged."""

    sheet: str
    row: int
    key: str
    action: str
    changes: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    rows: list[RowSummary] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    applied: bool = False
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> bool:
        return any(row.action != "unchanged" for row in self.rows)


class _Rollback(Exception):
    pass
