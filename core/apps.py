from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Accounts and platform"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save

        from . import policy
        from .tokens import revoke_tokens_on_password_change

        policy.register_model_permissions()
        policy.register_capability_permissions()
        # Not business logic: a security rule that must hold however a password is set.
        post_save.connect(revoke_tokens_on_password_change, sender=get_user_model(),
                          dispatch_uid="core.revoke_tokens_on_password_change")
