"""Participation recorded as counts by sex and constituent group (interventions without a
participant list). See :mod:`capacity.services.participation`."""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from capacity.models import Intervention, ParticipationCount
from core.errors import ApplicationError

from ._common import Errors, decimal_or_none, delete, require_change, save
from .computed import capacity_recompute_after_commit as _after_commit_recompute
from .participants import HUNDRED, require_took_place

if TYPE_CHECKING:
    from core.models import User


def _count(errors: Errors, field: str, value: Any) -> int:
    if value in (None, ""):
        return 0
    try:
        number = int(value)
        if isinstance(value, float | Decimal) and number != value:
            raise ValueError
    except (TypeError, ValueError):
        errors.add(field, _("Enter a whole number."))
        return 0
    if number < 0:
        errors.add(field, _("A count cannot be negative."))
    return number


@transaction.atomic
def participation_counts_set(*, user: User | None, intervention: Intervention, total: int,
                             women: int = 0, men: int = 0, sex_not_recorded: int = 0,
                             employers: int = 0, workers: int = 0, labour_ministry: int = 0,
                             other_government: int = 0, other: int = 0,
                             pre_test_average: Decimal | None = None,
                             post_test_average: Decimal | None = None,
                             reason: str = "") -> ParticipationCount:
    """Record (or replace) the participation counts of an intervention without a list."""
    current = Intervention.objects.select_for_update().get(pk=intervention.pk)
    require_change(user, current, _("You may not record participation in this intervention."))
    require_took_place(current)
    if current.participants.exists():
        raise ApplicationError(_("This intervention has a participant list: the counts come "
                                 "from it."))
    errors = Errors()
    raw = {"total": total, "women": women, "men": men, "sex_not_recorded": sex_not_recorded,
           "employers": employers, "workers": workers, "labour_ministry": labour_ministry,
           "other_government": other_government, "other": other}
    counts = {name: _count(errors, name, value) for name, value in raw.items()}
    averages = {name: decimal_or_none(errors, name, value, minimum=Decimal(0), maximum=HUNDRED)
                for name, value in (("pre_test_average", pre_test_average),
                                    ("post_test_average", post_test_average))}
    if not errors:
        by_sex = sum(counts[n] for n in ParticipationCount.SEX_FIELDS)
        if by_sex != counts["total"]:
            errors.add("women", _("Women, men and “sex not recorded” add up to %(s)s, not to "
                                  "the total of %(t)s.") % {"s": by_sex, "t": counts["total"]})
        by_group = sum(counts[n] for n in ParticipationCount.GROUP_FIELDS)
        if by_group != counts["total"]:
            errors.add("employers", _("The constituent groups add up to %(s)s, not to the total "
                                      "of %(t)s.") % {"s": by_group, "t": counts["total"]})
    errors.raise_if_any(_("The participation could not be saved: check the fields marked."))
    row = ParticipationCount.objects.filter(intervention=current).first()
    values = {**counts, **averages}
    if row is None:
        row = ParticipationCount(intervention=current, **values)
        save(row, user=user, reason=reason)
        _after_commit_recompute()
        return row
    changed = [n for n, v in values.items() if getattr(row, n) != v]
    for name in changed:
        setattr(row, name, values[name])
    if changed:
        save(row, user=user, reason=reason, update_fields=changed)
        _after_commit_recompute()
    return row


@transaction.atomic
def participation_counts_delete(*, user: User | None, intervention: Intervention,
                                reason: str = "") -> None:
    row = ParticipationCount.objects.select_related("intervention").filter(
        intervention=intervention).first()
    if row is None:
        return
    require_change(user, row.intervention,
                   _("You may not record participation in this intervention."))
    delete(row, user=user, reason=reason)
    _after_commit_recompute()
