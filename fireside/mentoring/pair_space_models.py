"""The pair's own space: their next catch-up and their shared goals.

Both are the two partners' only, like their connections: nobody else reads a catch-up's
place or a goal's words — not facilitators, mentors, coordinators or operators (the admin
site does not list them). Imported by fireside/mentoring/models.py.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

WHERE_MAX = 200
GOAL_MAX = 200
OPEN_GOALS_MAX = 10
DEFAULT_CATCH_UP_MINUTES = 30


class CatchUp(models.Model):
    """When and where the pair meet next. Setting a new one while one is still to come
    moves that one (same UID, SEQUENCE one higher) so calendars replace it; past ones stay
    as the pair's history."""

    pairing = models.ForeignKey(
        "mentoring.Pairing", on_delete=models.CASCADE, related_name="catch_ups"
    )
    uid = models.CharField(max_length=100, unique=True, editable=False)
    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=DEFAULT_CATCH_UP_MINUTES)
    where = models.CharField(_("where"), max_length=WHERE_MAX, blank=True)  # the pair's only
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["pairing", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=5, minutes__lte=24 * 60), name="catch_up_5min_to_24h"
            ),
        ]

    def __str__(self) -> str:
        return f"Catch-up {self.pk} of pair {self.pairing_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.uid:
            self.uid = f"catch-up-{uuid.uuid4()}@fireside"
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def where_is_link(self) -> bool:
        return self.where.startswith(("https://", "http://"))


class CatchUpReminder(models.Model):
    """The reminder the day before, once per person and version of the catch-up: the send's
    claim. A moved catch-up (a higher sequence) is reminded again."""

    catch_up = models.ForeignKey(CatchUp, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sequence = models.PositiveIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["catch_up", "user", "sequence"], name="one_catch_up_reminder_each"
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder of catch-up {self.catch_up_id} to {self.user_id}"


class PairGoal(models.Model):
    """Something the two want to work on together; the pair's only."""

    pairing = models.ForeignKey("mentoring.Pairing", on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("goal"), max_length=GOAL_MAX)
    position = models.PositiveIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pairing", "position", "pk"]

    def __str__(self) -> str:
        return f"Goal {self.pk} of pair {self.pairing_id}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
