"""Invitations for tests."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from fireside.invitations.models import Invitation, hash_token

if TYPE_CHECKING:  # the leak test's module imports this one
    from fireside.lib.tests.leaks import Seeded

GUARD_TOKEN = "guarded-invitation-token"


def make_invitation(program: Any, community: Any = None, **fields: Any) -> Invitation:
    """An invitation written directly (no checks, no email). `token`: its raw link token."""
    token = fields.pop("token", None) or f"token-{Invitation.objects.count()}-{id(fields)}"
    fields.setdefault("email", f"invited{Invitation.objects.count()}@example.org")
    fields.setdefault("expires_at", timezone.now() + dt.timedelta(days=30))
    fields.setdefault("sent_at", timezone.now())
    invitation = Invitation.objects.create(
        program=program, community=community, token_hash=hash_token(token), **fields
    )
    invitation.token = token
    return invitation


# --- For the authorization guard (fireside/lib/tests/test_authorization_guard.py) ---------


def guard_values(world: Any) -> dict[str, Any]:
    """Cora invited someone without an account yet to the world's group."""
    invitation = Invitation.objects.filter(email="guarded-invitee@example.org").first()
    if invitation is None:
        invitation = make_invitation(
            world.program,
            world.community,
            email="guarded-invitee@example.org",
            invited_by=world.coordinator,
            token=GUARD_TOKEN,
        )
    return {"invitation_token": GUARD_TOKEN, "invitation_id": invitation.pk}


# --- For the leak test (fireside/lib/tests/test_leaks.py) ---------------------------------


def leak_markers(world: Any) -> Seeded:
    """Mina invites a colleague to her group, naming them and adding a personal note. The
    colleague's address is the one communities' markers invited elsewhere (conftest's
    invitee, who is no persona)."""
    from fireside.invitations.actions import check_invite
    from fireside.lib.tests.leaks import Seeded

    s = Seeded()
    check_invite(
        actor=world.member,
        program=world.program,
        community=world.community,
        emails=f"{s.add('invitations.name')} <invitee@example.org>",
        note=s.add("invitations.note"),
    )
    return s
