"""Benchmark: list pages and API lists with many rows — time per request and query count.

Creates a throw-away test database (PostgreSQL from DATABASE_URL, as `make bench` sets it),
fills it with N DWCPs and constituents, and requests the lists as a manager. Query counts must
not grow with N (tests pin them); this shows the time. Run with `make bench`."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

SIZES = (50, 500)
PATHS = ("/programmes/dwcps/", "/constituents/", "/api/v1/dwcps/", "/api/v1/countries/")


def fill(n: int) -> None:
    from tests.constituents.factories import ConstituentFactory
    from tests.programmes.factories import DwcpFactory

    DwcpFactory.create_batch(n)
    ConstituentFactory.create_batch(n)


def main() -> None:
    from core.roles import Role
    from tests.factories import UserFactory

    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from core.reference import load_all

        load_all()
        manager = UserFactory(username="bench.manager", role=Role.MANAGER)
        client = Client()
        client.force_login(manager)
        created = 0
        for size in SIZES:
            fill(size - created)
            created = size
            for path in PATHS:
                client.get(path)  # warm up
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    rounds = 5
                    for _ in range(rounds):
                        response = client.get(path)
                    elapsed = (time.perf_counter() - started) / rounds
                print(f"{size:>5} rows  {path:<24} {response.status_code}  "
                      f"{elapsed * 1000:7.1f} ms  {len(queries) // rounds:3d} queries")
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
