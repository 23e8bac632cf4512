from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "fireside.conversations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fireside.conversations.notices import register_all

        register_all()
