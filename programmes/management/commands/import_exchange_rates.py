"""manage.py import_exchange_rates FILE

Records the UN operational rates of exchange of FILE (CSV or .xlsx; columns currency, month,
units_per_usd) through :func:`programmes.services.portfolio.exchange_rates_import`: every
row is checked first and every problem printed with its row; all or nothing. A rate already
recorded for a currency and month is changed, and the agreements it converts are converted
again.
"""
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.management.base import ServiceCommand
from programmes.services.portfolio import exchange_rates_import


class Command(ServiceCommand):
    help = "Import UN operational rates of exchange from a CSV or Excel file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV or .xlsx: currency, month, units_per_usd")

    def handle(self, *args, file, **options):
        result = self.read_file(file, lambda handle: exchange_rates_import(
            user=None, file=handle, name=file))
        if result.errors:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(ngettext(
                "The rates were not imported: %(n)d error, listed above; nothing was written.",
                "The rates were not imported: %(n)d errors, listed above; nothing was "
                "written.", len(result.errors)) % {"n": len(result.errors)})
        self.stdout.write(self.style.SUCCESS(_(
            "Rates of exchange: %(created)d new, %(updated)d changed, %(same)d unchanged.")
            % {"created": result.created, "updated": result.updated,
               "same": result.unchanged}))
