"""One row per searchable thing, so one query searches threads, replies, resources,
glossary terms and gathering notes alike. Rows are written by the actions that change
the source (see fireside/search/index.py).

An entry that belongs to another (a reply to its thread) points at it and copies nothing of
it: its title is read from the parent when searched, so an edited title leaves no old words
behind, and removing the parent (a hidden thread) removes its children with it.

An entry belongs to one group (`community`: read by its active members) or to a whole
program (`program`: a program library resource, read by the program's participants and
staff), never both."""

from __future__ import annotations

from django.db import models

from fireside.communities.models import Community
from fireside.programs.models import Program


class Entry(models.Model):
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    type = models.CharField(max_length=16)  # thread, reply, resource, term, gathering, library
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["type", "object_id"], name="one_entry_per_object"),
            models.CheckConstraint(
                condition=models.Q(community__isnull=False, program__isnull=True)
                | models.Q(community__isnull=True, program__isnull=False),
                name="entry_is_for_a_group_or_a_program",
            ),
        ]
        indexes = [models.Index(fields=["community"])]

    def __str__(self) -> str:
        return f"{self.type} {self.object_id}"
