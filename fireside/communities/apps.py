from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "fireside.communities"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fireside.communities import personal_data

        personal_data.register_all()
