"""Readable change history from django-simple-history records."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .types import AnyUser

M = TypeVar("M", bound=Model)


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    record: object
    kind: str  # "created", "changed", "deleted"
    changes: list[Change] = field(default_factory=list)


KINDS = {"+": "created", "~": "changed", "-": "deleted"}
# The reason recorded for changes made in the admin site.
ADMIN_REASON = "Changed in the admin"


def attribute(obj: M, *, user: AnyUser | None = None, reason: str | None = None) -> M:
    """Attribute the history record of the next save or delete of ``obj`` to ``user`` (when
    signed in; requests are attributed by ``HistoryRequestMiddleware`` too, but services also
    run in tasks, commands and tests) with ``reason`` (stripped; a blank reason records none;
    ``None`` leaves a reason given before). Return ``obj``."""
    record: Any = obj  # simple-history reads these private attributes
    if user is not None and getattr(user, "is_authenticated", False):
        record._history_user = user
    if reason is not None:
        record._change_reason = str(reason).strip() or None
    return obj


def admin_change(obj: M, request: HttpRequest) -> M:
    """:func:`attribute` for a change made in the admin site."""
    return attribute(obj, user=request.user, reason=ADMIN_REASON)


def history_entries(model: type[Any], records: Iterable[Any]) -> list[HistoryEntry]:
    """For each record of one object (newest first), what changed relative to the record
    before it. Records of a page are consecutive, so each one's predecessor is the next in the
    list; only the last needs one more query."""
    records = list(records)
    if not records:
        return []
    labels = {f.name: str(f.verbose_name) for f in model._meta.fields}
    last = records[-1]
    older = (model.history.filter(id=last.id, history_date__lte=last.history_date)
             .exclude(history_id=last.history_id)
             .order_by("-history_date", "-history_id").first())
    entries = []
    for index, rec in enumerate(records):
        entry = HistoryEntry(record=rec, kind=KINDS.get(rec.history_type, rec.history_type))
        prev = records[index + 1] if index + 1 < len(records) else older
        if rec.history_type == "~" and prev is not None:
            for change in rec.diff_against(prev).changes:
                if change.field == "updated_at":
                    continue
                entry.changes.append(Change(labels.get(change.field, change.field),
                                            _fmt(change.old), _fmt(change.new)))
        entries.append(entry)
    return entries


def _fmt(value: object) -> str:
    if value is None or value == "":
        return "—"
    return str(value)
