"""The audit trail and personal data (see fireside/accounts/personal_data.py)."""

from __future__ import annotations

from fireside.accounts.personal_data import Exempt, register


def register_all() -> None:
    register(
        app="audit",
        exempt=(
            Exempt(
                "audit.AuditEvent",
                ("actor", "verb", "target_type", "data"),
                "Who did what to which row, kept for the program's accountability; it holds "
                "identifiers, never what anyone wrote, and after erasure the actor shows as "
                "a former member. The person's own export does not list it.",
            ),
        ),
    )
