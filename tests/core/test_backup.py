"""Backup and restore (issue 17 point 6): an archive of the real PostgreSQL database and the
files puts back the same rows and the same bytes into a fresh database; a damaged archive or a
database that already holds data is refused with a sentence and exit status 1."""
import datetime as dt
import json
import os
import subprocess
import sys
import tarfile
from decimal import Decimal as D
from pathlib import Path

import psycopg2
import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from programmes.models import EvidenceFile
from programmes.services import indicators as svc
from reporting.models import ReportRun
from tests.programmes.factories import CpoFactory

ROOT = Path(__file__).resolve().parents[2]
# pg_dump and pg_restore: backups are of PostgreSQL only (on SQLite the command says so).
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _dsn(name: str) -> str:
    db = connection.settings_dict
    return (f"postgresql://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}"
            f":{db['PORT'] or 5432}/{name}")


def _manage(*args: str, database: str, media: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DATABASE_URL=_dsn(database), DJANGO_MEDIA_ROOT=str(media),
               DJANGO_SETTINGS_MODULE="config.settings.test")
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture
def fresh_database():
    name = f"{connection.settings_dict['NAME']}_restore"
    _admin(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    yield name
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _admin(*statements: str) -> None:
    conn = psycopg2.connect(_dsn("postgres"))
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        conn.close()


def _query(database: str, sql: str) -> list[tuple]:
    conn = psycopg2.connect(_dsn(database))
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()
    finally:
        conn.close()


@pytest.fixture
def data(settings, tmp_path, field_user):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    indicator = svc.indicator_create(
        user=field_user, cpo=CpoFactory(code="ALB101"), title="Collective agreements",
        baseline_value=D("10"), baseline_year=2011, target_value=D("40"), target_year=2016)
    update = svc.progress_update_create(user=field_user, indicator=indicator,
                                        date=dt.date(2013, 5, 1), value=D("16"), submit=True)
    evidence = EvidenceFile(update=update, title="Register extract")
    evidence.file.save("register.pdf", ContentFile(b"%PDF-1.4 agreements \x00\xff"))
    report = ReportRun.objects.create(kind=ReportRun._meta.get_field("kind").choices[0][0],
                                      status=ReportRun.Status.DONE, input_hash="x" * 64)
    report.file.save("biennial.pdf", ContentFile(b"%PDF-1.7 report " * 200))
    return evidence, report


def _rows(database: str, table: str) -> list[tuple]:
    return _query(database, f'SELECT * FROM "{table}" ORDER BY 1')


def _counts(database: str) -> dict[str, int]:
    tables = [r[0] for r in _query(
        database, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    return {t: _query(database, f'SELECT count(*) FROM "{t}"')[0][0] for t in tables}


def test_a_backup_restores_the_same_rows_and_files_into_a_fresh_database(
        data, settings, tmp_path, fresh_database):
    evidence, report = data
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive))
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["media"][evidence.file.name]["size"] == evidence.file.size
    assert report.file.name in manifest["media"]
    assert manifest["database"]["tables"]["programmes_evidencefile"] == 1

    restored_media = tmp_path / "restored"
    done = _manage("restore", str(archive), database=fresh_database, media=restored_media)
    assert done.returncode == 0, done.stderr
    assert "counts and checksums match" in done.stdout

    source = connection.settings_dict["NAME"]
    assert _counts(fresh_database) == _counts(source)
    for model in (EvidenceFile, ReportRun, type(evidence.update), type(evidence.update.indicator)):
        table = model._meta.db_table
        assert _rows(fresh_database, table) == _rows(source, table)
    for name in (evidence.file.name, report.file.name):
        original = Path(settings.MEDIA_ROOT) / name
        assert (restored_media / name).read_bytes() == original.read_bytes()

    again = _manage("restore", str(archive), database=fresh_database, media=tmp_path / "other")
    assert again.returncode == 1
    assert "already has" in again.stderr and "--force" in again.stderr
    forced = _manage("restore", "--force", str(archive), database=fresh_database,
                     media=restored_media)
    assert forced.returncode == 0, forced.stderr
    assert _counts(fresh_database) == _counts(source)


def test_a_damaged_or_foreign_archive_is_refused_with_a_sentence(data, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive))
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    done = _manage("restore", str(truncated), database=connection.settings_dict["NAME"],
                   media=tmp_path / "m")
    assert done.returncode == 1
    assert "damaged or incomplete" in done.stderr
    assert "Traceback" not in done.stderr

    foreign = tmp_path / "foreign.tar.gz"
    with tarfile.open(foreign, "w:gz") as tar:
        tar.add(archive, arcname="something.tar.gz")
    with pytest.raises(CommandError, match="no manifest.json"):
        call_command("restore", str(foreign))
    with pytest.raises(CommandError, match="There is no archive"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))
