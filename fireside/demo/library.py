"""A few picks in the demo program's library (see seed_demo): a podcast episode, a reading,
a video in French and a one-page sheet to print, published by the demo coordinator and
mentor through the actions, so search finds them."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from fireside.accounts.models import User
from fireside.library.actions import check_publish
from fireside.library.models import ProgramResource
from fireside.programs.models import Program

SHEET = """# Noticing, one child at a time

Date: ________  Where: ________

1. What did the child do, in their own time?
2. What did they already seem to know?
3. What did I almost do, and didn't?
4. One thing to offer next time:

Bring one of these to your next gathering if you like. Leave out names.
"""


def seed_library(program: Program, coordinator: User, mentor: User) -> list[ProgramResource]:
    return [
        check_publish(
            actor=coordinator,
            program=program,
            title="A one-page sheet for noticing",
            kind="tool",
            language="both",
            pinned=True,
            description="Print it, keep it in a pocket, fill it in after a moment that "
            "surprised you. Several groups start their gathering with one.",
            upload=SimpleUploadedFile(
                "noticing-sheet.md", SHEET.encode(), content_type="text/markdown"
            ),
        ),
        check_publish(
            actor=mentor,
            program=program,
            title="Podcast, episode 14: when a child says no",
            kind="podcast",
            description="Twenty-five minutes on respecting a refusal without losing the "
            "day. Good for the drive home; we will pick it up in the January debriefs.",
            url="https://example.org/podcast/episode-14",
        ),
        check_publish(
            actor=coordinator,
            program=program,
            title="Slow looking: what children already know",
            kind="reading",
            description="Eight pages on pausing before stepping in. Try **one** observation "
            "this week and bring it to your group.",
            url="https://example.org/readings/slow-looking",
        ),
        check_publish(
            actor=mentor,
            program=program,
            title="Un coin de matériaux détachés à petit prix",
            kind="video",
            language="fr",
            description="Six minutes, en français : un coin monté avec ce qu'on a sous la main.",
            url="https://example.org/videos/coin-materiaux",
        ),
    ]
