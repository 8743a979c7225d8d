from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("request/fields/", views.request_fields_view, name="request-fields"),
    path("history/", views.history_view, name="history"),
    path("runs/<int:pk>/", views.run_detail_view, name="run-detail"),
    path("runs/<int:pk>/status/", views.run_status_view, name="run-status"),
    path("runs/<int:pk>/pdf/", views.run_pdf_view, name="run-pdf"),
    path("runs/<int:pk>/xlsx/", views.run_xlsx_view, name="run-xlsx"),
    path("definitions/new/", views.definition_create_view, name="definition-create"),
    path("definitions/<int:pk>/edit/", views.definition_edit_view, name="definition-edit"),
    path("definitions/<int:pk>/generate/", views.definition_generate_view,
         name="definition-generate"),
]
