"""What came in by email: one row per message, to post it at most once and for operators to
count outcomes. No body, no address, no person: only a hash that names the message."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReceivedMessage(models.Model):
    class Outcome(models.TextChoices):
        POSTED = "posted", _("Posted")
        AUTOMATIC = "automatic", _("An automatic reply, dropped")
        UNADDRESSED = "unaddressed", _("No valid reply address")
        FORGED = "forged", _("Not from the reply address's owner")
        TOO_LARGE = "too_large", _("Too large")
        EMPTY = "empty", _("Nothing to post")
        REFUSED = "refused", _("Refused by the same checks as the web")

    # sha256 of the Message-ID, or of the sender, date and body when it has none.
    key = models.CharField(max_length=64, unique=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    target = models.CharField(max_length=1, blank=True)  # the registry's code, when addressed
    received_at = models.DateTimeField(auto_now_add=True)
    # The same message again (a mail service retrying, a replay): counted, never re-posted.
    repeats = models.PositiveIntegerField(default=0)
    last_repeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"inbound email #{self.pk} ({self.outcome})"
