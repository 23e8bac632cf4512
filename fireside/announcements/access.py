"""Who reads an announcement: the active members of its group, nobody else (not the
program's coordinators or mentors, not operators). 404 to outsiders, 403 to those who know
the group's inside, as for every page of a group (fireside/communities/access.py)."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from fireside.announcements.models import Announcement
from fireside.communities.access import Standing, require, resolve_standing


def get_announcement_for(user: Any, pk: int) -> tuple[Announcement, Standing]:
    item = get_object_or_404(
        Announcement.objects.select_related("community__program", "author"), pk=pk
    )
    return item, require(resolve_standing(user, item.community), "content")
