"""The base of management commands that call services."""
from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from core.errors import ApplicationError, command_error


class ServiceCommand(BaseCommand):
    """A command whose services' refusals end it like any command error: the sentence on
    stderr and exit status 1 (``call_command`` raises the ``CommandError``)."""

    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except ApplicationError as exc:
            raise command_error(exc) from exc
