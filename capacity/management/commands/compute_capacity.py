"""manage.py compute_capacity [--as-of YYYY-MM-DD] — the worker's computation of the capacity
figures, run synchronously (same code as the Celery task, recorded as a TaskRun)."""
from capacity.tasks import RECOMPUTE_ALL, recompute_all
from core.management.base import ComputeCommand


class Command(ComputeCommand):
    help = ("Compute the capacity figures (indices, change between rounds, needs coverage, "
            "participation, reach and cost) as the worker does, synchronously.")
    task = recompute_all
    task_name = RECOMPUTE_ALL
    what = "Capacity figures"
    labels = {
        "assessment_indices": "capacity indices",
        "dimension_changes": "changes between rounds",
        "needs_coverage": "needs coverage rows",
        "participation": "participation rows",
        "intervention_figures": "intervention figures",
        "reach": "reach rows",
    }
