"""Swapping in a newly computed snapshot (see :class:`core.models.ComputedSnapshot`), shared
by the results and the capacity workers."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone

if TYPE_CHECKING:
    from .models import ComputedSnapshot

S = TypeVar("S", bound="ComputedSnapshot")

# A snapshot still incomplete after this long belongs to a run that died.
ABANDONED_AFTER = dt.timedelta(hours=6)


def current_snapshot(model: type[S]) -> S | None:
    """The snapshot of ``model`` that readers use now; None before the first computation.
    Each app names its own selector after it (``programmes.selectors.results``,
    ``capacity.selectors``)."""
    return model.objects.filter(is_current=True).first()


def snapshot_swap(snapshot: S) -> S:
    """Make ``snapshot`` current unless a run that started after it already swapped its own in
    (its inputs are fresher: ``snapshot`` is then deleted); return the snapshot that is current
    afterwards."""
    model = type(snapshot)
    for attempt in range(2):
        try:
            with transaction.atomic():
                current = model.objects.select_for_update().filter(is_current=True).first()
                if current is not None and current.pk > snapshot.pk:
                    snapshot.delete()
                    return current
                if current is not None:
                    current.is_current = False
                    current.save(update_fields=["is_current"])
                snapshot.is_current = True
                snapshot.completed_at = timezone.now()
                snapshot.save(update_fields=["is_current", "completed_at"])
                return snapshot
        except IntegrityError:
            # Another run made its snapshot current at the same moment: look again.
            if attempt:
                raise
    raise AssertionError("unreachable")


def snapshot_prune(current: ComputedSnapshot) -> None:
    """Delete the snapshots replaced by ``current`` and those of runs that died."""
    stale = type(current).objects.filter(is_current=False).exclude(pk=current.pk)
    stale.filter(completed_at__isnull=False).delete()
    stale.filter(completed_at__isnull=True,
                 created_at__lt=timezone.now() - ABANDONED_AFTER).delete()
