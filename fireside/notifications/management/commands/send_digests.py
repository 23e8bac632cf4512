from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fireside.lib.validators import zone_name
from fireside.notifications.actions import send_digests


class Command(BaseCommand):
    help = (
        "Email the daily or weekly notification digests. Run from cron (daily, weekly), or let "
        "`manage.py db_worker` run it in each zone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("period", choices=["daily", "weekly"])
        parser.add_argument(
            "--zone",
            type=zone_name,
            help="Only the people in this time zone (e.g. America/Vancouver); else everyone.",
        )

    def handle(self, *args: Any, period: str, zone: str | None, **options: Any) -> None:
        sent = send_digests(period=period, zone=zone)
        where = f" in {zone}" if zone else ""
        self.stdout.write(f"Sent {sent} {period} digest(s){where}.")
