"""A program's report figures, kept ready so a coordinator never waits for them."""

from __future__ import annotations

from django.db import models

from fireside.programs.models import Program


class Snapshot(models.Model):
    """The aggregates of one program's report as last computed (see `snapshots.py`).

    `figures` is the pickled report without any shared words: excerpts and stories are
    always read fresh, so a withdrawn consent takes effect at once. Only Fireside writes
    this column; a row it cannot read back is computed again."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="+")
    figures = models.BinaryField()
    version = models.PositiveIntegerField()
    computed_at = models.DateTimeField()
    seconds = models.FloatField(default=0)
    refresh_queued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return (
            f"Report figures for program {self.program_id} as of {self.computed_at:%Y-%m-%d %H:%M}"
        )
