"""Types shared by the annotations of the policy, the services, the selectors and the views.

``AnyUser`` is whoever makes a request: an account or an anonymous visitor (what
``request.user`` is). Services that record who acted take a ``User``. Views behind
``login_required`` take an ``AuthenticatedRequest``, whose ``user`` is an account."""
from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from core.models import User

    class AuthenticatedRequest(HttpRequest):
        user: User
else:
    AuthenticatedRequest = HttpRequest

AnyUser: TypeAlias = "User | AnonymousUser"


class Unset:
    """The default of a service argument whose ``None`` is a value (e.g. "not assessed"):
    left out, the service leaves the field as it is."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET = Unset()
