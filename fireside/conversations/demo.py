"""A conversation in the demo group (see seed_demo): the demo member read it yesterday, and
two replies came in since, so their list shows "2 new" and the thread opens on the "New"
divider. The group's facilitator offers the THINK check on replies too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from fireside.accounts.models import User
from fireside.communities.models import Community, CommunityRole, Membership, Think
from fireside.conversations.models import Reply, Thread, ThreadRead
from fireside.lib.markdown import render_markdown

TITLE = "How do you calm the room after outdoor time?"
OPENING = (
    "Coming in from the yard is our noisiest ten minutes. Lights low and a song help a "
    "little. What works in your rooms?"
)
EARLIER = ["We hang up coats to a slow count: it turns the rush into a game."]
SINCE = [
    "A basket of picture books waits on the rug; whoever is ready first chooses one.",
    "We breathe like a balloon together: in for four, out for six. The little ones love it.",
]


def seed_conversation(community: Community, reader_emails: Iterable[str]) -> Thread | None:
    """Made directly, backdated, without notifications: the demo sends no email."""
    facilitator = (
        CommunityRole.objects.current()
        .filter(community=community, role=CommunityRole.Role.FACILITATOR)
        .select_related("user")
        .first()
    )
    others = list(
        User.objects.filter(
            memberships__community=community,
            memberships__status=Membership.Status.ACTIVE,
        )
        .exclude(email__in=list(reader_emails))
        .order_by("pk")[:3]
    )
    readers = list(
        User.objects.filter(
            email__in=list(reader_emails),
            memberships__community=community,
            memberships__status=Membership.Status.ACTIVE,
        )
    )
    if facilitator is None or not others:
        return None
    now = timezone.now()
    thread = Thread.objects.create(
        community=community,
        author=facilitator.user,
        kind="question",
        title=TITLE,
        body=OPENING,
        body_html=render_markdown(OPENING),
        last_activity_at=now - dt.timedelta(hours=3),
    )
    Thread.objects.filter(pk=thread.pk).update(created_at=now - dt.timedelta(days=2))
    for n, (text, hours) in enumerate([(EARLIER[0], 40), (SINCE[0], 6), (SINCE[1], 3)]):
        reply = Reply.objects.create(
            thread=thread,
            author=others[n % len(others)],
            body=text,
            body_html=render_markdown(text),
        )
        Reply.objects.filter(pk=reply.pk).update(created_at=now - dt.timedelta(hours=hours))
    ThreadRead.objects.bulk_create(
        [
            ThreadRead(user=reader, thread=thread, read_at=now - dt.timedelta(hours=30))
            for reader in readers
        ],
        ignore_conflicts=True,
    )
    Community.objects.filter(pk=community.pk).update(think=Think.EVERYWHERE)
    return thread
