"""Writes of results monitoring: indicators, biennial milestones and their revisions, progress
updates and their approval workflow, closing and reopening a biennium [DOMAIN §3].

Every function is atomic and audited (``user`` is the history user, ``reason`` the change
reason) and checks every rule before its first write, so a refused write leaves nothing
behind. Rule violations raise :class:`core.errors.ApplicationError` with field errors.
``user=None`` is a system write (imports, demo data) that skips the access check.

Workflow of a progress update: draft → submitted → approved, or → returned (with a comment)
→ edited and submitted again. Only approved updates count in results. The approver may not be
the submitter. Updates dated in a closed biennium can be neither added, edited nor approved.

``definitions.py``: indicators and milestones; ``updates.py``: progress updates and their
approval; ``biennia.py``: closing and reopening a biennium; ``_common.py``: what they share.
Import from ``programmes.services.indicators``.
"""
from __future__ import annotations

from .biennia import biennium_close, biennium_reopen
from .definitions import (
    INDICATOR_FIELDS,
    REVISED_FIELDS,
    indicator_create,
    indicator_save,
    indicator_update,
    milestone_set,
)
from .updates import (
    APPROVAL_ORDER_LOCK,
    evidence_add,
    progress_update_approve,
    progress_update_create,
    progress_update_return,
    progress_update_submit,
    progress_update_update,
    progress_updates_approve,
)

__all__ = [
    "APPROVAL_ORDER_LOCK", "INDICATOR_FIELDS", "REVISED_FIELDS", "biennium_close",
    "biennium_reopen", "evidence_add", "indicator_create", "indicator_save", "indicator_update",
    "milestone_set", "progress_update_approve", "progress_update_create",
    "progress_update_return", "progress_update_submit", "progress_update_update",
    "progress_updates_approve",
]
