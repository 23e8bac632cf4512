from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fireside.gatherings.debriefs import send_debrief_reminders
from fireside.lib.validators import zone_name


class Command(BaseCommand):
    help = (
        "Email each facilitator and assigned mentor of a gathering that ended without a "
        "debrief one reminder to write it (never twice for the same gathering and person). "
        "Run daily from cron, or let `manage.py db_worker` run it in each zone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--zone",
            type=zone_name,
            help="Only the people in this time zone (e.g. America/Vancouver); else everyone.",
        )

    def handle(self, *args: Any, zone: str | None, **options: Any) -> None:
        sent = send_debrief_reminders(zone=zone)
        where = f" in {zone}" if zone else ""
        self.stdout.write(f"Sent {sent} debrief reminder(s){where}.")
