"""Announcements for tests, made directly (no checks)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fireside.announcements.models import Announcement

if TYPE_CHECKING:  # the leak test's module imports this one
    from fireside.lib.tests.leaks import Seeded


def make_announcement(author: Any, community: Any, **fields: Any) -> Announcement:
    fields.setdefault("title", "We meet at the library")
    fields.setdefault("body", "Room B, on the second floor.")
    return Announcement.objects.create(author=author, community=community, **fields)


# --- For the authorization guard (fireside/lib/tests/test_authorization_guard.py) ---------


def guard_values(world: Any) -> dict[str, int]:
    """Fay told her group something."""
    item = Announcement.objects.filter(community=world.community, title="Guarded").first()
    if item is None:
        item = make_announcement(world.facilitator, world.community, title="Guarded")
    return {"announcement_id": item.pk}


def guard_announcement_body(world: Any) -> dict[str, Any]:
    return {"title": "Room change", "body": "We meet in room B."}


# --- For the leak test (fireside/lib/tests/test_leaks.py) ---------------------------------


def leak_markers(world: Any) -> Seeded:
    """Fay posts an announcement to her group and opens a call for topics, through the
    actions (so their emails go out)."""
    from fireside.announcements.actions import check_post_announcement
    from fireside.lib.tests.leaks import Seeded

    s = Seeded()
    item = check_post_announcement(
        author=world.facilitator,
        community=world.community,
        title=s.add("announcements.title"),
        body=s.add("announcements.body"),
    )
    s.paths["announcement_id"] = item.pk
    # And asks for topics before next week's gathering; Mina answers the call.
    import datetime as dt

    from django.utils import timezone

    from fireside.gatherings.models import Gathering
    from fireside.gatherings.topic_calls import check_open_call, check_suggest_topic

    coming = Gathering.objects.create(
        community=world.community,
        title="Next week",
        starts_at=timezone.now() + dt.timedelta(days=7),
        duration_minutes=90,
        timezone="America/Vancouver",
        location="Library",
        created_by=world.facilitator,
    )
    call = check_open_call(
        actor=world.facilitator,
        gathering=coming,
        closes_at=coming.starts_at - dt.timedelta(days=1),
    )
    check_suggest_topic(
        user=world.member,
        call=call,
        title=s.add("announcements.call_topic_title"),
        details=s.add("announcements.call_topic_details"),
    )
    s.paths["topic_call_id"] = call.pk
    return s
