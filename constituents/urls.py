from django.urls import path

from core.routing import object_urls

from . import views

app_name = "constituents"
urlpatterns = [
    *object_urls("", "constituent", list=views.constituent_list_view,
                 create=views.constituent_create, detail=views.constituent_detail,
                 edit=views.constituent_edit),
    path("import/", views.constituent_import, name="constituent-import"),
    path("import/template/", views.constituent_import_template,
         name="constituent-import-template"),
    path("<int:pk>/active/", views.constituent_set_active, name="constituent-set-active"),
    path("countries/", views.country_list_view, name="country-list"),
    path("countries/<str:iso3>/", views.country_detail, name="country-detail"),
    path("countries/<str:iso3>/context/", views.country_context_edit,
         name="country-context-edit"),
]
for _kind in ("affiliation", "membership", "contact"):
    urlpatterns += [
        path(f"<int:pk>/{_kind}/add/", views.subrecord_add, {"kind": _kind},
             name=f"{_kind}-add"),
        path(f"{_kind}/<int:pk>/edit/", views.subrecord_edit, {"kind": _kind},
             name=f"{_kind}-edit"),
        path(f"{_kind}/<int:pk>/delete/", views.subrecord_delete, {"kind": _kind},
             name=f"{_kind}-delete"),
    ]
