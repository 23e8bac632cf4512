"""What invitations store about a person (see fireside/accounts/personal_data.py)."""

from __future__ import annotations

from typing import Any

from fireside.accounts.models import User
from fireside.accounts.personal_data import Claim, Exempt, Section, register, rows
from fireside.invitations.models import Invitation

RECEIVED = ("email", "name", "role_type", "region", "note")


def export_for(user: User) -> dict[str, list[dict[str, Any]]]:
    received = Invitation.objects.filter(user=user) | Invitation.objects.filter(
        email=user.email.lower()
    )
    return {
        "received": rows(
            received.order_by("created_at", "pk"),
            *RECEIVED,
            "created_at",
            "accepted_at",
            "declined_at",
            program_name="program__name",
            group_name="community__name",
        ),
        "sent": rows(
            Invitation.objects.filter(invited_by=user).order_by("created_at", "pk"),
            "email",
            "note",
            "created_at",
            program_name="program__name",
            group_name="community__name",
        ),
    }


def erase_for(user: User) -> None:
    """Invitations to them go (what was accepted lives on as their membership, itself
    erased); invitations they sent stay for the invited, without their note or name."""
    Invitation.objects.filter(user=user).delete()
    Invitation.objects.filter(email=user.email.lower()).delete()
    Invitation.objects.filter(invited_by=user).update(invited_by=None, note="")


def register_all() -> None:
    register(
        app="invitations",
        sections=(
            Section(
                "invitations",
                export_for,
                claims=(
                    Claim("invitations.Invitation", ("user",), RECEIVED),
                    Claim("invitations.Invitation", ("invited_by",), ("email", "note")),
                ),
            ),
        ),
        exempt=(
            Exempt(
                "invitations.Invitation",
                ("token_hash",),
                "The hash of the emailed link's secret: it says nothing about anyone.",
            ),
        ),
        erase=erase_for,
        erase_order=20,
    )
