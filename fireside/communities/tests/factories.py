"""Communities for tests."""

from __future__ import annotations

from typing import Any

from fireside.communities.actions import check_leave
from fireside.lib.factories import make_member
from fireside.lib.tests.leaks import Seeded

# --- For the leak test (fireside/lib/tests/test_leaks.py) ---------------------------------


def leak_markers(world: Any) -> Seeded:
    """Sid (the stranger) was in the sibling group once, and said why he left."""
    s = Seeded()
    make_member(world.other_community, world.stranger)
    check_leave(
        user=world.stranger,
        community=world.other_community,
        reason=s.add("communities.left_reason"),
    )
    return s
