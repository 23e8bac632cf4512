from __future__ import annotations

from fireside.lib.commands import ZoneCommand
from fireside.mentoring.nudges import QUIET_DAYS, send_nudges


class Command(ZoneCommand):
    help = (
        f"Email one gentle nudge to each peer pair quiet for {QUIET_DAYS} days (once per quiet "
        "spell; only the pair is told). Run daily from cron, or let `manage.py db_worker` run it "
        "in each zone."
    )

    send = staticmethod(send_nudges)
    said = "Nudged {count} pair(s){where}."
