from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "fireside.notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fireside.notifications import personal_data

        personal_data.register_all()
