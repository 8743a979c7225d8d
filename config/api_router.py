"""/api/v1/: every app registers its viewsets in its ``api.py`` ``register(router)``."""
from importlib import import_module

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

router = DefaultRouter()
for app in ("core", "constituents", "programmes", "capacity", "evaluation", "reporting"):
    try:
        module = import_module(f"{app}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"{app}.api":
            raise
        continue
    if hasattr(module, "register"):
        module.register(router)

api_urlpatterns = [path("auth/token/", obtain_auth_token, name="auth-token"), *router.urls]
