"""/api/v1/: every app registers its viewsets in its ``api.py`` ``register(router)``."""
from django.urls import path
from rest_framework.routers import DefaultRouter

from core import api_views
from core.api import ObtainTokenView
from core.modules import optional_modules

APPS = ("core", "core.events", "constituents", "programmes", "capacity", "evaluation",
        "reporting")

router = DefaultRouter()
api_views.register(router)
for module in optional_modules(f"{app}.api" for app in APPS):
    if hasattr(module, "register"):
        module.register(router)

api_urlpatterns = [path("auth/token/", ObtainTokenView.as_view(), name="auth-token"),
                   *api_views.urlpatterns, *router.urls]
