"""A notification's words are written when it is read, from what it refers to as it is now.

Notifications point at what they are about (`subject_type`, `subject_id`) and who acted
(`actor`); the apps that send them register a renderer per subject type here (the lower app
owns the registry, each higher app joins in). A renderer gets every notification of its type
at once, so a page or a digest costs one query per type, however many there are; it sets
each one's words with `told`, or leaves it neutral when its subject is gone or hidden from
its reader.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from django.utils.functional import lazy
from django.utils.translation import gettext

from fireside.accounts.models import User
from fireside.notifications.models import Notification

Renderer = Callable[[Sequence[Notification]], None]
_renderers: dict[str, Renderer] = {}


def register(subject_type: str, renderer: Renderer) -> None:
    _renderers[subject_type] = renderer


def told(note: Notification, words: str) -> None:
    """Set what `note` says to its reader (a lazy string is translated when shown)."""
    note._rendered = words  # type: ignore[attr-defined]


def _name(actor: User | None) -> str:
    return actor.display_name if actor is not None else gettext("A former member")


_lazy_name = lazy(_name, str)


def actor_name(note: Notification) -> str:
    """The actor's name as it is today ("A former member" once erased or removed), in the
    reader's language when shown."""
    return _lazy_name(note.actor)  # type: ignore[no-any-return]


def render_notifications(notes: Iterable[Notification]) -> list[Notification]:
    """Give each notification its words. Select `actor` with them to keep queries flat."""
    notes = list(notes)
    by_type: dict[str, list[Notification]] = defaultdict(list)
    for note in notes:
        if note.subject_type and note.subject_id is not None:
            by_type[note.subject_type].append(note)
    for subject_type, group in by_type.items():
        renderer = _renderers.get(subject_type)
        if renderer is not None:
            renderer(group)
    return notes
