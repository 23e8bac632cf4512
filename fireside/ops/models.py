"""The outgoing-email queue: one row per email, so a send is retried and never repeated.

A row is written in the same transaction as the change that causes the email (a join, a
reply…): if the change rolls back, so does the email. The worker claims a queued row by
switching it to `sending` in one conditional UPDATE (only one worker can win), sends, then
marks it `sent`. A send that raises goes back to `queued` with a later `next_attempt_at`
and a retry task; a row that is `sent` (or `sending`) is never sent again. The one case
left is a worker killed between the mail server's "accepted" and the `sent` mark: the row
stays `sending` and is reported by `manage.py send_queued_email` rather than re-sent,
because the email may well have gone out. Every attempt carries the same Message-ID, so a
repeat that an operator asks for is recognisable as the same message.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def new_message_id() -> str:
    return f"<{uuid.uuid4().hex}@fireside>"


class OutgoingEmail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Gave up after repeated failures")

    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    template = models.CharField(max_length=80, blank=True)  # which email, for operators
    # The content is needed until the email is sent, then blanked: the queue is no second
    # copy of what people wrote, nor a list of their addresses.
    to = models.JSONField(default=list)
    subject = models.TextField(blank=True)
    body = models.TextField(blank=True)
    html = models.TextField(blank=True)
    attachments = models.JSONField(default=list, blank=True)
    # Where an answer goes: a person's own reply address (fireside.inbound), blanked with the
    # rest once sent; "" for an email nobody answers.
    reply_to = models.CharField(max_length=254, blank=True)
    message_id = models.CharField(max_length=100, unique=True, default=new_message_id)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    attempted_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False) | ~Q(status="sent"),
                name="sent_email_has_sent_at",
            ),
        ]

    def __str__(self) -> str:
        return f"email #{self.pk} ({self.template or 'plain'}, {self.status})"


class ScheduledRun(models.Model):
    """One run of a scheduled job for one period (fireside/ops/schedule.py).

    The row is the claim: it is inserted before the job runs, and the unique (period, job)
    pair lets only one worker insert it, so a period's job runs once however many workers
    are up. A run that fails keeps its row (with the error) and is not retried in its period;
    the next period is a new row. A run whose worker died half-way keeps `finished_at` empty.
    """

    job = models.CharField(max_length=40)
    # Which period the run is for, e.g. "America/Vancouver 2026-03-02" (a local day),
    # "UTC 2026-W10" (an ISO week) or "UTC 2026-03-02T08" (an hour).
    period = models.CharField(max_length=100)
    worker = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    # What the command printed (counts only), or the exception's class when it failed: the
    # traceback goes to the worker's log, which may quote what people wrote.
    summary = models.CharField(max_length=500, blank=True)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["period", "job"], name="one_run_per_job_and_period")
        ]

    def __str__(self) -> str:
        return f"{self.job} for {self.period}"
