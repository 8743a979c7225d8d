"""Benchmark: computing results at scale (issue 4).

For scale 1 and 10 (``manage.py seed_synthetic``): the time of a first full recompute (every
result row written), then of the nightly full recompute as it finds things a day later (1,000
updates approved since, results as of the next day, a current snapshot to bring up to date),
the time of one plain SQL aggregation over the same approved update rows (the floor: reading
them once), and the ratio nightly / floor; then the time of the recompute after one approval;
then the server time of the results page of a DWCP with 100 indicators. Goals: full
recompute within 3x the floor at scale 10; recompute after one approval under 50 ms; that
results page under 150 ms.

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
import django.db.models  # noqa: E402

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
        print(f"{'scale':>5} {'updates':>10} {'first run':>10} {'nightly':>8} {'floor':>8} "
              f"{'ratio':>6} {'after approval':>15}")
        for scale in SCALES:
            seed(scale=scale - seeded, rng=random.Random(scale))
            seeded = scale
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            floor(as_of)  # warm the cache so both timings read from memory
            full, _ = timed(results_recompute_all, as_of=as_of - dt.timedelta(days=1))
            # The next night: updates approved during the day (their recomputes after
            # approval not run), statistics that autovacuum has brought up to date.
            _approve_fresh(as_of, 1_000, random.Random(scale))
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            again, _ = timed(results_recompute_all, as_of=as_of)
            low, _ = timed(floor, as_of)
            indicator = Indicator.objects.order_by("?").first()
            one, _ = timed(results_recompute_indicators, indicator_ids=[indicator.pk])
            print(f"{scale:>5} {ProgressUpdate.objects.count():>10,} {full:>9.2f}s "
                  f"{again:>6.2f}s {low:>7.2f}s {again / low:>5.1f}x {one * 1000:>13.0f}ms")
        results_page(results_recompute_all)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


def _approve_fresh(day: dt.date, n: int, rng: random.Random) -> None:
    """``n`` approved updates dated ``day`` for random numeric indicators."""
    from decimal import Decimal

    from django.db.models import Max

    from programmes.models import Indicator, ProgressUpdate

    ids = list(Indicator.objects.exclude(unit="qualitative").values_list("id", flat=True))
    seq = ProgressUpdate.objects.aggregate(m=Max("approval_seq"))["m"] or 0
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(indicator_id=i, date=day, value=Decimal(rng.randint(0, 200)),
                       status="approved", approval_seq=seq + k)
        for k, i in enumerate(rng.sample(ids, n), start=1))


def _grow_to_100_indicators(dwcp_id: int, count: int) -> None:
    """Copy indicators of the DWCP (with milestones and updates) until it has 100."""
    from django.db.models import Max

    from programmes.models import BiennialMilestone, Indicator, ProgressUpdate

    templates = list(Indicator.objects.filter(cpo__dwcp_id=dwcp_id)
                     .prefetch_related("milestones", "updates"))
    seq = ProgressUpdate.objects.aggregate(m=Max("approval_seq"))["m"] or 0
    n = 0
    while count < 100:
        source = templates[n % len(templates)]
        n += 1
        copy = Indicator.objects.create(
            cpo_id=source.cpo_id, code=f"{source.cpo.code}.{100 + n}", title=source.title,
            baseline_value=source.baseline_value, target_value=source.target_value,
            direction=source.direction, cumulative=source.cumulative)
        BiennialMilestone.objects.bulk_create(
            BiennialMilestone(indicator=copy, biennium_id=m.biennium_id, value=m.value)
            for m in source.milestones.all())
        updates = []
        for u in source.updates.all():
            seq += 1
            updates.append(ProgressUpdate(indicator=copy, date=u.date, value=u.value,
                                          status=u.status, approval_seq=seq))
        ProgressUpdate.objects.bulk_create(updates)
        count += 1


def results_page(recompute) -> None:
    """Server time of /programmes/dwcps/<pk>/results/ for a DWCP with 100 indicators."""
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from core.roles import Role
    from programmes.models import Indicator
    from tests.factories import UserFactory

    dwcp_id, count = (Indicator.objects.values_list("cpo__dwcp_id")
                      .annotate(n=django.db.models.Count("id")).order_by("-n").first())
    _grow_to_100_indicators(dwcp_id, count)
    count = Indicator.objects.filter(cpo__dwcp_id=dwcp_id).count()
    recompute(as_of=timezone.localdate())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics for the new result rows, as autovacuum
    client = Client()
    client.force_login(UserFactory(username="bench.results", role=Role.MANAGER))
    url = reverse("programmes:dwcp-results", args=[dwcp_id])
    client.get(url)
    rounds = 10
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        for _ in range(rounds):
            response = client.get(url)
        elapsed = (time.perf_counter() - started) / rounds
    print(f"results page of a DWCP with {count} indicators: {response.status_code}, "
          f"{elapsed * 1000:.0f} ms, {len(queries) // rounds} queries")


if __name__ == "__main__":
    main()
