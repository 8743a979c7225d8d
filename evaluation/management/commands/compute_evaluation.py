"""manage.py compute_evaluation [--as-of YYYY-MM-DD] — the worker's computation of the
evaluation figures (coverage, implementation of recommendations, average ratings), run
synchronously (same code as the Celery task, recorded as a TaskRun)."""
from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone

from core.management.base import ServiceCommand
from core.models import TaskRun
from evaluation.tasks import RECOMPUTE_ALL, recompute_all

LABELS = {
    "coverage_flags": "required evaluations",
    "coverage": "coverage rows",
    "implementation": "implementation rows",
    "rating_averages": "average ratings",
}


class Command(ServiceCommand):
    help = ("Compute the evaluation figures (coverage of the evaluation plan, implementation "
            "of recommendations, average ratings) as the worker does, synchronously.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--as-of", help="date the coverage is judged on "
                                            "(YYYY-MM-DD; default today)")

    def handle(self, *args: Any, as_of: str | None = None, **options: Any) -> None:
        if as_of is not None:
            try:
                day = dt.date.fromisoformat(as_of.strip())
            except ValueError as exc:
                raise CommandError(f"--as-of must be a date such as 2021-12-31, not {as_of!r}.") \
                    from exc
            if day > timezone.localdate():
                raise CommandError(f"--as-of cannot be in the future ({day.isoformat()}): the "
                                   "figures describe what has happened.")
            as_of = day.isoformat()
        run = TaskRun.objects.create(name=RECOMPUTE_ALL, parameters={"as_of": as_of})
        try:
            recompute_all.apply(kwargs={"run_id": run.pk, "as_of": as_of}, throw=True)
        except Exception as exc:
            raise CommandError(f"The computation failed: {type(exc).__name__}: {exc}") from exc
        run.refresh_from_db()
        if run.status != TaskRun.Status.SUCCEEDED:
            raise CommandError(f"The computation did not finish: {run.error or run.status}.")
        counts = ", ".join(f"{run.counts.get(key, 0)} {label}" for key, label in LABELS.items())
        self.stdout.write(self.style.SUCCESS(
            f"Evaluation figures computed as of {run.counts.get('as_of')}: {counts}."))
