"""Notifications' rows for the authorization guard (fireside/lib/tests/test_authorization_guard.py,
persona sets in fireside/lib/tests/guard_rules.py): its URLs, and the objects their path
arguments name."""

from __future__ import annotations

from typing import Any

from conftest import World
from fireside.conversations.tests.guard import guard_thread
from fireside.lib.tests.guard_rules import ANYONE, MEMBERS, SIGNED_IN, Web
from fireside.notifications.actions import unsubscribe_token
from fireside.notifications.models import Notification


def guard_values(w: World) -> dict[str, Any]:
    """Mina is told of a reply to her thread; her link to stop such emails."""
    note = Notification.objects.create(
        user=w.member,
        community=w.community,
        kind="reply",
        text="t",
        url=guard_thread(w).get_absolute_url(),
    )
    return {
        "notification_id": note.pk,
        "token": unsubscribe_token(w.member.pk, w.community.pk, "reply"),
    }


WEB: Web = {
    "notifications:inbox": ("GET", SIGNED_IN),
    "notifications:mark_all_read": ("POST", SIGNED_IN),
    "notifications:open": ("GET", SIGNED_IN),  # someone else's: back to one's own inbox
    "notifications:preferences": ("GET", MEMBERS),
    "notifications:unsubscribe": ("GET", ANYONE),  # the signed token is the key
}
