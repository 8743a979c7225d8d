from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "programmes"

    def ready(self) -> None:
        from . import notifications

        notifications.register()
