from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fireside.notifications.actions import send_digests


class Command(BaseCommand):
    help = "Email the daily or weekly notification digests. Run from cron (daily, weekly)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("period", choices=["daily", "weekly"])

    def handle(self, *args: Any, period: str, **options: Any) -> None:
        sent = send_digests(period=period)
        self.stdout.write(f"Sent {sent} {period} digest(s).")
