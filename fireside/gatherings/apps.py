from django.apps import AppConfig


class GatheringsConfig(AppConfig):
    name = "fireside.gatherings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fireside.gatherings import (
            home,
            mentor_home,
            personal_data,
            polls_home,
            rollover,
            topic_calls,
            upcoming,
        )

        personal_data.register_all()
        home.register_all()
        mentor_home.register_all()
        polls_home.register_all()
        topic_calls.register_all()
        rollover.register_all()
        upcoming.register_all()
