"""What the page forms of every app share: the optional reason for a change (kept in the
object's history) and the plain form of a service's input."""
from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

HISTORY_REASON_HELP = _("Optional; kept in the history of changes.")


def reason_field(help_text: Any = HISTORY_REASON_HELP) -> forms.CharField:
    """The optional change reason (as long as the history's reason may be)."""
    return forms.CharField(label=_("Reason for change"), required=False, max_length=100,
                           help_text=help_text)


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
