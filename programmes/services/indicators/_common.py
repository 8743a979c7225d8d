"""What the results writes share: field errors, the policy check, the lock of a
closed biennium, scheduling a recompute."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import policy
from core.errors import ApplicationError
from programmes.models import Biennium
from programmes.results import computation as rules

if TYPE_CHECKING:
    from django.db.models import Model

    from core.models import User


def error(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, field_errors={field: [message]})


NOT_YOURS = gettext_lazy("You may not change the indicators of this DWCP.")


def require_change(user: User | None, obj: Model) -> None:
    policy.require_change(user, obj, NOT_YOURS)


def biennium_of(day: dt.date) -> Biennium | None:
    return Biennium.objects.filter(start_year=rules.biennium_start_year(day.year)).first()


def check_not_locked(day: dt.date, field: str = "date") -> None:
    biennium = biennium_of(day)
    if biennium is not None and biennium.closed_at is not None:
        raise error(field, _("Biennium %(b)s is closed: its updates are locked. A manager "
                              "can reopen it, giving a reason.") % {"b": biennium})


def after_commit_recompute(indicator_id: int) -> None:
    """Mark the indicator for recompute in this transaction; the worker recomputes it (and
    its CPO and roll-ups) shortly after the commit, together with other pending ones."""
    from programmes.services.results import results_mark_for_recompute

    results_mark_for_recompute(indicator_ids=[indicator_id])
