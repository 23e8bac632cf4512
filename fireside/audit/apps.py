from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "fireside.audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fireside.audit import personal_data

        personal_data.register_all()
