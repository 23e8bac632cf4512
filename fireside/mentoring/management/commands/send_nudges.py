from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fireside.lib.validators import zone_name
from fireside.mentoring.actions import QUIET_DAYS, send_nudges


class Command(BaseCommand):
    help = (
        f"Email one gentle nudge to each peer pair quiet for {QUIET_DAYS} days (once per quiet "
        "spell; only the pair is told). Run daily from cron, or let `manage.py db_worker` run it "
        "in each zone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--zone",
            type=zone_name,
            help="Only the people in this time zone (e.g. America/Vancouver); else everyone.",
        )

    def handle(self, *args: Any, zone: str | None, **options: Any) -> None:
        sent = send_nudges(zone=zone)
        where = f" in {zone}" if zone else ""
        self.stdout.write(f"Nudged {sent} pair(s){where}.")
