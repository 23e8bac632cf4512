"""The shape shared by the daily jobs that email people in the morning of their own time zone:
one `--zone` option, one send function, one line saying how many were sent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.core.management.base import BaseCommand, CommandParser

from fireside.lib.validators import zone_name


class ZoneCommand(BaseCommand):
    """A subclass sets `help`, `send` (called with `zone=`, returns how many it sent) and
    `said`, the line written after, with `{count}` and `{where}` in it."""

    send: ClassVar[Callable[..., int]]
    said: ClassVar[str]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--zone",
            type=zone_name,
            help="Only the people in this time zone (e.g. America/Vancouver); else everyone.",
        )

    def handle(self, *args: Any, zone: str | None, **options: Any) -> None:
        count = type(self).send(zone=zone)
        where = f" in {zone}" if zone else ""
        self.stdout.write(self.said.format(count=count, where=where))
