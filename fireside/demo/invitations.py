"""A few invitations for the demo (see seed_demo): the coordinator's page shows each state."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fireside.accounts.models import User
from fireside.communities.models import Community
from fireside.invitations.actions import create_invitation
from fireside.invitations.models import Invitation
from fireside.programs.models import Program

# (local part, name, note, what became of it). The .test domain reaches no real inbox.
INVITED = (
    (
        "leila.okafor",
        "Leila Okafor",
        "You mentioned wanting more outdoor ideas: this is the group for that.",
        "sent",
    ),
    ("tomas.reyes", "Tomás Reyes", "", "opened"),
    ("june.whitebird", "June Whitebird", "We met at the regional day in May.", "expired"),
    ("anh.pham", "Anh Pham", "", "declined"),
)


def seed_invitations(program: Program, coordinator: User, domain: str) -> list[Invitation]:
    """Made through create_invitation without email (the demo sends none), then dated."""
    community = Community.objects.filter(program=program).order_by("pk").first()
    made = []
    for local, name, note, state in INVITED:
        invitation = create_invitation(
            actor=coordinator,
            program=program,
            community=community,
            email=f"{local}@{domain}",
            name=name,
            note=note,
            send=False,
        )
        now = timezone.now()
        changes: dict[str, object] = {"sent_at": now - dt.timedelta(days=3), "send_count": 1}
        if state == "opened":
            changes["opened_at"] = now - dt.timedelta(days=2)
        elif state == "expired":
            changes["expires_at"] = now - dt.timedelta(days=1)
        elif state == "declined":
            changes["declined_at"] = now - dt.timedelta(days=1)
        Invitation.objects.filter(pk=invitation.pk).update(**changes)
        made.append(invitation)
    return made
