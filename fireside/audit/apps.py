from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "fireside.audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fireside.audit import personal_data
        from fireside.audit.models import AuditEvent
        from fireside.lib.audit import register_event_model

        personal_data.register_all()
        register_event_model(AuditEvent)
