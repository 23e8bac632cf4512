"""A program's library: readings, podcast episodes, videos and tools its coordinators and
mentors pick for everyone taking part. Files are stored like a group's resources (random
names, never public) and only ever served through the readers-only download view."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fireside.programs.models import Program

TITLE_MAX = 200
DESCRIPTION_MAX = 1000
URL_MAX = 500


class Kind(models.TextChoices):
    READING = "reading", _("Reading")
    PODCAST = "podcast", _("Podcast episode")
    VIDEO = "video", _("Video")
    TOOL = "tool", _("Tool")


class Language(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")
    BOTH = "both", _("English and French")


class ProgramResource(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="library")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), blank=True)  # Markdown
    kind = models.CharField(_("kind of resource"), max_length=16, choices=Kind.choices)
    language = models.CharField(
        _("language"), max_length=4, choices=Language.choices, default=Language.EN
    )
    file = models.FileField(max_length=300, blank=True)
    filename = models.CharField(max_length=200, blank=True)  # as uploaded, for the download
    content_type = models.CharField(max_length=120, blank=True)  # detected from the bytes
    size = models.PositiveBigIntegerField(default=0)
    url = models.URLField(_("link"), max_length=URL_MAX, blank=True)
    pinned = models.BooleanField(_("pinned to the top"), default=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-pinned", "-created_at", "-pk"]
        indexes = [models.Index(fields=["program", "-pinned", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="program_resource_is_a_file_or_a_link",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        url = reverse("library:list", kwargs={"program_id": self.program_id})
        return f"{url}#item-{self.pk}"

    @property
    def is_link(self) -> bool:
        return not self.file

    def get_download_url(self) -> str:
        return reverse("library:download", kwargs={"library_item_id": self.pk})
