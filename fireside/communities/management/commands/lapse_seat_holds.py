from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from fireside.communities.seat_holds import lapse_all


class Command(BaseCommand):
    help = (
        "Open the seats kept for last year's members whose deadline has passed, and seat the "
        "people waiting. Run hourly by `manage.py db_worker`; joining a group does the same "
        "for that group, so nothing waits for this."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        seated = lapse_all()
        self.stdout.write(f"Seated {seated} person(s) from waitlists after seats lapsed.")
