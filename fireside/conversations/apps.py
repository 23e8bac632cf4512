from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "fireside.conversations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fireside.conversations import (
            attachments,
            by_email,
            home,
            leaving,
            notices,
            personal_data,
            visits,
        )

        attachments.register_all()
        personal_data.register_all()
        notices.register_all()
        visits.register_all()
        home.register_all()
        by_email.register_all()
        leaving.register_all()
