"""Domain errors, and their conversion at each boundary.

Services raise :class:`ApplicationError`, and only it, when a rule refuses an action: a
``message`` for the user and ``field_errors`` naming the fields concerned. A model's own field
validation (``full_clean``) is converted once, by :func:`validate_model`. Each boundary converts
the error once more, in one place: pages with :func:`show_on_form`, the API with
:func:`core.drf.exception_handler`, management commands with :func:`command_error` (or by
subclassing :class:`core.management.base.ServiceCommand`), the workbook import onto its columns
(``programmes.services.workbook._applier``)."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError

if TYPE_CHECKING:
    from django.core.management.base import CommandError
    from django.db.models import Model
    from django.forms import BaseForm


class ApplicationError(Exception):
    """A business rule was broken. ``message`` is shown to the user as is; ``field_errors``
    maps field names to messages when the rule concerns particular fields. An error of fields
    only (the fields' messages say it all) has no ``message``."""

    def __init__(self, message: Any = "", *,
                 field_errors: Mapping[str, Iterable[Any]] | None = None):
        self.message = message
        self.field_errors: dict[str, list[Any]] = {
            name: list(messages) for name, messages in (field_errors or {}).items()}
        super().__init__(str(message) if message else " ".join(
            str(m) for messages in self.field_errors.values() for m in messages))

    @property
    def messages(self) -> list[Any]:
        """Every sentence of the error once: the message, then the field errors."""
        sentences: list[Any] = [self.message] if self.message else []
        for messages in self.field_errors.values():
            for message in messages:
                if str(message) not in {str(s) for s in sentences}:
                    sentences.append(message)
        return sentences


def from_validation_error(exc: ValidationError) -> ApplicationError:
    """Django's ``ValidationError`` as an :class:`ApplicationError`: the errors of a dict on
    their fields (``__all__`` for the model's own ``clean``), a plain one's as the message."""
    if hasattr(exc, "error_dict"):
        return ApplicationError(field_errors=exc.message_dict)
    return ApplicationError(" ".join(exc.messages))


def validate_model(obj: Model, *, exclude: Iterable[str] = (), unique: bool = True,
                   constraints: bool = True) -> None:
    """The model's field validation (required, lengths, choices, its ``clean``, and unless
    told otherwise uniqueness and constraints), refused as an :class:`ApplicationError`."""
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=unique,
                       validate_constraints=constraints)
    except ValidationError as exc:
        raise from_validation_error(exc) from exc


def show_on_form(form: BaseForm, exc: ApplicationError, *,
                 place: Callable[[str, Any], bool] | None = None) -> None:
    """Show a refusal on a form: each field error next to its field, the rest above the form.

    Errors on fields the form does not have itself are offered to ``place(name, message) ->
    bool`` (e.g. a formset's rows), or by default to the form's ``add_group_error`` when it has
    one (a group of fields, such as a milestone per biennium). Above the form go the field
    errors nothing placed and the message, unless a field already shows the same sentence."""
    place = place or getattr(form, "add_group_error", None)
    shown: set[str] = set()
    above: list[Any] = []
    for name, messages in exc.field_errors.items():
        for message in messages:
            if name in form.fields:
                form.add_error(name, message)
            elif not (place is not None and place(name, message)):
                above.append(message)
                continue
            shown.add(str(message))
    if exc.message:
        above.insert(0, exc.message)
    for message in above:
        if str(message) not in shown:
            form.add_error(None, message)
            shown.add(str(message))


def command_error(exc: ApplicationError) -> CommandError:
    """A refusal as a management command's error: Django prints the sentence on stderr and
    the command exits with status 1."""
    from django.core.management.base import CommandError

    return CommandError(str(exc))
