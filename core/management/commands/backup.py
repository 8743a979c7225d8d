"""``manage.py backup [--output FILE]``: the database and MEDIA_ROOT in one tar.gz archive
(see core.backups and docs/operations.md)."""
from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings

from core import backups
from core.management.base import ServiceCommand


class Command(ServiceCommand):
    help = "Back up the database and the uploaded and generated files into one tar.gz archive."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--output", help="archive to write (default "
                                             "var/backups/dwcp-<UTC time>.tar.gz)")

    def handle(self, *args: Any, output: str | None = None, **options: Any) -> None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
        path = Path(output) if output else (
            Path(settings.BASE_DIR) / "var" / "backups" / f"dwcp-{stamp}.tar.gz")
        manifest = backups.backup(path)
        rows = sum(manifest["database"]["tables"].values())
        self.stdout.write(self.style.SUCCESS(
            f"Backed up {len(manifest['database']['tables'])} tables ({rows} rows) and "
            f"{len(manifest['media'])} files to {path}."))
