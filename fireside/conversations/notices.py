"""How conversation news reads, written when it is read (fireside/notifications/render.py):
the thread's title as it is now, never an earlier one, and nothing of a post that is hidden
from the reader (the facilitators and the post's author still see it, as on its page)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext_lazy

from fireside.communities.access import FACILITATING
from fireside.communities.models import CommunityRole
from fireside.conversations.models import Flag, Recognition, Reply, Thread
from fireside.lib.i18n import lazy_format
from fireside.notifications.models import Kind, Notification
from fireside.notifications.render import actor_name, register, told


class _Facilitators:
    """Who facilitates where, among these readers: asked once, and only if needed."""

    def __init__(self, notes: Sequence[Notification]) -> None:
        self.notes = notes
        self.pairs: set[tuple[int, int]] | None = None

    def __contains__(self, pair: tuple[int, int]) -> bool:
        if self.pairs is None:
            self.pairs = set(
                CommunityRole.objects.current()
                .filter(
                    user_id__in={n.user_id for n in self.notes},
                    community_id__in={n.community_id for n in self.notes},
                    role__in=FACILITATING,
                )
                .values_list("user_id", "community_id")
            )
        return pair in self.pairs


def _sees(
    reader: int, post: Thread | Reply, community_id: int, facilitators: _Facilitators
) -> bool:
    return not post.is_hidden or post.author_id == reader or (reader, community_id) in facilitators


def _ids(notes: Sequence[Notification]) -> set[int]:
    return {n.subject_id for n in notes if n.subject_id is not None}


def _words(note: Notification, title: str) -> str | None:
    if note.kind == Kind.NEW_THREAD:
        return lazy_format(
            gettext_lazy("%(name)s started “%(title)s”"), name=actor_name(note), title=title
        )
    if note.kind == Kind.REPLY:
        return lazy_format(
            gettext_lazy("%(name)s replied to “%(title)s”"), name=actor_name(note), title=title
        )
    if note.kind == Kind.MENTION:
        return lazy_format(gettext_lazy("%(name)s mentioned you"), name=actor_name(note))
    return None


def render_threads(notes: Sequence[Notification]) -> None:
    threads = Thread.objects.in_bulk(_ids(notes))
    facilitators = _Facilitators(notes)
    for note in notes:
        thread = threads.get(note.subject_id or 0)
        if thread is not None and _sees(note.user_id, thread, thread.community_id, facilitators):
            words = _words(note, thread.title)
            if words is not None:
                told(note, words)


def render_replies(notes: Sequence[Notification]) -> None:
    replies = Reply.objects.select_related("thread").in_bulk(_ids(notes))
    facilitators = _Facilitators(notes)
    for note in notes:
        reply = replies.get(note.subject_id or 0)
        if reply is None:
            continue
        community_id = reply.thread.community_id
        if _sees(note.user_id, reply.thread, community_id, facilitators) and _sees(
            note.user_id, reply, community_id, facilitators
        ):
            words = _words(note, reply.thread.title)
            if words is not None:
                told(note, words)


def render_flags(notes: Sequence[Notification]) -> None:
    # Only the facilitators are told of flags, and they see hidden posts.
    flags = Flag.objects.in_bulk(_ids(notes))
    for note in notes:
        flag = flags.get(note.subject_id or 0)
        if flag is not None and note.kind == Kind.FLAG:
            told(
                note,
                lazy_format(
                    gettext_lazy("A post was flagged to the facilitators: %(reason)s"),
                    reason=flag.reason,
                ),
            )


def render_recognitions(notes: Sequence[Notification]) -> None:
    recognitions = Recognition.objects.in_bulk(_ids(notes))
    for note in notes:
        recognition = recognitions.get(note.subject_id or 0)
        if recognition is not None and note.kind == Kind.RECOGNITION:
            told(
                note,
                lazy_format(
                    gettext_lazy("%(name)s recognised you: %(note)s"),
                    name=actor_name(note),
                    note=recognition.note,
                ),
            )


def register_all() -> None:
    register("thread", render_threads)
    register("reply", render_replies)
    register("flag", render_flags)
    register("recognition", render_recognitions)
