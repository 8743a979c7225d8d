"""Celery tasks of the programmes app: computing results, and checking an uploaded results
workbook. Each task is another interface to
:mod:`programmes.services.results`; it takes the id of its TaskRun and leaves the run's life
(claim, counts or error, retries) to :func:`core.taskruns.execute`."""
from __future__ import annotations

import datetime as dt

from celery import shared_task

from core import taskruns
from core.models import TaskRun

from .services import portfolio_figures as portfolio_service
from .services import results as results_service
from .services.workbook import preview_run

RECOMPUTE_ALL = "programmes.recompute_all"
RECOMPUTE_PENDING = "programmes.recompute_pending"
COMPUTE_PORTFOLIO = "programmes.compute_portfolio"


@shared_task(name=RECOMPUTE_ALL, bind=True, acks_late=True, time_limit=60 * 60,
             soft_time_limit=55 * 60, max_retries=taskruns.MAX_RETRIES)
def recompute_all(self, run_id: int | None = None, as_of: str | None = None) -> None:
    """Full recompute (nightly from beat, which passes no run: it is recorded then; or on
    request), made current atomically."""
    taskruns.execute(self, _recompute_all, run_id=run_id, as_of=as_of)


def _recompute_all(run: TaskRun, *, as_of: str | None) -> dict:
    snapshot = results_service.results_recompute_all(
        as_of=dt.date.fromisoformat(as_of) if as_of else None, run=run)
    return {"indicators": snapshot.indicator_results.count(),
            "cpos": snapshot.cpo_results.count(),
            "rollups": snapshot.rollups.count()}


@shared_task(name=COMPUTE_PORTFOLIO, bind=True, acks_late=True, time_limit=60 * 60,
             soft_time_limit=55 * 60, max_retries=taskruns.MAX_RETRIES)
def compute_portfolio(self, run_id: int | None = None, as_of: str | None = None) -> None:
    """The development cooperation statistical tables into a new snapshot swapped in
    atomically (nightly from beat, which passes no run; or queued, debounced, after portfolio
    writes by ``portfolio_service.RECOMPUTE``)."""
    taskruns.execute(self, _compute_portfolio, run_id=run_id, as_of=as_of)


def _compute_portfolio(run: TaskRun, *, as_of: str | None) -> dict:
    # Changes committed from now on may not be read by this run: let them queue the next.
    portfolio_service.RECOMPUTE.started()
    snapshot = portfolio_service.portfolio_figures_recompute_all(
        as_of=dt.date.fromisoformat(as_of) if as_of else None, run=run)
    return {"snapshot": snapshot.pk, "as_of": snapshot.as_of.isoformat(),
            **portfolio_service.snapshot_counts(snapshot)}


@shared_task(name=RECOMPUTE_PENDING, bind=True, acks_late=True, time_limit=300,
             soft_time_limit=270, max_retries=taskruns.MAX_RETRIES)
def recompute_pending(self, run_id: int | None = None) -> None:
    """Recompute the indicators marked since the last run (approvals, revised milestones or
    targets), their CPOs and the roll-ups they feed. The run is queued by
    ``results_service.RECOMPUTE`` once the marking transaction commits."""
    taskruns.execute(self, _recompute_pending, run_id=run_id)


def _recompute_pending(run: TaskRun) -> dict:
    ids = results_service.results_recompute_pending()
    if ids:
        run.parameters = {"indicator_ids": sorted(ids)}
        run.save(update_fields=["parameters"])
    return {"indicators": len(ids)}


@shared_task(name=preview_run.PREVIEW_TASK, bind=True, acks_late=True, time_limit=15 * 60,
             soft_time_limit=14 * 60, max_retries=taskruns.MAX_RETRIES)
def workbook_preview(self, run_id: int | None = None) -> None:
    """Check an uploaded workbook (a dry run of its import) and keep what was found, for the
    upload page (``preview_run.workbook_preview_queue`` queues it)."""
    taskruns.execute(self, preview_run.workbook_preview_run, run_id=run_id)


@shared_task(name="programmes.send_reminders", acks_late=True, time_limit=10 * 60,
             soft_time_limit=9 * 60, autoretry_for=taskruns.TRANSIENT_ERRORS,
             retry_backoff=True, max_retries=taskruns.MAX_RETRIES)
def send_reminders() -> int:
    """Daily (beat): the biennia exist as time passes (the next one from January of an
    odd year); then what the reporting calendars and milestones make due soon or late, told
    to the field staff of each country (once per date and kind)."""
    from .services.pb import biennia_ensure
    from .services.reminders import reminders_send

    biennia_ensure()
    return reminders_send()
