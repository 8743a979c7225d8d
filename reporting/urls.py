from django.urls import path

from core.routing import object_urls

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("request/fields/", views.request_fields_view, name="request-fields"),
    path("history/", views.history_view, name="history"),
    path("iati/", views.iati_view, name="iati"),
    *object_urls("runs", "run", detail=views.run_detail_view),
    path("runs/<int:pk>/status/", views.run_status_view, name="run-status"),
    path("runs/<int:pk>/pdf/", views.run_pdf_view, name="run-pdf"),
    path("runs/<int:pk>/xlsx/", views.run_xlsx_view, name="run-xlsx"),
    path("runs/<int:pk>/retry/", views.run_retry_view, name="run-retry"),
    *object_urls("definitions", "definition", create=views.definition_create_view,
                 edit=views.definition_edit_view),
    path("definitions/<int:pk>/generate/", views.definition_generate_view,
         name="definition-generate"),
]
