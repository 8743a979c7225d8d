from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/open/", views.open_notification, name="open"),
    path("read/", views.read, name="read"),
    path("settings/", views.notification_settings, name="settings"),
    path("badge/", views.unread_badge, name="badge"),
]
