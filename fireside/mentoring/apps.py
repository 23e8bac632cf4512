from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "fireside.mentoring"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fireside.mentoring import (
            faces,
            home,
            leaving,
            matching_home,
            pair_drafts,
            pair_message_email,
            pair_message_home,
            pair_messages,
            partner_requests,
            personal_data,
            reflecting,
            review_home,
        )

        personal_data.register_all()
        faces.register_all()
        home.register_all()
        review_home.register_all()
        pair_messages.register_all()
        pair_drafts.register_all()
        pair_message_home.register_all()
        pair_message_email.register_all()
        partner_requests.register_all()
        matching_home.register_all()
        leaving.register_all()
        reflecting.register_all()
