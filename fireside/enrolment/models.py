from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fireside.programs.models import Program


class EnrolmentImport(models.Model):
    """One uploaded participants' file, from its preview to its import.

    `rows` holds the file's participants (names, addresses) only as long as needed: it is
    emptied when the import finishes, and a preview nobody confirms is deleted after
    PREVIEW_DAYS (fireside/enrolment/actions.py)."""

    class State(models.TextChoices):
        PREVIEWED = "previewed", _("Checked, waiting for confirmation")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="imports")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64)
    kind = models.CharField(max_length=8)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PREVIEWED)
    rows = models.JSONField(default=list, blank=True)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    problems = models.PositiveIntegerField(default=0)
    # {"new": n, "invited": n, "members": n, "groups": n}, then what the import did.
    counts = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["program", "state"])]

    def __str__(self) -> str:
        return f"Import {self.pk} into {self.program_id} ({self.state})"

    @property
    def is_busy(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else 0
