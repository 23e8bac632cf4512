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


class ReportPdf(models.Model):
    """The report's PDF for a big program, drawn in the background (see `pdf.py`) and kept in
    storage until what it shows changes: `key` is the digest of its figures, shared words,
    logo and language. One row per program and language."""

    class State(models.TextChoices):
        PREPARING = "preparing", "preparing"
        READY = "ready", "ready"
        FAILED = "failed", "failed"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=10)
    key = models.CharField(max_length=64)
    state = models.CharField(max_length=10, choices=State.choices)
    # How far the drawing has gone, of STEPS (pdf.py), for the progress bar.
    step = models.PositiveSmallIntegerField(default=0)
    file = models.CharField(max_length=200, blank=True)
    pages = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)
    queued_at = models.DateTimeField()
    made_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "language"], name="one_report_pdf_a_language"
            )
        ]

    def __str__(self) -> str:
        return f"Report PDF of program {self.program_id} ({self.language}, {self.state})"
