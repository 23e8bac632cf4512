from django.apps import AppConfig


class EnrolmentConfig(AppConfig):
    name = "fireside.enrolment"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fireside.enrolment import personal_data

        personal_data.register_all()
