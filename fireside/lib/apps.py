from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_cache_table(*, using: str = "default", **kwargs: Any) -> None:
    """`migrate` makes the database cache's table too (createcachetable skips a table that
    is already there), so a new installation needs no extra step."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class LibConfig(AppConfig):
    """Shared helpers. An app only so that `migrate` creates the cache table."""

    name = "fireside.lib"
    label = "fireside_lib"

    def ready(self) -> None:
        # Sent once per app with models; this one has an empty models module for that.
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="fireside_cache_table")
