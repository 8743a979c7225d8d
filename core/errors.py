"""Domain errors. Services raise :class:`ApplicationError` when a business rule refuses an
action; views turn it into a form/page message and the API into a 400."""
from __future__ import annotations


class ApplicationError(Exception):
    """A business rule was broken. ``message`` is shown to the user as is; ``field_errors``
    maps field names to messages when the rule concerns particular fields."""

    def __init__(self, message: str, *, field_errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.field_errors = field_errors or {}
