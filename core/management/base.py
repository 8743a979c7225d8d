"""The base of management commands that call services."""
from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from collections.abc import Callable
from typing import IO, Any, TypeVar

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError, command_error

T = TypeVar("T")


class ServiceCommand(BaseCommand):
    """A command whose services' refusals end it like any command error: the sentence on
    stderr and exit status 1 (``call_command`` raises the ``CommandError``)."""

    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except ApplicationError as exc:
            raise command_error(exc) from exc

    @staticmethod
    def read_file(file: str, read: Callable[[IO[bytes]], T]) -> T:
        """``read`` applied to ``file`` opened for reading; a file that cannot be read ends
        the command with a sentence naming it and why."""
        try:
            with open(file, "rb") as handle:
                return read(handle)
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(reason)s.")
                               % {"file": exc.filename or file,
                                  "reason": exc.strerror or exc}) from exc


class ComputeCommand(ServiceCommand):
    """A command that runs a worker computation synchronously (``compute_capacity``,
    ``compute_evaluation``): the same Celery task, recorded as a TaskRun, with ``--as-of``.
    Subclasses name the task (``task``, ``task_name``), what is computed (``what``) and the
    counts to print (``labels``: key of the run's counts → words)."""

    task: Any = None
    task_name = ""
    what = ""
    labels: dict[str, str] = {}

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--as-of", help="date the figures are computed as of "
                                            "(YYYY-MM-DD; default today)")

    def handle(self, *args: Any, as_of: str | None = None, **options: Any) -> None:
        from core.models import TaskRun

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
        run = TaskRun.objects.create(name=self.task_name, parameters={"as_of": as_of})
        try:
            self.task.apply(kwargs={"run_id": run.pk, "as_of": as_of}, throw=True)
        except Exception as exc:
            raise CommandError(f"The computation failed: {type(exc).__name__}: {exc}") from exc
        run.refresh_from_db()
        if run.status != TaskRun.Status.SUCCEEDED:
            raise CommandError(f"The computation did not finish: {run.error or run.status}.")
        counts = ", ".join(f"{run.counts.get(key, 0)} {label}"
                           for key, label in self.labels.items())
        self.stdout.write(self.style.SUCCESS(
            f"{self.what} computed as of {run.counts.get('as_of')}: {counts}."))
