"""``manage.py restore ARCHIVE [--force]``: put back a ``backup`` archive and verify it (see
core.backups and docs/operations.md)."""
from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from core import backups
from core.management.base import ServiceCommand


class Command(ServiceCommand):
    help = ("Restore the database and files from a backup archive, then check rows per table "
            "and file checksums against its manifest.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("archive", help="tar.gz written by manage.py backup")
        parser.add_argument("--force", action="store_true",
                            help="replace a database and media folder that already hold data")

    def handle(self, *args: Any, archive: str, force: bool = False, **options: Any) -> None:
        manifest = backups.restore(Path(archive), force=force)
        rows = sum(manifest["database"]["tables"].values())
        self.stdout.write(self.style.SUCCESS(
            f"Restored {len(manifest['database']['tables'])} tables ({rows} rows) and "
            f"{len(manifest['media'])} files from {archive}; counts and checksums match."))
