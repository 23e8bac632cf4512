from django.apps import AppConfig


class ScaleConfig(AppConfig):
    """Measuring at size: the scale dataset (seed_scale) and the benchmark's floor view."""

    name = "fireside.scale"
    default_auto_field = "django.db.models.BigAutoField"
