"""Benchmark: computing results at scale (issue 4).

For scale 1 and 10 (``manage.py seed_synthetic``): the time of a full recompute, the time of
one plain SQL aggregation over the same approved update rows (the floor: reading them once),
and their ratio; then the time of the recompute after one approval. Goals: full recompute
within 3x the floor at scale 10; recompute after one approval under 100 ms.

Runs in a throw-away test database (PostgreSQL from DATABASE_URL, as `make bench` sets it).
BENCH_SCALES=1 limits the scales (e.g. for a quick look)."""
from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

SCALES = [int(s) for s in os.environ.get("BENCH_SCALES", "1,10").split(",")]
FLOOR_SQL = """
    SELECT indicator_id, count(*), sum(value), max(date), max(approval_seq)
    FROM programmes_progressupdate WHERE status = 'approved' AND date <= %s
    GROUP BY indicator_id
"""


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


def floor(as_of: dt.date) -> int:
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL, [as_of])
        return len(cursor.fetchall())


def main() -> None:
    from core.reference import load_all
    from programmes.management.commands.seed_synthetic import seed
    from programmes.models import Indicator, ProgressUpdate
    from programmes.services.results import (
        results_recompute_all,
        results_recompute_indicators,
    )

    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_all()
        as_of = timezone.localdate()
        seeded = 0
        print(f"{'scale':>5} {'updates':>10} {'recompute':>10} {'floor':>8} {'ratio':>6} "
              f"{'after approval':>15}")
        for scale in SCALES:
            seed(scale=scale - seeded, rng=random.Random(scale))
            seeded = scale
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            floor(as_of)  # warm the cache so both timings read from memory
            full, _ = timed(results_recompute_all, as_of=as_of)
            low, _ = timed(floor, as_of)
            indicator = Indicator.objects.order_by("?").first()
            one, _ = timed(results_recompute_indicators, indicator_ids=[indicator.pk])
            print(f"{scale:>5} {ProgressUpdate.objects.count():>10,} {full:>9.2f}s "
                  f"{low:>7.2f}s {full / low:>5.1f}x {one * 1000:>13.0f}ms")
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
