"""``manage.py export_iati --biennium 2020-21 [--country ALB] -o FILE.xml``: the IATI 2.03
activity file of a biennium (``docs/iati.md``), validated against the official schema."""
from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError

from constituents.selectors_for_reports import country_by_iso3
from core.management.base import ServiceCommand
from programmes.selectors.reports import biennium_by_code
from reporting import iati


class Command(ServiceCommand):
    help = "Write the IATI 2.03 activity file of a biennium: one activity per CPO."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--biennium", required=True, help="biennium code, e.g. 2020-21")
        parser.add_argument("--country", help="ISO3 code of one country (default: all)")
        parser.add_argument("-o", "--output", required=True, help="the XML file to write")

    def handle(self, *args: Any, biennium: str, country: str | None = None,
               output: str, **options: Any) -> None:
        period = biennium_by_code(code=biennium)
        if period is None:
            raise CommandError(f"There is no biennium {biennium!r}; give its code, "
                               "e.g. 2020-21.")
        country_ids = None
        if country is not None:
            found = country_by_iso3(iso3=country.strip().upper())
            if found is None:
                raise CommandError(f"There is no country with the ISO3 code {country!r}.")
            country_ids = [found.pk]
        xml = iati.build_activities(biennium=period, country_ids=country_ids)
        errors = iati.validation_errors(xml)
        if errors:
            raise CommandError("The file does not validate against the IATI 2.03 schema: "
                               + "; ".join(errors[:5]))
        try:
            with open(output, "wb") as handle:
                handle.write(xml)
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror or exc}.") from exc
        count = xml.count(b"<iati-activity ")
        self.stdout.write(self.style.SUCCESS(
            f"{count} IATI activities of {period.code} written to {output}."))
