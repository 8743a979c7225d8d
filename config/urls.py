from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core import views as core_views

from .api_router import api_urlpatterns

urlpatterns = [
    path("", include("core.urls")),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("notifications/", include("core.notifications.urls")),
    path("admin/", admin.site.urls),
    path("constituents/", include("constituents.urls")),
    path("programmes/", include("programmes.urls")),
    path("capacity/", include("capacity.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("reports/", include("reporting.urls")),
    path("api/v1/", include((api_urlpatterns, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

# Uploaded files (evidence, report PDFs, evaluation reports) are never served from /media/,
# in any profile: each is handed out by a view that applies the policy.

handler403 = "core.views.error_403"
handler404 = "core.views.error_404"
handler500 = "core.views.error_500"
