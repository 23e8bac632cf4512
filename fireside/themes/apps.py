from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "fireside.themes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fireside.themes import free_text, signals

        signals.connect()
        free_text.register_all()
