"""manage.py import_pb_indicators FILE [--framework "P&B 2026-27"]

Imports the outcome indicators of P&B results frameworks with their biennial targets
(columns outcome, code, indicator, target, target_unit, and framework unless ``--framework``
names it; CSV or .xlsx) through :func:`programmes.services.pb.pb_indicators_import`: every
row is checked first and every problem printed; all or nothing; a re-import changes nothing.
"""
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.management.base import ServiceCommand
from programmes.models import PBFramework
from programmes.services.pb import pb_indicators_import


class Command(ServiceCommand):
    help = "Import P&B outcome indicators and their targets from a CSV or Excel file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV or .xlsx: [framework,] outcome, code, indicator, "
                                         "target, target_unit")
        parser.add_argument("--framework", default="",
                            help='the framework\'s code, e.g. "P&B 2026-27" (else a column)')

    def handle(self, *args, file, framework="", **options):
        chosen = None
        if framework:
            chosen = PBFramework.objects.filter(code=framework).first()
            if chosen is None:
                raise CommandError(_("There is no P&B framework %(code)s.")
                                   % {"code": framework})
        result = self.read_file(file, lambda handle: pb_indicators_import(
            file=handle, framework=chosen, name=file))
        if result.errors:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(ngettext(
                "The indicators were not imported: %(n)d error, listed above; nothing was "
                "written.", "The indicators were not imported: %(n)d errors, listed above; "
                "nothing was written.", len(result.errors)) % {"n": len(result.errors)})
        self.stdout.write(self.style.SUCCESS(_(
            "Outcome indicators: %(created)d created, %(updated)d updated.") % {
                "created": len(result.created), "updated": len(result.updated)}))
