"""Recording an event, called only by :func:`core.notifications.announce`, inside the
transaction of the change, so an event exists exactly when its change committed.

The id is the feed's cursor, so ids must become visible in increasing order: a reader that
has seen event 12 must never later find an event 11 committed after it. A sequence alone does
not promise that (two transactions may commit in the other order), so on PostgreSQL a
transaction takes an advisory lock before it records its first event and holds it until it
commits: transactions that record events commit one after the other. Services announce at
their end, after their own locks, so the wait is short. SQLite writes one transaction at a
time anyway."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from core import policy, taskruns

from .models import Event

if TYPE_CHECKING:
    from django.db.models import Model

    from core.notifications import Kind

# Key of the PostgreSQL advisory lock that orders events (see the module's docstring).
EVENT_ORDER_LOCK = 82733


def _take_turn() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [EVENT_ORDER_LOCK])


def _default_payload(obj: Model) -> dict[str, Any]:
    status = getattr(obj, "status", None)
    return {"status": status} if isinstance(status, str) else {}


def record(kind: Kind, obj: Model, *, event: str, data: dict[str, Any], actor: Any,
           deliver: bool = True) -> Event | None:
    """Append the event of ``kind`` about ``obj`` (``event`` names the occurrence) and,
    with ``deliver``, send it to the worker once the transaction commits, which writes its
    notifications and queues its webhooks (:func:`core.events.services.dispatch`). Returns
    the new event, or None when this occurrence is recorded already."""
    label = obj._meta.label_lower
    key = f"{kind.code}:{label}:{obj.pk}:{event}"[:255]
    scope = policy.scope_of(obj)
    payload = {**(kind.payload(obj) if kind.payload else _default_payload(obj)), **data}
    with transaction.atomic():  # the caller's transaction, or one of its own
        _take_turn()
        try:
            with transaction.atomic():
                row = Event.objects.create(
                    kind=kind.code, key=key, object_type=label, object_id=str(obj.pk),
                    country_id=scope.country_id, group=scope.group,
                    group_limits_view=bool(getattr(type(obj), "scope_group_limits_view",
                                                   False)),
                    actor=actor if getattr(actor, "is_authenticated", False) else None,
                    payload=payload, dispatched_at=None if deliver else timezone.now())
        except IntegrityError:
            recorded = Event.objects.filter(key=key).values_list("pk", flat=True).first()
            if recorded is None:
                raise
            # Announced twice: recorded once, and dispatched again (both steps are safe to run
            # twice), as when it was first recorded while nobody was to be told.
            if deliver:
                from .tasks import dispatch

                taskruns.send_on_commit(dispatch, {"event_id": recorded, "again": True})
            return None
    if deliver:
        from .tasks import dispatch

        taskruns.send_on_commit(dispatch, {"event_id": row.pk})
    return row
