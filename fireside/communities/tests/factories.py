"""Communities for tests."""

from __future__ import annotations

from typing import Any

from fireside.communities.actions import check_leave
from fireside.demo.factories import UserFactory, make_member
from fireside.invitations.actions import check_invite
from fireside.lib.tests.leaks import Seeded

# --- For the leak test (fireside/lib/tests/test_leaks.py) ---------------------------------


def leak_markers(world: Any) -> Seeded:
    """Sid (the stranger) was in the sibling group once, and said why he left. Cora (the
    coordinator) invited someone in no group to Mina's group: who was invited is for her
    (and the invited person, who is no persona here)."""
    s = Seeded()
    make_member(world.other_community, world.stranger)
    check_leave(
        user=world.stranger,
        community=world.other_community,
        reason=s.add("communities.left_reason"),
    )
    invitee = UserFactory(email="invitee@example.org", name=s.add("communities.invitee_name"))
    check_invite(
        actor=world.coordinator,
        program=world.program,
        community=world.other_community,
        emails=invitee.email,
    )
    return s
