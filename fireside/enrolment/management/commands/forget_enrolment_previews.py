"""Delete the participants' files nobody confirmed within a day (their rows hold names and
addresses), and empty the rows of imports that stopped. Run daily by the worker's schedule."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from fireside.enrolment.actions import forget_stale_imports


class Command(BaseCommand):
    help = "Delete unconfirmed enrolment previews older than a day."

    def handle(self, *args: Any, **options: Any) -> None:
        count = forget_stale_imports()
        self.stdout.write(f"Forgot {count} enrolment previews.")
