"""Writes of the reporting app: report definitions, requesting a report run (or reusing a
stored one), and executing a run on the worker.

A run's ``input_hash`` covers the printed front matter, the parameters, the language, the
renderer version and a fingerprint of the data (the current results snapshot and the
programme and resources tables the reports read). Asking again while nothing of that has
changed returns the stored run instead of rendering a new PDF; a stored PDF never changes.
"""
from __future__ import annotations

import hashlib
import io
import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from core import notifications, policy, taskruns
from core.errors import ApplicationError, validate_model
from core.history import attribute

from .models import Language, ReportDefinition, ReportRun
from .notifications import REPORT_READY

if TYPE_CHECKING:
    from core.models import User

logger = logging.getLogger(__name__)

# Bump when the layout or the content of the reports changes, so stored PDFs are not reused.
RENDERER_VERSION = 3


def _require(user: User | None) -> None:
    """Managers and administrators generate and download reports (``policy.USE_REPORTS``);
    the worker renders runs without a user."""
    policy.USE_REPORTS.require(user, message=_("Only managers and administrators can "
                                               "generate reports."))


def _report(kind: str) -> Any:
    from .reports import REPORTS

    if kind not in REPORTS:
        raise ApplicationError(_("There is no report “%(kind)s”.") % {"kind": kind},
                               field_errors={"kind": [_("Unknown report.")]})
    return REPORTS[kind]


def clean_request(*, kind: str, parameters: dict[str, Any], language: str) -> dict[str, Any]:
    """The parameters in canonical form; raises ApplicationError with field errors."""
    if language not in Language.values:
        raise ApplicationError(
            _("Reports are available in English, French and Spanish (en, fr, es), not "
              "“%(language)s”.") % {"language": language},
            field_errors={"language": [_("Choose en, fr or es.")]})
    cleaned: dict[str, Any] = _report(kind).clean_parameters(parameters or {})
    return cleaned


# --- definitions -----------------------------------------------------------------------------

@transaction.atomic
def definition_create(*, user: User | None, **fields: Any) -> ReportDefinition:
    _require(user)
    fields["parameters"] = clean_request(kind=fields.get("kind", ""),
                                         parameters=fields.get("parameters") or {},
                                         language=fields.get("language", "en"))
    definition = ReportDefinition(created_by=user, **fields)
    validate_model(definition)
    attribute(definition, reason="created")
    definition.save()
    return definition


@transaction.atomic
def definition_update(*, user: User | None, definition: ReportDefinition, reason: str = "",
                      **fields: Any) -> ReportDefinition:
    _require(user)
    if "parameters" in fields or "kind" in fields:
        fields["parameters"] = clean_request(
            kind=fields.get("kind", definition.kind),
            parameters=fields.get("parameters", definition.parameters),
            language=fields.get("language", definition.language))
    for name, value in fields.items():
        setattr(definition, name, value)
    validate_model(definition)
    attribute(definition, reason=reason or "edited")
    definition.save(update_fields=[*fields, "updated_at"])
    return definition


# --- fingerprint and hash --------------------------------------------------------------------

def data_fingerprint() -> dict[str, Any]:
    """A cheap summary that changes whenever data a report reads changes: the current
    results and capacity snapshots and the row count and last change of the tables the
    reports read, each from the owning app's selectors for reports."""
    from capacity.selectors_for_reports import capacity_fingerprint
    from constituents.selectors_for_reports import constituents_fingerprint
    from evaluation.selectors_for_reports import evaluation_fingerprint
    from programmes.selectors.reports import results_fingerprint

    return {**results_fingerprint(), **constituents_fingerprint(), **capacity_fingerprint(),
            **evaluation_fingerprint()}


def input_hash(*, kind: str, parameters: dict[str, Any], language: str,
               front_matter: dict[str, Any],
               fingerprint: dict[str, Any]) -> str:
    payload = json.dumps({"kind": kind, "parameters": parameters, "language": language,
                          "front": front_matter, "data": fingerprint,
                          "version": RENDERER_VERSION}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


# --- runs ------------------------------------------------------------------------------------

@transaction.atomic
def report_request(*, user: User | None, kind: str, parameters: dict[str, Any],
                   language: str = "en",
                   definition: ReportDefinition | None = None) -> tuple[ReportRun, bool]:
    """Queue a report (the worker renders it once the transaction commits), or return the
    stored run made from the same inputs. Returns ``(run, reused)``."""
    _require(user)
    if definition is not None:
        kind, parameters = definition.kind, definition.parameters
    parameters = clean_request(kind=kind, parameters=parameters, language=language)
    front = definition.content() if definition is not None else {}
    digest = input_hash(kind=kind, parameters=parameters, language=language,
                        front_matter=front, fingerprint=data_fingerprint())
    stored = (ReportRun.objects.filter(input_hash=digest)
              .exclude(status=ReportRun.Status.FAILED).order_by("-requested_at").first())
    if stored is not None and (stored.status != ReportRun.Status.DONE or stored.file):
        return stored, True
    run = ReportRun.objects.create(definition=definition, kind=kind, parameters=parameters,
                                   language=language, front_matter=front, input_hash=digest,
                                   requested_by=user)
    from .tasks import render_report

    taskruns.send_on_commit(render_report, {"run_id": run.pk})
    return run, False


def _set_progress(run_id: int, percent: int) -> None:
    ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.RUNNING).update(
        progress=percent)


