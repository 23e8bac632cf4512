"""What people hear about, in the app and by email, and how often."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fireside.communities.models import Community


class Kind(models.TextChoices):
    NEW_THREAD = "new_thread", _("New conversations in my groups")
    REPLY = "reply", _("Replies to my conversations")
    MENTION = "mention", _("When someone mentions me (@name)")
    RECOGNITION = "recognition", _("When someone recognises me")
    FLAG = "flag", _("Flagged posts (facilitators)")
    SURVEY = "survey", _("Surveys and check-ins opening for me")
    CONNECTION = "connection", _("Connections my peer partner logs, to confirm")
    PAIR_MESSAGE = "pair_message", _("Messages from my peer partner")
    PARTNER_REQUEST = "partner_request", _("Someone asking me to be their peer partner")
    PAIR = "pair", _("My peer partner's plans (our next catch-up)")
    PRACTICE_FEEDBACK = "practice", _("Feedback on a session I present to my group")


class Delivery(models.TextChoices):
    INSTANT = "instant", _("An email each time")
    DAILY = "daily", _("A daily digest")
    WEEKLY = "weekly", _("A weekly digest")
    NONE = "none", _("No email (only here)")


# Without a choice of their own, people get these.
DEFAULT_DELIVERY = {
    Kind.NEW_THREAD: Delivery.DAILY,
    Kind.REPLY: Delivery.INSTANT,
    Kind.MENTION: Delivery.INSTANT,
    Kind.RECOGNITION: Delivery.INSTANT,
    Kind.FLAG: Delivery.INSTANT,
    Kind.SURVEY: Delivery.INSTANT,
    Kind.CONNECTION: Delivery.INSTANT,
    Kind.PAIR_MESSAGE: Delivery.INSTANT,
    Kind.PARTNER_REQUEST: Delivery.INSTANT,
    Kind.PAIR: Delivery.INSTANT,
    Kind.PRACTICE_FEEDBACK: Delivery.INSTANT,
}


# Said when what a notification is about is gone, or hidden from its reader.
NEUTRAL = {
    Kind.NEW_THREAD: _("A new conversation in your group"),
    Kind.REPLY: _("A reply to your conversation"),
    Kind.MENTION: _("Someone mentioned you"),
    Kind.RECOGNITION: _("Someone recognised you"),
    Kind.FLAG: _("A post was flagged to the facilitators"),
    Kind.SURVEY: _("A survey is open for you"),
    Kind.CONNECTION: _("A connection to confirm"),
    Kind.PAIR_MESSAGE: _("A message from your peer partner"),
    Kind.PARTNER_REQUEST: _("A request to be someone's peer partner"),
    Kind.PAIR: _("Your peer partner changed your plans"),
    Kind.PRACTICE_FEEDBACK: _("New feedback on a session you presented"),
}


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # What it is about, by reference: its words are written when it is read (see
    # fireside/notifications/render.py), so a hidden or edited post, or an erased person's
    # name, is never kept here. `text` is only for news that has nothing to hide.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_type = models.CharField(max_length=16, blank=True)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    text = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set once the notification went out by email (at once or in a digest).
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["user", "emailed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id}"

    @property
    def message(self) -> str:
        """What the reader is told: as rendered for them, else the stored text, else a
        neutral line that names nothing."""
        rendered = getattr(self, "_rendered", None)
        if rendered is not None:
            return str(rendered)
        return self.text or str(NEUTRAL[Kind(self.kind)])


class Preference(models.Model):
    """One person's choice for one kind in one community."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs"
    )
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    delivery = models.CharField(max_length=8, choices=Delivery.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "community", "kind"], name="one_preference_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.community_id} {self.kind}: {self.delivery}"
