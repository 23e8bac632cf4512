from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "fireside.programs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fireside.accounts import role_types
        from fireside.programs import personal_data
        from fireside.programs.models import all_role_type_choices

        personal_data.register_all()
        role_types.register_choices(all_role_type_choices)
