"""manage.py compute_capacity [--as-of YYYY-MM-DD] — the worker's computation of the capacity
figures, run synchronously (same code as the Celery task, recorded as a TaskRun)."""
import datetime as dt

from django.core.management.base import CommandError
from django.utils import timezone

from capacity.tasks import RECOMPUTE_ALL, recompute_all
from core.management.base import ServiceCommand
from core.models import TaskRun

LABELS = {
    "assessment_indices": "capacity indices",
    "dimension_changes": "changes between rounds",
    "needs_coverage": "needs coverage rows",
    "participation": "participation rows",
    "intervention_figures": "intervention figures",
    "reach": "reach rows",
}


class Command(ServiceCommand):
    help = ("Compute the capacity figures (indices, change between rounds, needs coverage, "
            "participation, reach and cost) as the worker does, synchronously.")

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="date the figures are computed as of "
                                            "(YYYY-MM-DD; default today)")

    def handle(self, *args, as_of=None, **options):
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
            f"Capacity figures computed as of {run.counts.get('as_of')}: {counts}."))
