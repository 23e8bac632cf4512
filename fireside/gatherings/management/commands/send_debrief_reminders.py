from __future__ import annotations

from fireside.gatherings.debriefs import send_debrief_reminders
from fireside.lib.commands import ZoneCommand


class Command(ZoneCommand):
    help = (
        "Email each facilitator and assigned mentor of a gathering that ended without a "
        "debrief one reminder to write it (never twice for the same gathering and person). "
        "Run daily from cron, or let `manage.py db_worker` run it in each zone."
    )

    send = staticmethod(send_debrief_reminders)
    said = "Sent {count} debrief reminder(s){where}."
