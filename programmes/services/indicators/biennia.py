"""Closing and reopening a biennium (its progress updates are locked while it is closed)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import policy
from core.errors import ApplicationError
from core.history import attribute
from programmes.models import Biennium

from ._common import error

if TYPE_CHECKING:
    from core.models import User


def _require_manager(user: User | None) -> None:
    policy.CLOSE_BIENNIUM.require(user, message=_("Only managers close and reopen biennia."))


@transaction.atomic
def biennium_close(*, user: User | None, biennium: Biennium) -> Biennium:
    """Close a biennium: its progress updates are locked from now on."""
    _require_manager(user)
    current = Biennium.objects.select_for_update().get(pk=biennium.pk)
    if current.closed_at is not None:
        raise ApplicationError(_("Biennium %(b)s is closed already.") % {"b": current})
    current.closed_at = timezone.now()
    attribute(current, user=user, reason=_("Biennium closed"))
    current.save(update_fields=["closed_at", "updated_at"])
    return current


@transaction.atomic
def biennium_reopen(*, user: User | None, biennium: Biennium, reason: str) -> Biennium:
    """Reopen a closed biennium; the reason is kept in its history."""
    _require_manager(user)
    current = Biennium.objects.select_for_update().get(pk=biennium.pk)
    if current.closed_at is None:
        raise ApplicationError(_("Biennium %(b)s is open.") % {"b": current})
    if not (reason or "").strip():
        raise error("reason", _("Say why the biennium is reopened."))
    current.closed_at = None
    attribute(current, user=user, reason=_("Reopened: %(reason)s") % {"reason": reason.strip()})
    current.save(update_fields=["closed_at", "updated_at"])
    return current
