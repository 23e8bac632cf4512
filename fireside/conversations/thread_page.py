"""What a thread's page adds to its posts before rendering: the members' @names
highlighted and each post's reactions, in two queries however long the thread."""

from __future__ import annotations

from typing import Any

from fireside.conversations import mentions, reactions
from fireside.conversations.models import Reply, Thread


def posts(thread: Thread, reader: Any) -> list[Reply]:
    """The thread's replies (prefetched with their authors by get_thread_for), the thread
    and each reply carrying `reaction_tallies`; their body_html highlights mentions."""
    members = mentions.active_members(thread.community)
    names = mentions.mentionable_names(members)
    replies = list(thread.replies.all())
    for post in [thread, *replies]:
        post.body_html = mentions.highlight(post.body_html, names)
    reactions.attach_tallies([thread, *replies], reader, {m.pk for m in members})
    return replies
