"""The demo group's conversation between gatherings, with a mention and a few reactions
(see seed_demo). Made directly: the demo sends no email."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fireside.communities.models import Community, CommunityRole, Membership
from fireside.conversations.models import Kind, Reaction, ReactionKind, Reply, Thread
from fireside.lib.markdown import render_markdown

TITLE = "Pickup time meltdowns"
BODY = """Three of my toddlers fall apart every day around 4:30, just before families arrive.
I have tried a quiet corner and a song, and it still feels like a storm.

What has helped in your rooms?"""
FIRST_REPLY = """We had the same thing in the fall. A basket of heavy things to carry (books,
beanbags) around 4:15 gave them something to do with their bodies, and it calmed down."""
# The second reply names the thread's author: "@" and her name, as the suggestion inserts it.
SECOND_REPLY = """@{name} I wonder if it is hunger as much as tiredness. A small snack at 4
changed the whole hour for my group. Happy to bring our snack list to the next gathering."""


def seed_conversation(community: Community) -> Thread | None:
    """A challenge a member shared three days ago, two replies from others in the group (one
    mentioning her), and reactions including "Me too" from several members."""
    facilitator = (
        CommunityRole.objects.current()
        .filter(community=community, role=CommunityRole.Role.FACILITATOR)
        .values_list("user_id", flat=True)
        .first()
    )
    people = [
        m.user
        for m in Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .exclude(user_id=facilitator or 0)
        .select_related("user")
        .order_by("pk")
    ]
    if len(people) < 4:
        return None
    author, helper, wonderer, *others = people
    began = timezone.now() - dt.timedelta(days=3)
    thread = Thread.objects.create(
        community=community,
        author=author,
        kind=Kind.CHALLENGE,
        title=TITLE,
        body=BODY,
        body_html=render_markdown(BODY),
        last_activity_at=began + dt.timedelta(hours=20),
    )
    second = SECOND_REPLY.format(name=author.display_name)
    replies = [
        Reply.objects.create(
            thread=thread, author=helper, body=FIRST_REPLY, body_html=render_markdown(FIRST_REPLY)
        ),
        Reply.objects.create(
            thread=thread, author=wonderer, body=second, body_html=render_markdown(second)
        ),
    ]
    Thread.objects.filter(pk=thread.pk).update(created_at=began)
    for hours, reply in zip((5, 20), replies, strict=True):
        Reply.objects.filter(pk=reply.pk).update(created_at=began + dt.timedelta(hours=hours))
    Reaction.objects.bulk_create(
        [
            *(Reaction(thread=thread, user=p, kind=ReactionKind.ME_TOO) for p in others[:3]),
            Reaction(thread=thread, user=helper, kind=ReactionKind.SUPPORT),
            Reaction(reply=replies[0], user=author, kind=ReactionKind.THANK_YOU),
            Reaction(reply=replies[0], user=wonderer, kind=ReactionKind.HELPFUL),
            Reaction(reply=replies[1], user=author, kind=ReactionKind.IDEA),
        ]
    )
    return thread
