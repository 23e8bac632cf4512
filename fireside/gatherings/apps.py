from django.apps import AppConfig


class GatheringsConfig(AppConfig):
    name = "fireside.gatherings"
    default_auto_field = "django.db.models.BigAutoField"
