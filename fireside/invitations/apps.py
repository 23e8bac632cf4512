from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    name = "fireside.invitations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fireside.invitations import group_hooks, personal_data

        personal_data.register_all()
        group_hooks.register_all()
