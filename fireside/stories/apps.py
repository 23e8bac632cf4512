from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "fireside.stories"
    default_auto_field = "django.db.models.BigAutoField"
