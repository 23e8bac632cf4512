from django.apps import AppConfig


class HoursConfig(AppConfig):
    name = "fireside.hours"
    default_auto_field = "django.db.models.BigAutoField"
