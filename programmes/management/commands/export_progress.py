"""manage.py export_progress --biennium 2020-21 [--as-of YYYY-MM-DD] --format csv|xlsx -o FILE

Writes one row per indicator with a milestone in the biennium: country, cpo_code,
indicator_code, biennium, start_value, actual, milestone, progress_pct, status, cpo_status.

The figures are computed by the worker's own code (:mod:`programmes.services.results`, via
:func:`programmes.services.workbook.progress_export`): when the current results snapshot is as
of the requested date (default today) it is read as it is — the figures every results page
shows; otherwise ``results_recompute_all`` computes a snapshot as of that date inside a
transaction that is rolled back afterwards, so the current results stay untouched.
"""
import datetime as dt
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import ngettext

from core.management.base import ServiceCommand
from programmes.models import Biennium
from programmes.services.workbook import progress_export


class Command(ServiceCommand):
    help = "Export indicator progress and status for one biennium as CSV or Excel."

    def add_arguments(self, parser):
        parser.add_argument("--biennium", required=True, help="biennium code, e.g. 2020-21")
        parser.add_argument("--as-of", help="date of the results (YYYY-MM-DD; default today)")
        parser.add_argument("--format", required=True, choices=["csv", "xlsx"],
                            dest="output_format")
        parser.add_argument("-o", "--output", required=True, help="file to write")

    def handle(self, *args, biennium, as_of=None, output_format, output, **options):
        try:
            period = Biennium.objects.get(code=biennium.strip())
        except Biennium.DoesNotExist as exc:
            raise CommandError(f"There is no biennium “{biennium}”; give its code, e.g. "
                               "2020-21.") from exc
        day = None
        if as_of:
            try:
                day = dt.date.fromisoformat(as_of)
            except ValueError as exc:
                raise CommandError(f"--as-of must be a date such as 2021-12-31, not "
                                   f"“{as_of}”.") from exc
        export = progress_export(biennium=period, as_of=day)
        content = export.csv_bytes() if output_format == "csv" else export.xlsx_bytes()
        try:
            Path(output).write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror or exc}.") from exc
        source = ("read from the current results" if export.from_current
                  else "computed for this export")
        self.stdout.write(self.style.SUCCESS(
            ngettext("Wrote %(n)d indicator row of %(period)s to %(file)s (results as of "
                     "%(day)s, %(source)s).",
                     "Wrote %(n)d indicator rows of %(period)s to %(file)s (results as of "
                     "%(day)s, %(source)s).", len(export.rows))
            % {"n": len(export.rows), "period": period, "file": output, "day": export.as_of,
               "source": source}))
