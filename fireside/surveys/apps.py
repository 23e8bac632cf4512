from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "fireside.surveys"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fireside.surveys import home, personal_data

        personal_data.register_all()
        home.register_all()
