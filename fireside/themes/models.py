"""Common threads: the themes found in a community's texts, or across a whole program.

Only what may be shown is stored: short phrases and counts. No text, no person and no link
back to a text is kept, so nothing read from here can point at anyone.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fireside.communities.models import Community
from fireside.programs.models import Program

KINDS = {
    "notes": _("gathering notes"),
    "debrief": _("debriefs"),
    "topic": _("topics"),
    "excerpt": _("reflection excerpts"),
    "story": _("value stories"),
}


def _month(value: str) -> dt.date | None:
    try:
        return dt.date(int(value[:4]), int(value[5:7]), 1)
    except (TypeError, ValueError):
        return None


class Scope(models.Model):
    """The texts themes are computed over: one community's (community set), or a whole
    program's (community empty). Every change to those texts bumps `version`; a computation
    records the version it read, so a scope is stale while `version` is ahead."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    version = models.PositiveIntegerField(default=0)
    computed_version = models.PositiveIntegerField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    # A recomputation is waiting in the task queue (one at a time per scope).
    queued_at = models.DateTimeField(null=True, blank=True)
    texts = models.PositiveIntegerField(default=0)
    withheld = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "community"],
                condition=Q(community__isnull=False),
                name="one_theme_scope_per_community",
            ),
            models.UniqueConstraint(
                fields=["program"],
                condition=Q(community__isnull=True),
                name="one_theme_scope_per_program",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"themes of community {self.community_id}"
            if self.community_id
            else (f"themes of program {self.program_id}")
        )

    @property
    def is_computed(self) -> bool:
        return self.computed_at is not None

    @property
    def is_stale(self) -> bool:
        return self.computed_version is None or self.version > self.computed_version


class Theme(models.Model):
    scope = models.ForeignKey(Scope, on_delete=models.CASCADE, related_name="themes")
    position = models.PositiveSmallIntegerField()
    phrases = models.JSONField(default=list)  # short phrases, the most telling first
    texts = models.PositiveIntegerField()
    people = models.PositiveIntegerField()
    communities = models.PositiveIntegerField(default=1)
    months = models.JSONField(default=dict)  # "YYYY-MM" -> texts
    kinds = models.JSONField(default=dict)  # notes, debrief, topic, excerpt, story -> texts

    class Meta:
        ordering = ["scope", "position"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return str(self.phrases[0]) if self.phrases else ""

    @property
    def other_phrases(self) -> list[str]:
        return [str(p) for p in self.phrases[1:]]

    @property
    def first_seen(self) -> dt.date | None:
        return _month(min(self.months)) if self.months else None

    @property
    def last_seen(self) -> dt.date | None:
        return _month(max(self.months)) if self.months else None

    @property
    def month_count(self) -> int:
        return len(self.months)

    @property
    def kind_names(self) -> list[str]:
        return [str(KINDS[k]) for k in KINDS if k in self.kinds]
