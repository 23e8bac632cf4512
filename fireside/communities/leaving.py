"""What other apps do when someone leaves a group: a small registry communities owns, so the
apps built on top (mentoring, conversations) react without communities importing them
(docs/architecture.md). Each reaction runs in the leaving transaction, in registration order."""

from __future__ import annotations

from collections.abc import Callable

from fireside.communities.models import Membership

Reaction = Callable[[Membership], None]
_REACTIONS: list[Reaction] = []


def on_leave(reaction: Reaction) -> Reaction:
    """Register a reaction (once: a second registration of the same function is ignored)."""
    if reaction not in _REACTIONS:
        _REACTIONS.append(reaction)
    return reaction


def member_left(membership: Membership) -> None:
    for reaction in _REACTIONS:
        reaction(membership)
