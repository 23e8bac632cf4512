"""Announcements waiting on a member's home (fireside.lib.home): each one of their groups
posted in the last weeks that they have not marked read. One query however many groups, and
none when the person's memberships say no group has one for them (`has_unread_news`, read
with their places, fireside/communities/places.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fireside.announcements.models import Announcement, AnnouncementRead
from fireside.communities.places import flagged, register_membership_flag
from fireside.lib.home import Task, Urgency, Viewer, register_tasks

RECENT = dt.timedelta(days=30)  # older news no longer waits on the home
SHOWN = 5  # at most this many, the newest; the group's list has the rest


def _unread(user: Any, since: dt.datetime) -> QuerySet[Announcement]:
    return Announcement.objects.filter(created_at__gte=since).exclude(
        Exists(AnnouncementRead.objects.filter(announcement=OuterRef("pk"), user=user))
    )


def _has_unread_news(user: Any) -> Exists:
    return Exists(_unread(user, timezone.now() - RECENT).filter(community=OuterRef("community")))


def unread_announcements(viewer: Viewer) -> list[Task]:
    memberships = {m.community_id: m for m in flagged(viewer.places, "has_unread_news")}
    if not memberships:
        return []
    user = viewer.user
    rows = (
        Announcement.objects.filter(
            community_id__in=memberships, created_at__gte=viewer.now - RECENT
        )
        .exclude(Exists(AnnouncementRead.objects.filter(announcement=OuterRef("pk"), user=user)))
        .only("pk", "title", "community_id", "created_at")
        .order_by("-created_at", "-pk")[: SHOWN * 2]
    )
    tasks = []
    for item in rows:
        membership = memberships[item.community_id]
        joined = membership.joined_on
        if joined is not None and item.created_at.date() < joined:
            continue  # news from before they joined is on the group's list, not their home
        tasks.append(
            Task(
                kind="announcement",
                urgency=Urgency.THIS_WEEK,
                title=_("News from %(group)s: “%(title)s”")
                % {"group": membership.community.name, "title": item.title},
                detail=_("Posted to everyone in the group."),
                action=_("Read it"),
                url=reverse("announcements:detail", args=[item.pk]),
            )
        )
    return tasks[:SHOWN]


def register_all() -> None:
    register_membership_flag("has_unread_news", _has_unread_news)
    register_tasks(unread_announcements, order=20)
