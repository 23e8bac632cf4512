from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "fireside.mentoring"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fireside.mentoring import faces, home, matching_home, personal_data, review_home

        personal_data.register_all()
        faces.register_all()
        home.register_all()
        review_home.register_all()
        matching_home.register_all()
