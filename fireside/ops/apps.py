from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running Fireside safely: backups and restores, and the outgoing-email queue."""

    name = "fireside.ops"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fireside.lib.mail import register_outbox
        from fireside.ops.models import OutgoingEmail

        register_outbox(OutgoingEmail)
