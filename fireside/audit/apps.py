from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "fireside.audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from fireside.audit import personal_data
        from fireside.audit.models import AuditEvent
        from fireside.lib.audit import register_event_model

        personal_data.register_all()
        register_event_model(AuditEvent)
        # Each app's verbs and words, and how to name what they target
        # (fireside/lib/audit_verbs.py, fireside/audit/targets.py).
        autodiscover_modules("audit_verbs", "audit_targets")
