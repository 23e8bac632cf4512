from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "fireside.communities"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from fireside.communities import (
            faces,
            home,
            personal_data,
            proposals,
            role_changes,
            rollover_home,
            schedule,
        )

        # Every app's tabs of a group page (fireside/communities/tabs.py).
        autodiscover_modules("group_tabs")

        personal_data.register_all()
        faces.register_all()
        home.register_all()
        proposals.register_all()
        role_changes.register_all()
        schedule.register_all()
        rollover_home.register_all()
