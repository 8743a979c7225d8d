"""manage.py compute_indicators [--biennium 2020-21] [--as-of YYYY-MM-DD] [--full] — the
worker's computation, run synchronously (same code as the Celery tasks).

Without ``--biennium`` (or with ``--full``) everything is recomputed and made the current
results in one transaction, as the nightly run does. With ``--biennium`` only the indicators
that have a milestone in that biennium are recomputed, with their CPOs and roll-ups, inside
the current snapshot (whose as-of date is kept: one snapshot never mixes two as-of dates)."""
import datetime as dt

from django.core.management.base import CommandError

from core.management.base import ServiceCommand
from core.models import TaskRun
from programmes.models import Biennium, Indicator
from programmes.services import results
from programmes.tasks import RECOMPUTE_ALL, recompute_all


class Command(ServiceCommand):
    help = "Compute indicator, CPO and roll-up results (as the worker does), synchronously."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="date the results are computed as of (YYYY-MM-DD; "
                                            "default today)")
        parser.add_argument("--biennium", help="recompute only the indicators with a milestone "
                                               "in this biennium, e.g. 2020-21")
        parser.add_argument("--full", action="store_true",
                            help="recompute everything (the default)")

    def handle(self, *args, as_of=None, biennium=None, full=False, **options):
        if as_of:
            try:
                dt.date.fromisoformat(as_of)
            except ValueError as exc:
                raise CommandError(f"--as-of must be a date such as 2021-12-31, not {as_of!r}.") \
                    from exc
        if biennium and not full:
            self._biennium(biennium, as_of)
            return
        run = TaskRun.objects.create(name=RECOMPUTE_ALL, parameters={"as_of": as_of})
        recompute_all.apply(kwargs={"run_id": run.pk, "as_of": as_of}, throw=True)
        run.refresh_from_db()
        if run.status != TaskRun.Status.SUCCEEDED:
            raise CommandError(f"The computation failed: {run.error}")
        counts = (f"{run.counts['indicators']} indicator results, {run.counts['cpos']} CPO "
                  f"results, {run.counts['rollups']} roll-up rows")
        self.stdout.write(self.style.SUCCESS(f"Results computed as of {as_of or 'today'}: "
                                             f"{counts}."))

    def _biennium(self, code: str, as_of: str | None) -> None:
        period = Biennium.objects.filter(code=code).first()
        if period is None:
            raise CommandError(f"There is no biennium {code!r}; use a code such as 2020-21.")
        snapshot = results.current_snapshot()
        if snapshot is None:
            raise CommandError("No results have been computed yet: run compute_indicators "
                               "without --biennium first.")
        if as_of and dt.date.fromisoformat(as_of) != snapshot.as_of:
            raise CommandError(f"The current results are as of {snapshot.as_of}; a single "
                               f"biennium is recomputed as of that date. Use --full to "
                               f"compute everything as of {as_of}.")
        ids = set(Indicator.objects.filter(milestones__biennium=period)
                  .values_list("id", flat=True))
        if ids:
            results.results_recompute_indicators(indicator_ids=ids)
        self.stdout.write(self.style.SUCCESS(
            f"Recomputed {len(ids)} indicators with a milestone in {code}, as of "
            f"{snapshot.as_of}."))
