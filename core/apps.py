from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Accounts and platform"

    def ready(self) -> None:
        from . import policy

        policy.register_model_permissions()
        policy.register_capability_permissions()
