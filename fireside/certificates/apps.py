from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "fireside.certificates"
    default_auto_field = "django.db.models.BigAutoField"
