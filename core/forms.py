"""What the page forms of every app share: the optional reason for a change (kept in the
object's history), the plain form of a service's input, a date field's widget and the form
of one step of a lifecycle."""
from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

HISTORY_REASON_HELP = _("Optional; kept in the history of changes.")


def reason_field(help_text: Any = HISTORY_REASON_HELP) -> forms.CharField:
    """The optional change reason (as long as the history's reason may be)."""
    return forms.CharField(label=_("Reason for change"), required=False, max_length=100,
                           help_text=help_text)


class DateInput(forms.DateInput):
    """The browser's date picker (ISO dates)."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class StepForm(forms.Form):
    """One step of a lifecycle (a DWCP's, a need's, an evaluation's): the status it moves to
    (hidden: the step's button says it), the date it takes effect and a note. ``STATUSES``
    are the statuses a step may move to."""

    STATUSES: Any = ()
    to_status = forms.ChoiceField(widget=forms.HiddenInput)
    effective_date = forms.DateField(label=_("Effective date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = list(self.STATUSES)  # type: ignore[attr-defined]


class ReasonMixin(forms.Form):
    reason = reason_field()


class ServiceForm(ReasonMixin):
    """A form of a service's input: :meth:`values` are the cleaned ``FIELDS``; the reason for
    the change is asked only when an existing record is edited (``edit=True``)."""

    FIELDS: tuple[str, ...] = ()

    def __init__(self, *args: Any, edit: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not edit:
            del self.fields["reason"]

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.FIELDS}
