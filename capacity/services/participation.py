"""Writes of participation in interventions: counts by sex and constituent group, or a
participant list (typed in or imported from CSV), with optional pre/post test scores.

An intervention has one or the other: counts when no list is kept, a list otherwise (counts
are then derived from it). Participation is recorded for interventions that took place
(ongoing or completed). Counts are whole numbers ≥ 0 whose split by sex and split by group
each add up to the total. Test scores run from 0 to 100.

``participants.py`` (the list, one person at a time, and the shared rules),
``participation_counts.py``, ``participant_import.py`` (CSV) hold the writes; import them from
here."""
from __future__ import annotations

from .participant_import import (
    COLUMNS,
    OPTIONAL_COLUMNS,
    ParticipantImportError,
    RowError,
    participants_import_csv,
)
from .participants import (
    HUNDRED,
    MAX_ROWS,
    TOOK_PLACE,
    participant_create,
    participant_delete,
    person_key,
)
from .participation_counts import participation_counts_delete, participation_counts_set

__all__ = [
    "COLUMNS", "HUNDRED", "MAX_ROWS", "OPTIONAL_COLUMNS", "TOOK_PLACE", "ParticipantImportError",
    "RowError", "participant_create", "participant_delete", "participants_import_csv",
    "participation_counts_delete", "participation_counts_set", "person_key",
]
