"""Section "Development cooperation" of the biennial report (issue 14): approvals by source
and expenditure by region in the shape of the Office's Tables V.1 and V.2 [seeds/003],
comparing the previous biennium with the report's, local resource mobilization, delivery by
funding source and the share of resource gaps filled. Read through
``programmes.selectors.reports.portfolio_tables_for_report``; figures from the worker's
portfolio snapshot, as of its date."""
from __future__ import annotations

from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from programmes.selectors.reports import portfolio_tables_for_report
from reporting.document.blocks import Column
from reporting.document.builder import DocumentBuilder
from reporting.document.values import Fmt, millions, per_cent

FORMATS = {"text": Fmt.TEXT, "count": Fmt.INT, "money": Fmt.MONEY, "share": Fmt.PERCENT,
           "change": Fmt.CHANGE}


def _table(builder: DocumentBuilder, grid: Any, source: str) -> None:
    builder.table(grid.caption, [Column(c.label, FORMATS[c.kind]) for c in grid.columns],
                  [row.cells for row in grid.rows], total=grid.total if grid.rows else None,
                  source=source, note=grid.note,
                  group_rows=[i for i, row in enumerate(grid.rows) if row.group])


def add_biennial_portfolio_section(builder: DocumentBuilder, *, biennium: Any) -> None:
    """The section, of every region whatever the report's (the tables are Office-wide)."""
    builder.section(_("Development cooperation"))
    snapshot, grids = portfolio_tables_for_report(biennium=biennium)
    if snapshot is None:
        builder.paragraph(_("The development cooperation figures have not been computed "
                            "yet."))
        return
    source = _("Development cooperation figures computed as of %(date)s; all regions.") % {
        "date": formats.date_format(snapshot.as_of)}
    approvals, regions, local, delivery, gaps, markers = grids
    total = approvals.total or []
    builder.paragraph(
        _("Table %(t)s compares the average yearly approvals of extra-budgetary funding in "
          "%(biennium)s, %(second)s, with those of the previous biennium, %(first)s, a "
          "change of %(change)s.")
        % {"t": builder.next_table, "biennium": biennium.label,
           "second": millions(total[3] if len(total) > 3 else None),
           "first": millions(total[1] if len(total) > 1 else None),
           "change": per_cent(total[5] if len(total) > 5 else None)})
    _table(builder, approvals, source)
    builder.paragraph(
        _("Table %(t)s shows the share of each region in development cooperation "
          "expenditure, interregional projects apart.") % {"t": builder.next_table})
    _table(builder, regions, source)
    local_total = local.total or []
    builder.paragraph(
        _("Of the approvals of %(biennium)s, %(share)s were mobilized locally (Table "
          "%(t)s).") % {"biennium": biennium.label,
                        "share": per_cent(local_total[5] if len(local_total) > 5 else None),
                        "t": builder.next_table})
    _table(builder, local, source)
    _table(builder, delivery, source)
    if gaps.rows:
        _gaps(builder, gaps, source)
    _markers(builder, markers, source, biennium)


def _gaps(builder: DocumentBuilder, gaps: Any, source: str) -> None:
    gap_total = gaps.total or []
    builder.paragraph(
        _("Country programme outcomes had %(filled)s of their planned resources available "
          "(Table %(t)s).")
        % {"filled": per_cent(gap_total[4] if len(gap_total) > 4 else None),
           "t": builder.next_table})
    _table(builder, gaps, source)


def _markers(builder: DocumentBuilder, markers: Any, source: str, biennium: Any) -> None:
    """Gender equality (markers 3 and 2 together) in expenditure and CPOs, then the table."""
    principal, significant = markers.rows[0].cells, markers.rows[1].cells
    shares = [cells[4] for cells in (principal, significant) if cells[4] is not None]
    cpos = (principal[5] or 0) + (significant[5] or 0)
    total = (markers.total or [None] * 6)[5] or 0
    builder.paragraph(
        ngettext("In %(biennium)s, %(share)s of development cooperation expenditure went to "
                 "projects with gender equality as a principal or significant objective, and "
                 "%(count)s of %(total)s country programme outcome had it as such "
                 "(Table %(t)s).",
                 "In %(biennium)s, %(share)s of development cooperation expenditure went to "
                 "projects with gender equality as a principal or significant objective, and "
                 "%(count)s of %(total)s country programme outcomes had it as such "
                 "(Table %(t)s).", total)
        % {"biennium": biennium.label, "share": per_cent(sum(shares) if shares else None),
           "count": cpos, "total": total, "t": builder.next_table})
    _table(builder, markers, source)
