"""What a group's organiser or facilitators tell the whole group, and who has read it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fireside.communities.models import Community

TITLE_MAX = 150
BODY_MAX = 5000


class Announcement(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="announcements")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = models.TextField(_("message"), max_length=BODY_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["community", "-created_at"])]

    def __str__(self) -> str:
        return f"announcement {self.pk}"


class AnnouncementRead(models.Model):
    """A member marked the announcement read: it leaves their home."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["announcement", "user"], name="one_read_per_person"),
        ]

    def __str__(self) -> str:
        return f"read {self.announcement_id} by {self.user_id}"
