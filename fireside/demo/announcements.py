"""The demo group's facilitator has told everyone something (see seed_demo)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fireside.announcements.models import Announcement, AnnouncementRead
from fireside.communities.models import Community, CommunityRole

TITLE = "Bring a loose part from your program"
BODY = """At our next gathering we will try the loose-parts activity together.

- Bring **one** open-ended material your children love (a pinecone, a tube, fabric…).
- Think of a moment when it surprised you.

See you there!"""


def seed_announcement(community: Community) -> Announcement | None:
    """Posted two days ago by the group's facilitator, so it waits on the members' homes.
    Made directly: the demo sends no email."""
    facilitator = (
        CommunityRole.objects.current()
        .filter(community=community, role=CommunityRole.Role.FACILITATOR)
        .select_related("user")
        .first()
    )
    if facilitator is None:
        return None
    item = Announcement.objects.create(
        community=community, author=facilitator.user, title=TITLE, body=BODY
    )
    Announcement.objects.filter(pk=item.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    AnnouncementRead.objects.create(announcement=item, user=facilitator.user)
    return item
