"""Notifications: what the application tells people (an inbox, and e-mail at once or in a
daily digest, as each person chooses per kind), written once for every app.

An app registers its kinds (:func:`register`: who is told, what they are told, where the link
goes) in its ``AppConfig.ready`` and announces events from its services::

    notifications.announce("update_returned", update, event=f"returned:{update.decided_at}")

:func:`announce` only queues: once the transaction commits, the worker works out the
recipients and writes each one's notification in their language (:mod:`.delivery`). An event
reaches each person once, however often it is announced (a unique key per person and event).
"""
from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .models import Delivery

if TYPE_CHECKING:
    from django.db.models import Model
    from django_stubs_ext import StrOrPromise

    from core.models import User


@dataclass(frozen=True)
class Kind:
    """A kind of notification. ``recipients(obj, data)`` gives the users to tell;
    ``message(obj, data)`` the subject and text (called in each recipient's language);
    ``url(obj)`` the page it links to (a path of this site). ``related`` are the
    ``select_related`` paths these read, so that the object is loaded once, with them, for
    every recipient."""

    code: str
    label: StrOrPromise
    recipients: Callable[[Any, dict[str, Any]], Iterable[User]]
    message: Callable[[Any, dict[str, Any]], tuple[str, str]]
    url: Callable[[Any], str]
    default: str = Delivery.IMMEDIATE
    related: tuple[str, ...] = ()
    # What the event feed records of the object (core.events): a small JSON-safe dict, no
    # personal data beyond names the app shows anyway.
    payload: Callable[[Any], dict[str, Any]] | None = None
    # False: recorded in the event feed only, nobody is notified (e.g. a DWCP's status
    # changed, which its pages show); such kinds have no notification setting.
    notifies: bool = True


def nobody(obj: Any, data: dict[str, Any]) -> list[Any]:
    return []


def feed_only(code: str, label: StrOrPromise,
              payload: Callable[[Any], dict[str, Any]] | None = None) -> Kind:
    """A kind recorded in the event feed (and sent to webhooks) that notifies nobody."""
    return Kind(code, label, nobody, lambda obj, data: ("", ""), lambda obj: "",
                payload=payload, notifies=False)


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.code] = kind
    return kind


def field_staff_of(country: Any) -> Any:
    """The active field staff who cover ``country`` (directly or through its region): the
    field office to tell of what happens there."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from core.roles import Role

    return (get_user_model().objects.filter(role=Role.FIELD_STAFF, is_active=True)
            .filter(Q(countries=country) | Q(regions=country.region_id)).distinct())


_SUPPRESSED: contextvars.ContextVar[bool] = contextvars.ContextVar("notifications_suppressed",
                                                                   default=False)


@contextmanager
def suppressed() -> Iterator[None]:
    """Announce nothing meanwhile: history written after the fact (the demo data's years of
    approved updates) is nobody's news."""
    token = _SUPPRESSED.set(True)
    try:
        yield
    finally:
        _SUPPRESSED.reset(token)


def announce(kind: str, obj: Model, *, event: str, actor: User | None = None,
             **data: Any) -> None:
    """Record the event in the event feed (:mod:`core.events`, in the current transaction);
    once it commits, the worker tells ``kind``'s recipients about ``obj`` and sends the
    webhooks, from the recorded event (:func:`core.events.services.dispatch`). ``event``
    names this occurrence (e.g. the time of a decision), so that announcing it twice records
    it once and tells nobody twice. ``actor`` is who did it (by default the user the
    object's history is attributed to, ``core.history.attribute``). ``data`` must be
    JSON-safe.

    While :func:`suppressed`, the event is still recorded (the feed is the log of what
    changed, which a system mirroring the data needs) but nobody is told and no webhook is
    sent."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind: {kind}")
    from core.events.record import record

    quiet = _SUPPRESSED.get()
    record(KINDS[kind], obj, event=event, data=data, deliver=not quiet,
           actor=actor if actor is not None else getattr(obj, "_history_user", None))
