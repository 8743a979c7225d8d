"""Render a report to a PDF file (and optionally its tables to xlsx) from the command line:

    manage.py render_report dwcp --country ALB [--as-of 2024-03-01] [--language fr] -o alb.pdf
    manage.py render_report biennial --biennium 2020-21 [--region AF] -o biennial.pdf
    manage.py render_report capacity --constituent 12 [--language fr] -o profile.pdf

The figures come from the current results snapshot (the capacity profile: the current
capacity snapshot); ``--as-of`` checks that it is the one wanted. Bad input ends with a
sentence saying what is wrong and a non-zero exit status."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import CommandError

from core.management.base import ServiceCommand
from reporting import services
from reporting.models import ReportDefinition


class Command(ServiceCommand):
    help = "Render a Governing Body-style report (biennial, dwcp or capacity) to a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["biennial", "dwcp", "capacity"],
                            help="which report")
        parser.add_argument("--country", help="ISO3 code of the country (dwcp report)")
        parser.add_argument("--constituent",
                            help="id of the constituent (capacity profile)")
        parser.add_argument("--biennium", help="biennium, e.g. 2020-21 (biennial report)")
        parser.add_argument("--region", default="", help="region code or name (biennial)")
        parser.add_argument("--as-of", dest="as_of",
                            help="date the results must be computed as of (YYYY-MM-DD)")
        parser.add_argument("--language", default="en", help="en, fr or es")
        parser.add_argument("--definition", type=int,
                            help="id of a saved report definition (its front matter)")
        parser.add_argument("-o", "--output", required=True, help="PDF file to write")
        parser.add_argument("--xlsx", help="also write the report's tables to this xlsx file")

    def handle(self, *args, kind, country, constituent, biennium, region, as_of, language,
               definition, output, xlsx, **options):
        parameters = {"dwcp": {"country": country or ""},
                      "capacity": {"constituent": constituent or ""}}.get(
            kind, {"biennium": biennium or "", "region": region or ""})
        if kind == "dwcp" and not country:
            raise CommandError("The dwcp report needs --country (an ISO3 code such as ALB).")
        if kind == "biennial" and not biennium:
            raise CommandError("The biennial report needs --biennium (such as 2020-21).")
        if kind == "capacity" and not constituent:
            raise CommandError("The capacity profile needs --constituent (the id of the "
                               "constituent, as in its page's address).")
        front = {}
        if definition is not None:
            found = ReportDefinition.objects.filter(pk=definition).first()
            if found is None:
                raise CommandError(f"There is no report definition {definition}.")
            front = found.content()
        if as_of:
            self._check_as_of(as_of, capacity=kind == "capacity")
        out = services.render_report(kind=kind, parameters=parameters, language=language,
                                     front_matter=front)
        Path(output).write_bytes(out["pdf"])
        if xlsx:
            Path(xlsx).write_bytes(out["xlsx"])
        document = out["document"]
        self.stdout.write(f"Wrote {output}: {len(document.paragraphs)} paragraphs, "
                          f"{len(document.tables)} tables, "
                          f"{'capacity figures' if kind == 'capacity' else 'results'} as of "
                          f"{document.as_of}.")

    @staticmethod
    def _check_as_of(value: str, *, capacity: bool) -> None:
        from capacity.selectors import current_snapshot as current_capacity_snapshot
        from reporting.reports.base import current_snapshot

        try:
            wanted = dt.date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(f"--as-of must be a date written YYYY-MM-DD, not “{value}”.") \
                from exc
        if capacity:
            snapshot = current_capacity_snapshot()
            if snapshot is None or snapshot.as_of != wanted:
                raise CommandError(
                    f"The current capacity figures are computed as of "
                    f"{snapshot.as_of if snapshot else 'no date (never computed)'}, not "
                    f"{wanted}: run “manage.py compute_capacity --as-of {wanted}” first.")
            return
        snapshot = current_snapshot()
        if snapshot.as_of != wanted:
            raise CommandError(
                f"The current results are computed as of {snapshot.as_of}, not {wanted}: run "
                f"“manage.py compute_indicators --as-of {wanted}” first.")
