from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from fireside.surveys.actions import run_daily


class Command(BaseCommand):
    help = (
        "Run daily from cron: open the next round of each repeating survey when its day "
        "comes and tell its audience (also any round that opened today and was not yet "
        "announced), add the answers still waiting in rounds that have closed to their "
        "results, and tell people when their end-of-term confidence check opens. Safe to "
        "run more than once a day."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = run_daily()
        self.stdout.write(
            "Opened {rounds_opened} round(s), announced {rounds_announced}, added "
            "{responses_mixed} waiting answer(s) to closed rounds, sent {confidence_reminders} "
            "confidence reminder(s).".format(**done)
        )
