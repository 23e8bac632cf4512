from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fireside.lib.validators import zone_name
from fireside.mentoring.reflecting import REMIND_DAYS_BEFORE_END, send_reflection_reminders


class Command(BaseCommand):
    help = (
        f"From {REMIND_DAYS_BEFORE_END} days before a month ends, email each member who has not "
        "written that month's reflection one reminder (unless they stopped them). Run daily "
        "from cron, or let `manage.py db_worker` run it in each zone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--zone",
            type=zone_name,
            help="Only the people in this time zone (e.g. America/Vancouver); else everyone.",
        )

    def handle(self, *args: Any, zone: str | None, **options: Any) -> None:
        sent = send_reflection_reminders(zone=zone)
        where = f" in {zone}" if zone else ""
        self.stdout.write(f"Sent {sent} reflection reminder(s){where}.")
