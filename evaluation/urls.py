"""The evaluation pages (:mod:`evaluation.views`)."""
from .views import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]
