from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "fireside.activities"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fireside.activities import agenda_parts, personal_data

        personal_data.register_all()
        agenda_parts.register_all()
