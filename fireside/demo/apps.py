from django.apps import AppConfig


class DemoConfig(AppConfig):
    """What is not the product but ships beside it: the demo (`seed_demo`), the scale dataset
    (`seed_scale`), the benchmark's floor view (routed only when BENCH is on) and the test
    factories. No models, no pages of its own; importing it needs no development tool."""

    name = "fireside.demo"
    default_auto_field = "django.db.models.BigAutoField"
