"""What someone had not posted in a group they leave is theirs alone, and of no use to anyone
now; nor is how far they had read (communities/leaving.py)."""

from __future__ import annotations

from fireside.communities import leaving
from fireside.communities.models import Membership
from fireside.conversations.drafts import forget_drafts_in
from fireside.conversations.unread import forget_reads_in


def forget_drafts_and_reads(membership: Membership) -> None:
    forget_drafts_in(user=membership.user, community=membership.community)
    forget_reads_in(user_id=membership.user_id, community_id=membership.community_id)


def register_all() -> None:
    leaving.on_leave(forget_drafts_and_reads)
