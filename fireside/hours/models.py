"""Time people record themselves, for the hours ledger (fireside/hours/time.py writes it):

- online conversations: a member's minutes in their group's online conversations in a month,
  one entry per person, group and month;
- preparation and debrief: a facilitator's minutes preparing and debriefing a gathering they
  held, one entry per person and gathering.

Each counts up to the program's cap (`online_conversation_cap_minutes` a month,
`facilitation_cap_minutes` a gathering); the cap is checked when the time is recorded.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fireside.communities.models import Community
from fireside.gatherings.models import Gathering
from fireside.programs.models import Program


class TimeEntry(models.Model):
    class Kind(models.TextChoices):
        ONLINE = "online_conversations", _("Online conversations")
        PREPARATION = "preparation", _("Preparation and debrief")

    kind = models.CharField(max_length=24, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="time_entries"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="time_entries")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="time_entries")
    gathering = models.ForeignKey(
        Gathering, null=True, blank=True, on_delete=models.CASCADE, related_name="time_entries"
    )
    # The first of the month the time was spent in (for preparation: the gathering's month).
    month = models.DateField(_("month"))
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-month", "-pk"]
        indexes = [models.Index(fields=["program", "user"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "community", "month"],
                condition=Q(kind="online_conversations"),
                name="one_online_entry_per_person_group_month",
            ),
            models.UniqueConstraint(
                fields=["user", "gathering"],
                condition=Q(kind="preparation"),
                name="one_preparation_entry_per_person_gathering",
            ),
            models.CheckConstraint(
                condition=Q(kind="online_conversations", gathering__isnull=True)
                | Q(kind="preparation", gathering__isnull=False),
                name="time_entry_gathering_for_preparation_only",
            ),
            models.CheckConstraint(condition=Q(minutes__gte=1), name="time_entry_minutes_1_up"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.user_id} {self.month:%Y-%m}: {self.minutes}"
