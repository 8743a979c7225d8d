from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .navigation import navigation_for


def app_context(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "nav_items": navigation_for(user, request.path) if user is not None else [],
    }
