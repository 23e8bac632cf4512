from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Q
from django.utils import timezone

from fireside.lib.mail import deliver
from fireside.ops.models import OutgoingEmail

# An attempt that has not finished after this long died with its worker.
STALE_AFTER = dt.timedelta(minutes=15)


class Command(BaseCommand):
    help = (
        "Send the queued emails that are due (the worker does this by itself; run this after "
        "an outage, or from cron when tasks run in-process), and report attempts that died "
        "half-way: those may have been sent, so they are only re-sent with --retry-uncertain."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--retry-uncertain",
            action="store_true",
            help="Queue again the emails whose sending was cut off (they may arrive twice).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        stale = OutgoingEmail.objects.filter(
            status=OutgoingEmail.Status.SENDING, attempted_at__lt=now - STALE_AFTER
        )
        requeued = 0
        if options["retry_uncertain"]:
            requeued = stale.update(status=OutgoingEmail.Status.QUEUED, next_attempt_at=None)
        due = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.QUEUED).filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
        )
        outcomes: dict[str, int] = {}
        for pk in list(due.order_by("pk").values_list("pk", flat=True)):
            outcome = deliver(pk)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        self.stdout.write(
            f"Sent {outcomes.get('sent', 0)}; failed and queued again "
            f"{outcomes.get('failed', 0)}; gave up on {outcomes.get('gave_up', 0)}."
        )
        if requeued:
            self.stdout.write(f"Queued again {requeued} email(s) whose sending was cut off.")
        uncertain = stale.count()
        if uncertain:
            self.stdout.write(
                f"{uncertain} email(s) were cut off while being sent and may have gone out; "
                "check the mail server's log, then run with --retry-uncertain to send them again."
            )
