from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "fireside.programs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fireside.programs import personal_data, rollover_home

        personal_data.register_all()
        rollover_home.register_all()
