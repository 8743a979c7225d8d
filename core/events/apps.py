from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "core.events"
    label = "events"
    verbose_name = _("Event feed and webhooks")
    default_auto_field = "django.db.models.BigAutoField"
