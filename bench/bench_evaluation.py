"""Benchmark: the evaluation figures at scale (issue 12).

For scale 1 and 10, evaluations seeded beside DWCPs and projects: per scale unit 150 DWCPs,
500 projects with two years of funding, 1,000 evaluations (a third of them of those projects
and DWCPs), each with 5 ratings and 5 recommendations with a submitted management response
and 2 follow-up actions. Prints the time of a full ``evaluation_recompute_all`` (coverage
flags and figures, implementation by four dimensions, average ratings by three) and of one
plain SQL floor that reads the same rows once (the actions counted per recommendation and
response, the ratings averaged per criterion), and the ratio. The recompute also classifies
and writes a coverage flag per rule and subject and aggregates by nine groupings; measured on
the shared 2-CPU machine on 3 December 2026: 0.4 s at scale 1, 4.6 s at scale 10, about 20x
the floor (the correlated count of each recommendation's actions is the largest part).

Runs in a throw-away test database (PostgreSQL from DATABASE_URL, as `make bench` sets it).
BENCH_SCALES=1 limits the scales."""
from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
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
    SELECT r.addressee_unit, m.decision, count(*),
           sum(a.completed), sum(a.started), sum(a.total)
    FROM evaluation_recommendation r
    JOIN evaluation_managementresponse m ON m.recommendation_id = r.id
    LEFT JOIN (SELECT recommendation_id, count(*) AS total,
                      count(*) FILTER (WHERE status = 'completed') AS completed,
                      count(*) FILTER (WHERE status IN ('completed', 'in_progress')) AS started
               FROM evaluation_followupaction GROUP BY recommendation_id) a
           ON a.recommendation_id = r.id
    WHERE m.submitted_at IS NOT NULL
    GROUP BY r.addressee_unit, m.decision;
    SELECT criterion, avg(score), count(*) FROM evaluation_rating GROUP BY criterion;
"""
UNITS = ("country_office", "regional_office", "project_team", "actemp", "actrav",
         "headquarters")
TYPES = ("independent", "internal", "self", "review", "joint")
CRITERIA = ("relevance", "coherence", "effectiveness", "efficiency", "sustainability")


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


def floor() -> None:
    with connection.cursor() as cursor:
        for statement in FLOOR_SQL.split(";"):
            if statement.strip():
                cursor.execute(statement)
                cursor.fetchall()


def seed(units: int, rng: random.Random) -> int:
    """Add ``units`` scale units of DWCPs, projects and evaluations (bulk, no history)."""
    from constituents.models import Country
    from evaluation.models import (
        Evaluation,
        FollowUpAction,
        ManagementResponse,
        Rating,
        Recommendation,
    )
    from programmes.models import Dwcp, Project, ProjectFunding

    countries = list(Country.objects.values_list("id", "region_id"))
    now = timezone.now()
    batch = Evaluation.objects.count()
    starts = [2014 + 2 * rng.randrange(0, 5) for _ in range(150 * units)]
    dwcps = Dwcp.objects.bulk_create([
        Dwcp(country_id=countries[i % len(countries)][0], title=f"Bench DWCP {batch}-{i}",
             start_year=start, end_year=start + rng.choice((3, 4)), status="active")
        for i, start in enumerate(starts)])
    projects = Project.objects.bulk_create([
        Project(country_id=countries[i % len(countries)][0], code=f"BENCH/{batch}/{i}",
                title=f"Bench project {i}", funding_source="xbtc",
                start_date=dt.date(2016 + rng.randrange(0, 6), 1, 1),
                end_date=dt.date(2023 + rng.randrange(0, 4), 12, 31), status="ongoing")
        for i in range(500 * units)])
    ProjectFunding.objects.bulk_create([
        ProjectFunding(project=p, year=p.start_date.year + k,
                       allocation=Decimal(rng.choice((300_000, 600_000, 2_800_000))))
        for p in projects for k in (0, 1)])
    evaluations = []
    for i in range(1000 * units):
        country_id, region_id = countries[i % len(countries)]
        kind = i % 3
        subject = ({"subject_kind": "project", "project": projects[i % len(projects)]}
                   if kind == 0 else
                   {"subject_kind": "dwcp", "dwcp": dwcps[i % len(dwcps)]} if kind == 1
                   else {"subject_kind": "theme", "theme_title": "Bench theme"})
        end = dt.date(2016 + rng.randrange(0, 10), rng.randrange(1, 13), 1)
        evaluations.append(Evaluation(
            title=f"Bench evaluation {batch + i}", **subject,
            evaluation_type=rng.choice(TYPES), timing=rng.choice(("final", "mid_term")),
            country_id=country_id, region_id=region_id, planned_end=end, actual_end=end,
            status=rng.choice(("approved", "published", "report_submitted", "in_progress")),
            constituent_groups=[], languages=["en"]))
    evaluations = Evaluation.objects.bulk_create(evaluations, batch_size=2000)
    Rating.objects.bulk_create([
        Rating(evaluation=e, criterion=c, score=rng.randrange(1, 7), justification="Bench.")
        for e in evaluations for c in CRITERIA], batch_size=5000)
    recommendations = Recommendation.objects.bulk_create([
        Recommendation(evaluation=e, number=n, text="Bench recommendation.",
                       addressee_unit=rng.choice(UNITS))
        for e in evaluations for n in range(1, 6)], batch_size=5000)
    ManagementResponse.objects.bulk_create([
        ManagementResponse(recommendation=r,
                           decision=rng.choice(("accepted", "accepted",
                                                "partially_accepted", "rejected")),
                           rationale="Bench.", submitted_at=now)
        for r in recommendations], batch_size=5000)
    FollowUpAction.objects.bulk_create([
        FollowUpAction(recommendation=r, description="Bench action.", owner_unit="Unit",
                       due_date=dt.date(2024, 6, 30),
                       status=(status := rng.choice(("not_started", "in_progress",
                                                     "completed", "completed"))),
                       completed_on=dt.date(2024, 5, 1) if status == "completed" else None)
        for r in recommendations for _ in range(2)], batch_size=5000)
    return len(evaluations)


def main() -> None:
    from core.reference import load_all
    from evaluation.models import Evaluation
    from evaluation.services.computed import evaluation_recompute_all

    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_all()
        seeded = 0
        print(f"{'scale':>5} {'evaluations':>12} {'recompute':>10} {'floor':>8} {'ratio':>6}")
        for scale in SCALES:
            seed(scale - seeded, random.Random(scale))
            seeded = scale
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            floor()  # warm the cache so both timings read from memory
            floor_time, _ = timed(floor)
            full, _ = timed(evaluation_recompute_all)
            print(f"{scale:>5} {Evaluation.objects.count():>12,} {full:>9.2f}s "
                  f"{floor_time:>7.3f}s {full / floor_time:>6.1f}")
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
