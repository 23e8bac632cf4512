from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "fireside.surveys"
    default_auto_field = "django.db.models.BigAutoField"
