from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "fireside.certificates"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fireside.certificates import ledger_parts, personal_data

        personal_data.register_all()
        ledger_parts.register_all()
