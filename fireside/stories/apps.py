from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "fireside.stories"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fireside.stories import home, personal_data

        personal_data.register_all()
        home.register_all()
