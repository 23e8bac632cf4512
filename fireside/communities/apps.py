from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "fireside.communities"
    default_auto_field = "django.db.models.BigAutoField"
