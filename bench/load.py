"""Load benchmark (issue 17 point 5): locust against gunicorn and PostgreSQL at synthetic
scale 1. Creates a dedicated database (<DATABASE_URL's name>_load), migrates, loads the
reference data and ``seed_synthetic --scale 1`` plus users per role with a known password,
starts gunicorn on 127.0.0.1 (a free port, 4 workers, test profile: DEBUG off, tasks run
eagerly in the web process), runs bench/locustfile.py headless (50 users, 10 per second, 60
s), prints requests per second, p50/p95/p99 per page and the error count with the goal (no
errors, p95 under 300 ms), then stops gunicorn and drops the database.
LOAD_USERS / LOAD_TIME change the load (e.g. LOAD_TIME=20s for a quick look)."""
from __future__ import annotations

import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dwcp_bench")
DB_NAME = urlparse(BASE_URL).path.lstrip("/") + "_load"
DB_URL = urlparse(BASE_URL)._replace(path="/" + DB_NAME).geturl()
PASSWORD = "load-test-password"
WORK = Path(tempfile.mkdtemp(prefix="dwcp-load-"))
ENV = dict(os.environ, DATABASE_URL=DB_URL, DJANGO_SETTINGS_MODULE="config.settings.test",
           DJANGO_MEDIA_ROOT=str(WORK / "media"), DJANGO_DEBUG="False")
os.environ.update(ENV)
GOAL_MS = 300


def admin(statement: str) -> None:
    import psycopg2

    conn = psycopg2.connect(urlparse(BASE_URL)._replace(path="/postgres").geturl())
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(statement)
    conn.close()


def prepare() -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.urls import reverse

    from core.models import User
    from core.roles import Role
    from programmes.models import Dwcp, Indicator

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    try:
        call_command("load_reference_data", verbosity=0)
    except Exception as exc:  # noqa: BLE001 - the migrations already hold the reference data
        print(f"load_reference_data skipped ({type(exc).__name__}: {exc})")
    call_command("seed_synthetic", scale=1, force=True, verbosity=0)
    print(f"database {DB_NAME} migrated and seeded at scale 1 in "
          f"{time.perf_counter() - started:.0f} s")
    dwcps = list(Dwcp.objects.order_by("pk").select_related("country")[:60])
    targets: dict = {"password": PASSWORD, "users": {"field_staff": [], "specialist": [],
                                                     "manager": []}, "field": {}}
    for n, dwcp in enumerate(dwcps[:20]):
        user = User.objects.create_user(f"load.field{n}", password=PASSWORD,
                                        role=Role.FIELD_STAFF)
        user.countries.set([dwcp.country])
        indicators = Indicator.objects.filter(cpo__dwcp=dwcp).order_by("pk")[:3]
        targets["users"]["field_staff"].append(user.username)
        targets["field"][user.username] = [{
            "dwcp": reverse("programmes:dwcp-detail", args=[dwcp.pk]),
            "results": reverse("programmes:dwcp-results", args=[dwcp.pk]),
            "cpo": reverse("programmes:cpo-indicators", args=[i.cpo_id]),
            "update": reverse("programmes:update-create", args=[i.pk])} for i in indicators]
    for n in range(6):
        user = User.objects.create_user(f"load.specialist{n}", password=PASSWORD,
                                        role=Role.ACTEMP if n % 2 else Role.ACTRAV)
        targets["users"]["specialist"].append(user.username)
    for n in range(4):
        user = User.objects.create_user(f"load.manager{n}", password=PASSWORD,
                                        role=Role.MANAGER)
        targets["users"]["manager"].append(user.username)
    targets["dwcps"] = [reverse("programmes:dwcp-detail", args=[d.pk]) for d in dwcps]
    targets["glances"] = [reverse("programmes:dwcp-glance", args=[d.pk]) for d in dwcps]
    targets["urls"] = {"needs": reverse("capacity:needs-queue"),
                       "results": reverse("programmes:results-overview"),
                       "reports": reverse("reporting:home")}
    from django.db import connections
    connections.close_all()
    return targets


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str) -> None:
    for _ in range(60):
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer at {url}")


def report(prefix: Path) -> int:
    with open(f"{prefix}_stats.csv") as handle:
        rows = list(csv.DictReader(handle))
    print(f"\n{'page':<30}{'requests':>9}{'errors':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}")
    total = None
    slow = []
    for row in rows:
        if row["Name"] == "Aggregated":
            total = row
            continue
        print(f"{row['Name']:<30}{row['Request Count']:>9}{row['Failure Count']:>8}"
              f"{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}")
        if not row["Name"].startswith("login") and float(row["95%"]) >= GOAL_MS:
            slow.append(row["Name"])
    assert total is not None
    errors = int(total["Failure Count"])
    print(f"\n{float(total['Requests/s']):.1f} requests/s, {total['Request Count']} requests, "
          f"{errors} errors, p95 overall {total['95%']} ms")
    failures = Path(f"{prefix}_failures.csv")
    if errors and failures.exists():
        print(failures.read_text())
    met = not errors and not slow
    print("goal (no errors, p95 < 300 ms for every page): "
          + ("met" if met else f"MISSED — errors: {errors}, slow pages: {', '.join(slow) or '-'}"))
    return 0


def main() -> None:
    admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{DB_NAME}"')
    server = None
    try:
        targets = prepare()
        (WORK / "targets.json").write_text(json.dumps(targets))
        port = free_port()
        server = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "--workers", "4",
             "--bind", f"127.0.0.1:{port}", "--log-level", "warning"], cwd=ROOT, env=ENV)
        wait_for(f"http://127.0.0.1:{port}/accounts/login/")
        users = os.environ.get("LOAD_USERS", "50")
        duration = os.environ.get("LOAD_TIME", "60s")
        print(f"locust: {users} users for {duration} against gunicorn (4 workers) on port {port}")
        subprocess.run(
            [str(ROOT / ".venv/bin/locust"), "-f", str(ROOT / "bench/locustfile.py"),
             "--headless", "-u", users, "-r", "10", "-t", duration, "--only-summary",
             "--host", f"http://127.0.0.1:{port}", "--csv", str(WORK / "load"),
             "--loglevel", "WARNING"],
            cwd=ROOT, env=dict(ENV, LOAD_TARGETS=str(WORK / "targets.json")),
            stdout=subprocess.DEVNULL, stderr=open(WORK / "locust.log", "w"),  # noqa: SIM115
            check=False)
        report(WORK / "load")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
