from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "fireside.communities"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fireside.communities import faces, home, personal_data

        personal_data.register_all()
        faces.register_all()
        home.register_all()
