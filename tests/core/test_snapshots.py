"""Computed snapshots (core.snapshots): readers get the one current snapshot of a kind, and
making a snapshot current never replaces one of a run that started later."""
import datetime as dt

import pytest

from capacity.models import CapacitySnapshot
from core.snapshots import current_snapshot, snapshot_swap
from programmes.models import ResultSnapshot

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2014, 1, 1)


def test_the_current_snapshot_of_each_kind():
    assert current_snapshot(ResultSnapshot) is None  # nothing computed yet
    older, newer = (ResultSnapshot.objects.create(as_of=AS_OF) for _ in range(2))
    snapshot_swap(older)
    assert current_snapshot(ResultSnapshot) == older
    snapshot_swap(newer)
    assert current_snapshot(ResultSnapshot) == newer
    assert current_snapshot(CapacitySnapshot) is None  # each kind has its own


def test_a_snapshot_of_an_earlier_run_does_not_replace_a_later_one():
    earlier, later = (ResultSnapshot.objects.create(as_of=AS_OF) for _ in range(2))
    assert snapshot_swap(later) == later
    assert snapshot_swap(earlier) == later
    assert current_snapshot(ResultSnapshot) == later
    assert not ResultSnapshot.objects.filter(pk=earlier.pk).exists()
