from django.apps import AppConfig


class HoursConfig(AppConfig):
    name = "fireside.hours"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fireside.hours import home, page_parts, personal_data

        home.register_all()
        personal_data.register_all()
        page_parts.register_all()
