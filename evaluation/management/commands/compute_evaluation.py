"""manage.py compute_evaluation [--as-of YYYY-MM-DD] — the worker's computation of the
evaluation figures (coverage, implementation of recommendations, average ratings), run
synchronously (same code as the Celery task, recorded as a TaskRun)."""
from __future__ import annotations

from core.management.base import ComputeCommand
from evaluation.tasks import RECOMPUTE_ALL, recompute_all


class Command(ComputeCommand):
    help = ("Compute the evaluation figures (coverage of the evaluation plan, implementation "
            "of recommendations, average ratings) as the worker does, synchronously.")
    task = recompute_all
    task_name = RECOMPUTE_ALL
    what = "Evaluation figures"
    labels = {
        "coverage_flags": "required evaluations",
        "coverage": "coverage rows",
        "implementation": "implementation rows",
        "rating_averages": "average ratings",
    }
