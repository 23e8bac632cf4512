"""The demo group's conversation (see seed_demo): its facilitator asked something between
gatherings, a member answered, and the demo member has a reply half written, kept as a
draft, which starts with the facilitator's words quoted. Made directly: the demo sends no
email."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fireside.accounts.models import User
from fireside.communities.models import Community
from fireside.conversations.drafts import quoted
from fireside.conversations.models import Draft, Reply, Thread
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
