from __future__ import annotations

from fireside.lib.commands import ZoneCommand
from fireside.mentoring.reflecting import REMIND_DAYS_BEFORE_END, send_reflection_reminders


class Command(ZoneCommand):
    help = (
        f"From {REMIND_DAYS_BEFORE_END} days before a month ends, email each member who has not "
        "written that month's reflection one reminder (unless they stopped them). Run daily "
        "from cron, or let `manage.py db_worker` run it in each zone."
    )

    send = staticmethod(send_reflection_reminders)
    said = "Sent {count} reflection reminder(s){where}."
