from django.apps import AppConfig


class AnnouncementsConfig(AppConfig):
    name = "fireside.announcements"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fireside.announcements import home, personal_data

        personal_data.register_all()
        home.register_all()
