"""manage.py import_pb_framework FILE --code "P&B 2026-27" --title TITLE --start 2026
--end 2027 [--source DOCUMENT] [--indicators FILE]

Imports the outcomes of a P&B results framework not shipped as reference data (columns
code, title, kind, strategic_objective; CSV or .xlsx), and with ``--indicators`` their
outcome indicators and targets (columns outcome, code, indicator, target, target_unit), through
:func:`programmes.services.pb.pb_framework_import`: every row is checked first and every
problem printed; all or nothing; the biennia the framework covers are attached to it.
"""
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.management.base import ServiceCommand
from programmes.services.pb import pb_framework_import


class Command(ServiceCommand):
    help = "Import a P&B results framework's outcomes from a CSV or Excel file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV or .xlsx: code, title, kind, strategic_objective")
        parser.add_argument("--code", required=True, help='the framework\'s code, e.g. '
                                                          '"P&B 2026-27"')
        parser.add_argument("--title", required=True, help="its title")
        parser.add_argument("--start", type=int, required=True, help="its first year (even)")
        parser.add_argument("--end", type=int, required=True, help="its last year (odd)")
        parser.add_argument("--source", default="", help="the document that adopted it")
        parser.add_argument("--indicators", default="",
                            help="CSV or .xlsx of its outcome indicators: outcome, code, "
                                 "indicator, target, target_unit")

    def handle(self, *args, file, code, title, start, end, source="", indicators="",
               **options):
        try:
            with open(file, "rb") as handle:
                extra = open(indicators, "rb") if indicators else None  # noqa: SIM115
                try:
                    result = pb_framework_import(
                        file=handle, code=code, title=title, start_year=start, end_year=end,
                        source=source, name=file, indicators=extra,
                        indicators_name=indicators)
                finally:
                    if extra is not None:
                        extra.close()
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(reason)s.")
                               % {"file": exc.filename or file,
                                  "reason": exc.strerror or exc}) from exc
        if result.errors:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(ngettext(
                "The framework was not imported: %(n)d error, listed above; nothing was "
                "written.", "The framework was not imported: %(n)d errors, listed above; "
                "nothing was written.", len(result.errors)) % {"n": len(result.errors)})
        biennia = ", ".join(b.label for b in result.framework.biennia.all())
        self.stdout.write(self.style.SUCCESS(_(
            "%(code)s: %(created)s created, %(updated)s updated; biennia %(biennia)s.") % {
                "code": result.framework.code,
                "created": ngettext("%(n)d outcome", "%(n)d outcomes", len(result.created))
                % {"n": len(result.created)},
                "updated": len(result.updated), "biennia": biennia or "—"}))
        if indicators:
            self.stdout.write(self.style.SUCCESS(_(
                "Outcome indicators: %(created)d created, %(updated)d updated.") % {
                    "created": len(result.indicators_created),
                    "updated": len(result.indicators_updated)}))
