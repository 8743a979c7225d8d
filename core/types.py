"""Types shared by the annotations of the policy, the services and the selectors.

``AnyUser`` is whoever makes a request: an account or an anonymous visitor (what
``request.user`` is). Services that record who acted take a ``User``."""
from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from core.models import User

AnyUser: TypeAlias = "User | AnonymousUser"
