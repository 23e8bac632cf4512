from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "fireside.mentoring"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fireside.mentoring import faces, home, partner_requests, personal_data, review_home

        personal_data.register_all()
        faces.register_all()
        home.register_all()
        review_home.register_all()
        partner_requests.register_all()
