"""No silent overwrite: the second of two people editing the same record is told what the
first changed instead of overwriting it (issue 17, point 3).

An audited record's version is its ``updated_at``. An edit page sends the version it showed
(a hidden ``version`` field, ``templates/includes/version.html``), the API the ``ETag`` it
read (``If-Match``); the save locks the row and compares, inside the transaction of the
write, so two saves cannot both pass. A mismatch is an :class:`ApplicationError` naming who
changed which fields when (from the record's history); saving again after reading it keeps
one's own values on purpose."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.errors import ApplicationError

__all__ = ["EditConflict", "EditGuard", "changes_since", "check_version", "etag", "version"]

T = TypeVar("T")
IGNORED = {"updated_at", "created_at"}


class EditConflict(ApplicationError):
    """The record changed since the version the editor saw (HTTP 412 in the API)."""


def version(obj: Model) -> str:
    """The version of an audited record: its last change, to the microsecond."""
    return obj.updated_at.isoformat()  # type: ignore[attr-defined, no-any-return]


def etag(obj: Model) -> str:
    return f'"{version(obj)}"'


def changes_since(obj: Model, seen: str) -> list[str]:
    """One sentence per change recorded after version ``seen``: who changed which fields
    when."""
    since = parse_datetime(seen)
    if since is None:
        return []
    records = list(obj.history.filter(history_date__gt=since)  # type: ignore[attr-defined]
                   .select_related("history_user").order_by("history_date"))
    sentences = []
    for record in records:
        previous = record.prev_record
        if previous is None:
            continue
        names = [str(capfirst(getattr(obj._meta.get_field(c.field), "verbose_name", c.field)))
                 for c in record.diff_against(previous).changes if c.field not in IGNORED]
        if not names:
            continue
        who = record.history_user
        sentences.append(_("%(who)s changed %(fields)s on %(when)s.") % {
            "who": (who.get_full_name() or who.username) if who else _("The system"),
            "fields": ", ".join(names),
            "when": formats.date_format(timezone.localtime(record.history_date),
                                        "DATETIME_FORMAT")})
    return sentences


def check_version(obj: Model, seen: str | None) -> Model:
    """Lock ``obj``'s row (inside the caller's transaction) and refuse the write when it has
    changed since version ``seen`` (None or empty: no check). Returns the locked record."""
    current = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if seen and seen.strip('"') != version(current):
        changes = " ".join(changes_since(current, seen.strip('"')))
        raise EditConflict(
            _("Someone else saved this record after you opened it, so your changes were not "
              "saved. %(changes)s Check their changes, then save again to keep yours.")
            % {"changes": changes or _("It has changed.")})
    return current


class EditGuard:
    """An edit page's guard against overwriting: ``guard.save(save)`` checks the version the
    page was opened with before calling ``save`` (in one transaction); ``guard.version`` is
    the version the page shows — the one it was opened with, or, after a conflict, the
    current one, so that saving again keeps one's values knowingly."""

    def __init__(self, request: HttpRequest, obj: Model) -> None:
        self.obj = obj
        self.seen = request.POST.get("version") if request.method == "POST" else None
        self.conflicted = False

    @property
    def version(self) -> str:
        if self.seen and not self.conflicted:
            return self.seen
        return version(type(self.obj)._default_manager.get(pk=self.obj.pk))

    def save(self, save: Callable[..., T]) -> Callable[..., T]:
        def guarded(*args: Any, **kwargs: Any) -> T:
            with transaction.atomic():
                try:
                    check_version(self.obj, self.seen)
                except EditConflict:
                    self.conflicted = True
                    raise
                return save(*args, **kwargs)
        return guarded
