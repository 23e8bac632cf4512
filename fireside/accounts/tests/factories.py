"""Accounts for tests."""

from __future__ import annotations

from typing import Any

from fireside.accounts.actions import (
    check_request_email_change,
    check_update_profile,
    do_issue_token,
)
from fireside.lib.factories import PASSWORD
from fireside.lib.tests.leaks import Seeded

# --- For the leak test (fireside/lib/tests/test_leaks.py) ---------------------------------


def leak_markers(world: Any) -> Seeded:
    """What people tell Fireside about themselves. Mina: her access needs, which she chose
    to share with her group's facilitators; the new address she asked to move to (told to
    her old address; the link to the new one does not name it), and the name she gave an API
    token. Fay (who facilitates), Walt (waiting for a seat) and Otto (in the sibling group,
    which has no facilitator) share their access needs too: each reaches no one else."""
    s = Seeded()
    check_update_profile(
        user=world.member,
        accessibility_needs=s.add("accounts.accessibility_needs"),
        share_accessibility_needs=True,
    )
    for who, key in [
        (world.facilitator, "accounts.facilitator_accessibility_needs"),
        (world.waitlisted, "accounts.waiting_accessibility_needs"),
        (world.outsider, "accounts.outsider_accessibility_needs"),
    ]:
        check_update_profile(
            user=who, accessibility_needs=s.add(key), share_accessibility_needs=True
        )
    check_request_email_change(
        user=world.member,
        email=f"{s.add('accounts.pending_email')}@example.org",
        password=PASSWORD,
    )
    do_issue_token(user=world.member, name=s.add("accounts.token_name"))
    return s
