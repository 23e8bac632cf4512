from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "fireside.mentoring"
    default_auto_field = "django.db.models.BigAutoField"
