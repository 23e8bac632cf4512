from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from fireside.mentoring.actions import QUIET_DAYS, send_nudges


class Command(BaseCommand):
    help = (
        f"Email one gentle nudge to each peer pair quiet for {QUIET_DAYS} days (once per quiet "
        "spell; only the pair is told). Run daily from cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_nudges()
        self.stdout.write(f"Nudged {sent} pair(s).")
