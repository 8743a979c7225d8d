"""manage.py compute_indicators [--as-of YYYY-MM-DD] [--full] — the worker's computation, run
synchronously (same code as the Celery task)."""
import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from core.models import TaskRun
from programmes.tasks import RECOMPUTE_ALL, recompute_all


class Command(BaseCommand):
    help = "Compute indicator, CPO and roll-up results (as the worker does), synchronously."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="date the results are computed as of (YYYY-MM-DD; "
                                            "default today)")
        parser.add_argument("--full", action="store_true",
                            help="recompute everything (the default; kept for clarity)")

    def handle(self, *args, as_of=None, full=False, **options):
        if as_of:
            try:
                dt.date.fromisoformat(as_of)
            except ValueError as exc:
                raise CommandError(f"--as-of must be a date such as 2021-12-31, not {as_of!r}.") \
                    from exc
        run = TaskRun.objects.create(name=RECOMPUTE_ALL, parameters={"as_of": as_of})
        recompute_all.apply(kwargs={"run_id": run.pk, "as_of": as_of}, throw=True)
        run.refresh_from_db()
        if run.status != TaskRun.Status.SUCCEEDED:
            raise CommandError(f"The computation failed: {run.error}")
        counts = (f"{run.counts['indicators']} indicator results, {run.counts['cpos']} CPO "
                  f"results, {run.counts['rollups']} roll-up rows")
        self.stdout.write(self.style.SUCCESS(f"Results computed as of {as_of or 'today'}: "
                                             f"{counts}."))
