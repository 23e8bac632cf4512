"""The demo group's conversations (see seed_demo): its facilitator asked something between
gatherings, a member answered, and the demo member has a reply half written, kept as a
draft, which starts with the facilitator's words quoted; and a challenge a member shared,
with a mention and a few reactions; and a question with replies the demo member has not read
yet. Made directly: the demo sends no email."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from fireside.accounts.models import User
from fireside.communities.models import Community, CommunityRole, Membership, Think
from fireside.conversations.drafts import quoted
from fireside.conversations.models import (
    Draft,
    Kind,
    Reaction,
    ReactionKind,
    Reply,
    Thread,
    ThreadRead,
)
from fireside.lib.markdown import render_markdown

TITLE = "How do you settle a group after outdoor time?"
BODY = """Coming back inside is our hardest transition of the day.

What has worked for you? I have tried:

- a song while boots come off
- dimming the lights for a minute

Neither lasts long."""
ANSWER = "A basket of warm cloths by the door. Washing hands becomes the calm part, not the rush."
DRAFT = "We hum instead of singing, and the quietest child picks the next tune. Still testing it"


def seed_conversation(community: Community, *, asker: User, answerer: User, writer: User) -> Thread:
    """The thread, one reply, and `writer`'s draft of the next reply."""
    now = timezone.now()
    started = now - dt.timedelta(days=3)
    thread = Thread.objects.create(
        community=community,
        author=asker,
        kind="question",
        title=TITLE,
        body=BODY,
        body_html=render_markdown(BODY),
        last_activity_at=now - dt.timedelta(days=2),
    )
    Reply.objects.create(
        thread=thread, author=answerer, body=ANSWER, body_html=render_markdown(ANSWER)
    )
    Thread.objects.filter(pk=thread.pk).update(created_at=started)
    Reply.objects.filter(thread=thread).update(created_at=now - dt.timedelta(days=2))
    Draft.objects.create(
        user=writer,
        community=community,
        thread=thread,
        body=quoted(thread) + DRAFT,
        updated_at=now - dt.timedelta(hours=5),
    )
    return thread


CHALLENGE_TITLE = "Pickup time meltdowns"
CHALLENGE_BODY = """Three of my toddlers fall apart every day around 4:30, just before families
arrive. I have tried a quiet corner and a song, and it still feels like a storm.

What has helped in your rooms?"""
FIRST_REPLY = """We had the same thing in the fall. A basket of heavy things to carry (books,
beanbags) around 4:15 gave them something to do with their bodies, and it calmed down."""
# The second reply names the thread's author: "@" and her name, as the suggestion inserts it.
SECOND_REPLY = """@{name} I wonder if it is hunger as much as tiredness. A small snack at 4
changed the whole hour for my group. Happy to bring our snack list to the next gathering."""


def seed_challenge(community: Community) -> Thread | None:
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
        title=CHALLENGE_TITLE,
        body=CHALLENGE_BODY,
        body_html=render_markdown(CHALLENGE_BODY),
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


UNREAD_TITLE = "What keeps your group moving on a rainy week?"
OPENING = (
    "Three wet days in a row and the room is bouncing off the walls. What gets your "
    "children moving indoors?"
)
EARLIER = ["A cushion trail down the hallway: crawl, hop, balance, and back again."]
SINCE = [
    "Freeze dance, where the children take turns choosing the pose we all stop in.",
    "Painter's tape roads on the floor: the trucks follow them, and so do the children.",
]


def seed_unread(community: Community, reader_emails: Iterable[str]) -> Thread | None:
    """A question the demo member read yesterday, with two replies since ("2 new"), and the
    group's THINK check offered on replies too. Made directly and backdated."""
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
        title=UNREAD_TITLE,
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
