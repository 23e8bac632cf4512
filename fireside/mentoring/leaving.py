"""Someone who is no longer in a group is no longer anyone's peer partner there
(communities/leaving.py)."""

from __future__ import annotations

from fireside.communities import leaving
from fireside.communities.models import Membership
from fireside.mentoring.actions import do_end_pairings_for


def end_pairings(membership: Membership) -> None:
    do_end_pairings_for(user=membership.user, community=membership.community)


def register_all() -> None:
    leaving.on_leave(end_pairings)
