"""Back up and restore everything the application keeps: the database (``pg_dump`` custom
format) and MEDIA_ROOT (evidence of progress updates, evaluation reports and the report store,
``MEDIA_ROOT/reports``), in one ``tar.gz`` with a ``manifest.json`` (versions, applied
migrations, rows per table, SHA-256 of every file). ``restore`` checks the manifest before
touching anything and verifies the counts and checksums afterwards. See docs/operations.md."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath
from typing import Any

import django
from django.conf import settings
from django.db import connection

from core.errors import ApplicationError

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media"


class BackupError(ApplicationError):
    """A backup or restore that cannot go on; the message says why."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg() -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for pg_dump / pg_restore of the default database."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError("Backups need PostgreSQL; this database is "
                          f"{db['ENGINE'].rsplit('.', 1)[-1]}.")
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise BackupError(f"{command[0]} is not installed on this machine.") from exc
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip() or done.returncode}.")


def table_counts() -> dict[str, int]:
    """Rows in every table of the database (the application's and Django's)."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def media_files(root: Path) -> dict[str, dict[str, Any]]:
    """Every file under ``root`` (posix path relative to it) → size and SHA-256."""
    files = {}
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            files[path.relative_to(root).as_posix()] = {"size": path.stat().st_size,
                                                        "sha256": _sha256(path)}
    return files


def _migrations() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def backup(output: Path) -> dict[str, Any]:
    """Write the archive at ``output``; returns its manifest."""
    args, env = _pg()
    media_root = Path(settings.MEDIA_ROOT)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMP
        # The counts are read in the same moment as the dump as far as a running site allows;
        # stop writes (maintenance window) for a backup whose counts must match exactly.
        counts = table_counts()
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
              "--file", str(dump), *args], env)
        files = media_files(media_root)
        manifest = {
            "format": FORMAT,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "django": django.get_version(),
            "postgresql": getattr(connection, "pg_version", None),
            "database": {"file": DUMP, "sha256": _sha256(dump), "tables": counts},
            "migrations": _migrations(),
            "media": files,
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=DUMP)
            for name in files:
                tar.add(media_root / name, arcname=f"{MEDIA}/{name}")
        partial.replace(output)
    return manifest


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.extractfile(MANIFEST)
        manifest = json.load(member) if member else None
    except KeyError as exc:
        raise BackupError("The archive has no manifest.json: it is not a DWCP backup.") from exc
    except ValueError as exc:
        raise BackupError("The archive's manifest.json cannot be read.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("The archive's manifest is not a DWCP backup manifest of format "
                          f"{FORMAT}.")
    return manifest


def _extract(archive: Path, into: Path) -> dict[str, Any]:
    """Unpack and check the archive: manifest, dump and every file with its checksum."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            manifest = _read_manifest(tar)
            for member in tar.getmembers():
                if not _safe(member.name) or not (member.isfile() or member.isdir()):
                    raise BackupError(f"The archive holds an unsafe entry: {member.name}.")
            tar.extractall(into, filter="data")
    except (tarfile.TarError, EOFError, OSError, KeyError) as exc:
        raise BackupError(f"The archive {archive} is damaged or incomplete ({exc}).") from exc
    dump = into / DUMP
    if not dump.is_file() or _sha256(dump) != manifest["database"]["sha256"]:
        raise BackupError("The database dump in the archive is missing or does not match "
                          "its checksum.")
    for name, meta in manifest["media"].items():
        path = into / MEDIA / name
        if not path.is_file() or _sha256(path) != meta["sha256"]:
            raise BackupError(f"The file {name} is missing from the archive or does not "
                              "match its checksum.")
    return manifest


def restore(archive: Path, *, force: bool = False) -> dict[str, Any]:
    """Restore the archive into the configured database and MEDIA_ROOT, then verify the rows
    per table and the files' checksums against the manifest. Refuses a database or media
    folder that already holds data unless ``force``."""
    args, env = _pg()
    if not archive.is_file():
        raise BackupError(f"There is no archive at {archive}.")
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        manifest = _extract(archive, Path(work))
        existing = table_counts()
        rows = sum(existing.values())
        if existing and not force:
            raise BackupError(
                f"The database {settings.DATABASES['default']['NAME']} already has "
                f"{len(existing)} tables ({rows} rows); restore with --force to replace them.")
        if media_files(media_root) and not force:
            raise BackupError(f"{media_root} already holds files; restore with --force to "
                              "replace them.")
        connection.close()
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
        if existing:
            command += ["--clean", "--if-exists"]
        _run([*command, *args, str(Path(work) / DUMP)], env)
        if media_root.exists():
            shutil.rmtree(media_root)
        source = Path(work) / MEDIA
        if source.is_dir():
            shutil.copytree(source, media_root)
        else:
            media_root.mkdir(parents=True)
    _verify(manifest, media_root)
    return manifest


def _verify(manifest: dict[str, Any], media_root: Path) -> None:
    counts = table_counts()
    expected = manifest["database"]["tables"]
    wrong = [f"{table} ({counts.get(table)} rows, expected {rows})"
             for table, rows in expected.items() if counts.get(table) != rows]
    if wrong:
        raise BackupError("After the restore these tables differ from the backup: "
                          + ", ".join(wrong) + ".")
    if media_files(media_root) != manifest["media"]:
        raise BackupError(f"After the restore the files in {media_root} differ from the "
                          "backup.")
