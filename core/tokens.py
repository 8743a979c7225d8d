"""API tokens and sign-in throttling.

A token is valid for ``settings.API_TOKEN_DAYS`` days from when it was issued, and is revoked
when its user's password changes (however it is changed: the account page, the admin, a reset,
``manage.py changepassword``). ``POST /api/v1/auth/token/`` (:class:`core.api.ObtainTokenView`)
issues a new token once the old one has expired. Wrong passwords, on the sign-in form and at the
token endpoint alike, are counted by django-axes: after ``AXES_FAILURE_LIMIT`` of them for one
user name from one address, both refuse that pair for ``AXES_COOLOFF_TIME`` (429), the right
password included."""
from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed


def token_expires(token: Token) -> dt.datetime:
    expires: dt.datetime = token.created + dt.timedelta(days=settings.API_TOKEN_DAYS)
    return expires


def token_expired(token: Token) -> bool:
    return token_expires(token) <= timezone.now()


class ExpiringTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, refused once the token has expired."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            raise AuthenticationFailed(_("This token has expired: ask for a new one at "
                                         "/api/v1/auth/token/."))
        return user, token


def revoke_tokens_on_password_change(sender: type, instance: Any, **kwargs: Any) -> None:
    """post_save of the user model: a password just set (``set_password`` keeps the raw
    password until the save completes) revokes the user's API tokens."""
    if getattr(instance, "_password", None) is not None:
        Token.objects.filter(user=instance).delete()
