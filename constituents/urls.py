from django.urls import path

from . import views

app_name = "constituents"
urlpatterns = [
    path("countries/", views.country_list_view, name="country-list"),
    path("countries/<str:iso3>/", views.country_detail, name="country-detail"),
]
