"""What hours and certificates store about a person (see fireside/accounts/personal_data.py)."""

from __future__ import annotations

from fireside.accounts.models import User
from fireside.accounts.personal_data import Claim, Exempt, Section, register
from fireside.certificates import actions


def erase_for(user: User) -> None:
    actions.do_erase_for(user=user)


def register_all() -> None:
    register(
        app="certificates",
        sections=(
            Section(
                "hours_and_certificates",
                actions.export_for,
                claims=(
                    Claim(
                        "certificates.Certificate",
                        ("holder",),
                        ("holder_name", "program_name", "issuer", "revoke_reason"),
                    ),
                ),
            ),
        ),
        exempt=(
            Exempt(
                "certificates.Certificate",
                ("issued_by", "revoked_by"),
                "The coordinator who issued or revoked someone's certificate: the program's "
                "record, a former member after erasure.",
            ),
            Exempt(
                "certificates.Certificate",
                ("code", "language", "pdf"),
                "The code is exported as `code` (grouped for reading); the language and the "
                "PDF's storage name are how Fireside prints it.",
            ),
            Exempt(
                "certificates.Certificate",
                ("statement_key",),
                "A digest of what the certificate states (exported in full), so that asking "
                "again for the same hours finds it; emptied on erasure.",
            ),
            Exempt(
                "certificates.BulkIssue",
                ("requested_by", "task_id"),
                "A coordinator's request to issue certificates: the program's record.",
            ),
        ),
        erase=erase_for,
        erase_order=50,
    )
