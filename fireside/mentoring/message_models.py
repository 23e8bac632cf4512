"""A peer pair's private message thread: what the partners write each other, and how far
each of them has read.

Only the people of the pair ever read a message: not facilitators, mentors, coordinators,
operators or the admin site (these models are not registered there), and no search index,
report or notification carries a body to anyone else. Defined apart from models.py, and
imported there, so the thread can grow (the conversations editor, reply by email) without
crowding the pair's own models; foreign keys are by name, so nothing here imports models.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

BODY_MAX = 4000


class PairMessage(models.Model):
    pairing = models.ForeignKey(
        "mentoring.Pairing", on_delete=models.CASCADE, related_name="messages"
    )
    # None once its writer's account is erased: the words stay for the partner, under
    # "A former member", as a group's replies do.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pair_messages",
    )
    body = models.TextField()
    body_html = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    # Kept for the editor to come (issue 21); messages are not edited yet.
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["pairing", "id"], name="pair_message_thread")]

    def __str__(self) -> str:
        return f"Message {self.pk} in pair {self.pairing_id}"


class PairMessageRead(models.Model):
    """How far one person of a pair has read its thread: every message up to `last_id`.
    Ids only grow, so two messages written in the same instant are never mixed up."""

    pairing = models.ForeignKey("mentoring.Pairing", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pair_message_reads"
    )
    last_id = models.PositiveBigIntegerField(default=0)
    read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pairing", "user"], name="one_read_marker_per_seat"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read pair {self.pairing_id} to {self.last_id}"


class PairDraft(models.Model):
    """What one person of a pair is writing to the others and has not sent yet: its writer's
    alone (never the partner's, nor anyone else's), kept until they send or discard it or
    the pair ends (fireside/mentoring/pair_drafts.py)."""

    pairing = models.ForeignKey(
        "mentoring.Pairing", on_delete=models.CASCADE, related_name="drafts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pair_drafts"
    )
    body = models.TextField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pairing", "user"], name="one_pair_draft_per_seat"),
        ]

    def __str__(self) -> str:
        return f"Draft of {self.user_id} in pair {self.pairing_id}"