def report_run_claim(*, run_id: int, redelivered: bool = False,
                     stale_after: float | None = None) -> bool:
    """Queued → running, for one worker only (conditional UPDATE); a run whose worker died
    is taken again (:func:`core.taskruns.claimable`)."""
    return bool(ReportRun.objects.filter(
        taskruns.claimable(ReportRun, redelivered=redelivered, stale_after=stale_after),
        pk=run_id).update(status=ReportRun.Status.RUNNING, started_at=timezone.now(),
                          progress=5))


@transaction.atomic
def report_run_fail(*, run_id: int, reason: str) -> None:
    """The run failed with ``reason``: its page says so with a button to try again, and the
    person who asked for it is told."""
    from .notifications import REPORT_FAILED

    ReportRun.objects.filter(pk=run_id).update(status=ReportRun.Status.FAILED, error=reason,
                                               finished_at=timezone.now())
    notifications.announce(REPORT_FAILED, ReportRun.objects.get(pk=run_id), event="failed")


def report_run_retry(*, user: User, run: ReportRun) -> ReportRun:
    """Ask again for the report of a failed run (same kind, parameters, language and
    definition): a new run, queued for the worker."""
    if run.status != ReportRun.Status.FAILED:
        raise ApplicationError(_("Only a report that failed can be tried again."))
    again, _reused = report_request(user=user, kind=run.kind, parameters=run.parameters,
                                    language=run.language, definition=run.definition)
    return again


def render_report(*, kind: str, parameters: dict[str, Any], language: str,
                  front_matter: dict[str, Any],
                  progress: Callable[[int], None] = lambda p: None) -> dict[str, Any]:
    """Build and render a report: the PDF, the xlsx of its tables, and what it was made
    from. Used by the worker and by the render_report command."""
    from programmes.selectors.reports import result_snapshot

    from .renderers.parallel import render_pdf_in_parts
    from .renderers.xlsx import tables_to_xlsx
    from .reports import base

    report = _report(kind)
    parameters = clean_request(kind=kind, parameters=parameters, language=language)
    with translation.override(language):
        snapshot = base.current_snapshot() if getattr(report, "USES_RESULTS", True) else None
        # Taken before reading: a change made while we read gives the next request a new
        # fingerprint, so it is never hidden behind this run.
        fingerprint = data_fingerprint()
        progress(10)
        document = report.build(parameters, front_matter, snapshot, progress)
        progress(70)
        # In parts on several processes when long and REPORT_RENDER_WORKERS allows it.
        pdf = render_pdf_in_parts(document, language=language)
        progress(90)
        xlsx = tables_to_xlsx(document)
    if snapshot is not None:  # still there (a recompute may have replaced it meanwhile)
        snapshot = result_snapshot(pk=snapshot.pk)
    return {"pdf": pdf, "xlsx": xlsx, "document": document, "snapshot": snapshot,
            "fingerprint": fingerprint, "parameters": parameters}


def report_run_execute(*, run_id: int, redelivered: bool = False,
                       stale_after: float | None = None) -> None:
    """The worker's job: claim the run, render it, store the files, mark it done — or
    failed with the reason."""
    if not report_run_claim(run_id=run_id, redelivered=redelivered, stale_after=stale_after):
        return
    run = ReportRun.objects.get(pk=run_id)
    try:
        out = render_report(kind=run.kind, parameters=run.parameters, language=run.language,
                            front_matter=run.front_matter,
                            progress=lambda p: _set_progress(run_id, p))
    except ApplicationError as exc:
        report_run_fail(run_id=run_id, reason=exc.message)
        return
    except taskruns.TRANSIENT_ERRORS:
        raise  # the database went away: the task retries the run
    except Exception as exc:
        logger.exception("report run %s failed", run_id)
        error = f"{type(exc).__name__}: {exc}"
        report_run_fail(run_id=run_id, reason=_("The report could not be rendered: "
                                                "%(error)s") % {"error": error})
        return
    name = f"{run.kind}-{run.pk}"
    try:
        run.file.save(f"{name}.pdf", ContentFile(out["pdf"]), save=False)
        run.xlsx.save(f"{name}.xlsx", ContentFile(out["xlsx"]), save=False)
    except OSError as exc:  # the report store is full, gone or not writable
        logger.exception("report run %s not stored", run_id)
        report_run_fail(run_id=run_id, reason=_("The report could not be stored: %(error)s")
                        % {"error": f"{type(exc).__name__}: {exc}"})
        return
    run.pages = len(PdfReader(io.BytesIO(out["pdf"])).pages)
    run.snapshot = out["snapshot"]
    run.as_of = out["document"].as_of
    run.data_fingerprint = out["fingerprint"]
    run.input_hash = input_hash(kind=run.kind, parameters=run.parameters,
                                language=run.language, front_matter=run.front_matter,
                                fingerprint=out["fingerprint"])
    run.status = ReportRun.Status.DONE
    run.progress = 100
    run.finished_at = timezone.now()
    run.save(update_fields=["file", "xlsx", "pages", "snapshot", "as_of", "data_fingerprint",
                            "input_hash", "status", "progress", "finished_at"])
    notifications.announce(REPORT_READY, run, event="done")

