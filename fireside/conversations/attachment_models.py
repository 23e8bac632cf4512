"""Images and files attached to a thread's opening post or to a reply
(fireside/conversations/attachments.py). Imported by models.py, so Django finds it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

IMAGE_TYPE = "image/webp"
THUMB_LONGEST = 480  # a picture's thumbnail, at most this many pixels on its longer side


class Attachment(models.Model):
    """One uploaded file on one post. Files live under MEDIA_ROOT with random names and are
    only ever served through the members-only views; images are stored re-encoded (no
    metadata) with a re-encoded thumbnail beside them."""

    thread = models.ForeignKey(
        "conversations.Thread",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    reply = models.ForeignKey(
        "conversations.Reply",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(max_length=300)
    filename = models.CharField(max_length=200)  # as uploaded (an image's ends in .webp)
    content_type = models.CharField(max_length=120)  # detected from the bytes
    size = models.PositiveBigIntegerField()
    # Images only: the thumbnail's stored name, the picture's size, and its description.
    thumbnail = models.CharField(max_length=300, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=False, reply__isnull=True)
                | Q(thread__isnull=True, reply__isnull=False),
                name="attachment_on_one_post",
            ),
        ]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("conversations:attachment", kwargs={"attachment_id": self.pk})

    @property
    def is_image(self) -> bool:
        return bool(self.thumbnail)

    @property
    def alt(self) -> str:
        return self.caption or self.filename

    def get_thumbnail_url(self) -> str:
        return reverse("conversations:attachment_thumb", kwargs={"attachment_id": self.pk})

    @property
    def thumb_size(self) -> tuple[int, int]:
        """The thumbnail's width and height (the picture scaled to THUMB_LONGEST)."""
        longest = max(self.width, self.height, 1)
        scale = min(1.0, THUMB_LONGEST / longest)
        return max(1, round(self.width * scale)), max(1, round(self.height * scale))

    def stored_names(self) -> list[str]:
        return [name for name in (self.file.name, self.thumbnail) if name]
