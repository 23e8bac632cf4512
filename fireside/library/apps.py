from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "fireside.library"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fireside.library import page_parts, personal_data

        personal_data.register_all()
        page_parts.register_all()
