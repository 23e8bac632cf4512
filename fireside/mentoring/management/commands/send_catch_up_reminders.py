from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fireside.lib.validators import zone_name
from fireside.mentoring.pair_space import send_catch_up_reminders


class Command(BaseCommand):
    help = (
        "Email each peer partner whose catch-up is tomorrow (in their own time zone) one "
        "reminder, unless they turned their pair's news off. Run daily from cron, or let "
        "`manage.py db_worker` run it in each zone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--zone",
            type=zone_name,
            help="Only the people in this time zone (e.g. America/Vancouver); else everyone.",
        )

    def handle(self, *args: Any, zone: str | None, **options: Any) -> None:
        sent = send_catch_up_reminders(zone=zone)
        where = f" in {zone}" if zone else ""
        self.stdout.write(f"Sent {sent} catch-up reminder(s){where}.")
