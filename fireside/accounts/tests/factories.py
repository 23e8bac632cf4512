"""Accounts for tests."""

from __future__ import annotations

from typing import Any

from fireside.accounts.actions import check_update_profile
from fireside.lib.tests.leaks import Seeded

# --- For the leak test (fireside/lib/tests/test_leaks.py) ---------------------------------


def leak_markers(world: Any) -> Seeded:
    """What Mina tells Fireside about herself and nobody else: her access needs."""
    s = Seeded()
    check_update_profile(
        user=world.member, accessibility_needs=s.add("accounts.accessibility_needs")
    )
    return s
