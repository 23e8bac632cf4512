from __future__ import annotations

from fireside.lib.commands import ZoneCommand
from fireside.mentoring.pair_space import send_catch_up_reminders


class Command(ZoneCommand):
    help = (
        "Email each peer partner whose catch-up is tomorrow (in their own time zone) one "
        "reminder, unless they turned their pair's news off. Run daily from cron, or let "
        "`manage.py db_worker` run it in each zone."
    )

    send = staticmethod(send_catch_up_reminders)
    said = "Sent {count} catch-up reminder(s){where}."
